/**
 * The options written after the price in /newlink (`x5 exp 31/12 ke 0812…`),
 * read in two steps. `scan` only recognises their shape, so the caller can try
 * where the price ends and the options begin; `applyOptions` then refuses
 * repeats and checks each value with the domain rules, so a past date is
 * reported as a past date rather than moving the price somewhere else.
 */
import { normalizeCustomerName, normalizeEmail, normalizePhone } from '../../src/domain/customer.ts';
import { validateOrderId, validateSlug, validateUsageLimit } from '../../src/domain/link.ts';
import { parseExpiry } from '../../src/domain/time.ts';
import type { NewLinkSettings } from './command.ts';
import { attempt, fail, ok, parseError, type OptionField, type Outcome, type ParseError } from './parse-error.ts';
import type { Token } from './tokenize.ts';
import { keywordAt, OPTION_KEYWORDS, type KeywordMatch } from './vocabulary.ts';

/** One option as written, its value not yet checked; a null usage limit is "unlimited". */
export type OptionPiece =
  | { field: 'usageLimit'; value: string | null; written: string }
  | { field: Exclude<OptionField, 'usageLimit'>; value: string; written: string };

/** How an option starts: a keyword, `x5` / `5x`, or a bare expiry such as `7 hari`, `3d`, `31/12`. */
type OptionHead = { kind: 'keyword'; match: KeywordMatch } | { kind: 'compactLimit'; value: string } | { kind: 'bareExpiry'; length: number };

type ValueKeyword = Exclude<KeywordMatch['kind'], 'unlimited' | 'customer'>;

interface Reading {
  pieces: OptionPiece[];
  next: number;
}

const COMPACT_LIMIT = /^(?:[x×](\d+)|(\d+)[x×])$/i;
const DIGITS_ONLY = /^\d+$/;
const LETTERS_ONLY = /^\p{L}+$/u;
const DIGIT_GROUP = /^[\d\-().]+$/;
/** How phones start as people write them: +62…, 0812…, 62812…. */
const PHONE_SHAPE = /^(?:\+|0|62\d{8})/;
/** A phone typed in groups (`0812 3456 7890`) is joined until it has this many digits. */
const PHONE_DIGITS = 10;

const textOf = (tokens: readonly Token[], from: number, to: number): string =>
  tokens
    .slice(from, to)
    .map((token) => token.text)
    .join(' ');

const countDigits = (text: string): number => text.replace(/\D/g, '').length;

/** The domain decides what an expiry looks like; a past or too-far date still is one. */
function looksLikeExpiry(text: string, now: Date): boolean {
  const read = attempt(() => parseExpiry(text, now));
  return read.ok || read.error.code !== 'EXPIRY_INVALID';
}

function bareExpiryLength(tokens: readonly Token[], index: number, now: Date): number {
  const token = tokens[index];
  const unit = tokens[index + 1];
  if (!token || token.quoted || !/\d/.test(token.text)) return 0;
  if (DIGITS_ONLY.test(token.text) && unit && !unit.quoted && looksLikeExpiry(`${token.text} ${unit.text}`, now)) return 2;
  return looksLikeExpiry(token.text, now) ? 1 : 0;
}

function optionHeadAt(tokens: readonly Token[], index: number, now: Date): OptionHead | null {
  const match = keywordAt(tokens, index);
  if (match) return { kind: 'keyword', match };
  const token = tokens[index];
  const compact = token && !token.quoted ? COMPACT_LIMIT.exec(token.text) : null;
  if (compact) return { kind: 'compactLimit', value: compact[1] ?? compact[2] ?? '' };
  const length = bareExpiryLength(tokens, index, now);
  return length > 0 ? { kind: 'bareExpiry', length } : null;
}

/**
 * Reads options from any position of one message. Where options may start is
 * worked out once per message, because the caller scans from several candidate
 * price positions and the domain checks behind it are not free.
 */
export class OptionScanner {
  private readonly heads: ReadonlyArray<OptionHead | null>;

