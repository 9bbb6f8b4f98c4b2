/**
 * Why a command could not be read, in Indonesian and English. Each message says
 * what was wrong; `withExample` then adds a correct example of the command the
 * merchant was typing, so every reply shows the way out.
 */
import type { CustomerErrorCode } from '../../src/domain/customer.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import type { Text } from '../../src/domain/locale.ts';
import type { LinkErrorCode } from '../../src/domain/link.ts';
import type { MoneyErrorCode } from '../../src/domain/money.ts';
import type { ExpiryErrorCode } from '../../src/domain/time.ts';
import type { SummaryTimeErrorCode } from '../../src/reports/daily-summary.ts';
import type { PeriodErrorCode } from '../../src/reports/period.ts';
import type { CommandKind } from './command.ts';

/** Where a /newlink option puts its value. */
export type OptionField = 'usageLimit' | 'expiresAt' | 'name' | 'phone' | 'email' | 'orderId' | 'slug';

type NoFacts = Record<string, never>;

/** The facts each message is built from; they also go into `details` for logs. */
interface ErrorFacts {
  MESSAGE_TOO_LONG: { length: number; max: number };
  COMMAND_UNKNOWN: { word: string };
  QUOTE_UNCLOSED: NoFacts;
  ARGUMENT_UNEXPECTED: { input: string };
  NEWLINK_MISSING_PRICE: NoFacts;
  NEWLINK_MISSING_ITEM: NoFacts;
  OPTION_UNKNOWN: { input: string };
  OPTION_DUPLICATE: { written: string; earlier: string; field: OptionField };
  OPTION_VALUE_MISSING: { keyword: string; exampleValue: string };
  REF_MISSING: NoFacts;
  REF_INVALID: { input: string };
  SEND_TARGET_MISSING: NoFacts;
  SEND_TARGET_INVALID: { input: string };
  START_PAYLOAD_INVALID: { input: string };
  ORDER_MISSING: NoFacts;
  ORDER_INVALID: { input: string };
  LANG_MISSING: NoFacts;
  LANG_UNKNOWN: { input: string };
}

export type ParseErrorCode = keyof ErrorFacts;
/** The codes of the domain rules the grammar checks values with, passed through unchanged. */
export type DomainErrorCode =
  | MoneyErrorCode
  | ExpiryErrorCode
  | CustomerErrorCode
  | PeriodErrorCode
  | SummaryTimeErrorCode
  | Extract<LinkErrorCode, 'ITEM_NAME_INVALID' | 'USAGE_LIMIT_INVALID' | 'ORDER_ID_INVALID' | 'SLUG_INVALID'>;
export type ParseError = ValidationError<ParseErrorCode | DomainErrorCode>;

/** A step of parsing: a value, or the reason there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ParseError };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T>(error: ParseError): Outcome<T> {
  return { ok: false, error };
}

/** User text quoted back is cut short: a reply must not echo a wall of text. */
function shown(input: string): string {
  return input.length > 30 ? `${input.slice(0, 30)}…` : input;
}

const FIELD_NAMES: Readonly<Record<OptionField, Text>> = {
  usageLimit: { id: 'batas pemakaian', en: 'usage limit' },
  expiresAt: { id: 'masa berlaku', en: 'expiry' },
  name: { id: 'nama pelanggan', en: "customer's name" },
  phone: { id: 'nomor HP pelanggan', en: "customer's phone" },
  email: { id: 'email pelanggan', en: "customer's email" },
  orderId: { id: 'Order ID', en: 'Order ID' },
  slug: { id: 'Payment Link ID', en: 'Payment Link ID' },
};

const OPTIONS_HINT: Text = {
  id: 'x5, bebas, exp 31/12, 7 hari, ke 081234567890, nama Budi, email budi@mail.com, id INV-001, slug kaos-hitam',
  en: 'x5, unlimited, exp 31/12, 7d, to 081234567890, name Budi, email budi@mail.com, id INV-001, slug kaos-hitam',
};

