/**
 * What the outbox delivers. A notice is a snapshot taken when it is queued, so
 * it renders the same however late it is sent, and holds only plain JSON so
 * every store keeps it as is.
 */
import type { Customer } from '../domain/customer.ts';
import type { Link } from '../domain/link.ts';
import { orderLines, type LinkPricing, type OrderLine, type QuantityRange } from '../domain/link-offer.ts';
import type { Order, OrderEvent } from '../domain/order.ts';
import type { TakingsSummary } from '../reports/takings-text.ts';
import type { NewOutboxEntry, StoredNotice } from '../store/ports.ts';

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
  /** Issue 17's offer; absent in notices queued before it (then: a fixed price, one per order, no thank-you). */
  pricing?: LinkPricing;
  quantity?: QuantityRange | null;
  thanks?: string | null;
}

/** A question of the link and the customer's answer to it. */
export interface AnswerSnapshot {
  question: string;
  answer: string;
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
  /** What was bought (`3 × Kaos`, or each item); absent in notices queued before issue 17 (then: the link's item, once). */
  lines?: OrderLine[];
  answers?: AnswerSnapshot[];
}

/** The parts of a link's offer a notice shows; LinkService spreads them into its LinkSnapshot. */
export function linkOfferSnapshot(link: Pick<Link, 'pricing' | 'quantity' | 'thanks'>): Required<Pick<LinkSnapshot, 'pricing' | 'quantity' | 'thanks'>> {
  return { pricing: link.pricing, quantity: link.quantity, thanks: link.thanks };
}

/** What an order bought and answered, for its notices; LinkService spreads it into its OrderSnapshot. */
export function orderOfferSnapshot(
  link: Pick<Link, 'pricing' | 'items' | 'itemName' | 'questions'>,
  order: Pick<Order, 'amount' | 'quantity' | 'answers'>,
): Required<Pick<OrderSnapshot, 'lines' | 'answers'>> {
  const answers = link.questions.flatMap((question, i) => {
    const answer = order.answers[i];
    return answer === undefined || answer === '' ? [] : [{ question, answer }];
  });
  return { lines: orderLines(link, order), answers };
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

export type LinkShareNotice = Extract<Notice, { kind: 'link_share' }>;

/** The "here is your payment link" message for a customer, the same from every chat and the outbox. */
export function linkShareNotice(link: LinkSnapshot, customerName: string | null, merchantName: string): LinkShareNotice {
  return { kind: 'link_share', link, customerName, merchantName };
}

/** An outbox entry as the notify side queues it: the store keeps the notice as plain JSON, this keeps it a Notice until then. */
export type QueuedNotice = Omit<NewOutboxEntry, 'notice'> & { notice: Notice };

/**
 * The notice an outbox entry carries. Every producer queues a QueuedNotice and
 * the store hands back unchanged what it was given (StoredNotice), so the
 * stored JSON is read as a Notice without checking it again.
 */
export function storedNotice(stored: StoredNotice): Notice {
  return stored as Notice;
}