  constructor(
    private readonly tokens: readonly Token[],
    now: Date,
  ) {
    this.heads = tokens.map((_, index) => optionHeadAt(tokens, index, now));
  }

  /** Everything from `from` to the end read as options; repeats are left for `applyOptions` to refuse. */
  scan(from: number): Outcome<OptionPiece[]> {
    const pieces: OptionPiece[] = [];
    let index = from;
    while (index < this.tokens.length) {
      const reading = this.readAt(index);
      if (!reading.ok) return reading;
      pieces.push(...reading.value.pieces);
      index = reading.value.next;
    }
    return ok(pieces);
  }

  private startsOption(index: number): boolean {
    return this.heads[index] != null;
  }

  private readAt(index: number): Outcome<Reading> {
    const head = this.heads[index];
    if (!head) return fail(parseError('OPTION_UNKNOWN', { input: this.tokens[index]?.text ?? '' }));
    switch (head.kind) {
      case 'keyword':
        return this.readKeywordOption(index, head.match);
      case 'compactLimit':
        return ok({ pieces: [{ field: 'usageLimit', value: head.value, written: textOf(this.tokens, index, index + 1) }], next: index + 1 });
      case 'bareExpiry': {
        const written = textOf(this.tokens, index, index + head.length);
        return ok({ pieces: [{ field: 'expiresAt', value: written, written }], next: index + head.length });
      }
    }
  }

  private readKeywordOption(index: number, match: KeywordMatch): Outcome<Reading> {
    const start = index + match.length;
    if (match.kind === 'unlimited') {
      return ok({ pieces: [{ field: 'usageLimit', value: null, written: match.keyword }], next: start });
    }
    // A keyword right after another ("limit exp 3d") means the value was forgotten.
    const exampleValue = OPTION_KEYWORDS[match.kind].exampleValue ?? '';
    if (start >= this.tokens.length || keywordAt(this.tokens, start)) {
      return fail(parseError('OPTION_VALUE_MISSING', { keyword: match.keyword, exampleValue }));
    }
    if (match.kind === 'customer') return ok(this.readCustomer(start, match.keyword));
    const end = this.valueEnd(match.kind, start);
    const value = textOf(this.tokens, start, end);
    const piece: OptionPiece = { field: VALUE_FIELDS[match.kind], value, written: `${match.keyword} ${value}` };
    return ok({ pieces: [piece], next: end });
  }

  /** Where the value of a keyword option ends (exclusive). */
  private valueEnd(kind: ValueKeyword, start: number): number {
    switch (kind) {
      case 'expiry':
        return this.expiryEnd(start);
      case 'phone':
        return this.phoneEnd(start, this.tokens.length);
      case 'name':
        return this.phraseEnd(start);
      case 'usageLimit':
      case 'email':
      case 'orderId':
      case 'slug':
        return start + 1;
    }
  }

  /** `exp 7 hari` takes the unit word too; a wrong unit is then reported as a wrong expiry. */
  private expiryEnd(start: number): number {
    const amount = this.tokens[start];
    const unit = this.tokens[start + 1];
    const takesUnit = amount && DIGITS_ONLY.test(amount.text) && unit && !unit.quoted && LETTERS_ONLY.test(unit.text) && !keywordAt(this.tokens, start + 1);
    return takesUnit ? start + 2 : start + 1;
  }

  /** `+62 812-3456-7890` arrives as several words; join digit groups until the number is complete. */
  private phoneEnd(start: number, limit: number): number {
    let digits = countDigits(this.tokens[start]?.text ?? '');
    let end = start + 1;
    while (end < limit && digits < PHONE_DIGITS && !this.startsOption(end)) {
      const group = this.tokens[end];
      if (!group || group.quoted || !DIGIT_GROUP.test(group.text)) break;
      digits += countDigits(group.text);
      end += 1;
    }
    return end;
  }

