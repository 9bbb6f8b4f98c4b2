/**
 * `/newlink <item name> <price> [options]`. The item name is free text and may
 * hold small numbers of its own ("Kaos 2 warna"), so the price is located
 * rather than assumed to be at a fixed place; a name holding a number of
 * Rp1.000 or more is quoted (`"Beras 5000 gram" 50000`). Where the price
 * goes, `seikhlasnya` (or `harga bebas`) makes an open amount; several items
 * are joined with ` + ` (`Kaos 150000 + Topi 50000`), options after the last.
 */
import { normalizeItemName } from '../../src/domain/link.ts';
import { checkOffer, type LinkItem } from '../../src/domain/link-offer.ts';
import { parseRupiah } from '../../src/domain/money.ts';
import { SMALL_PRICE_BELOW, type GuidedNewLinkCommand, type NewLinkCommand, type NewLinkSettings } from './command.ts';
import { applyOptions, OptionScanner, type OptionPiece } from './newlink-options.ts';
import { offerInput, openAmountAmongItems, optionsBeforeLastItem } from './offer-options.ts';
import { openAmountAt } from './vocabulary.ts';
import { Recogniser } from './recognise.ts';
import { attempt, fail, ok, parseError, type Outcome, type ParseError } from './parse-error.ts';
import type { Token } from './tokenize.ts';

interface NewLinkLayout {
  itemWords: string[];
  /** null: an open amount (`seikhlasnya`). */
  priceText: string | null;
  options: OptionPiece[];
}

const hasDigit = (text: string): boolean => /\d/.test(text);

/**
 * How many words the price at `start` may span, longest first: `2 juta`,
 * `150 rb` and `Rp 150.000` are one price written as two words.
 */
function priceLengthsAt(tokens: readonly Token[], start: number, recogniser: Recogniser): number[] {
  const first = tokens[start];
  const second = tokens[start + 1];
  if (!first || first.quoted) return [];
  const lengths: number[] = [];
  // Exactly one of the two words holds digits, so "Kaos 2 150000" never becomes 2150000.
  const joinable = second && !second.quoted && hasDigit(first.text) !== hasDigit(second.text);
  if (joinable && recogniser.looksLikePrice(first.text + second.text)) lengths.push(2);
  if (recogniser.looksLikePrice(first.text)) lengths.push(1);
  return lengths;
}

function missingPart(tokens: readonly Token[], recogniser: Recogniser): ParseError {
  const startsWithPrice = priceLengthsAt(tokens, 0, recogniser).length > 0;
  return parseError(startsWithPrice ? 'NEWLINK_MISSING_ITEM' : 'NEWLINK_MISSING_PRICE', {});
}

/**
 * A candidate price that may still be part of the item name when options do
 * not follow it: a whole amount under Rp1.000 ("Kaos 2 warna 150000", "Tiket
 * 100 150000"). Anything larger, or anything the domain refuses, was meant as
 * the price, so an unknown word after it is reported instead of the search
 * moving on to a later number ("Kaos 150000 ukuran 2" never becomes Rp2).
 */
function mayBeInItemName(priceText: string): boolean {
  const read = attempt(() => parseRupiah(priceText));
  return read.ok && read.value < SMALL_PRICE_BELOW;
}

/**
 * A word where the price belongs (options, or nothing, follow it) that holds
 * digits but is not a number, such as `15O000` typed with the letter O: the
 * domain's "not a number" message shows it back, which says more than "the
 * price is missing".
 */
function misspeltPrice(tokens: readonly Token[], options: OptionScanner): ParseError | null {
  for (let index = tokens.length - 1; index >= 1; index -= 1) {
    const token = tokens[index];
    if (!token || token.quoted || !hasDigit(token.text) || !options.scan(index + 1).ok) continue;
    const read = attempt(() => parseRupiah(token.text));
    return read.ok ? null : read.error;
  }
  return null;
}

/**
 * The grammar: item name, then the price, then options. The price is the first
 * price-like word, after at least one word of item name, behind which
 * everything reads as options. Only a small number (under Rp1.000) may be
 * passed over as part of the name ("Kaos 2 warna 150000"); taking the first
 * candidate (not the last) keeps the 5 of "limit 5" from being taken for the
 * price. A larger number in an item name is written in quotes. Values are
 * checked only afterwards, so a bad value is reported instead of silently
 * moving the price to a later word.
 */
