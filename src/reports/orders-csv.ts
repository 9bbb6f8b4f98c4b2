/**
 * The export of a period's orders as CSV (`/export`): one row per order, in
 * the columns below, written to a stream page by page as the store hands the
 * orders out, so 100,000 orders never sit in memory as one string.
 */
import type { Writable } from 'node:stream';
import { orderLines } from '../domain/link-offer.ts';
import { formatWibIso } from '../domain/time.ts';
import { lineWords } from '../notify/offer-words.ts';
import type { MerchantOrder, OrderStore } from '../store/ports.ts';
import { csvRecord, UTF8_BOM, writeRespectingBackpressure } from './csv.ts';
import { orderPages } from './order-pages.ts';
import type { Period } from './period.ts';

interface Column {
  header: string;
  value: (row: MerchantOrder) => string;
}

/** Answers to the link's questions as `question: answer` pairs, one cell. */
function answersOf({ order, link }: MerchantOrder): string {
  return order.answers.map((answer, i) => `${link.questions[i] ?? ''}: ${answer}`).join('; ');
}

/** What the order bought: `3 × Kaos`, or `Kaos + Topi + Ongkir`. */
function itemsOf({ order, link }: MerchantOrder): string {
  return orderLines(link, order).map(lineWords).join(' + ');
}

/**
 * The one list of columns: headers are stable machine names (a spreadsheet
 * or a script that reads last month's file reads this month's too).
 */
export const ORDER_COLUMNS: readonly Column[] = [
  { header: 'order_id', value: ({ order }) => order.id },
  { header: 'time_wib', value: ({ order }) => formatWibIso(order.createdAt) },
  { header: 'link', value: ({ link }) => `#${link.number} ${link.itemName}` },
  { header: 'items', value: itemsOf },
  { header: 'quantity', value: ({ order }) => String(order.quantity) },
  { header: 'amount', value: ({ order }) => String(order.amount) },
  { header: 'status', value: ({ order }) => order.status },
  { header: 'method', value: ({ order }) => order.payment?.method ?? '' },
  { header: 'paid_at_wib', value: ({ order }) => (order.payment && (order.status === 'paid' || order.status === 'refunded') ? formatWibIso(order.payment.at) : '') },
  { header: 'refunded', value: ({ order }) => String(order.refundedAmount) },
  { header: 'customer_name', value: ({ order }) => order.customer.name ?? '' },
  { header: 'customer_phone', value: ({ order }) => order.customer.phone ?? '' },
  { header: 'customer_email', value: ({ order }) => order.customer.email ?? '' },
  { header: 'answers', value: answersOf },
  // Who made the link (a shop's staff member or its owner); empty for links from before teams.
  { header: 'created_by', value: ({ link }) => link.createdBy?.name ?? '' },
];

export interface OrdersCsvRequest {
  orders: Pick<OrderStore, 'ofMerchant'>;
  merchantId: string;
  period: Pick<Period, 'from' | 'until'>;
  out: Writable;
  pageSize?: number;
}

/** Writes the BOM, the header and every order of the period; resolves with the number of orders written. */
export async function writeOrdersCsv(request: OrdersCsvRequest): Promise<number> {
  const { out } = request;
  await writeRespectingBackpressure(out, UTF8_BOM + csvRecord(ORDER_COLUMNS.map((c) => c.header)));
  let written = 0;
  for await (const page of orderPages(request.orders, request.merchantId, request.period, request.pageSize)) {
    for (const row of page) await writeRespectingBackpressure(out, csvRecord(ORDER_COLUMNS.map((c) => c.value(row))));
    written += page.length;
  }
  return written;
}
