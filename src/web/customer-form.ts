/**
 * The payment form: reading it from an untrusted body and checking each
 * field with the domain's own rules, so the page says exactly which field is
 * wrong and why, in the customer's language. The field names are a public
 * contract (scripts post them): `name`, `phone`, `email`, and for issue 17's
 * links `amount` (an open amount as typed: 25000, 25.000, 25rb), `quantity`
 * and `answer1`..`answer3`.
 */
import { normalizeCustomerName, normalizeEmail, normalizePhone, type Customer } from '../domain/customer.ts';
import { isAppError } from '../domain/errors.ts';
import type { Link } from '../domain/link.ts';
import { openAmount, orderAnswers, orderQuantity, QUESTIONS_MAX, type TermsInput } from '../domain/link-offer.ts';
import type { Locale } from '../domain/locale.ts';
import { wordsIn } from '../text/catalog.ts';

export const CONTACT_FIELDS = ['name', 'phone', 'email'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const ANSWER_FIELDS = ['answer1', 'answer2', 'answer3'] as const;
export type AnswerField = (typeof ANSWER_FIELDS)[number];
export const FIELDS = [...CONTACT_FIELDS, 'amount', 'quantity', ...ANSWER_FIELDS] as const;
export type FieldName = (typeof FIELDS)[number];
export type FormValues = Readonly<Record<FieldName, string>>;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** Longer than any valid value; keeps a re-rendered page small whatever was posted. */
const KEEP_CHARS = 300;

export const EMPTY_FORM: FormValues = { name: '', phone: '', email: '', amount: '', quantity: '', answer1: '', answer2: '', answer3: '' };

/** What of a link the form reads: which fields it has and their rules. */
export type FormLink = Pick<Link, 'customer' | 'asks' | 'pricing' | 'quantity' | 'questions'>;

function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, KEEP_CHARS) : '';
}

/** The fields as typed; anything that is not a single string counts as empty. */
export function readForm(body: unknown): FormValues {
  return Object.fromEntries(FIELDS.map((name) => [name, field(body, name)])) as Record<FieldName, string>;
}

/** An optional single text field such as the receipt `ref`. */
export function readText(body: unknown, name: string): string | null {
  const value = field(body, name);
  return value === '' ? null : value;
}

/** The contact fields this link's page shows: none for a named customer, else those its `asks` names. */
export function askedFields(link: FormLink): ContactField[] {
  return link.customer === null ? CONTACT_FIELDS.filter((name) => link.asks[name]) : [];
}

export type FormVerdict =
  | {
      ok: true;
      /** Null for a named customer's link. */
      customer: Customer | null;
      /** The contact fields as typed (LinkService normalises them once); fields the page does not ask are left out. */
      typed: { name: string | null; phone: string | null; email: string | null } | null;
      terms: TermsInput;
    }
  | { ok: false; errors: FieldErrors };

const NORMALIZE: Readonly<Record<ContactField, (input: string) => string>> = {
  name: normalizeCustomerName,
  phone: normalizePhone,
  email: normalizeEmail,
};

/** Every field at once, so the page can mark each wrong one; the same rules run again when the order is reserved. */
export function validateForm(values: FormValues, link: FormLink, locale: Locale): FormVerdict {
  const errors: FieldErrors = {};
  const attempt = <T>(name: FieldName, check: () => T): T | null => {
    try {
      return check();
    } catch (err) {
      if (!isAppError(err)) throw err;
      errors[name] = err.say(locale);
      return null;
    }
  };

  const asked = askedFields(link);
  const customer: Customer = { name: null, phone: null, email: null };
  for (const name of asked) {
    if (values[name].trim() === '') errors[name] = wordsIn(locale).page.required[name];
    else customer[name] = attempt(name, () => NORMALIZE[name](values[name]));
  }
  if (link.pricing.kind === 'open') {
    const pricing = link.pricing;
    attempt('amount', () => openAmount(pricing, values.amount));
  }
  attempt('quantity', () => orderQuantity(link.quantity, values.quantity));
  link.questions.slice(0, QUESTIONS_MAX).forEach((question, i) => {
    const name = ANSWER_FIELDS[i]!;
    attempt(name, () => orderAnswers([question], [values[name]]));
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const typedOf = (name: ContactField) => (asked.includes(name) ? values[name] : null);
  return {
    ok: true,
    customer: link.customer === null ? customer : null,
    typed: link.customer === null ? { name: typedOf('name'), phone: typedOf('phone'), email: typedOf('email') } : null,
    terms: { amount: values.amount, quantity: values.quantity, answers: ANSWER_FIELDS.map((name) => values[name]) },
  };
}
