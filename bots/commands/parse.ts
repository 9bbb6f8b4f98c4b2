/**
 * The one command grammar shared by Telegram, WhatsApp and the console: message
 * text in; out comes a typed Command, a ParseError that says what was wrong and
 * shows a correct example, or "not a command" (plain chat, which the WhatsApp
 * adapter ignores). Pure: the only clock is `now`, and nothing is thrown for
 * any input.
 */
import { normalizeEmail, normalizePhone } from '../../src/domain/customer.ts';
import { parseRupiah } from '../../src/domain/money.ts';
import { validateOrderId, validateSlug } from '../../src/domain/link.ts';
import type { Command, CommandKind, Contact, LinkRef, NewLinkSettings } from './command.ts';
import type { LinkItem } from '../../src/domain/link-offer.ts';
import { ITEMS_EXAMPLE, parseItems, parseNewLink, parseNewLinkSettings } from './newlink.ts';
import { normalizeMessageText } from './normalize-text.ts';
import { attempt, EXAMPLE_ARGUMENTS, fail, OPTIONS_EXAMPLE, ok, parseError, withExample, type Outcome, type ParseError } from './parse-error.ts';
import { tokenize, type Token } from './tokenize.ts';
import { parseSummaryTime } from '../../src/reports/daily-summary.ts';
import { parsePeriod, type Period } from '../../src/reports/period.ts';
import { commandKindOf, isConfirmWord, isCustomerConnector, isIncludeInactiveWord, isPrintWord, localeOf, NOTIF_WORDS, STAFF_WORDS } from './vocabulary.ts';

export type { Command, CommandKind, Contact, GuidedNewLinkCommand, LinkRef, NewLinkCommand, NewLinkCustomer, NewLinkSettings } from './command.ts';
export type { DomainErrorCode, ParseError, ParseErrorCode } from './parse-error.ts';
export { COMMAND_WORDS } from './vocabulary.ts';

export type ParseResult =
  | { ok: true; command: Command }
  | { ok: false; notACommand: false; error: ParseError }
  | { ok: false; notACommand: true };

export interface ParseOptions {
  /** The Telegram bot's username (with or without `@`); `/cmd@OtherBot` is then not for us. */
  botUsername?: string;
  /** What relative expiries ("3d") count from and past dates are judged against. */
  now?: Date;
}

const MAX_MESSAGE_LENGTH = 2000;
/** Enough of an over-long message to tell whether it starts with a command, without normalising all of it. */
const HEAD_WINDOW = 100;

interface Head {
  /** As typed (`/`, `!` or nothing), so the example in an error matches the merchant's habit. */
  prefix: string;
  word: string;
  /** null: a prefixed word that is not one of ours. */
  kind: CommandKind | null;
  rest: string;
}

// Telegram's shape `/cmd@bot args`; on WhatsApp the prefix may be missing, and a mention never comes without it.
const HEAD = /^(?:([/!])([a-z0-9_]+)(?:@([a-z0-9_]+))?|([a-z0-9_]+))(?: (.*))?$/i;

function readHead(message: string, botUsername: string | undefined): Head | null {
  const match = HEAD.exec(message);
  if (!match) return null;
  const [, prefix = '', prefixedWord, mention, bareWord, rest = ''] = match;
  const ours = botUsername?.replace(/^@/, '').toLowerCase();
  if (mention !== undefined && ours !== undefined && mention.toLowerCase() !== ours) return null;
  const word = prefixedWord ?? bareWord ?? '';
  const kind = commandKindOf(word);
  // Without a prefix only our command words count, so "halo apa kabar" stays plain chat.
  if (kind === null && prefix === '') return null;
  return { prefix, word, kind, rest };
}

function exampleFor(head: Head): string {
  if (head.kind === null) return `${head.prefix}help`;
  return [`${head.prefix}${head.word.toLowerCase()}`, EXAMPLE_ARGUMENTS[head.kind]].filter(Boolean).join(' ');
}

function mapOutcome<T, U>(outcome: Outcome<T>, convert: (value: T) => U): Outcome<U> {
  return outcome.ok ? ok(convert(outcome.value)) : outcome;
}

function unexpected<T>(token: Token): Outcome<T> {
  return fail(parseError('ARGUMENT_UNEXPECTED', { input: token.text }));
}

const LIST_NUMBER = /^#?(\d{1,9})$/;

/**
 * Digits are the number shown by /links. Anything else is kept as typed: a
 * slug is matched case-insensitively but an Order ID is not, and only the
 * lookup knows which one it is.
 */
