/** Pieces several pages share. */
import type { Link } from '../../domain/link.ts';
import { formatRupiah } from '../../domain/money.ts';
import { priceWords } from '../../notify/offer-words.ts';
import type { Catalog } from '../../text/catalog.ts';
import { html, trusted, type SafeHtml } from '../html.ts';

/** The item and its price, the first thing a customer checks; several items are listed, each with its price, above their total. */
export function itemSummary(link: Pick<Link, 'itemName' | 'price' | 'pricing' | 'quantity' | 'items'>, w: Catalog, meta: readonly string[] = []): SafeHtml {
  const several =
    link.items.length > 1
      ? html`<table class="facts" id="items" aria-label="${w.links.pageItems}">${link.items.map(
          (item) => html`<tr><th scope="row">${item.name}</th><td>${formatRupiah(item.price)}</td></tr>`,
        )}</table>`
      : null;
  return html`<p class="item" id="item">${link.itemName}</p>
${several}
<p class="price" id="price">${priceWords(link, w)}</p>
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

/**
 * Icons drawn inline: no emoji font is needed (many phones and servers lack
 * one) and no image request; SVG presentation attributes are not styles, so
 * the CSP allows them.
 */
const ICONS = {
  check: '<path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>',
  clock: '<circle cx="12" cy="12" r="8.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 7.5V12l3 2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  alert: '<path d="M12 6.5v7" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/><circle cx="12" cy="17.5" r="1.5" fill="currentColor"/>',
  refund: '<path d="M9 5L5 9l4 4M5 9h9a5 5 0 010 10h-3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
  lock: '<rect x="5" y="11" width="14" height="10" rx="2" fill="currentColor"/><path d="M8 11V8a4 4 0 018 0v3" fill="none" stroke="currentColor" stroke-width="2"/>',
} as const;

export type IconName = keyof typeof ICONS;

export function icon(name: IconName, className: string): SafeHtml {
  return html`<svg class="${className}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${trusted(ICONS[name])}</svg>`;
}

/** The big round mark on status pages. */
export function statusMark(name: IconName, tone: 'ok' | 'bad' | 'info'): SafeHtml {
  return html`<div class="icon ${tone}">${icon(name, 'mark')}</div>`;
}
