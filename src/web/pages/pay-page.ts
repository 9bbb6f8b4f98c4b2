/**
 * The payment page of an active link: what is being paid for, then either
 * the customer details form or, for a link made for one named customer,
 * their details and a single button. A link of issue 17 adds what the
 * customer chooses (an open amount, a quantity) and answers; all of it works
 * without JavaScript (the CSP allows none): preset amounts are links that
 * fill in the amount, and "Hitung total" posts the form back for the server
 * to work out the total without starting a payment.
 */
import { CUSTOMER_NAME_MAX, type Customer } from '../../domain/customer.ts';
import { slotsLeft, stockLeft, type Link, type LinkUsage } from '../../domain/link.ts';
import { ANSWER_MAX_CHARS, orderQuantity } from '../../domain/link-offer.ts';
import { formatRupiah } from '../../domain/money.ts';
import { formatWib } from '../../domain/time.ts';
import { boundsWords } from '../../notify/offer-words.ts';
import { wordsIn, type Catalog } from '../../text/catalog.ts';
import { ANSWER_FIELDS, askedFields, type FieldErrors, type FieldName, type FormValues } from '../customer-form.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageFrame } from './layout.ts';
import { hiddenFields, itemSummary } from './parts.ts';

/** The submit button that asks for the total again instead of paying (`action=total`). */
export const UPDATE_TOTAL_ACTION = 'total';

export interface PayPage {
  frame: PageFrame;
  link: Link;
  usage: LinkUsage;
  /** The form posts here (the same URL, keeping the language). */
  action: string;
  /** Opaque receipt reference carried through the form. */
  receiptRef: string | null;
  /** `?lang=` kept in the preset amount links, when the customer chose one. */
  langQuery: string | null;
  values: FormValues;
  errors: FieldErrors;
}

function linkMeta(link: Link, usage: LinkUsage, t: Catalog['page'], w: Catalog): string[] {
  const meta: string[] = [];
  if (link.expiresAt) meta.push(t.validUntil(formatWib(link.expiresAt)));
  const left = slotsLeft(link, usage);
  if (left !== null && link.usageLimit !== null && link.usageLimit > 1) meta.push(t.slotsLeft(left, link.usageLimit));
  const stock = stockLeft(link, usage);
  if (stock !== null) meta.push(w.links.pageStockLeft(stock));
  return meta;
}

/** Enough of a phone number or email for the customer to recognise it, not enough to harvest it from a forwarded link. */
function masked(value: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(value);
  if (chars.length <= keepStart + keepEnd) return value;
  const end = keepEnd === 0 ? '' : chars.slice(-keepEnd).join('');
  return chars.slice(0, keepStart).join('') + '•'.repeat(Math.min(6, chars.length - keepStart - keepEnd)) + end;
}

function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${masked(email.slice(0, at), 2, 0)}${email.slice(at)}`;
}

/** What the browser lets a customer type; the server checks the real rules and says why. */
const MAX_LENGTH: Readonly<Record<FieldName, number>> = {
  name: CUSTOMER_NAME_MAX,
  phone: 30,
  email: 254,
  amount: 30,
  quantity: 4,
  answer1: ANSWER_MAX_CHARS,
  answer2: ANSWER_MAX_CHARS,
  answer3: ANSWER_MAX_CHARS,
};

interface InputSpec {
  type: string;
  autocomplete: string;
  label: string;
  hint: string | null;
  /** `inputmode`, and a number field's bounds. */
  mode?: string;
  min?: number;
  max?: number;
}

function inputField(name: FieldName, spec: InputSpec, page: PayPage): SafeHtml {
  const error = page.errors[name];
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const describedBy = [spec.hint === null ? null : hintId, error === undefined ? null : errorId].filter((id) => id !== null).join(' ');
  return html`<label for="${name}">${spec.label}</label>
<input type="${spec.type}" id="${name}" name="${name}" value="${page.values[name]}" autocomplete="${spec.autocomplete}" required maxlength="${MAX_LENGTH[name]}"${
    spec.mode === undefined ? null : html` inputmode="${spec.mode}"`
  }${spec.min === undefined ? null : html` min="${spec.min}"`}${spec.max === undefined ? null : html` max="${spec.max}"`}${
    describedBy === '' ? null : html` aria-describedby="${describedBy}"`
  }${error === undefined ? null : html` aria-invalid="true"`}>