const TEXTS: { [C in ParseErrorCode]: (facts: ErrorFacts[C]) => Text } = {
  MESSAGE_TOO_LONG: ({ length, max }) => ({
    id: `Pesan terlalu panjang (${length} karakter, maksimal ${max}).`,
    en: `The message is too long (${length} characters, at most ${max}).`,
  }),
  COMMAND_UNKNOWN: ({ word }) => ({
    id: `Perintah "${shown(word)}" tidak dikenal. Ketik /help untuk melihat daftar perintah.`,
    en: `The command "${shown(word)}" is not known. Type /help to see the commands.`,
  }),
  QUOTE_UNCLOSED: () => ({
    id: 'Tanda kutip dibuka tetapi tidak ditutup.',
    en: 'A quote is opened but never closed.',
  }),
  ARGUMENT_UNEXPECTED: ({ input }) => ({
    id: `Bagian "${shown(input)}" tidak dipahami di perintah ini.`,
    en: `"${shown(input)}" is not understood in this command.`,
  }),
  NEWLINK_MISSING_PRICE: () => ({
    id: 'Harga belum ditulis. Tulis harga sesudah nama barang.',
    en: 'The price is missing. Write it after the item name.',
  }),
  NEWLINK_MISSING_ITEM: () => ({
    id: 'Nama barang belum ditulis. Tulis nama barang dulu, lalu harganya.',
    en: 'The item name is missing. Write the item name first, then the price.',
  }),
  OPTION_UNKNOWN: ({ input }) => ({
    id: `"${shown(input)}" sesudah harga tidak dikenali. Nama barang ditulis sebelum harga (dalam tanda kutip bila memuat angka 1000 ke atas, misalnya "Beras 5000 gram" 50000); sesudah harga hanya pilihan seperti: ${OPTIONS_HINT.id}.`,
    en: `"${shown(input)}" after the price is not understood. The item name goes before the price (in quotes if it holds a number of 1000 or more, e.g. "Beras 5000 gram" 50000); after it only options such as: ${OPTIONS_HINT.en}.`,
  }),
  OPTION_DUPLICATE: ({ written, earlier, field }) => ({
    id: `Pilihan ${FIELD_NAMES[field].id} ditulis dua kali ("${shown(earlier)}" dan "${shown(written)}"). Tulis sekali saja.`,
    en: `The ${FIELD_NAMES[field].en} is given twice ("${shown(earlier)}" and "${shown(written)}"). Give it once.`,
  }),
  OPTION_VALUE_MISSING: ({ keyword, exampleValue }) => ({
    id: `"${shown(keyword)}" perlu diikuti nilainya, misalnya "${shown(keyword)} ${exampleValue}".`,
    en: `"${shown(keyword)}" needs a value after it, e.g. "${shown(keyword)} ${exampleValue}".`,
  }),
  REF_MISSING: () => ({
    id: 'Sebutkan link yang dimaksud: nomornya di /links, slug-nya, Order ID-nya, atau id order di pemberitahuan pembayaran.',
    en: 'Say which link: its number in /links, its slug, its Order ID, or an order id from a payment notice.',
  }),
  REF_INVALID: ({ input }) => ({
    id: `"${shown(input)}" bukan nomor, slug, atau Order ID link.`,
    en: `"${shown(input)}" is not a link number, slug or Order ID.`,
  }),
  SEND_TARGET_MISSING: () => ({
    id: 'Sebutkan nomor HP atau email tujuan.',
    en: 'Say which phone number or email to send it to.',
  }),
  SEND_TARGET_INVALID: ({ input }) => ({
    id: `"${shown(input)}" bukan nomor HP atau alamat email.`,
    en: `"${shown(input)}" is neither a phone number nor an email address.`,
  }),
  START_PAYLOAD_INVALID: ({ input }) => ({
    id: `Kode "${shown(input)}" tidak valid: 1–64 karakter huruf, angka, _ atau - saja.`,
    en: `The code "${shown(input)}" is not valid: 1–64 letters, digits, _ or - only.`,
  }),
  ORDER_MISSING: () => ({
    id: 'Sebutkan Order ID-nya, seperti di pemberitahuan pembayaran.',
    en: 'Say which Order ID, as shown in the payment notice.',
  }),
  ORDER_INVALID: ({ input }) => ({
    id: `"${shown(input)}" bukan Order ID.`,
    en: `"${shown(input)}" is not an Order ID.`,
  }),
  LANG_MISSING: () => ({
    id: 'Pilih bahasa: id (Bahasa Indonesia) atau en (English).',
    en: 'Choose a language: id (Bahasa Indonesia) or en (English).',
  }),
  LANG_UNKNOWN: ({ input }) => ({
    id: `Bahasa "${shown(input)}" tidak tersedia. Pilih id atau en.`,
    en: `The language "${shown(input)}" is not available. Choose id or en.`,
  }),
};