function parseRef(token: Token): Outcome<LinkRef> {
  const number = LIST_NUMBER.exec(token.text);
  if (number) {
    const value = Number(number[1]);
    return value > 0 ? ok({ kind: 'number', value }) : fail(parseError('REF_INVALID', { input: token.text }));
  }
  const isSlug = attempt(() => validateSlug(token.text)).ok;
  const isOrderId = attempt(() => validateOrderId(token.text)).ok;
  return isSlug || isOrderId ? ok({ kind: 'text', value: token.text }) : fail(parseError('REF_INVALID', { input: token.text }));
}

function parseOnlyRef(args: readonly Token[]): Outcome<LinkRef> {
  const [ref, extra] = args;
  if (!ref) return fail(parseError('REF_MISSING', {}));
  return extra ? unexpected(extra) : parseRef(ref);
}

/** `qr 3` is the QR; `qr 3 cetak` the printable card. */
function parseQr(args: readonly Token[]): Outcome<Extract<Command, { kind: 'qr' }>> {
  const last = args.at(-1);
  const print = args.length > 1 && last !== undefined && !last.quoted && isPrintWord(last.text);
  return mapOutcome(parseOnlyRef(print ? args.slice(0, -1) : args), (ref) => ({ kind: 'qr', ref, print }));
}

/** `delete 3` asks first; `delete 3 ya` is the answer (what the confirm button sends). */
function parseDelete(args: readonly Token[]): Outcome<Extract<Command, { kind: 'delete' }>> {
  const last = args.at(-1);
  const confirmed = args.length > 1 && last !== undefined && !last.quoted && isConfirmWord(last.text);
  return mapOutcome(parseOnlyRef(confirmed ? args.slice(0, -1) : args), (ref) => ({ kind: 'delete', ref, confirmed }));
}

function parseContact(text: string): Outcome<Contact> {
  if (text.includes('@')) return mapOutcome(attempt(() => normalizeEmail(text)), (value): Contact => ({ kind: 'email', value }));
  if (/^[+\d]/.test(text)) return mapOutcome(attempt(() => normalizePhone(text)), (value): Contact => ({ kind: 'phone', value }));
  return fail(parseError('SEND_TARGET_INVALID', { input: text }));
}

/** `send 3 0812…`, and as people say it: `kirim 3 ke 0812…`. A phone may be typed in groups. */
function parseSend(args: readonly Token[]): Outcome<Extract<Command, { kind: 'send' }>> {
  const [refToken, ...rest] = args;
  if (!refToken) return fail(parseError('REF_MISSING', {}));
  const ref = parseRef(refToken);
  if (!ref.ok) return ref;
  const target = rest[0] && isCustomerConnector(rest[0]) ? rest.slice(1) : rest;
  if (target.length === 0) return fail(parseError('SEND_TARGET_MISSING', {}));
  const to = parseContact(target.map((token) => token.text).join(' '));
  return mapOutcome(to, (contact) => ({ kind: 'send', ref: ref.value, to: contact }));
}

const PAGE_NUMBER = /^\d{1,6}$/;

/** `links`, `links 2`, `links semua`, `links all 2`: a page and "include inactive", each at most once. */
function parseLinks(args: readonly Token[]): Outcome<Extract<Command, { kind: 'links' }>> {
  let page: number | null = null;
  let includeInactive = false;
  for (const token of args) {
    if (page === null && PAGE_NUMBER.test(token.text) && Number(token.text) > 0) page = Number(token.text);
    else if (!includeInactive && !token.quoted && isIncludeInactiveWord(token.text)) includeInactive = true;
    else return unexpected(token);
  }
  return ok({ kind: 'links', page: page ?? 1, includeInactive });
}

/** Help always helps: a word after it that is not a command just gets the overview. */
function helpTopic(args: readonly Token[]): CommandKind | null {
  const first = args[0];
  return first ? commandKindOf(first.text.replace(/^[/!]/, '')) : null;
}

// Telegram's own limit for deep-link parameters.
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

function parseStart(args: readonly Token[]): Outcome<Extract<Command, { kind: 'start' }>> {
  if (args.length === 0) return ok({ kind: 'start', payload: null });
  const payload = args.map((token) => token.text).join(' ');
  return START_PAYLOAD.test(payload) ? ok({ kind: 'start', payload }) : fail(parseError('START_PAYLOAD_INVALID', { input: payload }));
}

function parseLang(args: readonly Token[]): Outcome<Extract<Command, { kind: 'lang' }>> {
  const [word, extra] = args;
  if (!word) return fail(parseError('LANG_MISSING', {}));
  if (extra) return unexpected(extra);
  const locale = localeOf(word.text);
  return locale ? ok({ kind: 'lang', locale }) : fail(parseError('LANG_UNKNOWN', { input: word.text }));
}

/** Midtrans's order id: at most 50 of `A-Z a-z 0-9 - _ . ~` (docs/midtrans.md, "Snap request"). */
const MIDTRANS_ORDER_ID = /^[A-Za-z0-9\-_.~]{1,50}$/;

