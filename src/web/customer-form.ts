/**
 * The customer details form: reading it from an untrusted body and checking
 * each field with the domain's own normalisers, so the page says exactly
 * which field is wrong and why, in the customer's language.
 */
import { normalizeCustomerName, normalizeEmail, normalizePhone, type Customer } from '../domain/customer.ts';
import { isAppError } from '../domain/errors.ts';
import type { Locale } from '../domain/locale.ts';
import { wordsIn } from '../text/catalog.ts';

export const FIELDS = ['name', 'phone', 'email'] as const;
export type FieldName = (typeof FIELDS)[number];
export type FormValues = Readonly<Record<FieldName, string>>;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** Longer than any valid value; keeps a re-rendered page small whatever was posted. */
const KEEP_CHARS = 300;

export const EMPTY_FORM: FormValues = { name: '', phone: '', email: '' };

function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, KEEP_CHARS) : '';
}

/** The fields as typed; anything that is not a single string counts as empty. */
export function readForm(body: unknown): FormValues {
  return { name: field(body, 'name'), phone: field(body, 'phone'), email: field(body, 'email') };
}

/** An optional single text field such as the receipt `ref`. */
export function readText(body: unknown, name: string): string | null {
  const value = field(body, name);
  return value === '' ? null : value;
}

export type FormVerdict = { ok: true; customer: Customer } | { ok: false; errors: FieldErrors };

export function validateForm(values: FormValues, locale: Locale): FormVerdict {
  const errors: FieldErrors = {};
  const check = (name: FieldName, normalize: (input: string) => string): string => {
    if (values[name].trim() === '') {
      errors[name] = wordsIn(locale).page.required[name];
      return '';
    }
    try {
      return normalize(values[name]);
    } catch (err) {
      if (!isAppError(err)) throw err;
      errors[name] = err.say(locale);
      return '';
    }
  };
  const customer = {
    name: check('name', normalizeCustomerName),
    phone: check('phone', normalizePhone),
    email: check('email', normalizeEmail),
  };
  return Object.keys(errors).length === 0 ? { ok: true, customer } : { ok: false, errors };
}
