/**
 * A card to print and stand on a shop counter: who is paid, for what, how
 * much, the link's QR code and its short URL for a phone that cannot scan.
 * A6 portrait at 300 dpi (105 × 148 mm = 1240 × 1748 px), drawn with the
 * same renderer and typeface as the preview card.
 */
import type { Locale } from '../../domain/locale.ts';
import { formatRupiah } from '../../domain/money.ts';
import { wordsIn } from '../../text/catalog.ts';
import { drawableText } from './fonts.ts';
import { qrSvg } from './qr.ts';
import { svgToPng } from './render.ts';
import { COLOURS, initialOf, svgDocument, textLine, wrap } from './svg.ts';

export const PRINT_CARD = { width: 1240, height: 1748, dpi: 300, type: 'image/png' } as const;

export interface PrintCardInput {
  locale: Locale;
  merchantName: string;
  itemName: string;
  price: number;
  /** The price in words (src/notify/offer-words.ts `priceWords`) where a number alone misleads: an open amount, a price per item. */
  priceText?: string;
  /** The link's public URL (what the QR encodes, and what is printed under it). */
  url: string;
}

const CENTER = PRINT_CARD.width / 2;
const TEXT_WIDTH = PRINT_CARD.width - 160;
const QR_SIZE = 620;
const QR_TOP = 800;

/** The URL as people type it: without the scheme. */
function shortLink(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

export async function printCardSvg(input: PrintCardInput): Promise<string> {
  const t = wordsIn(input.locale).page;
  const qr = Buffer.from(await qrSvg(input.url)).toString('base64');
  const item = wrap(drawableText(input.itemName), 56, 700, TEXT_WIDTH, 2);
  const itemTop = item.length > 1 ? 506 : 540;
  const text = (y: number, size: number, weight: 400 | 700 | 800, fill: string, value: string) =>
    textLine({ x: CENTER, y, size, weight, fill, text: value, maxWidth: TEXT_WIDTH, anchor: 'middle' });
  return svgDocument(
    PRINT_CARD.width,
    PRINT_CARD.height,
    [
      `<rect width="${PRINT_CARD.width}" height="${PRINT_CARD.height}" fill="${COLOURS.card}"/>`,
      `<rect x="0" y="0" width="${PRINT_CARD.width}" height="24" fill="${COLOURS.brand}"/>`,
      `<circle cx="${CENTER}" cy="180" r="84" fill="${COLOURS.brand}"/>`,
      textLine({ x: CENTER, y: 212, size: 88, weight: 700, fill: '#ffffff', text: initialOf(input.merchantName), maxWidth: 120, anchor: 'middle' }),
      text(340, 36, 400, COLOURS.muted, t.payTo),
      text(404, 60, 700, COLOURS.ink, drawableText(input.merchantName)),
      ...item.map((line, i) => text(itemTop + i * 68, 56, 700, COLOURS.ink, line)),
      text(726, 120, 800, COLOURS.ink, input.priceText ?? formatRupiah(input.price)),
      `<rect x="${CENTER - QR_SIZE / 2 - 30}" y="${QR_TOP - 30}" width="${QR_SIZE + 60}" height="${QR_SIZE + 60}" rx="36" fill="#ffffff" stroke="#d5dbe6" stroke-width="4"/>`,
      `<image x="${CENTER - QR_SIZE / 2}" y="${QR_TOP}" width="${QR_SIZE}" height="${QR_SIZE}" href="data:image/svg+xml;base64,${qr}"/>`,
      text(QR_TOP + QR_SIZE + 116, 52, 700, COLOURS.brand, t.card.scanToPay),
      text(QR_TOP + QR_SIZE + 184, 40, 400, COLOURS.ink, drawableText(shortLink(input.url))),
      text(PRINT_CARD.height - 60, 30, 400, COLOURS.muted, t.securedBy),
    ].join(''),
  );
}

/**
 * The printable card as a PNG (1240 × 1748, A6 at 300 dpi). For `/qr <ref>
 * cetak`: the caller sends the buffer as a document or photo.
 */
export async function renderPrintCard(input: PrintCardInput): Promise<Buffer> {
  return svgToPng(await printCardSvg(input));
}
