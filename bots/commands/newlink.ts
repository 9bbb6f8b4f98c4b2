/**
 * `/newlink <item name> <price> [options]`. The item name is free text and may
 * hold small numbers of its own ("Kaos 2 warna"), so the price is located
 * rather than assumed to be at a fixed place; a name holding a number of
 * Rp1.000 or more is quoted (`"Beras 5000 gram" 50000`).
 */
import { normalizeItemName } from '../../src/domain/link.ts';
import { parseRupiah } from '../../src/domain/money.ts';
import { SMALL_PRICE_BELOW, type GuidedNewLinkCommand, type NewLinkCommand, type NewLinkSettings } from './command.ts';
import { applyOptions, OptionScanner, type OptionPiece } from './newlink-options.ts';
import { Recogniser } from './recognise.ts';
import { attempt, fail, ok, parseError, type Outcome, type ParseError } from './parse-error.ts';
import type { Token } from './tokenize.ts';

interface NewLinkLayout {
  itemWords: string[];
  priceText: string;
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

function checkNewLink(layout: NewLinkLayout, now: Date): Outcome<NewLinkCommand> {
  const itemName = attempt(() => normalizeItemName(layout.itemWords.join(' ')));
  if (!itemName.ok) return itemName;
  const price = attempt(() => parseRupiah(layout.priceText));
  if (!price.ok) return price;
  const settings = applyOptions(layout.options, now);
  if (!settings.ok) return settings;
  return ok({ kind: 'newlink', guided: false, itemName: itemName.value, price: price.value, ...settings.value });
}

export function parseNewLink(tokens: readonly Token[], now: Date): Outcome<NewLinkCommand | GuidedNewLinkCommand> {
  if (tokens.length === 0) return ok({ kind: 'newlink', guided: true });
  const layout = locatePrice(tokens, now);
  return layout.ok ? checkNewLink(layout.value, now) : layout;
}

/** Options alone, read and checked by the same rules as behind a price. */
export function parseNewLinkSettings(tokens: readonly Token[], now: Date): Outcome<NewLinkSettings> {
  const scanned = new OptionScanner(tokens, new Recogniser(now)).scan(0);
  return scanned.ok ? applyOptions(scanned.value, now) : fail(scanned.explain());
}
