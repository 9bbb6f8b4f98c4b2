/**
 * The picture a chat app shows under a forwarded link (the page's
 * `og:image`): who is asking, for what, how much, and either a "Bayar" cue
 * or, when the link can no longer be paid, why not, so a stale forward does
 * not look payable. A flat PNG of a few tens of KB, far under WhatsApp's
 * 300 KB limit for link-preview images.
 */
import { createHash } from 'node:crypto';
import type { Locale } from '../../domain/locale.ts';
import type { Link, LinkState } from '../../domain/link.ts';
import { formatWib } from '../../domain/time.ts';
import { priceWords } from '../../notify/offer-words.ts';
import { wordsIn } from '../../text/catalog.ts';
import { drawableText } from './fonts.ts';
import { svgToPng } from './render.ts';
import { COLOURS, estimateWidth, initialOf, svgDocument, textLine, wrap } from './svg.ts';


/** Everything the card shows; equal inputs draw equal cards (the cache key). */
export interface PreviewCardInput {
  locale: Locale;
  merchantName: string;
  itemName: string;
  /** The price as the page words it: `Rp150.000`, `Rp50.000 per barang`, `Nominal bebas`. */
  price: string;
  expiresAt: Date | null;
  state: LinkState;
}

export function previewCardInput(
  link: Pick<Link, 'itemName' | 'price' | 'pricing' | 'quantity' | 'expiresAt'>,
  state: LinkState,
  locale: Locale,
  merchantName: string,
): PreviewCardInput {
  return { locale, merchantName, itemName: link.itemName, price: priceWords(link, wordsIn(locale)), expiresAt: link.expiresAt, state };
}

/** The card's version: it changes whenever anything the card shows changes (a link selling out, a new name). */
export function previewVersion(input: PreviewCardInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 16);
}

/**
 * Two shapes: the wide 1.91:1 card chat apps show large, and a square one,
 * because WhatsApp shows most previews as a small square thumbnail, cropped
 * from the middle of a wide image (docs/link-previews.md).
 */
export type PreviewShape = 'wide' | 'square';
/**
 * In og:image order: wide first (Telegram, X and most apps take the first
 * image), square last (WhatsApp takes the last one).
 */
export const PREVIEW_SHAPES: readonly PreviewShape[] = ['wide', 'square'];

interface Layout {
  width: number;
  height: number;
  inset: number;
  radius: number;
  left: number;
  avatar: { cy: number; r: number; size: number };
  payTo: { y: number; size: number };
  merchant: { y: number; size: number };
  item: { top: number; size: number; lineHeight: number };
  price: { gap: number; size: number };
  footnote: { y: number; size: number; maxWidth: number };
  /** The "Bayar" cue: right-aligned to its text, or across the card. */
  badge: { y: number; height: number; size: number; fullWidth: boolean };
}

const LAYOUTS: Readonly<Record<PreviewShape, Layout>> = {
  wide: {
    width: 1200,
    height: 630,
    inset: 40,
    radius: 36,
    left: 96,
    avatar: { cy: 136, r: 48, size: 50 },
    payTo: { y: 122, size: 26 },
    merchant: { y: 166, size: 38 },
    item: { top: 292, size: 50, lineHeight: 62 },
    price: { gap: 116, size: 104 },
    footnote: { y: 536, size: 28, maxWidth: 560 },
    badge: { y: 478, height: 84, size: 38, fullWidth: false },
  },
  square: {
    width: 600,
    height: 600,
    inset: 24,
    radius: 28,
    left: 60,
    avatar: { cy: 100, r: 38, size: 40 },
    payTo: { y: 90, size: 20 },
    merchant: { y: 124, size: 28 },
    item: { top: 232, size: 38, lineHeight: 48 },
    price: { gap: 92, size: 72 },
    footnote: { y: 428, size: 22, maxWidth: 480 },
    badge: { y: 456, height: 80, size: 34, fullWidth: true },
  },
};

export const PREVIEW_TYPE = 'image/png';

export const PREVIEW_SIZES: Readonly<Record<PreviewShape, { width: number; height: number }>> = {
  wide: { width: LAYOUTS.wide.width, height: LAYOUTS.wide.height },
  square: { width: LAYOUTS.square.width, height: LAYOUTS.square.height },
};

function badge(l: Layout, label: string, payable: boolean): string {
  const textWidth = l.width - 2 * l.left;
  const { y, height, size } = l.badge;
  const width = l.badge.fullWidth ? textWidth : Math.min(textWidth, Math.round(estimateWidth(label, size, 700)) + 96);
  const left = l.width - l.left - width;
  return `<rect x="${left}" y="${y}" width="${width}" height="${height}" rx="${height / 2}" fill="${payable ? COLOURS.brand : COLOURS.badBg}"/>${textLine({
    x: left + width / 2,
    y: y + Math.round(height / 2 + size * 0.36),
    size,
    weight: 700,
    fill: payable ? '#ffffff' : COLOURS.bad,
    text: label,
    maxWidth: width - 64,
    anchor: 'middle',
  })}`;
}

