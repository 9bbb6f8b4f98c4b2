/**
 * What the outbox delivers. A notice is a snapshot taken when it is queued, so
 * it renders the same however late it is sent, and holds only plain JSON so
 * every store keeps it as is.
 */
import type { Customer } from '../domain/customer.ts';
import type { OrderEvent } from '../domain/order.ts';
import type { TakingsSummary } from '../reports/takings-text.ts';

export interface LinkSnapshot {
  id: string;
  number: number;
  orderId: string;
  slug: string;
  itemName: string;
  price: number;
  usageLimit: number | null;
  /** `${PUBLIC_URL}/p/<slug>` */
  url: string;
  /** ISO time, or null when the link never expires. */
  expiresAt: string | null;
}

export interface OrderSnapshot {
  id: string;
  amount: number;
  amountReceived: number | null;
  /** Given back so far by partial refunds or chargebacks; absent in notices queued before it was kept. */
  refundedAmount?: number;
  customer: Customer;
  method: string | null;
  channel: string | null;
}

export type Notice =
  /** To the merchant: an order was paid, expired, reversed, voided, refunded, charged back, underpaid or held for review. */
  | {
      kind: 'order_event';
      event: OrderEvent;
      link: LinkSnapshot;
      order: OrderSnapshot;
      /** The link's usage right after the event: paid orders against the limit. */
      usage: { paid: number; limit: number | null };
      at: string;
      /** Paid at the built-in simulator: no money moved. */
      simulated?: true;
    }
  /** To the customer who paid, in the chat the link reached them in. */
  | { kind: 'receipt'; link: LinkSnapshot; order: OrderSnapshot; merchantName: string; at: string; simulated?: true }
  /** To a customer: the link itself (email, or a WhatsApp chat). */
  | { kind: 'link_share'; link: LinkSnapshot; customerName: string | null; merchantName: string }
  /** To the merchant, at the time they chose (`/ringkasan 21:00`): the takings of that WIB day (`2026-12-02`) so far. */
  | { kind: 'daily_summary'; day: string; takings: TakingsSummary };