function locatePrice(tokens: readonly Token[], now: Date): Outcome<NewLinkLayout> {
  const recogniser = new Recogniser(now);
  const options = new OptionScanner(tokens, recogniser);
  const words = (from: number, to: number) => tokens.slice(from, to).map((token) => token.text);
  // When no word can be the price, the rightmost price-like word's failure is the most telling.
  let lastFailure: (() => ParseError) | null = null;
  for (let start = 1; start < tokens.length; start += 1) {
    // `seikhlasnya` where the price goes is never part of a name: what follows it must be options.
    const open = openAmountAt(tokens, start);
    if (open > 0) {
      const scanned = options.scan(start + open);
      return scanned.ok ? ok({ itemWords: words(0, start), priceText: null, options: scanned.value }) : fail(scanned.explain());
    }
    for (const length of priceLengthsAt(tokens, start, recogniser)) {
      const priceText = words(start, start + length).join('');
      const scanned = options.scan(start + length);
      if (scanned.ok) return ok({ itemWords: words(0, start), priceText, options: scanned.value });
      if (!mayBeInItemName(priceText)) return fail(scanned.explain());
      lastFailure = scanned.explain;
    }
  }
  const misspelt = misspeltPrice(tokens, options);
  if (misspelt) return fail(misspelt);
  return fail(lastFailure ? lastFailure() : missingPart(tokens, recogniser));
}

/** One item of several: `Topi 50000`, nothing after its price. */
function checkItem(tokens: readonly Token[], now: Date): Outcome<LinkItem> {
  const layout = locatePrice(tokens, now);
  if (!layout.ok) return layout;
  const { itemWords, priceText, options } = layout.value;
  if (priceText === null) return fail(openAmountAmongItems());
  if (options.length > 0) return fail(optionsBeforeLastItem());
  return attempt(() => ({ name: normalizeItemName(itemWords.join(' ')), price: parseRupiah(priceText) }));
}

/**
 * The link the parts ask for, checked as a whole by the domain (an open
 * amount's bounds, a quantity only on one item, the total within range).
 * `items`: the items before the last, when there are several.
 */
export function newLinkCommand(
  itemName: string,
  price: number | null,
  settings: NewLinkSettings,
  items: LinkItem[] | null,
): Outcome<NewLinkCommand> {
  const { extras, ...rest } = settings;
  const offer = offerInput(price === null ? { kind: 'open' } : { kind: 'fixed', items }, extras);
  const checked = attempt(() => checkOffer(itemName, price, offer));
  if (!checked.ok) return checked;
  return ok({ kind: 'newlink', guided: false, itemName: checked.value.itemName, price: checked.value.price, offer, ...rest });
}

function checkNewLink(layout: NewLinkLayout, earlierItems: LinkItem[], now: Date): Outcome<NewLinkCommand> {
  const itemName = attempt(() => normalizeItemName(layout.itemWords.join(' ')));
  if (!itemName.ok) return itemName;
  const { priceText } = layout;
  if (priceText === null && earlierItems.length > 0) return fail(openAmountAmongItems());
  const price = priceText === null ? ok(null) : attempt(() => parseRupiah(priceText));
  if (!price.ok) return price;
  const settings = applyOptions(layout.options, now, price.value === null);
  if (!settings.ok) return settings;
  const items = earlierItems.length > 0 ? [...earlierItems, { name: itemName.value, price: price.value! }] : null;
  return newLinkCommand(itemName.value, price.value, settings.value, items);
}

/** The parts of `Kaos 150000 + Topi 50000`: split at each unquoted `+` standing alone. */
function splitItems(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const token of tokens) {
    if (!token.quoted && token.text === '+') parts.push([]);
    else parts.at(-1)!.push(token);
  }
  return parts;
}

export const ITEMS_EXAMPLE = 'Kaos 150000 + Topi 50000 + Ongkir 20000';

/** Items alone (`Kaos 150000 + Topi 50000`), no options: for a conversation that asks for them. */
export function parseItems(tokens: readonly Token[], now: Date): Outcome<LinkItem[]> {
  const items: LinkItem[] = [];
  for (const part of splitItems(tokens)) {
    const item = checkItem(part, now);
    if (!item.ok) return item;
    items.push(item.value);
  }
  return ok(items);
}

export function parseNewLink(tokens: readonly Token[], now: Date): Outcome<NewLinkCommand | GuidedNewLinkCommand> {
  if (tokens.length === 0) return ok({ kind: 'newlink', guided: true });
  const parts = splitItems(tokens);
  const earlierItems: LinkItem[] = [];
  for (const part of parts.slice(0, -1)) {
    const item = checkItem(part, now);
    if (!item.ok) return item;
    earlierItems.push(item.value);
  }
  const layout = locatePrice(parts.at(-1)!, now);
  return layout.ok ? checkNewLink(layout.value, earlierItems, now) : layout;
}

/** Options alone, read and checked by the same rules as behind a price; `open`: for an open amount. */
export function parseNewLinkSettings(tokens: readonly Token[], now: Date, open = false): Outcome<NewLinkSettings> {
  const scanned = new OptionScanner(tokens, new Recogniser(now)).scan(0);
  return scanned.ok ? applyOptions(scanned.value, now, open) : fail(scanned.explain());
}