  /** Several words (a name), up to the next option. */
  private phraseEnd(start: number): number {
    let end = start + 1;
    while (end < this.tokens.length && !this.startsOption(end)) end += 1;
    return end;
  }

  /**
   * `ke Budi 0812… budi@mail.com`: each word is sorted into an email, a phone or
   * the name. After the first word, a number that is not shaped like a phone
   * ends the phrase, so in "Paket 2 untuk Budi 50000" the 50000 stays
   * available as the price instead of being read as Budi's phone.
   */
  private readCustomer(start: number, keyword: string): Reading {
    const end = this.phraseEnd(start);
    const pieces: OptionPiece[] = [];
    const nameWords: string[] = [];
    let index = start;
    while (index < end) {
      const token = this.tokens[index];
      if (!token) break;
      const startsNumber = !token.quoted && /^[+\d]/.test(token.text);
      if (startsNumber && index > start && !PHONE_SHAPE.test(token.text)) break;
      if (!token.quoted && token.text.includes('@')) {
        pieces.push({ field: 'email', value: token.text, written: `${keyword} ${token.text}` });
        index += 1;
      } else if (startsNumber) {
        const phoneEnd = this.phoneEnd(index, end);
        const phone = textOf(this.tokens, index, phoneEnd);
        pieces.push({ field: 'phone', value: phone, written: `${keyword} ${phone}` });
        index = phoneEnd;
      } else {
        nameWords.push(token.text);
        index += 1;
      }
    }
    if (nameWords.length > 0) {
      const name = nameWords.join(' ');
      pieces.unshift({ field: 'name', value: name, written: `${keyword} ${name}` });
    }
    return { pieces, next: index };
  }
}

const VALUE_FIELDS: Readonly<Record<ValueKeyword, OptionField>> = {
  usageLimit: 'usageLimit',
  expiry: 'expiresAt',
  name: 'name',
  email: 'email',
  phone: 'phone',
  orderId: 'orderId',
  slug: 'slug',
};

/** `limit 1.000` is refused rather than read as 1: only plain digits are a count. */
function wholeNumber(text: string): number {
  return DIGITS_ONLY.test(text) ? Number(text) : Number.NaN;
}

function applyOption(settings: NewLinkSettings, piece: OptionPiece, now: Date): void {
  switch (piece.field) {
    case 'usageLimit':
      settings.usageLimit = piece.value === null ? null : validateUsageLimit(wholeNumber(piece.value));
      return;
    case 'expiresAt':
      settings.expiresAt = parseExpiry(piece.value, now);
      return;
    case 'name':
      settings.customer = { ...settings.customer, name: normalizeCustomerName(piece.value) };
      return;
    case 'phone':
      settings.customer = { ...settings.customer, phone: normalizePhone(piece.value) };
      return;
    case 'email':
      settings.customer = { ...settings.customer, email: normalizeEmail(piece.value) };
      return;
    case 'orderId':
      settings.orderId = validateOrderId(piece.value);
      return;
    case 'slug':
      settings.slug = validateSlug(piece.value);
      return;
  }
}

function findRepeat(pieces: readonly OptionPiece[]): ParseError | null {
  const seen = new Map<OptionField, string>();
  for (const piece of pieces) {
    const earlier = seen.get(piece.field);
    if (earlier !== undefined) return parseError('OPTION_DUPLICATE', { written: piece.written, earlier, field: piece.field });
    seen.set(piece.field, piece.written);
  }
  return null;
}

/** Each field at most once, then every value checked in the order written; the first broken rule is reported. */
export function applyOptions(pieces: readonly OptionPiece[], now: Date): Outcome<NewLinkSettings> {
  const repeat = findRepeat(pieces);
  if (repeat) return fail(repeat);
  return attempt(() => {
    // One paid order unless the merchant says otherwise, as on the Midtrans dashboard.
    const settings: NewLinkSettings = { usageLimit: 1, expiresAt: null, customer: null };
    for (const piece of pieces) applyOption(settings, piece, now);
    return settings;
  });
}
