/**
 * The picture a chat app shows under a forwarded link (the page's
 * `og:image`): who is asking, for what, how much, and either a "Bayar" cue
 * or, when the link can no longer be paid, why not, so a stale forward does
 * not look payable. 1200×630 (the 1.91:1 Open Graph shape that WhatsApp,
 * Telegram and X show large), a flat PNG of a few tens of KB, far under
 * WhatsApp's 300 KB limit for link-preview images.
 */
import { createHash } from 'node:crypto';
import type { Locale } from '../../domain/errors.ts';
import type { Link, LinkState } from '../../domain/link.ts';
import { formatRupiah } from '../../domain/money.ts';
import { formatWib } from '../../domain/time.ts';
import { MESSAGES } from '../i18n.ts';
import { drawableText } from './fonts.ts';
import { svgToPng } from './render.ts';
import { COLOURS, estimateWidth, initialOf, svgDocument, textLine, wrap } from './svg.ts';

export const PREVIEW_CARD = { width: 1200, height: 630, type: 'image/png' } as const;

/** Everything the card shows; equal inputs draw equal cards (the cache key). */
export interface PreviewCardInput {
  locale: Locale;
  merchantName: string;
  itemName: string;
  price: number;
  expiresAt: Date | null;
  state: LinkState;
}

export function previewCardInput(link: Pick<Link, 'itemName' | 'price' | 'expiresAt'>, state: LinkState, locale: Locale, merchantName: string): PreviewCardInput {
  return { locale, merchantName, itemName: link.itemName, price: link.price, expiresAt: link.expiresAt, state };
}

/** The card's version: it changes whenever anything the card shows changes (a link selling out, a new name). */
export function previewVersion(input: PreviewCardInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 16);
}

const LEFT = 96;
const TEXT_WIDTH = PREVIEW_CARD.width - 2 * LEFT;

function badge(x: number, y: number, label: string, payable: boolean): string {
  const size = 38;
  const width = Math.min(TEXT_WIDTH, Math.round(estimateWidth(label, size, 700)) + 96);
  const height = 84;
  const left = x - width;
  return `<rect x="${left}" y="${y}" width="${width}" height="${height}" rx="${height / 2}" fill="${payable ? COLOURS.brand : COLOURS.badBg}"/>${textLine({
    x: left + width / 2,
    y: y + 55,
    size,
    weight: 700,
    fill: payable ? '#ffffff' : COLOURS.bad,
    text: label,
    maxWidth: width - 64,
    anchor: 'middle',
  })}`;
}

export function previewCardSvg(input: PreviewCardInput): string {
  const t = MESSAGES[input.locale];
  const payable = input.state === 'active';
  const merchant = drawableText(input.merchantName);
  const item = wrap(drawableText(input.itemName), 50, 700, TEXT_WIDTH, 2);
  const itemTop = 292;
  const itemLines = item.map((line, i) => textLine({ x: LEFT, y: itemTop + i * 62, size: 50, weight: 700, fill: COLOURS.ink, text: line, maxWidth: TEXT_WIDTH }));
  const priceY = itemTop + Math.max(0, item.length - 1) * 62 + 116;
  const price = formatRupiah(input.price);
  const priceWidth = Math.min(TEXT_WIDTH, estimateWidth(price, 104, 800));
  const struck = payable ? '' : `<rect x="${LEFT}" y="${priceY - 38}" width="${Math.round(priceWidth)}" height="8" rx="4" fill="${COLOURS.faded}"/>`;
  const footnote = payable
    ? input.expiresAt === null
      ? ''
      : t.validUntil(formatWib(input.expiresAt))
    : t.unavailableTitle[input.state === 'active' ? 'unknown' : input.state];
  const cue = payable ? t.card.pay : t.card.notPayable;
  return svgDocument(
    PREVIEW_CARD.width,
    PREVIEW_CARD.height,
    [
      `<rect width="${PREVIEW_CARD.width}" height="${PREVIEW_CARD.height}" fill="${COLOURS.page}"/>`,
      `<clipPath id="card"><rect x="40" y="40" width="${PREVIEW_CARD.width - 80}" height="${PREVIEW_CARD.height - 80}" rx="36"/></clipPath>`,
      `<rect x="40" y="40" width="${PREVIEW_CARD.width - 80}" height="${PREVIEW_CARD.height - 80}" fill="${COLOURS.card}" clip-path="url(#card)"/>`,
      // The edge says at a glance whether the link can be paid: brand blue, or red.
      `<rect x="40" y="40" width="16" height="${PREVIEW_CARD.height - 80}" fill="${payable ? COLOURS.brand : COLOURS.bad}" clip-path="url(#card)"/>`,
      `<circle cx="${LEFT + 48}" cy="136" r="48" fill="${COLOURS.brand}"/>`,
      textLine({ x: LEFT + 48, y: 154, size: 50, weight: 700, fill: '#ffffff', text: initialOf(input.merchantName), maxWidth: 70, anchor: 'middle' }),
      textLine({ x: LEFT + 124, y: 122, size: 26, weight: 400, fill: COLOURS.muted, text: t.payTo, maxWidth: TEXT_WIDTH - 124 }),
      textLine({ x: LEFT + 124, y: 166, size: 38, weight: 700, fill: COLOURS.ink, text: merchant, maxWidth: TEXT_WIDTH - 124 }),
      ...itemLines,
      textLine({ x: LEFT, y: priceY, size: 104, weight: 800, fill: payable ? COLOURS.ink : COLOURS.faded, text: price, maxWidth: TEXT_WIDTH }),
      struck,
      footnote === '' ? '' : textLine({ x: LEFT, y: 536, size: 28, weight: payable ? 400 : 700, fill: payable ? COLOURS.muted : COLOURS.bad, text: footnote, maxWidth: 560 }),
      badge(PREVIEW_CARD.width - LEFT, 478, cue, payable),
    ].join(''),
  );
}

export function renderPreviewCard(input: PreviewCardInput): Promise<Buffer> {
  return svgToPng(previewCardSvg(input));
}
