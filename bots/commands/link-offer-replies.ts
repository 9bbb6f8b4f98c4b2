/**
 * How a rich link (issue 17) reads in the bot's replies: the price of an open
 * amount with its bounds, the items, the quantity range, the stock left, the
 * methods, the questions, the contact fields asked, the thank-you and the
 * redirect, one short line each and only those the link has. An order's
 * quantity and answers read the same way. Price words are the page's and the
 * notices' own (src/notify/offer-words.ts), so every place says the same.
 */
import { asksAll, orderLines } from '../../src/domain/link-offer.ts';
import { stockLeft, type Link, type LinkUsage } from '../../src/domain/link.ts';
import type { Locale } from '../../src/domain/locale.ts';
import { formatRupiah } from '../../src/domain/money.ts';
import type { Order } from '../../src/domain/order.ts';
import { methodsWords } from '../../src/domain/payment-methods.ts';
import { boundsWords, lineWords, priceWords } from '../../src/notify/offer-words.ts';
import { wordsIn } from '../../src/text/catalog.ts';

type ShownLink = Pick<Link, 'price' | 'pricing' | 'items' | 'quantity' | 'stock' | 'methods' | 'questions' | 'asks' | 'thanks' | 'redirectUrl'>;

/** `Rp150.000`, `Rp50.000 per barang`, `Nominal bebas (Rp10.000–Rp5.000.000)`. */
export function offerPrice(link: ShownLink, locale: Locale): string {
  const w = wordsIn(locale);
  const price = priceWords(link, w);
  const bounds = link.pricing.kind === 'open' ? boundsWords(link.pricing, w) : null;
  return bounds === null ? price : w.links.replyPrice(price, bounds);
}

/** One line per thing the link offers beyond one item at one price; none for a plain link. */
export function offerLines(link: ShownLink, usage: LinkUsage, locale: Locale): string[] {
  const w = wordsIn(locale).links;
  const lines: string[] = [];
  if (link.pricing.kind === 'open' && link.pricing.presets.length > 0) lines.push(w.replyPresets(link.pricing.presets.map(formatRupiah).join(', ')));
  if (link.items.length > 1) lines.push(w.replyItems(link.items.map((item) => `${item.name} ${formatRupiah(item.price)}`).join(' + ')));
  if (link.quantity) lines.push(w.replyQuantity(link.quantity.min, link.quantity.max));
  if (link.stock !== null) lines.push(w.replyStock(stockLeft(link, usage) ?? 0, link.stock));
  if (link.methods) lines.push(w.replyMethods(methodsWords(link.methods).join(', ')));
  if (link.questions.length > 0) lines.push(w.replyQuestions(link.questions.map((q) => `"${q}"`).join(', ')));
  if (!asksAll(link.asks)) {
    const fields = (['name', 'phone', 'email'] as const).filter((field) => link.asks[field]);
    lines.push(w.replyAsks(fields.map((field) => w.replyContactWords[field]).join(', ')));
  }
  if (link.thanks) lines.push(w.replyThanks(link.thanks));
  if (link.redirectUrl) lines.push(w.replyRedirect(link.redirectUrl));
  return lines;
}

/** What `/links` adds after the price: the stock left, when the link keeps one. */
export function offerListSuffix(link: ShownLink, usage: LinkUsage, locale: Locale): string {
  return link.stock === null ? '' : ` — ${wordsIn(locale).links.replyStockLeft(stockLeft(link, usage) ?? 0)}`;
}

/** What one order bought and answered (`3 × Kaos — Ukuran (S/M/L): L`), or '' for one plain item. */
export function orderOfferText(link: Pick<Link, 'itemName' | 'pricing' | 'items' | 'questions'>, order: Pick<Order, 'amount' | 'quantity' | 'answers'>): string {
  const bought = order.quantity > 1 ? orderLines(link, order).map(lineWords).join(', ') : '';
  const answers = order.answers.map((answer, i) => `${link.questions[i] ?? `#${i + 1}`}: ${answer}`).join('; ');
  return [bought, answers].filter((part) => part !== '').join(' — ');
}
