/**
 * Rupiah as merchants type it and as people read it.
 *
 * Money is always a whole number of rupiah. The parser accepts the ways prices
 * are written in Indonesian chats (150000, 150.000, Rp 150.000,00, 150rb,
 * 1,5jt, 2 juta) and refuses anything that is not a whole, positive amount
 * within Midtrans's range, saying what was wrong.
 */
import { ValidationError } from './errors.ts';
import type { Phrase } from '../text/catalog.ts';

export const MIN_PRICE = 1;
export const MAX_PRICE = 1_000_000_000;

export type MoneyErrorCode = 'PRICE_INVALID' | 'PRICE_FRACTIONAL' | 'PRICE_TOO_LOW' | 'PRICE_TOO_HIGH';

const EXAMPLES = '150000, 150.000, Rp150.000, 150rb, 1,5jt';

const MULTIPLIERS: ReadonlyArray<readonly [RegExp, bigint]> = [
  [/(?:rb|ribu|k)$/, 1_000n],
  [/(?:jt|juta)$/, 1_000_000n],
  [/(?:miliar|milyar)$/, 1_000_000_000n],
];

function priceError(code: MoneyErrorCode, input: string): ValidationError<MoneyErrorCode> {
  const shown = input.length > 30 ? `${input.slice(0, 30)}…` : input;
  const phrases: Record<MoneyErrorCode, Phrase> = {
    PRICE_INVALID: (w) => w.rules.priceInvalid(shown, EXAMPLES),
    PRICE_FRACTIONAL: (w) => w.rules.priceFractional(shown),
    PRICE_TOO_LOW: (w) => w.rules.priceTooLow(shown, MIN_PRICE),
    PRICE_TOO_HIGH: (w) => w.rules.priceTooHigh(shown, MAX_PRICE),
  };
  return new ValidationError(code, phrases[code], { input: shown });
}

/**
 * Splits "150.000,00" into its whole and fractional digits, deciding for each
 * separator whether it groups thousands or marks decimals: a separator followed
 * by exactly three digits groups (Indonesian "150.000" and English "150,000"
 * alike); one followed by one or two digits at the end is the decimal mark.
 */
function splitNumber(body: string): { whole: string; fraction: string } | null {
  if (!/^\d+(?:[.,]\d+)*$/.test(body)) return null;
  const parts = body.split(/([.,])/);
  const groups = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  if (seps.length === 0) return { whole: body, fraction: '' };

  const last = groups[groups.length - 1]!;
  const lastSep = seps[seps.length - 1]!;
  const decimalAtEnd = last.length <= 2;
  const groupingSeps = decimalAtEnd ? seps.slice(0, -1) : seps;
  const groupingGroups = decimalAtEnd ? groups.slice(0, -1) : groups;

  if (groupingSeps.length > 0) {
    const sep = groupingSeps[0];
    if (!groupingSeps.every((s) => s === sep)) return null;
    if (decimalAtEnd && lastSep === sep) return null;
    const [head, ...rest] = groupingGroups;
    if (head === undefined || head.length > 3 || !rest.every((g) => g.length === 3)) return null;
  } else if (!decimalAtEnd && last.length !== 3) {
    return null;
  }
  return { whole: groupingGroups.join(''), fraction: decimalAtEnd ? last : '' };
}

/** Parses what a merchant typed into whole rupiah, or throws a ValidationError. */
export function parseRupiah(input: string): number {
  const text = input.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  // "Rp150.000,-" is the customary way to say "no cents".
  let body = text.replace(/^(?:rp\.?|idr)/, '').replace(/[.,]-$/, '');
  if (body.startsWith('-')) throw priceError('PRICE_TOO_LOW', input.trim());

  let multiplier = 1n;
  for (const [suffix, factor] of MULTIPLIERS) {
    if (suffix.test(body)) {
      body = body.replace(suffix, '');
      multiplier = factor;
      break;
    }
  }

  const parts = splitNumber(body);
  if (!parts || parts.whole.length + parts.fraction.length > 16) {
    if (parts) throw priceError('PRICE_TOO_HIGH', input.trim());
    throw priceError('PRICE_INVALID', input.trim());
  }

  const scale = 10n ** BigInt(parts.fraction.length);
  const scaled = (BigInt(parts.whole) * scale + BigInt(parts.fraction || '0')) * multiplier;
  if (scaled % scale !== 0n) throw priceError('PRICE_FRACTIONAL', input.trim());
  const rupiah = scaled / scale;
  if (rupiah < BigInt(MIN_PRICE)) throw priceError('PRICE_TOO_LOW', input.trim());
  if (rupiah > BigInt(MAX_PRICE)) throw priceError('PRICE_TOO_HIGH', input.trim());
  return Number(rupiah);
}

/** Checks an amount that arrives as a number (a stored price, an API value). */
export function assertPrice(value: number): number {
  if (!Number.isSafeInteger(value)) throw priceError('PRICE_INVALID', String(value));
  if (value < MIN_PRICE) throw priceError('PRICE_TOO_LOW', String(value));
  if (value > MAX_PRICE) throw priceError('PRICE_TOO_HIGH', String(value));
  return value;
}

/** `Rp150.000`: the one way amounts are shown to people. */
export function formatRupiah(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(amount)));
  return `${sign}Rp${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/**
 * Midtrans sends amounts as strings such as "150000.00". Returns whole rupiah,
 * or null when the string is not a whole amount (we never round money).
 */
export function parseGrossAmount(raw: string): number | null {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(raw);
  if (!match) return null;
  if (match[2] !== undefined && !/^0+$/.test(match[2])) return null;
  return Number(match[1]);
}

/**
 * `1,2 jt`, `150 rb`, `2 M`: an amount short enough for a chart's axis, with
 * Indonesian units and a decimal comma (rb = ribu, jt = juta, M = miliar).
 */
export function formatRupiahCompact(amount: number): string {
  const units: ReadonlyArray<readonly [number, string]> = [
    [1e9, 'M'],
    [1e6, 'jt'],
    [1e3, 'rb'],
  ];
  const sign = amount < 0 ? '-' : '';
  const size = Math.abs(amount);
  for (const [unit, name] of units) {
    if (size >= unit) return `${sign}${String(Math.round((size / unit) * 10) / 10).replace('.', ',')} ${name}`;
  }
  return `${sign}${Math.round(size)}`;
}
