/**
 * An order is one attempt to pay a link. Its status moves only along the state
 * machine below: Midtrans tells us what happened to the transaction, and
 * `decideTransition` says what that means for the order, or why it changes
 * nothing (a duplicate, a late notification, a status that is not final).
 */
import type { CheckoutClient, Customer } from './customer.ts';
import type { ChatAddress } from './link.ts';
import { parseGrossAmount } from './money.ts';

export type OrderStatus = 'pending' | 'paid' | 'expired' | 'cancelled' | 'failed' | 'refunded';
export const ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'expired', 'cancelled', 'failed', 'refunded'];

/** Statuses that hold or use one of the link's usage slots. */
export function holdsSlot(status: OrderStatus): boolean {
  return status === 'pending' || status === 'paid';
}

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
  /** Whole rupiah asked for. */
  amount: number;
  status: OrderStatus;
  /** The slot is held until then; after it Snap no longer takes payment. */
  reservedUntil: Date;
  snap: SnapSession | null;
  payment: PaymentInfo | null;
  /** A customer's chat that gets a receipt when the order is paid. */
  receiptTo: ChatAddress | null;
  /** Who started it on the payment page; null for orders from before this was kept. */
  client: CheckoutClient | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How a Midtrans order id is made from the link's Order ID (≤ 36 + 1 + 7 ≤ 50 chars). */
export function midtransOrderId(linkOrderId: string, seq: number): string {
  return `${linkOrderId}-${seq}`;
}

/** What Midtrans says about one transaction, from a notification or Get Status. */
export interface MidtransObservation {
  transactionStatus: string;
  fraudStatus: string | null;
  statusCode: string;
  grossAmount: string;
  paymentType: string | null;
  transactionId: string | null;
  /** Bank, issuer or store, when the body names one. */
  channel: string | null;
}

/** Something that happened to an order that people may need to hear about. */
export type OrderEvent = 'paid' | 'expired' | 'cancelled' | 'failed' | 'reversed' | 'refunded' | 'underpaid';

export type IgnoreReason =
  /** The order is already in the state Midtrans reports. */
  | 'unchanged'
  /** Arrived after a later state was applied (e.g. pending after settlement). */
  | 'late'
  /** Not a final answer yet (pending, authorize, capture under fraud review). */
  | 'not_final'
  /** A transaction status we do not know. */
  | 'unknown_status';

export type Decision =
  | {
      kind: 'apply';
      to: OrderStatus;
      event: OrderEvent;
      /** Whether the merchant is told about it. */
      notify: boolean;
      payment: PaymentInfo;
    }
  | { kind: 'ignore'; reason: IgnoreReason };

type Outcome = 'paid' | 'waiting' | 'expired' | 'cancelled' | 'denied' | 'refunded' | 'unknown';

/**
 * Paid means settlement, or capture with fraud status accept (Midtrans's own
 * rule); a fraud status other than accept is never paid.
 */
function outcomeOf(obs: MidtransObservation): Outcome {
  const fraudOk = obs.fraudStatus === null || obs.fraudStatus === 'accept';
  switch (obs.transactionStatus) {
    case 'settlement':
    case 'capture':
      if (obs.fraudStatus === 'deny') return 'denied';
      return fraudOk ? 'paid' : 'waiting';
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
      return 'refunded';
    default:
      return 'unknown';
  }
}

export function paymentInfoOf(obs: MidtransObservation, at: Date): PaymentInfo {
  return {
    method: obs.paymentType,
    channel: obs.channel,
    transactionId: obs.transactionId,
    amountReceived: parseGrossAmount(obs.grossAmount),
    grossAmountRaw: obs.grossAmount,
    transactionStatus: obs.transactionStatus,
    at,
  };
}

/**
 * The order state machine. A paid order never goes back to pending or expired;
 * a bank reversal (settlement → deny) and refunds are the only ways out of paid.
 * An expired or cancelled order can still become paid: Midtrans holding the
 * money outranks our own view of the clock.
 */
export function decideTransition(order: Pick<Order, 'status' | 'amount'>, obs: MidtransObservation, at: Date): Decision {
  const outcome = outcomeOf(obs);
  const payment = paymentInfoOf(obs, at);
  const apply = (to: OrderStatus, event: OrderEvent, notify: boolean): Decision => ({ kind: 'apply', to, event, notify, payment });

  if (outcome === 'unknown') return { kind: 'ignore', reason: 'unknown_status' };

  switch (order.status) {
    case 'pending':
    case 'expired':
    case 'cancelled': {
      if (outcome === 'paid') {
        const received = payment.amountReceived;
        if (received === null || received < order.amount) return apply('failed', 'underpaid', true);
        return apply('paid', 'paid', true);
      }
      if (order.status !== 'pending') return { kind: 'ignore', reason: outcome === 'waiting' ? 'late' : 'unchanged' };
      if (outcome === 'waiting') return { kind: 'ignore', reason: 'not_final' };
      if (outcome === 'expired') return apply('expired', 'expired', true);
      if (outcome === 'cancelled') return apply('cancelled', 'cancelled', false);
      if (outcome === 'denied') return apply('failed', 'failed', false);
      return { kind: 'ignore', reason: 'late' };
    }
    case 'paid':
      if (outcome === 'denied') return apply('failed', 'reversed', true);
      if (outcome === 'refunded') return apply('refunded', 'refunded', true);
      return { kind: 'ignore', reason: outcome === 'paid' ? 'unchanged' : 'late' };
    case 'failed':
    case 'refunded':
      return { kind: 'ignore', reason: 'late' };
  }
}
