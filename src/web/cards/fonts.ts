/**
 * The one typeface the cards are drawn in: Inter (SIL OFL 1.1), shipped in
 * assets/fonts/ as subsets that cover exactly FONT_COVERAGE (see
 * assets/fonts/README.md for how they were made). Nothing is loaded from the
 * system, so a card looks the same on every server, and text is reduced to
 * what the font can draw: an emoji or a script outside the subset is left
 * out instead of becoming an empty box.
 */
import { fileURLToPath } from 'node:url';

export const FONT_FAMILY = 'Inter';

const FONT_DIR = new URL('../../../assets/fonts/', import.meta.url);

/** Regular (400), Bold (700) and ExtraBold (800). */
export const FONT_FILES: readonly string[] = ['Inter-Regular.subset.otf', 'Inter-Bold.subset.otf', 'Inter-ExtraBold.subset.otf'].map((name) =>
  fileURLToPath(new URL(name, FONT_DIR)),
);

/**
 * The code points the subsets keep (inclusive ranges): ASCII, Latin-1 and
 * Latin Extended-A (every letter Indonesian and its neighbours use), general
 * punctuation (· • … – — ‘ ’ “ ”), € and ™.
 */
export const FONT_COVERAGE: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
];

function drawable(codePoint: number): boolean {
  return FONT_COVERAGE.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/**
 * `text` as the cards can draw it: NFC (so "e" + combining accent becomes
 * "é", which the font has), characters outside the font dropped, and the
 * spaces they leave collapsed. "Kaos 🎉 Hitam" becomes "Kaos Hitam".
 */
export function drawableText(text: string): string {
  const kept = Array.from(text.normalize('NFC'))
    .map((c) => (/\s/.test(c) ? ' ' : c))
    .filter((c) => drawable(c.codePointAt(0)!));
  return kept.join('').replace(/ {2,}/g, ' ').trim();
}
