/**
 * The few SVG pieces the cards are made of. Text is measured by estimate
 * (Inter's average advance per weight), which only decides where a line
 * wraps; a line that may still be too wide is squeezed to fit with SVG's
 * `textLength`, so nothing ever runs off a card.
 */
import { escapeHtml } from '../../escape-html.ts';
import { drawableText, FONT_FAMILY } from './fonts.ts';

export type Weight = 400 | 700 | 800;

/** Average advance of mixed-case Latin text, in em, measured on Inter 4.0. */
const AVERAGE_ADVANCE: Readonly<Record<Weight, number>> = { 400: 0.55, 700: 0.59, 800: 0.61 };

export function estimateWidth(text: string, size: number, weight: Weight): number {
  return Array.from(text).length * size * AVERAGE_ADVANCE[weight];
}

/**
 * `text` in at most `maxLines` lines of `maxWidth`, breaking between words;
 * what does not fit ends the last line with "…".
 */
export function wrap(text: string, size: number, weight: Weight, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  const words = text.split(' ').filter((w) => w !== '');
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current === '' || estimateWidth(candidate, size, weight) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(`${current}…`);
      return lines;
    }
    lines.push(current);
    current = word;
  }
  if (current !== '') lines.push(current);
  return lines;
}

export interface TextSpec {
  x: number;
  y: number;
  size: number;
  weight: Weight;
  fill: string;
  text: string;
  maxWidth: number;
  anchor?: 'start' | 'middle' | 'end';
}

/** One line of text, already drawable (see drawableText), squeezed when it might be wider than maxWidth. */
export function textLine(spec: TextSpec): string {
  const squeeze = estimateWidth(spec.text, spec.size, spec.weight) > spec.maxWidth ? ` textLength="${spec.maxWidth}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text x="${spec.x}" y="${spec.y}" font-family="${FONT_FAMILY}" font-size="${spec.size}" font-weight="${spec.weight}" fill="${spec.fill}" text-anchor="${spec.anchor ?? 'start'}"${squeeze}>${escapeHtml(spec.text)}</text>`;
}

/** The merchant's initial for the round avatar (as on the pages), or "?" when the name has no drawable letter. */
export function initialOf(name: string): string {
  return Array.from(drawableText(name))[0]?.toUpperCase() ?? '?';
}

export function svgDocument(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

/** The colours of the customer pages (src/web/pages/layout.ts). */
export const COLOURS = {
  page: '#eef1f6',
  card: '#ffffff',
  ink: '#172033',
  muted: '#5b6678',
  faded: '#9aa3b2',
  brand: '#1d4ed8',
  badBg: '#fdecea',
  bad: '#b3261e',
} as const;
