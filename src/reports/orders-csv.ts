/**
 * The export of a period's orders as CSV (`/export`): one row per order, in
 * the columns below, written to a stream page by page as the store hands the
 * orders out, so 100,000 orders never sit in memory as one string.
 */
import type { Writable } from 'node:stream';
import type { Order } from '../domain/order.ts';
import { formatWibIso } from '../domain/time.ts';
import type { MerchantOrder, OrderStore } from '../store/ports.ts';
import { csvRecord, UTF8_BOM, writeRespectingBackpressure } from './csv.ts';
import { orderPages } from './order-pages.ts';
import type { Period } from './period.ts';

interface Column {
  header: string;
  value: (row: MerchantOrder) => string;
}

/** A field of rich links (quantity, answers) read when an order has it; orders from before have none. */
function fieldOf(order: Order, name: string): unknown {
  return Object.hasOwn(order, name) ? (order as unknown as Record<string, unknown>)[name] : undefined;
}

function quantityOf(order: Order): number {
  const quantity = fieldOf(order, 'quantity');
  return typeof quantity === 'number' && Number.isSafeInteger(quantity) && quantity > 0 ? quantity : 1;
}

/** Answers to the link's questions as `question: answer` pairs, one cell. */
function answersOf(order: Order): string {
  const answers = fieldOf(order, 'answers');
  if (answers === null || typeof answers !== 'object') return '';
  const pairs = Array.isArray(answers)
    ? answers.map((a: unknown) => (a !== null && typeof a === 'object' ? Object.values(a as Record<string, unknown>).map(String).join(': ') : String(a)))
    : Object.entries(answers as Record<string, unknown>).map(([question, answer]) => `${question}: ${String(answer)}`);
  return pairs.join('; ');
}

/**
 * The one list of columns: headers are stable machine names (a spreadsheet
 * or a script that reads last month's file reads this month's too).
 */
export const ORDER_COLUMNS: readonly Column[] = [
  { header: 'order_id', value: ({ order }) => order.id },
  { header: 'time_wib', value: ({ order }) => formatWibIso(order.createdAt) },
  { header: 'link', value: ({ link }) => `#${link.number} ${link.itemName}` },
  { header: 'items', value: ({ link }) => link.itemName },
  { header: 'quantity', value: ({ order }) => String(quantityOf(order)) },
  { header: 'amount', value: ({ order }) => String(order.amount) },
  { header: 'status', value: ({ order }) => order.status },
  { header: 'method', value: ({ order }) => order.payment?.method ?? '' },
  { header: 'paid_at_wib', value: ({ order }) => (order.payment && (order.status === 'paid' || order.status === 'refunded') ? formatWibIso(order.payment.at) : '') },
  { header: 'refunded', value: ({ order }) => String(order.refundedAmount) },
  { header: 'customer_name', value: ({ order }) => order.customer.name ?? '' },
  { header: 'customer_phone', value: ({ order }) => order.customer.phone ?? '' },
  { header: 'customer_email', value: ({ order }) => order.customer.email ?? '' },
  { header: 'answers', value: ({ order }) => answersOf(order) },
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
