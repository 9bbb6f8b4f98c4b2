/**
 * Splits command arguments into words. Quotes keep words together
 * (`"Kaos 2 warna" 150000`) and make them literal: a quoted word is never read
 * as a price or an option keyword. Phones turn "..." into “...”, so curly and
 * guillemet quotes count too.
 */
export interface Token {
  text: string;
  quoted: boolean;
}

const OPENING_QUOTES = '"“”„«';
const CLOSING_QUOTES = '"“”»';

// A quote opens only at the start of a word, so the inch mark in `12"` stays text.
const WORD = new RegExp(`[${OPENING_QUOTES}]([^${CLOSING_QUOTES}]*)[${CLOSING_QUOTES}]|[^ ]+`, 'gu');

/**
 * `text` must already be normalised (single spaces). Returns null when a quote
 * is opened and never closed, because guessing where it ends could swallow the
 * price.
 */
export function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const [word, quotedText] = match;
    if (quotedText !== undefined) tokens.push({ text: quotedText.trim(), quoted: true });
    else if (OPENING_QUOTES.includes(word[0] ?? '')) return null;
    else tokens.push({ text: word, quoted: false });
  }
  return tokens;
}
