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
import { attempt, fail, parseError, type OptionField, type Outcome, type ParseError } from './parse-error.ts';
import type { Recogniser } from './recognise.ts';
import type { Token } from './tokenize.ts';
import { keywordAt, OPTION_KEYWORDS, type KeywordMatch } from './vocabulary.ts';
import { applyOfferOption, listEnd, listItems, offerOptionTwice, type OfferListField, type OfferTextField } from './offer-options.ts';

/**
 * One option as written, its value not yet checked; a null usage limit is
 * "unlimited". `maximum` is the usage limit on a fixed price and the highest
 * amount on an open one, decided when the options are applied.
 */
export type OptionPiece =
  | { field: 'usageLimit'; value: string | null; written: string }
  | { field: Exclude<OptionField, 'usageLimit'> | OfferTextField; value: string; written: string }
  | { field: 'maximum'; value: string; written: string }
  | { field: OfferListField; value: string[]; written: string };

/** How an option starts: a keyword, `x5` / `5x`, or a bare expiry such as `7 hari`, `3d`, `31/12`. */
type OptionHead = { kind: 'keyword'; match: KeywordMatch } | { kind: 'compactLimit'; value: string } | { kind: 'bareExpiry'; length: number };

type ValueKeyword = Exclude<KeywordMatch['kind'], 'unlimited' | 'customer'>;
type ListKeyword = Extract<ValueKeyword, OfferListField>;
type TextKeyword = Exclude<ValueKeyword, ListKeyword>;

const LIST_KEYWORDS: ReadonlySet<ValueKeyword> = new Set<ListKeyword>(['presets', 'methods', 'questions', 'asks']);
const isListKeyword = (kind: ValueKeyword): kind is ListKeyword => LIST_KEYWORDS.has(kind);

interface Reading {
  pieces: OptionPiece[];
  next: number;
}

/**
 * Like Outcome, but the error is built only when asked for: most failed scans
 * are just wrong guesses at where the price is, and building an error is slow.
 */
export type Scan<T> = { ok: true; value: T } | { ok: false; explain: () => ParseError };

const found = <T>(value: T): Scan<T> => ({ ok: true, value });
const notOptions = <T>(explain: () => ParseError): Scan<T> => ({ ok: false, explain });

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

/**
 * Reads options from any position of one message. Whether an option starts at
 * a word is worked out at most once per word, and only for words a scan
 * reaches: the caller scans from several candidate price positions, and the
 * domain rules behind the answer throw (which is slow) on every non-match.
 */
export class OptionScanner {
  private readonly heads = new Map<number, OptionHead | null>();

  private readonly tokens: readonly Token[];
  private readonly recogniser: Recogniser;
  constructor(
    tokens: readonly Token[],
    recogniser: Recogniser,
  ) {
    this.tokens = tokens;
    this.recogniser = recogniser;
  }

  private headAt(index: number): OptionHead | null {
    let head = this.heads.get(index);
    if (head === undefined) {
      head = this.findHead(index);
      this.heads.set(index, head);
    }
    return head;
  }

  private findHead(index: number): OptionHead | null {
    const match = keywordAt(this.tokens, index);
    if (match) return { kind: 'keyword', match };
    const token = this.tokens[index];
    const compact = token && !token.quoted ? COMPACT_LIMIT.exec(token.text) : null;
    if (compact) return { kind: 'compactLimit', value: compact[1] ?? compact[2] ?? '' };
    const length = this.bareExpiryLength(index);
    return length > 0 ? { kind: 'bareExpiry', length } : null;
  }

  private bareExpiryLength(index: number): number {
    const token = this.tokens[index];
    const unit = this.tokens[index + 1];
    if (!token || token.quoted || !/\d/.test(token.text)) return 0;
    const twoWords = DIGITS_ONLY.test(token.text) && unit && !unit.quoted && LETTERS_ONLY.test(unit.text);
    if (twoWords && this.recogniser.looksLikeExpiry(`${token.text} ${unit.text}`)) return 2;
    return this.recogniser.looksLikeExpiry(token.text) ? 1 : 0;
  }

  /** Everything from `from` to the end read as options; repeats are left for `applyOptions` to refuse. */
  scan(from: number): Scan<OptionPiece[]> {
    const pieces: OptionPiece[] = [];
    let index = from;
    while (index < this.tokens.length) {
      const reading = this.readAt(index);
      if (!reading.ok) return reading;
      pieces.push(...reading.value.pieces);
      index = reading.value.next;
    }
    return found(pieces);
  }

  private startsOption(index: number): boolean {
    return this.headAt(index) !== null;
  }

  private readAt(index: number): Scan<Reading> {
    const head = this.headAt(index);
    if (!head) return notOptions(() => parseError('OPTION_UNKNOWN', { input: this.tokens[index]?.text ?? '' }));
    switch (head.kind) {
      case 'keyword':
        return this.readKeywordOption(index, head.match);
      case 'compactLimit':
        return found({ pieces: [{ field: 'usageLimit', value: head.value, written: textOf(this.tokens, index, index + 1) }], next: index + 1 });
      case 'bareExpiry': {
        const written = textOf(this.tokens, index, index + head.length);
        return found({ pieces: [{ field: 'expiresAt', value: written, written }], next: index + head.length });
      }
    }
  }