export function previewCardSvg(input: PreviewCardInput, shape: PreviewShape = 'wide'): string {
  const l = LAYOUTS[shape];
  const w = wordsIn(input.locale);
  const t = w.page;
  const payable = input.state === 'active';
  const textWidth = l.width - 2 * l.left;
  const beside = l.left + 2 * l.avatar.r + 28;
  const item = wrap(drawableText(input.itemName), l.item.size, 700, textWidth, 2);
  // A second line of item name starts half a line higher, so the price keeps its room above the footnote.
  const itemTop = l.item.top - Math.max(0, item.length - 1) * Math.round(l.item.lineHeight / 2);
  const itemLines = item.map((line, i) =>
    textLine({ x: l.left, y: itemTop + i * l.item.lineHeight, size: l.item.size, weight: 700, fill: COLOURS.ink, text: line, maxWidth: textWidth }),
  );
  const priceY = itemTop + Math.max(0, item.length - 1) * l.item.lineHeight + l.price.gap;
  const price = input.price;
  const priceWidth = Math.min(textWidth, estimateWidth(price, l.price.size, 800));
  const strike = Math.round(l.price.size * 0.36);
  const struck = payable ? '' : `<rect x="${l.left}" y="${priceY - strike}" width="${Math.round(priceWidth)}" height="${Math.max(4, Math.round(l.price.size / 13))}" rx="4" fill="${COLOURS.faded}"/>`;
  const footnote = payable
    ? input.expiresAt === null
      ? ''
      : t.validUntil(formatWib(input.expiresAt))
    : t.unavailableTitle[input.state === 'active' ? 'unknown' : input.state];
  const cue = payable ? w.common.pay : t.card.notPayable;
  const inner = { x: l.inset, y: l.inset, width: l.width - 2 * l.inset, height: l.height - 2 * l.inset };
  return svgDocument(
    l.width,
    l.height,
    [
      `<rect width="${l.width}" height="${l.height}" fill="${COLOURS.page}"/>`,
      `<clipPath id="card"><rect x="${inner.x}" y="${inner.y}" width="${inner.width}" height="${inner.height}" rx="${l.radius}"/></clipPath>`,
      `<rect x="${inner.x}" y="${inner.y}" width="${inner.width}" height="${inner.height}" fill="${COLOURS.card}" clip-path="url(#card)"/>`,
      // The edge says at a glance whether the link can be paid: brand blue, or red.
      `<rect x="${inner.x}" y="${inner.y}" width="${Math.round(l.inset * 0.4)}" height="${inner.height}" fill="${payable ? COLOURS.brand : COLOURS.bad}" clip-path="url(#card)"/>`,
      `<circle cx="${l.left + l.avatar.r}" cy="${l.avatar.cy}" r="${l.avatar.r}" fill="${COLOURS.brand}"/>`,
      textLine({
        x: l.left + l.avatar.r,
        y: l.avatar.cy + Math.round(l.avatar.size * 0.36),
        size: l.avatar.size,
        weight: 700,
        fill: '#ffffff',
        text: initialOf(input.merchantName),
        maxWidth: Math.round(l.avatar.r * 1.4),
        anchor: 'middle',
      }),
      textLine({ x: beside, y: l.payTo.y, size: l.payTo.size, weight: 400, fill: COLOURS.muted, text: t.payTo, maxWidth: l.width - l.left - beside }),
      textLine({ x: beside, y: l.merchant.y, size: l.merchant.size, weight: 700, fill: COLOURS.ink, text: drawableText(input.merchantName), maxWidth: l.width - l.left - beside }),
      ...itemLines,
      textLine({ x: l.left, y: priceY, size: l.price.size, weight: 800, fill: payable ? COLOURS.ink : COLOURS.faded, text: price, maxWidth: textWidth }),
      struck,
      footnote === ''
        ? ''
        : textLine({ x: l.left, y: l.footnote.y, size: l.footnote.size, weight: payable ? 400 : 700, fill: payable ? COLOURS.muted : COLOURS.bad, text: footnote, maxWidth: l.footnote.maxWidth }),
      badge(l, cue, payable),
    ].join(''),
  );
}

export function renderPreviewCard(input: PreviewCardInput, shape: PreviewShape = 'wide'): Promise<Buffer> {
  return svgToPng(previewCardSvg(input, shape));
}
