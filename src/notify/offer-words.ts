/**
 * How a link's offer reads to people, the same on the page, in notices and on
 * the cards: its price (`Rp150.000`, `Rp50.000 per barang`, `Nominal bebas`)
 * and what an order bought (`3 × Kaos`). The words come from the catalog;
 * the rules (what an order's lines are) from src/domain/link-offer.ts.
 */
import type { LinkOffer, LinkPricing, OrderLine } from '../domain/link-offer.ts';
import { formatRupiah } from '../domain/money.ts';
import type { Catalog } from '../text/catalog.ts';

/** What the price words read of a link (a Link, or a notice's snapshot of one). */
export type PricedLink = Pick<LinkOffer, 'pricing' | 'quantity'> & { price: number };

/** The price a customer sees before choosing anything. */
export function priceWords(link: PricedLink, w: Catalog): string {
  if (link.pricing.kind === 'open') return w.links.pagePriceOpen;
  // A link with a quantity has one item, and `price` is that item's.
  if (link.quantity !== null) return w.links.pagePricePerItem(formatRupiah(link.price));
  return formatRupiah(link.price);
}

/** An open amount's bounds (`Mulai Rp10.000`, `Rp10.000–Rp5.000.000`), or null when it has none. */
export function boundsWords(pricing: Extract<LinkPricing, { kind: 'open' }>, w: Catalog): string | null {
  const { min, max } = pricing;
  if (min !== null && max !== null) return `${formatRupiah(min)}–${formatRupiah(max)}`;
  if (min !== null) return w.links.pagePriceFrom(formatRupiah(min));
  if (max !== null) return w.links.pagePriceUpTo(formatRupiah(max));
  return null;
}

/** `3 × Kaos`; one of something is just its name. */
export function lineWords(line: Pick<OrderLine, 'name' | 'quantity'>): string {
  return line.quantity === 1 ? line.name : `${line.quantity} × ${line.name}`;
}