${spec.hint === null ? null : html`<small class="hint" id="${hintId}">${spec.hint}</small>`}
${error === undefined ? null : html`<small class="field-error" id="${errorId}">${error}</small>`}`;
}

function contactFields(page: PayPage, t: Catalog['page']): SafeHtml[] {
  const specs: Record<'name' | 'phone' | 'email', InputSpec> = {
    name: { type: 'text', autocomplete: 'name', label: t.nameLabel, hint: null },
    phone: { type: 'tel', autocomplete: 'tel', label: t.phoneLabel, hint: t.phoneHint, mode: 'tel' },
    email: { type: 'email', autocomplete: 'email', label: t.emailLabel, hint: t.emailHint },
  };
  return askedFields(page.link).map((name) => inputField(name, specs[name], page));
}

/** The quantity the page's total is for: the one typed when it is valid, else the least the link sells. */
function chosenQuantity(page: PayPage): number {
  const range = page.link.quantity;
  if (range === null) return 1;
  try {
    return orderQuantity(range, page.values.quantity);
  } catch {
    return range.min;
  }
}

/** `Bayar Rp150.000` for a known total; an open amount is the customer's, so just `Bayar`. */
function payLabel(page: PayPage, t: Catalog['page'], w: Catalog): string {
  return page.link.pricing.kind === 'open' ? w.links.pagePay : t.payButton(formatRupiah(page.link.price * chosenQuantity(page)));
}

function presetLinks(page: PayPage, presets: readonly number[], w: Catalog): SafeHtml | null {
  if (presets.length === 0) return null;
  const href = (amount: number) => `?${new URLSearchParams({ amount: String(amount), ...(page.langQuery === null ? {} : { lang: page.langQuery }) }).toString()}`;
  return html`<p class="hint">${w.links.pagePresets}</p>
<p class="presets" id="presets">${presets.map((amount) => html`<a class="btn secondary" id="preset-${amount}" href="${href(amount)}">${formatRupiah(amount)}</a> `)}</p>`;
}

/** What the customer chooses and answers: the open amount, the quantity and its total, the link's questions. */
function offerFields(page: PayPage, w: Catalog): SafeHtml {
  const { link } = page;
  const amount =
    link.pricing.kind === 'open'
      ? html`${inputField('amount', { type: 'text', autocomplete: 'off', label: w.links.pageAmountLabel, hint: [w.links.pageAmountHint, boundsWords(link.pricing, w)].filter((x) => x !== null).join(' · ') }, page)}
${presetLinks(page, link.pricing.presets, w)}`
      : null;
  const quantity =
    link.quantity === null
      ? null
      : html`${inputField('quantity', { type: 'number', autocomplete: 'off', label: w.links.pageQuantityLabel, hint: w.links.pageQuantityHint(link.quantity.min, link.quantity.max), mode: 'numeric', min: link.quantity.min, max: link.quantity.max }, page)}
<p class="total" id="total">${w.links.pageTotal(formatRupiah(link.price * chosenQuantity(page)))}</p>
<button class="btn secondary" type="submit" name="action" value="${UPDATE_TOTAL_ACTION}" id="update-total">${w.links.pageUpdateTotal}</button>`;
  const answers =
    link.questions.length === 0
      ? null
      : html`<h2>${w.links.pageAnswers}</h2>
${link.questions.map((question, i) => inputField(ANSWER_FIELDS[i]!, { type: 'text', autocomplete: 'off', label: question, hint: null }, page))}`;
  return html`${amount}${quantity}${answers}`;
}

function detailsForm(page: PayPage, t: Catalog['page'], w: Catalog): SafeHtml {
  const hasErrors = Object.keys(page.errors).length > 0;
  // novalidate: the server's messages are clearer than the browser's, and say the same in every browser.
  return html`<form method="post" action="${page.action}" id="pay-form" novalidate>
${hasErrors ? html`<p class="alert" role="alert" id="form-error">${t.checkForm}</p>` : null}
${offerFields(page, w)}
<h2>${t.yourDetails}</h2>
${contactFields(page, t)}
${hiddenFields({ ref: page.receiptRef })}
<button class="btn" type="submit" id="pay">${payLabel(page, t, w)}</button>
</form>`;
}

function namedCustomer(page: PayPage, customer: Customer, t: Catalog['page'], w: Catalog): SafeHtml {
  const hasErrors = Object.keys(page.errors).length > 0;
  return html`<form method="post" action="${page.action}" id="pay-form">
${hasErrors ? html`<p class="alert" role="alert" id="form-error">${t.checkForm}</p>` : null}
${offerFields(page, w)}
<h2>${t.billFor}</h2>
<ul class="who" id="customer">
${customer.name === null ? null : html`<li><span>${t.nameLabel}</span>${customer.name}</li>`}
${customer.phone === null ? null : html`<li><span>${t.phoneLabel}</span>+${masked(customer.phone, 5, 3)}</li>`}
${customer.email === null ? null : html`<li><span>${t.emailLabel}</span>${maskEmail(customer.email)}</li>`}
</ul>
${hiddenFields({ ref: page.receiptRef })}
<button class="btn" type="submit" id="pay">${payLabel(page, t, w)}</button>
</form>`;
}

export function renderPayPage(page: PayPage): string {
  const t = wordsIn(page.frame.locale).page;
  const w = wordsIn(page.frame.locale);
  const customer = page.link.customer;
  return layout(
    page.frame,
    html`<section class="card">${itemSummary(page.link, w, linkMeta(page.link, page.usage, t, w))}</section>
<section class="card">${customer ? namedCustomer(page, customer, t, w) : detailsForm(page, t, w)}</section>`,
  );
}
