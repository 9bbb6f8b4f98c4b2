/**
 * `/newlink <item name> <price> [options]`. The item name is free text and may
 * hold numbers of its own ("Kaos 2 warna"), so the price is located rather than
 * assumed to be at a fixed place.
 */
import { normalizeItemName } from '../../src/domain/link.ts';
import { parseRupiah } from '../../src/domain/money.ts';
import type { GuidedNewLinkCommand, NewLinkCommand, NewLinkSettings } from './command.ts';
import { applyOptions, OptionScanner, type OptionPiece } from './newlink-options.ts';
import { attempt, fail, ok, parseError, type Outcome, type ParseError } from './parse-error.ts';
import type { Token } from './tokenize.ts';

interface NewLinkLayout {
  itemWords: string[];
  priceText: string;
  options: OptionPiece[];
}

const hasDigit = (text: string): boolean => /\d/.test(text);

/**
 * Written like a price, even if out of range: "0", "-5000" and "150.000,50"
 * are meant as prices and deserve the domain's message about them.
 */
function looksLikePrice(text: string): boolean {
  if (!hasDigit(text)) return false;
  const read = attempt(() => parseRupiah(text));
  return read.ok || read.error.code !== 'PRICE_INVALID';
}

/**
 * How many words the price at `start` may span, longest first: `2 juta`,
 * `150 rb` and `Rp 150.000` are one price written as two words.
 */
function priceLengthsAt(tokens: readonly Token[], start: number): number[] {
  const first = tokens[start];
  const second = tokens[start + 1];
  if (!first || first.quoted) return [];
  const lengths: number[] = [];
  // Exactly one of the two words holds digits, so "Kaos 2 150000" never becomes 2150000.
  const joinable = second && !second.quoted && hasDigit(first.text) !== hasDigit(second.text);
  if (joinable && looksLikePrice(first.text + second.text)) lengths.push(2);
  if (looksLikePrice(first.text)) lengths.push(1);
  return lengths;
}

function missingPart(tokens: readonly Token[]): ParseError {
  const startsWithPrice = priceLengthsAt(tokens, 0).length > 0;
  return parseError(startsWithPrice ? 'NEWLINK_MISSING_ITEM' : 'NEWLINK_MISSING_PRICE', {});
}

/** Every way the words split into item name, price and options, leftmost price first. */
interface Layouts {
  layouts: NewLinkLayout[];
  /** Why the rightmost price-like word could not be the price: the most telling error when none can. */
  lastFailure: ParseError | null;
}

/**
 * A price needs at least one word of item name before it, and everything
 * behind it must read as options. Words inside the name that look like prices
 * ("Kaos 2 warna 150000") fail that test, because what follows them is not
 * options.
 */
function findLayouts(tokens: readonly Token[], now: Date): Layouts {
  const options = new OptionScanner(tokens, now);
  const words = (from: number, to: number) => tokens.slice(from, to).map((token) => token.text);
  const found: Layouts = { layouts: [], lastFailure: null };
  for (let start = 1; start < tokens.length; start += 1) {
    for (const length of priceLengthsAt(tokens, start)) {
      const scanned = options.scan(start + length);
      if (scanned.ok) found.layouts.push({ itemWords: words(0, start), priceText: words(start, start + length).join(''), options: scanned.value });
      else found.lastFailure = scanned.error;
    }
  }
  return found;
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

/**
 * The first layout whose values all pass the rules wins. Leftmost first keeps
 * the 5 of "limit 5" from being taken for the price; passing the rules lets
 * "Paket 2 untuk Budi 50000" cost 50000 rather than 2 with the phone "50000".
 * When no layout passes, the leftmost one's error says what to fix.
 */
export function parseNewLink(tokens: readonly Token[], now: Date): Outcome<NewLinkCommand | GuidedNewLinkCommand> {
  if (tokens.length === 0) return ok({ kind: 'newlink', guided: true });
  const { layouts, lastFailure } = findLayouts(tokens, now);
  let firstFailure: ParseError | null = null;
  for (const layout of layouts) {
    const checked = checkNewLink(layout, now);
    if (checked.ok) return checked;
    firstFailure ??= checked.error;
  }
  return fail(firstFailure ?? lastFailure ?? missingPart(tokens));
}

/** Options alone, read and checked by the same rules as behind a price. */
export function parseNewLinkSettings(tokens: readonly Token[], now: Date): Outcome<NewLinkSettings> {
  const scanned = new OptionScanner(tokens, now).scan(0);
  return scanned.ok ? applyOptions(scanned.value, now) : scanned;
}
