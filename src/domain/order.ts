/**
 * An order is one attempt to pay a link. Its status moves only along the state
 * machine below: Midtrans tells us what happened to the transaction, and
 * `decideTransition` says what that means for the order, or why it changes
 * nothing (a duplicate, a late notification, a status that is not final).
 */
import type { CheckoutClient, Customer } from './customer.ts';
import type { ChatAddress, Link } from './link.ts';
import { parseGrossAmount } from './money.ts';

export type OrderStatus = 'pending' | 'paid' | 'expired' | 'cancelled' | 'failed' | 'refunded';

export interface SnapSession {
  token: string;
  redirectUrl: string;
}

/** What Midtrans reported about the money, as last applied. */
export interface PaymentInfo {
  /** Midtrans `payment_type`: `qris`, `bank_transfer`, `gopay`, `credit_card`… */
  method: string | null;
  /** A VA bank, QRIS issuer or card bank when Midtrans names one. */
  channel: string | null;
  transactionId: string | null;
  /** Whole rupiah Midtrans says was paid; differs from the amount on fee imposition. */
  amountReceived: number | null;
  /** `gross_amount` exactly as Midtrans sent it. */
  grossAmountRaw: string;
  transactionStatus: string;
  /** `fraud_status`, lower-case, when Midtrans sent one. */
  fraudStatus: string | null;
  at: Date;
}

