/** Pieces several pages share. */
import type { Link } from '../../domain/link.ts';
import { formatRupiah } from '../../domain/money.ts';
import { html, type SafeHtml } from '../html.ts';

/** The item and its price, the first thing a customer checks. */
export function itemSummary(link: Pick<Link, 'itemName' | 'price'>, meta: readonly string[] = []): SafeHtml {
  return html`<p class="item" id="item">${link.itemName}</p>
<p class="price" id="price">${formatRupiah(link.price)}</p>
${meta.length === 0 ? null : html`<ul class="meta">${meta.map((line) => html`<li>${line}</li>`)}</ul>`}`;
}

/** Hidden inputs that carry values through a form, e.g. the retry button's customer details. */
export function hiddenFields(fields: Readonly<Record<string, string | null>>): SafeHtml[] {
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
}

/** A one-button form posting back to `action`, with values carried along. */
export function postButton(action: string, label: string, fields: Readonly<Record<string, string | null>>, id: string): SafeHtml {
  return html`<form method="post" action="${action}">${hiddenFields(fields)}<button class="btn" type="submit" id="${id}">${label}</button></form>`;
}
