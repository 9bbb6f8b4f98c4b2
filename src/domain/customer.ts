/**
 * The person who pays: name, phone and email, checked and normalised once.
 */
import { ValidationError } from './errors.ts';

export interface Customer {
  /**
   * Only what someone gave as a name (`nama Budi`, the page's form); null for
   * a link made `untuk 0812…`: a phone is a phone, never shown or sent as a name.
   */
  name: string | null;
  /** Digits only, with country code: `6281234567890`. */
  phone: string | null;
  email: string | null;
}

export type CustomerErrorCode = 'PHONE_INVALID' | 'EMAIL_INVALID' | 'CUSTOMER_NAME_INVALID';

export const CUSTOMER_NAME_MAX = 50;

type CustomerField = 'name' | 'phone' | 'email';

const FIELD_CODES: Readonly<Record<CustomerField, CustomerErrorCode>> = {
  name: 'CUSTOMER_NAME_INVALID',
  phone: 'PHONE_INVALID',
  email: 'EMAIL_INVALID',
};

/**
 * Control characters (Unicode category Cc: C0 incl. tab and line breaks, DEL,
 * C1) are refused in every customer field, none excepted: no name, phone or
 * email contains one, and printed to a terminal ESC and its kin are commands,
 * not text. The value is not repeated back, since repeating it is the harm.
 */
function refuseControlCharacters(input: string, field: CustomerField): void {
  if (!/\p{Cc}/u.test(input)) return;
  throw new ValidationError<CustomerErrorCode>(
    FIELD_CODES[field],
    (w) => w.rules.controlCharacter(w.rules.field[field]),
    { field, reason: 'control_character' },
  );
}

/**
 * Indonesian numbers come as 0812…, +62 812…, 62812… or 812…; numbers from
 * elsewhere need their +country code. Returns digits with the country code.
 */
export function normalizePhone(input: string): string {
  refuseControlCharacters(input, 'phone');
  const raw = input.normalize('NFKC').trim();
  const digits = raw.replace(/[\s\-().]/g, '');
  let normalized: string | null = null;
  if (/^\+\d{8,15}$/.test(digits)) normalized = digits.slice(1);
  else if (/^0\d{8,13}$/.test(digits)) normalized = `62${digits.slice(1)}`;
  else if (/^62\d{8,13}$/.test(digits)) normalized = digits;
  else if (/^8\d{7,12}$/.test(digits)) normalized = `62${digits}`;
  if (normalized === null || (normalized.startsWith('62') && !/^62[1-9]\d{7,12}$/.test(normalized))) {
    throw new ValidationError<CustomerErrorCode>(
      'PHONE_INVALID',
      (w) => w.rules.phoneInvalid(raw.slice(0, 30)),
      { field: 'phone' },
    );
  }
  return normalized;
}

/** Lower-cased, trimmed; a practical check, not RFC 5322. */
export function normalizeEmail(input: string): string {
  refuseControlCharacters(input, 'email');
  const email = input.normalize('NFKC').trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@<>"'()\\,;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(email)) {
    throw new ValidationError<CustomerErrorCode>(
      'EMAIL_INVALID',
      (w) => w.rules.emailInvalid(input.trim().slice(0, 60)),
      { field: 'email' },
    );
  }
  return email;
}

export function normalizeCustomerName(input: string): string {
  refuseControlCharacters(input, 'name');
  const name = input.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (name.length === 0 || name.length > CUSTOMER_NAME_MAX) {
    throw new ValidationError<CustomerErrorCode>(
      'CUSTOMER_NAME_INVALID',
      (w) => w.rules.customerNameInvalid(CUSTOMER_NAME_MAX),
      { field: 'name' },
    );
  }
  return name;
}

export interface CustomerInput {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

/** Who pays for a link: its named customer, or whoever filled in the form. */
export function payingCustomer(named: Customer | null, input: CustomerInput | null): Customer {
  return named ?? normalizeCustomer(input ?? {});
}

/** Validates every given field; a blank field counts as not given, and at least one must be given. */
export function normalizeCustomer(input: CustomerInput): Customer {
  const blank = (v: string | null | undefined): v is null | undefined => v == null || v.trim() === '';
  const phone = blank(input.phone) ? null : normalizePhone(input.phone);
  const email = blank(input.email) ? null : normalizeEmail(input.email);
  // Someone with neither name nor contact is nobody: the name is what is missing then.
  const name = blank(input.name) ? ((phone ?? email) !== null ? null : normalizeCustomerName('')) : normalizeCustomerName(input.name);
  return { name, phone, email };
}

/** How texts call a customer: their name, else how to reach them (`+62…`, then the email). */
export function customerCalled(customer: Customer): string {
  return customer.name ?? (customer.phone === null ? null : `+${customer.phone}`) ?? customer.email ?? '—';
}

/**
 * Who started a checkout on the payment page: their browser (a hash of its
 * cookie, never the cookie itself) and their network address as the rate
 * limits key it.
 */
export interface CheckoutClient {
  browser: string;
  address: string;
}

/**
 * Who may get a pending order back: the same email (or, without one, the same
 * phone) submitting again from the same browser gets the same Snap page back.
 * Details alone are not enough: anyone can type someone else's email.
 */
export function customerKey(customer: Customer, client: CheckoutClient | null = null): string {
  const details = customer.email ? `email:${customer.email}` : customer.phone ? `phone:${customer.phone}` : `name:${(customer.name ?? '').toLowerCase()}`;
  return client === null ? details : `${details}|browser:${client.browser}`;
}
