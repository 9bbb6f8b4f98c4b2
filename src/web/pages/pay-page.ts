/**
 * The payment page of an active link: what is being paid for, then either
 * the customer details form or, for a link made for one named customer,
 * their details and a single button.
 */
import { CUSTOMER_NAME_MAX, type Customer } from '../../domain/customer.ts';
import { slotsLeft, type Link, type LinkUsage } from '../../domain/link.ts';
import { formatRupiah } from '../../domain/money.ts';
import { formatWib } from '../../domain/time.ts';
import type { FieldErrors, FieldName, FormValues } from '../customer-form.ts';
import { html, type SafeHtml } from '../html.ts';
import { wordsIn, type Catalog } from '../../text/catalog.ts';
import { layout, type PageFrame } from './layout.ts';
import { hiddenFields, itemSummary } from './parts.ts';

export interface PayPage {
  frame: PageFrame;
  link: Link;
  usage: LinkUsage;
  /** The form posts here (the same URL, keeping the language). */
  action: string;
  /** Opaque receipt reference carried through the form. */
  receiptRef: string | null;
  values: FormValues;
  errors: FieldErrors;
}

function linkMeta(link: Link, usage: LinkUsage, t: Catalog['page']): string[] {
  const meta: string[] = [];
  if (link.expiresAt) meta.push(t.validUntil(formatWib(link.expiresAt)));
  const left = slotsLeft(link, usage);
  if (left !== null && link.usageLimit !== null && link.usageLimit > 1) meta.push(t.slotsLeft(left, link.usageLimit));
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
const MAX_LENGTH: Readonly<Record<FieldName, number>> = { name: CUSTOMER_NAME_MAX, phone: 30, email: 254 };

function inputField(name: FieldName, type: string, autocomplete: string, label: string, hint: string | null, page: PayPage): SafeHtml {
  const error = page.errors[name];
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const describedBy = [hint === null ? null : hintId, error === undefined ? null : errorId].filter((id) => id !== null).join(' ');
  return html`<label for="${name}">${label}</label>
<input type="${type}" id="${name}" name="${name}" value="${page.values[name]}" autocomplete="${autocomplete}" required maxlength="${MAX_LENGTH[name]}"${
    type === 'tel' ? html` inputmode="tel"` : null
  }${describedBy === '' ? null : html` aria-describedby="${describedBy}"`}${error === undefined ? null : html` aria-invalid="true"`}>
${hint === null ? null : html`<small class="hint" id="${hintId}">${hint}</small>`}
${error === undefined ? null : html`<small class="field-error" id="${errorId}">${error}</small>`}`;
}

function detailsForm(page: PayPage, t: Catalog['page']): SafeHtml {
  const hasErrors = Object.keys(page.errors).length > 0;
  // novalidate: the server's messages are clearer than the browser's, and say the same in every browser.
  return html`<form method="post" action="${page.action}" id="pay-form" novalidate>
<h2>${t.yourDetails}</h2>
${hasErrors ? html`<p class="alert" role="alert" id="form-error">${t.checkForm}</p>` : null}
${inputField('name', 'text', 'name', t.nameLabel, null, page)}
${inputField('phone', 'tel', 'tel', t.phoneLabel, t.phoneHint, page)}
${inputField('email', 'email', 'email', t.emailLabel, t.emailHint, page)}
${hiddenFields({ ref: page.receiptRef })}
<button class="btn" type="submit" id="pay">${t.payButton(formatRupiah(page.link.price))}</button>
</form>`;
}

function namedCustomer(page: PayPage, customer: Customer, t: Catalog['page']): SafeHtml {
  return html`<form method="post" action="${page.action}" id="pay-form">
<h2>${t.billFor}</h2>
<ul class="who" id="customer">
${customer.name === null ? null : html`<li><span>${t.nameLabel}</span>${customer.name}</li>`}
${customer.phone === null ? null : html`<li><span>${t.phoneLabel}</span>+${masked(customer.phone, 5, 3)}</li>`}
${customer.email === null ? null : html`<li><span>${t.emailLabel}</span>${maskEmail(customer.email)}</li>`}
</ul>
${hiddenFields({ ref: page.receiptRef })}
<button class="btn" type="submit" id="pay">${t.payButton(formatRupiah(page.link.price))}</button>
</form>`;
}

export function renderPayPage(page: PayPage): string {
  const t = wordsIn(page.frame.locale).page;
  const customer = page.link.customer;
  return layout(
    page.frame,
    html`<section class="card">${itemSummary(page.link, linkMeta(page.link, page.usage, t))}</section>
<section class="card">${customer ? namedCustomer(page, customer, t) : detailsForm(page, t)}</section>`,
  );
}