function parseOrderId(args: readonly Token[]): Outcome<string> {
  const [id, extra] = args;
  if (!id) return fail(parseError('ORDER_MISSING', {}));
  if (extra) return unexpected(extra);
  return MIDTRANS_ORDER_ID.test(id.text) ? ok(id.text) : fail(parseError('ORDER_INVALID', { input: id.text }));
}

/** Midtrans documents no limit for a refund's `reason`; this one is assumed to be safe and keeps chat notes whole. */
const MAX_REFUND_REASON = 255;
const LOOKS_LIKE_MONEY = /^(?:rp\.?\s*)?\d/i;

/**
 * `refund INV-…-2`, `refund 3 50rb`, `refund 3 50rb barang rusak`, `refund 3 barang rusak`:
 * a ref (an order id or a link), then an amount if the next word is money, then the reason.
 */
function parseRefund(args: readonly Token[]): Outcome<Extract<Command, { kind: 'refund' }>> {
  const [refToken, amountToken, ...more] = args;
  if (!refToken) return fail(parseError('REF_MISSING', {}));
  const number = LIST_NUMBER.exec(refToken.text);
  const ref: Outcome<LinkRef> = number
    ? parseRef(refToken)
    : MIDTRANS_ORDER_ID.test(refToken.text)
      ? ok({ kind: 'text', value: refToken.text })
      : fail(parseError('REF_INVALID', { input: refToken.text }));
  if (!ref.ok) return ref;
  const amount = amountToken && !amountToken.quoted ? attempt(() => parseRupiah(amountToken.text)) : null;
  // `refund 3 0` or `refund 3 50.5` is a wrong amount, not a reason that refunds everything.
  if (amount && !amount.ok && LOOKS_LIKE_MONEY.test(amountToken!.text)) return fail(amount.error);
  const reasonTokens = amount?.ok ? more : args.slice(1);
  const reason = reasonTokens.map((token) => token.text).join(' ').slice(0, MAX_REFUND_REASON);
  return ok({ kind: 'refund', ref: ref.value, amount: amount?.ok ? amount.value : null, reason: reason === '' ? null : reason });
}

const isWord = (token: Token | undefined, words: readonly string[]): boolean =>
  token !== undefined && !token.quoted && words.includes(token.text.toLowerCase());

/** `staff`, `staff tambah`, `staff hapus Sari Dewi`, `staff izin refund`, `staff izin refund off`. */
function parseStaff(args: readonly Token[]): Outcome<Extract<Command, { kind: 'staff' }>> {
  const [first, second, third, extra] = args;
  if (first === undefined) return ok({ kind: 'staff', action: 'list' });
  if (isWord(first, STAFF_WORDS.add)) return second ? unexpected(second) : ok({ kind: 'staff', action: 'add' });
  if (isWord(first, STAFF_WORDS.remove)) return ok({ kind: 'staff', action: 'remove', name: args.slice(1).map((t) => t.text).join(' ') });
  if (isWord(first, STAFF_WORDS.allow) && isWord(second, STAFF_WORDS.refund)) {
    if (extra) return unexpected(extra);
    if (third && !isWord(third, STAFF_WORDS.off)) return unexpected(third);
    return ok({ kind: 'staff', action: 'allowRefunds', allowed: third === undefined });
  }
  return unexpected(first);
}

/** `notif di sini`, `notif di sini saja`, `notif off` (and `here`, `here only`). */
function parseNotif(args: readonly Token[]): Outcome<Extract<Command, { kind: 'notif' }>> {
  const words = args.map((t) => t.text.toLowerCase()).join(' ');
  if ((NOTIF_WORDS.off as readonly string[]).includes(words)) return ok({ kind: 'notif', mode: 'off' });
  for (const here of NOTIF_WORDS.here) {
    if (words === here) return ok({ kind: 'notif', mode: 'also' });
    if ((NOTIF_WORDS.only as readonly string[]).some((only) => words === `${here} ${only}`)) return ok({ kind: 'notif', mode: 'instead' });
  }
  const [first] = args;
  return first ? unexpected(first) : fail(parseError('ARGUMENT_UNEXPECTED', { input: '' }));
}

/** `rekap`, `rekap kemarin`, `export 1/11-15/11`: every word after the command is the period. */
function parsePeriodArguments(args: readonly Token[], now: Date): Outcome<Period> {
  return attempt(() => parsePeriod(args.map((token) => token.text).join(' '), now));
}

/** `ringkasan 21:00`, `ringkasan off`, or `ringkasan` alone to hear how it is set. */
function parseDailySummary(args: readonly Token[]): Outcome<Extract<Command, { kind: 'dailySummary' }>> {
  const [time, extra] = args;
  if (!time) return ok({ kind: 'dailySummary', set: null });
  if (extra) return unexpected(extra);
  return mapOutcome(attempt(() => parseSummaryTime(time.text)), (set) => ({ kind: 'dailySummary', set: set ?? 'off' }));
}

