/**
 * The /newlink options of rich links (issue 17): `min 10rb max 5jt`,
 * `pilihan 25rb,50rb`, `jumlah 1-5`, `stok 20`, `metode qris,va`,
 * `tanya "Ukuran"`, `wajib nama,hp`, `pesan "…"`, `kembali https://…`.
 * Each value is checked by the domain's rule for it (link-offer.ts,
 * payment-methods.ts); this module only says which rule reads which option
 * and how list values are written.
 */
import { ValidationError } from '../../src/domain/errors.ts';
import {
  validateAsks,
  validateQuantityRange,
  validateQuestions,
  validateRedirectUrl,
  validateStock,
  validateThanks,
  type ContactAsks,
  type LinkItem,
  type OfferInput,
} from '../../src/domain/link-offer.ts';
import { parseRupiah } from '../../src/domain/money.ts';
import { parsePaymentMethods } from '../../src/domain/payment-methods.ts';
import type { OfferExtras } from './command.ts';
import type { Token } from './tokenize.ts';
import { CONTACT_FIELD_WORDS } from './vocabulary.ts';

/** Option fields of rich links that take one word or a phrase. */
export type OfferTextField = 'amountMin' | 'amountMax' | 'quantity' | 'stock' | 'thanks' | 'redirectUrl';
/** Option fields of rich links that take a comma-separated list. */
export type OfferListField = 'presets' | 'methods' | 'questions' | 'asks';
export type OfferField = OfferTextField | OfferListField;

export type OfferGrammarErrorCode = 'OPEN_AMOUNT_OPTION' | 'ASKS_UNKNOWN' | 'ITEM_OPTIONS_AT_END' | 'OPEN_AMOUNT_ALONE' | 'OFFER_OPTION_TWICE';

const grammarError = (code: OfferGrammarErrorCode, phrase: ConstructorParameters<typeof ValidationError>[1], details: Record<string, unknown> = {}) =>
  new ValidationError<OfferGrammarErrorCode>(code, phrase, details);

/**
 * The items of a list value: a quoted word is one item whatever it holds
 * (`"Ukuran, warna"`), an unquoted one is split at its commas
 * (`qris,gopay` and `qris, gopay` alike).
 */
export function listItems(tokens: readonly Token[]): string[] {
  return tokens.flatMap((token) =>
    token.quoted
      ? [token.text]
      : token.text
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
  );
}

/** Where a list value starting at `start` ends: it goes on while a comma joins one word to the next. */
export function listEnd(tokens: readonly Token[], start: number): number {
  let end = start + 1;
  while (end < tokens.length && (tokens[end - 1]!.text.endsWith(',') || tokens[end]!.text.startsWith(','))) end += 1;
  return end;
}

/** `1-5`, `1–5` or just `5` (one to five). */
function quantityRange(text: string): { min: number; max: number } {
  const range = /^(\d{1,4})\s*[-–—]\s*(\d{1,4})$/.exec(text) ?? /^()(\d{1,4})$/.exec(text);
  const min = range ? Number(range[1] || 1) : Number.NaN;
  const max = range ? Number(range[2]) : Number.NaN;
  return validateQuantityRange({ min, max });
}

/** `limit 1.000` style: only plain digits are a count. */
const wholeNumber = (text: string): number => (/^\d+$/.test(text) ? Number(text) : Number.NaN);

function contactAsks(words: readonly string[]): ContactAsks {
  const asks: ContactAsks = { name: false, phone: false, email: false };
  for (const word of words) {
    const lower = word.toLowerCase();
    const field = (Object.keys(CONTACT_FIELD_WORDS) as Array<keyof ContactAsks>).find((f) => CONTACT_FIELD_WORDS[f].includes(lower));
    if (field === undefined) throw grammarError('ASKS_UNKNOWN', (w) => w.links.asksUnknown(word.slice(0, 30)), { input: word.slice(0, 30) });
    asks[field] = true;
  }
  return validateAsks(asks);
}

/** Checks one option's value with its domain rule and records it; `open` says whether the link has an open amount. */
export function applyOfferOption(extras: OfferExtras, field: OfferField, value: string | string[], open: boolean): void {
  const text = typeof value === 'string' ? value : value.join(',');
  const list = typeof value === 'string' ? [value] : value;
  switch (field) {
    case 'amountMin':
    case 'amountMax':
    case 'presets':
      if (!open) throw grammarError('OPEN_AMOUNT_OPTION', (w) => w.links.openAmountOption, { field });
      if (field === 'amountMin') extras.min = parseRupiah(text);
      else if (field === 'amountMax') extras.max = parseRupiah(text);
      else extras.presets = list.map(parseRupiah);
      return;
    case 'quantity':
      extras.quantity = quantityRange(text);
      return;
    case 'stock':
      extras.stock = validateStock(wholeNumber(text));
      return;
    case 'methods':
      extras.methods = parsePaymentMethods(list);
      return;
    case 'questions':
      extras.questions = validateQuestions(list);
      return;
    case 'asks':
      extras.asks = contactAsks(list);
      return;
    case 'thanks':
      extras.thanks = validateThanks(text);
      return;
    case 'redirectUrl':
      extras.redirectUrl = validateRedirectUrl(text);
      return;
  }
}

/** `written` was given for a field that already had `earlier`. */
export function offerOptionTwice(written: string, earlier: string): ValidationError<OfferGrammarErrorCode> {
  const cut = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);
  return grammarError('OFFER_OPTION_TWICE', (w) => w.links.optionTwice(cut(earlier), cut(written)), { written: cut(written), earlier: cut(earlier) });
}

/** An item before the last one was followed by options: they go after the last item. */
export function optionsBeforeLastItem(): ValidationError<OfferGrammarErrorCode> {
  return grammarError('ITEM_OPTIONS_AT_END', (w) => w.links.itemOptionsAtEnd);
}

/** `seikhlasnya` among several items. */
export function openAmountAmongItems(): ValidationError<OfferGrammarErrorCode> {
  return grammarError('OPEN_AMOUNT_ALONE', (w) => w.links.openAmountAlone);
}

/** The offer a /newlink asks for: its pricing (one price, several items, or open) with the options' extras. */
export function offerInput(pricing: { kind: 'fixed'; items: LinkItem[] | null } | { kind: 'open' }, extras: OfferExtras): OfferInput {
  const { min, max, presets, ...rest } = extras;
  if (pricing.kind === 'open') return { ...rest, open: { min: min ?? null, max: max ?? null, presets: presets ?? [] } };
  return pricing.items ? { ...rest, items: pricing.items } : rest;
}