export interface Order {
  /** The Midtrans order id: `<link order id>-<n>`. */
  id: string;
  linkId: string;
  /** n in the order id: 1 for the link's first order. */
  seq: number;
  customer: Customer;
  /** Identifies the customer for reusing a live pending order. */
  customerKey: string;
  /** Whole rupiah asked for: the link's price × quantity, or the open amount the customer typed. */
  amount: number;
  /** Items bought (the link's one item × this); 1 where the link has no quantity, and for orders from before. */
  quantity: number;
  /** The customer's answers to the link's questions, in order; empty for orders from before. */
  answers: string[];
  status: OrderStatus;
  /** The slot is held until then; after it Snap no longer takes payment. */
  reservedUntil: Date;
  snap: SnapSession | null;
  payment: PaymentInfo | null;
  /** A customer's chat that gets a receipt when the order is paid. */
  receiptTo: ChatAddress | null;
  /** Who started it on the payment page; null for orders from before this was kept. */
  client: CheckoutClient | null;
  /**
   * Every Midtrans transaction id seen for this order, oldest first: each
   * payment attempt in the Snap session has its own, and some methods (DANA,
   * BI-SNAP VAs) can only be asked about by it.
   */
  transactionIds: string[];
  /** Whole rupiah given back so far by partial refunds or partial chargebacks; the order stays paid. */
  refundedAmount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** How a Midtrans order id is made from the link's Order ID (≤ 36 + 1 + 7 ≤ 50 chars). */
function midtransOrderId(linkOrderId: string, seq: number): string {
  return `${linkOrderId}-${seq}`;
}

/** Who a reservation is for: what the order it writes takes from the request. */
export interface OrderReservation {
  customer: Customer;
  customerKey: string;
  /** Checked by link-offer.ts orderTerms: price × quantity, or the open amount. */
  amount: number;
  /** Default 1. */
  quantity?: number;
  /** Default none. */
  answers?: string[];
  now: Date;
  receiptTo: ChatAddress | null;
  /** Who started the checkout on the payment page; absent for orders made elsewhere. */
  client?: CheckoutClient | null;
}

/** The order a reservation writes, the same on every store; `seq` is the link's next order number. */
export function reservedOrder(link: Pick<Link, 'id' | 'orderId'>, seq: number, until: Date, reservation: OrderReservation): Order {
  return {
    id: midtransOrderId(link.orderId, seq),
    linkId: link.id,
    seq,
    customer: reservation.customer,
    customerKey: reservation.customerKey,
    amount: reservation.amount,
    quantity: reservation.quantity ?? 1,
    answers: reservation.answers ?? [],
    status: 'pending',
    reservedUntil: until,
    snap: null,
    payment: null,
    receiptTo: reservation.receiptTo,
    client: reservation.client ?? null,
    transactionIds: [],
    refundedAmount: 0,
    createdAt: reservation.now,
    updatedAt: reservation.now,
  };
}

/**
 * Whether a customer's live pending order is the one this reservation asks
 * for again (same amount, quantity and answers): only then is it handed back;
 * different terms start a new order, so Snap never charges what was not asked.
 */
export function sameTerms(order: Pick<Order, 'amount' | 'quantity' | 'answers'>, reservation: Pick<OrderReservation, 'amount' | 'quantity' | 'answers'>): boolean {
  const answers = reservation.answers ?? [];
  return (
    order.amount === reservation.amount &&
    order.quantity === (reservation.quantity ?? 1) &&
    order.answers.length === answers.length &&
    order.answers.every((answer, i) => answer === answers[i])
  );
}

/**
 * Transaction ids kept per order: one per payment attempt, and a Snap session
 * sees a handful at most. The bound keeps a replayed notification with a
 * rewritten (unsigned) transaction_id from growing the list without end.
 */
export const MAX_TRANSACTION_IDS = 20;

/** What Midtrans says about one transaction, from a notification or Get Status. */
export interface MidtransObservation {
  /** Lower-case: DANA answers `PENDING`, everyone else `pending`. */
  transactionStatus: string;
  /** Lower-case, or null when the body has none. */
  fraudStatus: string | null;
  statusCode: string;
  grossAmount: string;
  paymentType: string | null;
  transactionId: string | null;
  /** Bank, issuer or store, when the body names one. */
  channel: string | null;
  /** Upper-case ISO code when the body names one (`IDR`). */
  currency: string | null;
  /** Whole rupiah refunded or charged back so far, when the body says (`refund_amount`). */
  refundAmount: number | null;
}

/** Something that happened to an order that people may need to hear about. */
export type OrderEvent =
  | 'paid'
  /** Money arrived for an order tagih had already closed (expired, cancelled, failed). */
  | 'paid_late'
  | 'expired'
  | 'cancelled'
  | 'failed'
  /** A settled payment turned into deny (Permata VA, Mandiri Bill, Indomaret). */
  | 'reversed'
  /** A card capture cancelled before settlement. */
  | 'voided'
  | 'refunded'
  | 'partially_refunded'
  | 'charged_back'
  | 'partially_charged_back'
  | 'underpaid'
  /** A card capture held for fraud review: the merchant approves or denies it. */
  | 'challenge';

/** Events whose notice may come more than once for one order, each time with another amount. */
export function isRepeatableEvent(event: OrderEvent): boolean {
  return event === 'partially_refunded' || event === 'partially_charged_back';
}

export type IgnoreReason =
  /** The order is already in the state Midtrans reports. */
  | 'unchanged'
  /** Arrived after a later state was applied (e.g. pending after settlement). */
  | 'late'
  /** Not a final answer yet (pending, authorize). */
  | 'not_final'
  /**
   * One attempt in the Snap session ended (deny, failure, expire, cancel)
   * while the session can still be paid: the customer may try another method.
   */
  | 'attempt_ended'
  /** About another transaction of the order than the one that paid it (an earlier attempt). */
  | 'other_transaction'
  /** In a currency other than rupiah: never applied. */
  | 'foreign_currency'
  /** A transaction status we do not know, or a partial refund without its amount. */
  | 'unknown_status';

export type Decision =
  | {
      kind: 'apply';
      to: OrderStatus;
      event: OrderEvent;
      /** Whether the merchant is told about it. */
      notify: boolean;
      payment: PaymentInfo;
      /** The order's refunded amount after the change. */
      refundedAmount: number;
    }
  | { kind: 'ignore'; reason: IgnoreReason };

type Outcome =
  | 'paid'
  | 'waiting'
  | 'challenge'
  | 'expired'
  | 'cancelled'
  | 'denied'
  | 'refund'
  | 'partial_refund'
  | 'chargeback'
  | 'partial_chargeback'
  | 'unknown';

/**
 * Paid means settlement, or capture with fraud status accept (Midtrans's own
 * rule); a capture under review (`challenge`) waits for the merchant.
 */
function outcomeOf(obs: MidtransObservation): Outcome {
  switch (obs.transactionStatus) {
    case 'settlement':
    case 'capture':
      if (obs.fraudStatus === 'deny') return 'denied';
      if (obs.fraudStatus === 'challenge') return 'challenge';
      return obs.fraudStatus === null || obs.fraudStatus === 'accept' ? 'paid' : 'waiting';
    case 'pending':
    case 'authorize':
      return 'waiting';
    case 'expire':
      return 'expired';
    case 'cancel':
      return 'cancelled';
    case 'deny':
    case 'failure':
      return 'denied';
    case 'refund':
    case 'partial_refund':
    case 'chargeback':
    case 'partial_chargeback':
      return obs.transactionStatus;
    default:
      return 'unknown';
  }
}

function paymentInfoOf(obs: MidtransObservation, at: Date): PaymentInfo {
  return {
    method: obs.paymentType,
    channel: obs.channel,
    transactionId: obs.transactionId,
    amountReceived: parseGrossAmount(obs.grossAmount),
    grossAmountRaw: obs.grossAmount,
    transactionStatus: obs.transactionStatus,
    fraudStatus: obs.fraudStatus,
    at,
  };
}

type Current = Pick<Order, 'status' | 'amount' | 'refundedAmount' | 'reservedUntil' | 'payment'>;

/**
 * The order state machine (README, "The order state machine").
 *
 * - pending → paid on settlement (or capture accepted) of at least the price;
 *   less is underpaid (failed, reported). A capture under fraud review stays
 *   pending and the merchant is asked to approve or deny it.
 * - A deny, failure, expire or cancel while the Snap window is open ends one
 *   attempt, not the order: the customer may pay another way in the same
 *   session. After the window it closes the order.
 * - Money for a closed order (expired, cancelled, failed) still pays it, and
 *   the merchant hears that it came late. A refund or chargeback of an order
 *   not yet paid pays it first (the money was taken; its notification is
 *   missing or late), and the caller applies the same answer again to record
 *   the refund (LinkService.applyObservation).
 * - Out of paid only through the transaction that paid: settlement → deny
 *   (reversal), capture → cancel (void), refund and chargeback. Partial ones
 *   keep the order paid and record the amount given back.
 */
export function decideTransition(order: Current, obs: MidtransObservation, at: Date): Decision {
  if (obs.currency !== null && obs.currency !== 'IDR') return { kind: 'ignore', reason: 'foreign_currency' };
  const outcome = outcomeOf(obs);
  if (outcome === 'unknown') return { kind: 'ignore', reason: 'unknown_status' };
  const payment = paymentInfoOf(obs, at);
  const apply = (to: OrderStatus, event: OrderEvent, notify: boolean, refundedAmount = order.refundedAmount): Decision => ({
    kind: 'apply',
    to,
    event,
    notify,
    payment,
    refundedAmount,
  });
  const ignore = (reason: IgnoreReason): Decision => ({ kind: 'ignore', reason });
  const underpaid = payment.amountReceived === null || payment.amountReceived < order.amount;
  // A refund or chargeback means the money was taken first, whatever notification we missed.
  const tookMoney = outcome === 'paid' || outcome === 'refund' || outcome === 'partial_refund' || outcome === 'chargeback' || outcome === 'partial_chargeback';

  switch (order.status) {
    case 'pending': {
      if (tookMoney) return underpaid ? apply('failed', 'underpaid', true) : apply('paid', 'paid', true);
      if (outcome === 'challenge') return alreadyChallenged(order, obs) ? ignore('unchanged') : apply('pending', 'challenge', true);
      if (outcome === 'waiting') return ignore('not_final');
      if (outcome === 'expired' || outcome === 'cancelled' || outcome === 'denied') {
        if (at.getTime() < order.reservedUntil.getTime()) return ignore('attempt_ended');
        if (outcome === 'expired') return apply('expired', 'expired', true);
        if (outcome === 'cancelled') return apply('cancelled', 'cancelled', false);
        return apply('failed', 'failed', false);
      }
      return ignore('unknown_status');
    }
    case 'expired':
    case 'cancelled':
    case 'failed': {
      if (tookMoney) {
        if (underpaid) return order.status === 'failed' ? ignore('unchanged') : apply('failed', 'underpaid', true);
        return apply('paid', 'paid_late', true);
      }
      // Money held for review on an order we closed: the merchant decides; approved, it pays the order late.
      if (outcome === 'challenge') return alreadyChallenged(order, obs) ? ignore('unchanged') : apply(order.status, 'challenge', true);
      return ignore(outcome === 'waiting' ? 'late' : 'unchanged');
    }
    case 'paid': {
      const paidBy = order.payment?.transactionId ?? null;
      if (paidBy !== null && obs.transactionId !== null && obs.transactionId !== paidBy) return ignore('other_transaction');
      switch (outcome) {
        case 'denied':
          return apply('failed', 'reversed', true);
        case 'cancelled':
          return apply('cancelled', 'voided', true);
        case 'refund':
          return apply('refunded', 'refunded', true, order.amount);
        case 'chargeback':
          return apply('refunded', 'charged_back', true, order.amount);
        case 'partial_refund':
        case 'partial_chargeback':
          return partly(order, obs, outcome, apply, ignore);
        case 'paid':
          return ignore('unchanged');
        default:
          return ignore('late');
      }
    }
    case 'refunded':
      return ignore('late');
  }
}

function alreadyChallenged(order: Current, obs: MidtransObservation): boolean {
  const p = order.payment;
  return p !== null && p.fraudStatus === 'challenge' && (obs.transactionId === null || p.transactionId === obs.transactionId);
}

/** A partial refund or chargeback: the order stays paid unless it gives everything back. */
function partly(
  order: Current,
  obs: MidtransObservation,
  outcome: 'partial_refund' | 'partial_chargeback',
  apply: (to: OrderStatus, event: OrderEvent, notify: boolean, refundedAmount?: number) => Decision,
  ignore: (reason: IgnoreReason) => Decision,
): Decision {
  const refunded = obs.refundAmount;
  if (refunded === null || refunded <= 0) return ignore('unknown_status');
  const chargeback = outcome === 'partial_chargeback';
  if (refunded >= order.amount) return apply('refunded', chargeback ? 'charged_back' : 'refunded', true, order.amount);
  if (refunded === order.refundedAmount) return ignore('unchanged');
  if (refunded < order.refundedAmount) return ignore('late');
  return apply('paid', chargeback ? 'partially_charged_back' : 'partially_refunded', true, refunded);
}
