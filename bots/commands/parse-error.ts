/**
 * Why a command could not be read (the sentences live in src/text). Each message says
 * what was wrong; `withExample` then adds a correct example of the command the
 * merchant was typing, so every reply shows the way out.
 */
import type { CustomerErrorCode } from '../../src/domain/customer.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import type { LinkErrorCode } from '../../src/domain/link.ts';
import type { MoneyErrorCode } from '../../src/domain/money.ts';
import type { ExpiryErrorCode } from '../../src/domain/time.ts';
import type { Phrase } from '../../src/text/catalog.ts';
import type { LinkOfferErrorCode } from '../../src/domain/link-offer.ts';
import type { PaymentMethodErrorCode } from '../../src/domain/payment-methods.ts';
import type { SummaryTimeErrorCode } from '../../src/reports/daily-summary.ts';
import type { PeriodErrorCode } from '../../src/reports/period.ts';
import type { CommandKind } from './command.ts';
import type { OfferGrammarErrorCode } from './offer-options.ts';

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
  | Extract<LinkErrorCode, 'ITEM_NAME_INVALID' | 'USAGE_LIMIT_INVALID' | 'ORDER_ID_INVALID' | 'SLUG_INVALID'>
  | OfferErrorCode;

/** Rich links (issue 17): the offer's rules, the payment methods, and the grammar's own about them. */
type OfferErrorCode =
  | Exclude<LinkOfferErrorCode, 'AMOUNT_INVALID' | 'AMOUNT_TOO_LOW' | 'AMOUNT_TOO_HIGH' | 'QUANTITY_INVALID' | 'ANSWER_MISSING' | 'ANSWER_INVALID' | 'CONTACT_MISSING'>
  | PaymentMethodErrorCode
  | OfferGrammarErrorCode;
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

const PHRASES: { [C in ParseErrorCode]: (facts: ErrorFacts[C]) => Phrase } = {
  MESSAGE_TOO_LONG: ({ length, max }) => (w) => w.parse.messageTooLong(length, max),
  COMMAND_UNKNOWN: ({ word }) => (w) => w.parse.commandUnknown(shown(word)),
  QUOTE_UNCLOSED: () => (w) => w.parse.quoteUnclosed,
  ARGUMENT_UNEXPECTED: ({ input }) => (w) => w.parse.argumentUnexpected(shown(input)),
  NEWLINK_MISSING_PRICE: () => (w) => w.parse.priceMissing,
  NEWLINK_MISSING_ITEM: () => (w) => w.parse.itemMissing,
  OPTION_UNKNOWN: ({ input }) => (w) => w.parse.optionUnknown(shown(input)),
  OPTION_DUPLICATE:
    ({ written, earlier, field }) =>
    (w) =>
      w.parse.optionDuplicate(w.parse.field[field], shown(earlier), shown(written)),
  OPTION_VALUE_MISSING: ({ keyword, exampleValue }) => (w) => w.parse.optionValueMissing(shown(keyword), exampleValue),
  REF_MISSING: () => (w) => w.parse.refMissing,
  REF_INVALID: ({ input }) => (w) => w.parse.refInvalid(shown(input)),
  SEND_TARGET_MISSING: () => (w) => w.parse.sendTargetMissing,
  SEND_TARGET_INVALID: ({ input }) => (w) => w.parse.sendTargetInvalid(shown(input)),
  START_PAYLOAD_INVALID: ({ input }) => (w) => w.parse.startPayloadInvalid(shown(input)),
  ORDER_MISSING: () => (w) => w.parse.orderMissing,
  ORDER_INVALID: ({ input }) => (w) => w.parse.orderInvalid(shown(input)),
  LANG_MISSING: () => (w) => w.parse.langMissing,
  LANG_UNKNOWN: ({ input }) => (w) => w.parse.langUnknown(shown(input)),
};

export function parseError<C extends ParseErrorCode>(code: C, facts: ErrorFacts[C]): ParseError {
  return new ValidationError<ParseErrorCode>(code, PHRASES[code](facts), { ...facts });
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
  ITEMS_INVALID: true,
  TOTAL_TOO_HIGH: true,
  AMOUNT_BOUNDS_INVALID: true,
  PRESET_OUT_OF_BOUNDS: true,
  PRESETS_INVALID: true,
  QUANTITY_RANGE_INVALID: true,
  QUANTITY_NEEDS_ONE_ITEM: true,
  STOCK_INVALID: true,
  QUESTIONS_INVALID: true,
  ASKS_NEED_CONTACT: true,
  THANKS_INVALID: true,
  REDIRECT_URL_INVALID: true,
  PAYMENT_METHOD_UNKNOWN: true,
  PAYMENT_METHODS_EMPTY: true,
  OPEN_AMOUNT_OPTION: true,
  ASKS_UNKNOWN: true,
  ITEM_OPTIONS_AT_END: true,
  OPEN_AMOUNT_ALONE: true,
  OFFER_OPTION_TWICE: true,
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
      return fail(new ValidationError(error.code, error.phrase, error.details));
    }
    throw error;
  }
}

/** The same error, its message followed by a correct example of the command. */
export function withExample(error: ParseError, example: string): ParseError {
  return new ValidationError(error.code, (w) => w.parse.withExample(error.phrase(w), example), { ...error.details, example });
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
  refund: '3 50000 barang rusak',
  staff: 'tambah',
  notif: 'di sini',
  report: 'kemarin',
  dailySummary: '21:00',
  export: 'bulan ini',
};