export function parseError<C extends ParseErrorCode>(code: C, facts: ErrorFacts[C]): ParseError {
  return new ValidationError<ParseErrorCode>(code, TEXTS[code](facts), { ...facts });
}

/** The same codes at run time, checked complete by the compiler. */
const DOMAIN_ERROR_CODES: Readonly<Record<DomainErrorCode, true>> = {
  PRICE_INVALID: true,
  PRICE_FRACTIONAL: true,
  PRICE_TOO_LOW: true,
  PRICE_TOO_HIGH: true,
  EXPIRY_INVALID: true,
  EXPIRY_IN_PAST: true,
  EXPIRY_TOO_FAR: true,
  PHONE_INVALID: true,
  EMAIL_INVALID: true,
  CUSTOMER_NAME_INVALID: true,
  ITEM_NAME_INVALID: true,
  USAGE_LIMIT_INVALID: true,
  ORDER_ID_INVALID: true,
  SLUG_INVALID: true,
  PERIOD_INVALID: true,
  PERIOD_IN_FUTURE: true,
  PERIOD_REVERSED: true,
  PERIOD_TOO_LONG: true,
  SUMMARY_TIME_INVALID: true,
};

function isDomainErrorCode(code: string): code is DomainErrorCode {
  return Object.hasOwn(DOMAIN_ERROR_CODES, code);
}

/**
 * Runs a domain rule, which throws on bad input, and keeps its code and texts.
 * Anything else thrown is a bug and is not disguised as bad input.
 */
export function attempt<T>(rule: () => T): Outcome<T> {
  try {
    return ok(rule());
  } catch (error) {
    if (error instanceof ValidationError && isDomainErrorCode(error.code)) {
      return fail(new ValidationError(error.code, error.text, error.details));
    }
    throw error;
  }
}

/** The same error, its message followed by a correct example of the command. */
export function withExample(error: ParseError, example: string): ParseError {
  const text = { id: `${error.text.id}\nContoh: ${example}`, en: `${error.text.en}\nExample: ${example}` };
  return new ValidationError(error.code, text, { ...error.details, example });
}

export const OPTIONS_EXAMPLE = 'x5 exp 31/12';

/** Arguments that make a correct example of each command. */
export const EXAMPLE_ARGUMENTS: Readonly<Record<CommandKind, string>> = {
  newlink: `Kaos Polos 150000 ${OPTIONS_EXAMPLE}`,
  links: '2',
  link: '3',
  delete: '3',
  qr: '3',
  send: '3 081234567890',
  help: 'newlink',
  start: '',
  lang: 'en',
  cancel: '',
  approve: 'INV-20261124-7F3K-1',
  deny: 'INV-20261124-7F3K-1',
  report: 'kemarin',
  dailySummary: '21:00',
  export: 'bulan ini',
};