  private readKeywordOption(index: number, match: KeywordMatch): Scan<Reading> {
    const start = index + match.length;
    if (match.kind === 'unlimited') {
      return found({ pieces: [{ field: 'usageLimit', value: null, written: match.keyword }], next: start });
    }
    // A keyword right after another ("limit exp 3d") means the value was forgotten; `wajib nama` names a keyword on purpose.
    const exampleValue = OPTION_KEYWORDS[match.kind].exampleValue ?? '';
    if (start >= this.tokens.length || (match.kind !== 'asks' && keywordAt(this.tokens, start))) {
      return notOptions(() => parseError('OPTION_VALUE_MISSING', { keyword: match.keyword, exampleValue }));
    }
    if (match.kind === 'customer') return found(this.readCustomer(start, match.keyword));
    if (isListKeyword(match.kind)) {
      const end = listEnd(this.tokens, start);
      const written = `${match.keyword} ${textOf(this.tokens, start, end)}`;
      return found({ pieces: [{ field: match.kind, value: listItems(this.tokens.slice(start, end)), written }], next: end });
    }
    const end = this.valueEnd(match.kind, start);
    const value = textOf(this.tokens, start, end);
    const piece: OptionPiece = { field: VALUE_FIELDS[match.kind], value, written: `${match.keyword} ${value}` };
    return found({ pieces: [piece], next: end });
  }

  /** Where the value of a keyword option ends (exclusive). */
  private valueEnd(kind: TextKeyword, start: number): number {
    switch (kind) {
      case 'expiry':
        return this.expiryEnd(start);
      case 'phone':
        return this.phoneEnd(start, this.tokens.length);
      case 'name':
      case 'thanks':
        return this.phraseEnd(start);
      case 'usageLimit':
      case 'email':
      case 'orderId':
      case 'slug':
      case 'maximum':
      case 'amountMin':
      case 'quantity':
      case 'stock':
      case 'redirectUrl':
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

const VALUE_FIELDS: Readonly<Record<TextKeyword, Exclude<OptionPiece['field'], OfferListField>>> = {
  usageLimit: 'usageLimit',
  expiry: 'expiresAt',
  name: 'name',
  email: 'email',
  phone: 'phone',
  orderId: 'orderId',
  slug: 'slug',
  maximum: 'maximum',
  amountMin: 'amountMin',
  quantity: 'quantity',
  stock: 'stock',
  thanks: 'thanks',
  redirectUrl: 'redirectUrl',
};

/** `limit 1.000` is refused rather than read as 1: only plain digits are a count. */
function wholeNumber(text: string): number {
  return DIGITS_ONLY.test(text) ? Number(text) : Number.NaN;
}

/** Resolved options: `maximum` has become the usage limit or the highest amount. */
type AppliedPiece = Exclude<OptionPiece, { field: 'maximum' }>;

function resolveMaximum(piece: OptionPiece, open: boolean): AppliedPiece {
  if (piece.field !== 'maximum') return piece;
  return { field: open ? 'amountMax' : 'usageLimit', value: piece.value, written: piece.written };
}

function applyOption(settings: NewLinkSettings, piece: AppliedPiece, now: Date, open: boolean): void {
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
    default:
      applyOfferOption(settings.extras, piece.field, piece.value, open);
  }
}

const OPTION_FIELDS: ReadonlySet<string> = new Set<OptionField>(['usageLimit', 'expiresAt', 'name', 'phone', 'email', 'orderId', 'slug']);
const isOptionField = (field: AppliedPiece['field']): field is OptionField => OPTION_FIELDS.has(field);

function findRepeat(pieces: readonly AppliedPiece[]): ParseError | null {
  const seen = new Map<AppliedPiece['field'], string>();
  for (const piece of pieces) {
    const earlier = seen.get(piece.field);
    if (earlier !== undefined) {
      if (isOptionField(piece.field)) return parseError('OPTION_DUPLICATE', { written: piece.written, earlier, field: piece.field });
      return offerOptionTwice(piece.written, earlier);
    }
    seen.set(piece.field, piece.written);
  }
  return null;
}

/**
 * Each field at most once, then every value checked in the order written; the
 * first broken rule is reported. `open`: the link has an open amount, so `max`
 * is its highest amount rather than the usage limit.
 */
export function applyOptions(pieces: readonly OptionPiece[], now: Date, open = false): Outcome<NewLinkSettings> {
  const resolved = pieces.map((piece) => resolveMaximum(piece, open));
  const repeat = findRepeat(resolved);
  if (repeat) return fail(repeat);
  return attempt(() => {
    // One paid order unless the merchant says otherwise, as on the Midtrans dashboard.
    const settings: NewLinkSettings = { usageLimit: 1, expiresAt: null, customer: null, extras: {} };
    for (const piece of resolved) applyOption(settings, piece, now, open);
    return settings;
  });
}
