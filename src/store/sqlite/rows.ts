/**
 * Rows of the embedded database and the domain records they hold.
 */
import type { Customer } from '../../domain/customer.ts';
import type { Channel, DeliveryChannel } from '../../domain/channel.ts';
import type { ChatAddress, Link } from '../../domain/link.ts';
import { offerOf, plainOffer, type LinkOffer } from '../../domain/link-offer.ts';
import type { Order, OrderStatus, PaymentInfo, SnapSession } from '../../domain/order.ts';
import type { OutboxEntry, OutboxStatus, StoredNotice } from '../ports.ts';

export interface LinkRow {
  id: string;
  merchant_id: string;
  number: number;
  order_id: string;
  slug: string;
  item_name: string;
  price: number;
  usage_limit: number | null;
  customer: string | null;
  expires_at: number | null;
  created_via: string;
  notify_chat_id: string;
  recipient: string | null;
  created_at: number;
  deleted_at: number | null;
  created_by_id: string | null;
  created_by_name: string | null;
  order_seq: number;
  pending_count: number;
  paid_count: number;
  paid_total: number;
  /** JSON LinkOffer; null for links from before issue 17. */
  offer: string | null;
  items_held: number;
  items_sold: number;
}

/** The counters a link's usage is read from (LinkUsage), and their columns, for a RETURNING that needs nothing else. */
export type UsageRow = Pick<LinkRow, 'order_seq' | 'pending_count' | 'paid_count' | 'paid_total' | 'items_held' | 'items_sold'>;
export const USAGE_COLUMNS = 'order_seq, pending_count, paid_count, paid_total, items_held, items_sold';

export interface OrderRow {
  id: string;
  link_id: string;
  seq: number;
  customer: string;
  customer_key: string;
  amount: number;
  status: string;
  reserved_until: number;
  snap: string | null;
  payment: string | null;
  receipt_to: string | null;
  client_browser: string | null;
  client_address: string | null;
  transaction_ids: string;
  refunded_amount: number;
  quantity: number;
  /** JSON string array. */
  answers: string;
  created_at: number;
  updated_at: number;
}

export interface OutboxRow {
  id: number;
  key: string;
  channel: string;
  target: string;
  merchant_id: string | null;
  notice: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function linkFromRow(row: LinkRow): Link {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    number: row.number,
    orderId: row.order_id,
    slug: row.slug,
    itemName: row.item_name,
    price: row.price,
    usageLimit: row.usage_limit,
    customer: json<Customer>(row.customer),
    expiresAt: date(row.expires_at),
    createdVia: row.created_via as Channel,
    notifyChatId: row.notify_chat_id,
    recipient: json<ChatAddress>(row.recipient),
    createdAt: new Date(row.created_at),
    deletedAt: date(row.deleted_at),
    ...(row.created_by_id === null ? {} : { createdBy: { userId: row.created_by_id, name: row.created_by_name ?? '' } }),
    ...(json<LinkOffer>(row.offer) ?? plainOffer(row.item_name, row.price)),
  };
}

/** Payments written before `fraudStatus` was kept have none. */
type StoredPayment = Omit<PaymentInfo, 'at' | 'fraudStatus'> & { at: string; fraudStatus?: string | null };

/** The offer fields of a link, as the `offer` column keeps them. */
export function offerToJson(link: LinkOffer): string {
  return JSON.stringify(offerOf(link));
}

export function paymentToJson(payment: PaymentInfo | null): string | null {
  return payment === null ? null : JSON.stringify({ ...payment, at: payment.at.toISOString() });
}

export function orderFromRow(row: OrderRow): Order {
  const payment = json<StoredPayment>(row.payment);
  return {
    id: row.id,
    linkId: row.link_id,
    seq: row.seq,
    customer: JSON.parse(row.customer) as Customer,
    customerKey: row.customer_key,
    amount: row.amount,
    status: row.status as OrderStatus,
    reservedUntil: new Date(row.reserved_until),
    snap: json<SnapSession>(row.snap),
    payment: payment === null ? null : { ...payment, fraudStatus: payment.fraudStatus ?? null, at: new Date(payment.at) },
    receiptTo: json<ChatAddress>(row.receipt_to),
    client: row.client_browser === null || row.client_address === null ? null : { browser: row.client_browser, address: row.client_address },
    transactionIds: JSON.parse(row.transaction_ids) as string[],
    refundedAmount: row.refunded_amount,
    quantity: row.quantity,
    answers: JSON.parse(row.answers) as string[],
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function outboxFromRow(row: OutboxRow): OutboxEntry {
  return {
    id: String(row.id),
    key: row.key,
    channel: row.channel as DeliveryChannel,
    target: row.target,
    merchantId: row.merchant_id,
    notice: JSON.parse(row.notice) as StoredNotice,
    notBefore: new Date(row.next_attempt_at),
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    sentAt: date(row.sent_at),
  };
}