/** `/batal 3` is refused rather than ignored: the merchant may have meant `/hapus 3`. */
function withoutArguments<C extends Command>(args: readonly Token[], command: C): Outcome<C> {
  const [extra] = args;
  return extra ? unexpected(extra) : ok(command);
}

const ARGUMENT_PARSERS: { [K in CommandKind]: (args: readonly Token[], now: Date) => Outcome<Extract<Command, { kind: K }>> } = {
  newlink: parseNewLink,
  links: parseLinks,
  link: (args) => mapOutcome(parseOnlyRef(args), (ref) => ({ kind: 'link', ref })),
  delete: parseDelete,
  qr: parseQr,
  send: parseSend,
  help: (args) => ok({ kind: 'help', topic: helpTopic(args) }),
  start: parseStart,
  lang: parseLang,
  cancel: (args) => withoutArguments(args, { kind: 'cancel' }),
  approve: (args) => mapOutcome(parseOrderId(args), (orderId) => ({ kind: 'approve', orderId })),
  deny: (args) => mapOutcome(parseOrderId(args), (orderId) => ({ kind: 'deny', orderId })),
  refund: parseRefund,
  staff: parseStaff,
  notif: parseNotif,
  report: (args, now) => mapOutcome(parsePeriodArguments(args, now), (period) => ({ kind: 'report', period })),
  dailySummary: parseDailySummary,
  export: (args, now) => mapOutcome(parsePeriodArguments(args, now), (period) => ({ kind: 'export', period })),
};

const isTooLong = (text: string): boolean => text.length > MAX_MESSAGE_LENGTH;
const tooLongError = (text: string): ParseError => parseError('MESSAGE_TOO_LONG', { length: text.length, max: MAX_MESSAGE_LENGTH });

function readTokens(text: string): Outcome<Token[]> {
  const tokens = tokenize(text);
  return tokens === null ? fail(parseError('QUOTE_UNCLOSED', {})) : ok(tokens);
}

function parseArguments(head: Head, now: Date): Outcome<Command> {
  const { kind } = head;
  if (kind === null) return fail(parseError('COMMAND_UNKNOWN', { word: `${head.prefix}${head.word}` }));
  const args = readTokens(head.rest);
  return args.ok ? ARGUMENT_PARSERS[kind](args.value, now) : args;
}

function readSettings(text: string, now: Date, open: boolean): Outcome<NewLinkSettings> {
  if (isTooLong(text)) return fail(tooLongError(text));
  const tokens = readTokens(normalizeMessageText(text));
  return tokens.ok ? parseNewLinkSettings(tokens.value, now, open) : tokens;
}

export function parseCommand(text: string, options: ParseOptions = {}): ParseResult {
  const tooLong = isTooLong(text);
  const message = normalizeMessageText(tooLong ? text.slice(0, HEAD_WINDOW) : text);
  const head = readHead(message, options.botUsername);
  if (head === null) return { ok: false, notACommand: true };
  const outcome = tooLong ? fail<Command>(tooLongError(text)) : parseArguments(head, options.now ?? new Date());
  if (outcome.ok) return { ok: true, command: outcome.value };
  return { ok: false, notACommand: false, error: withExample(outcome.error, exampleFor(head)) };
}

export type SettingsResult = { ok: true; settings: NewLinkSettings } | { ok: false; error: ParseError };

export type ItemsResult = { ok: true; items: LinkItem[] } | { ok: false; error: ParseError };

/** `Kaos 150000 + Topi 50000`: the items of a link, for a conversation that asks for them. */
export function parseNewLinkItems(text: string, options: Pick<ParseOptions, 'now'> = {}): ItemsResult {
  const tokens = isTooLong(text) ? fail<Token[]>(tooLongError(text)) : readTokens(normalizeMessageText(text));
  const outcome = tokens.ok ? parseItems(tokens.value, options.now ?? new Date()) : tokens;
  return outcome.ok ? { ok: true, items: outcome.value } : { ok: false, error: withExample(outcome.error, ITEMS_EXAMPLE) };
}

/**
 * The options part of /newlink on its own (`x5 exp 31/12 ke 0812…`), for a
 * conversation that asked for item and price separately. Empty text gives the
 * defaults: one use, no expiry, no customer. `open`: the link has an open
 * amount, so `min`, `max` and `pilihan` are its bounds and presets.
 */
export function parseNewLinkOptions(text: string, options: Pick<ParseOptions, 'now'> & { open?: boolean } = {}): SettingsResult {
  const outcome = readSettings(text, options.now ?? new Date(), options.open ?? false);
  return outcome.ok ? { ok: true, settings: outcome.value } : { ok: false, error: withExample(outcome.error, OPTIONS_EXAMPLE) };
}
