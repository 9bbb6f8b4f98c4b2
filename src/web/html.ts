/**
 * The one way HTML is written: a tagged template that escapes every
 * interpolated value unless it is already SafeHtml. Merchant-typed text (item
 * names, the merchant's name) and customer input reach pages only through
 * here, so forgetting to escape is not possible by accident.
 */
import { escapeHtml } from '../escape-html.ts';

/** Markup that is known to be safe: built by `html`, never from raw input. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), markup, lists of markup, or nothing. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[] | null | undefined | false;

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value as string | number);
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Trusted constant markup (the stylesheet, a fixed entity). Never pass
 * anything that came from a request or the database.
 */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
