/**
 * What the simulated Midtrans knows: Snap sessions and the payment attempts
 * (transactions) made in each, moving only along Midtrans's transaction
 * status cycle (https://docs.midtrans.com/docs/transaction-status-cycle).
 * One Snap session may hold several attempts (a declined card, then QRIS),
 * each with its own transaction_id. Pure bookkeeping: time comes in as
 * arguments, HTTP and notifications live elsewhere.
 */
import type { SnapCreateBody } from '../types.ts';
import { METHODS, newReference, newTransactionId, type SimMethod } from './methods.ts';

export type SimStatus =
  | 'pending'
  | 'capture'
  | 'settlement'
  | 'deny'
  | 'cancel'
  | 'expire'
  | 'failure'
  | 'refund'
  | 'partial_refund'
  | 'chargeback'
  | 'partial_chargeback';

export type FraudStatus = 'accept' | 'challenge' | 'deny';

export type SimAction = 'pay' | 'challenge' | 'approve' | 'deny' | 'fail' | 'expire' | 'cancel' | 'settle' | 'refund' | 'chargeback';

/** One refund or chargeback on a settled transaction. */
export interface SimRefund {
  kind: 'refund' | 'chargeback';
  /** Midtrans's `refund_chargeback_id`: 1, 2, … per transaction. */
  id: number;
  amount: number;
  key: string;
  reason: string | null;
  at: Date;
}

/** One payment attempt: what Midtrans calls a transaction. */
export interface SimPayment {
  transactionId: string;
  method: SimMethod;
  status: SimStatus;
  fraudStatus: FraudStatus;
  /** VA number, bill key, store code or card approval code. */
  reference: string;
  transactionTime: Date;
  settlementTime: Date | null;
  /** When a pending attempt stops taking money (for cards: the bank's 3-D Secure page). */
  expiresAt: Date;
  /** When a capture settles on its own, or a challenged one is cancelled (D+1 16:00 WIB). */
  settlesAt: Date | null;
  refunds: SimRefund[];
}

export interface SimTransaction {
  orderId: string;
  token: string;
  redirectUrl: string;
  grossAmount: number;
  /** The Snap create body as received. */
  request: SnapCreateBody;
  createdAt: Date;
  /** When the hosted page stops offering methods; attempts already made live on. */
  pageExpiresAt: Date;
  /** End of the request's `expiry` window, when its `start_time` fixed it. */
  payExpiresAt: Date | null;
  /** The `expiry` window counted from each attempt's start, when no `start_time` was given. */
  payWindowMs: number | null;
  /** `credit_card.secure` as requested. */
  secure: boolean;
  /** What the page offers, from `enabled_payments`. */
  methods: SimMethod[];
  /** Every attempt in this Snap session, oldest first. */
  attempts: SimPayment[];
  /** The latest attempt; null until a method is chosen (until then Midtrans has no transaction). */
  payment: SimPayment | null;
  /** When the merchant cancelled the Snap session (its page takes no attempt after that). */
  canceledAt: Date | null;
}

export interface MoveParams {
  /** Refund or chargeback amount; the whole remaining amount when absent. */
  amount?: number;
  /** Refund key: a repeated key is the same refund, not a second one. */
  key?: string;
  reason?: string;
}

/** A request the simulated Midtrans refuses; `httpStatus` is what its API would answer. */
export class SimulatorRefusal extends Error {
  override readonly name = 'SimulatorRefusal';
  readonly httpStatus: number;
  constructor(
    message: string,
    httpStatus: number,
  ) {
    super(message);
    this.httpStatus = httpStatus;
  }
}

/** The Core API's words for each refusal (docs.midtrans.com cancel / expire / approve references). */
export const NOT_FOUND = "Transaction doesn't exist.";
const CANNOT_MODIFY = 'Merchant cannot modify the status of the transaction';

const notFound = () => new SimulatorRefusal(NOT_FOUND, 404);
const cannotModify = () => new SimulatorRefusal(CANNOT_MODIFY, 412);

/** Without an `expiry` in the request, a chosen method stays payable a day (the default for VAs). */
const DEFAULT_PAYMENT_MS = 24 * 60 * 60 * 1000;
/** A card's 3-D Secure page: "Transaction will expire within 15 minutes" (status-code reference). */
const CARD_3DS_MS = 15 * 60 * 1000;
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Captures settle, and unanswered challenges are cancelled, at D+1 16:00 WIB (status-code reference). */
export function settlementTimeAfter(at: Date): Date {
  const wib = new Date(at.getTime() + WIB_OFFSET_MS);
  return new Date(Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth(), wib.getUTCDate() + 1, 16) - WIB_OFFSET_MS);
}

/** Attempts that ended without money: the Snap session may take another one. */
const RETRYABLE: readonly SimStatus[] = ['deny', 'cancel', 'expire', 'failure'];
const endedWithoutMoney = (payment: SimPayment | null): boolean => payment === null || RETRYABLE.includes(payment.status);

/** True when the Snap page would start a new attempt now: open, not cancelled, and no attempt under way or paid. */
export function acceptsAttempt(tx: SimTransaction, now: Date): boolean {
  return tx.canceledAt === null && now.getTime() < tx.pageExpiresAt.getTime() && endedWithoutMoney(tx.payment);
}
/** Settled money a refund or chargeback can take back. */
const REFUNDABLE: readonly SimStatus[] = ['settlement', 'partial_refund', 'partial_chargeback'];

/** Money Midtrans holds (or held) for this attempt, before refunds. */
export function isPaid(payment: SimPayment): boolean {
  if (payment.status === 'capture') return payment.fraudStatus === 'accept';
  return payment.status === 'settlement' || REFUNDABLE.includes(payment.status) || payment.status === 'refund' || payment.status === 'chargeback';
}

export function returnedAmount(payment: SimPayment, kind?: SimRefund['kind']): number {
  return payment.refunds.filter((r) => kind === undefined || r.kind === kind).reduce((sum, r) => sum + r.amount, 0);
}

export class Ledger {
  readonly #byOrderId = new Map<string, SimTransaction>();
  readonly #byToken = new Map<string, SimTransaction>();
  readonly #byTransactionId = new Map<string, { tx: SimTransaction; payment: SimPayment }>();

  open(tx: Omit<SimTransaction, 'payment' | 'attempts' | 'canceledAt'>): SimTransaction {
    if (this.#byOrderId.has(tx.orderId)) {
      throw new SimulatorRefusal('transaction_details.order_id has been paid and utilized, please use another order ID', 400);
    }
    const opened: SimTransaction = { ...tx, attempts: [], payment: null, canceledAt: null };
    this.#byOrderId.set(tx.orderId, opened);
    this.#byToken.set(tx.token, opened);
    return opened;
  }

  byToken(token: string): SimTransaction | null {
    return this.#byToken.get(token) ?? null;
  }

  /** The session behind an order id or any of its transaction ids. */
  find(id: string): SimTransaction | null {
    return this.#byOrderId.get(id) ?? this.#byTransactionId.get(id)?.tx ?? null;
  }

  /**
   * The attempt an API path names: a transaction id names its own attempt,
   * an order id the latest one. `byOrderId: 'skip-bi-snap'` is Get Status,
   * which cannot see DANA and BI-SNAP attempts through the order id
   * ("please only use Transaction ID to get status. Otherwise it won't work").
   */
  locate(id: string, byOrderId: 'latest' | 'skip-bi-snap' = 'latest'): { tx: SimTransaction; payment: SimPayment } {
    const byTransaction = this.#byTransactionId.get(id);
    if (byTransaction !== undefined) return byTransaction;
    const tx = this.#byOrderId.get(id);
    const visible = (tx?.attempts ?? []).filter((p) => byOrderId === 'latest' || !METHODS[p.method].biSnap);
    const payment = visible.at(-1);
    if (tx === undefined || payment === undefined) throw notFound();
    return { tx, payment };
  }

  get(orderId: string): SimTransaction {
    const tx = this.#byOrderId.get(orderId);
    if (tx === undefined) throw new SimulatorRefusal(`${NOT_FOUND} No Snap transaction has order id "${orderId}".`, 404);
    return tx;
  }

  all(): SimTransaction[] {
    return [...this.#byOrderId.values()];
  }


  /**
   * Cancel Checkout Page Session (docs.midtrans.com/reference/partner-cancel-checkout-session):
   * the page stops taking attempts; refused while an attempt is under way.
   */
  cancelSession(token: string, now: Date): Date {
    const tx = this.#byToken.get(token);
    if (tx === undefined) throw new SimulatorRefusal('token not found', 404);
    if (tx.canceledAt !== null) throw new SimulatorRefusal('token already canceled', 400);
    if (!endedWithoutMoney(tx.payment)) throw new SimulatorRefusal('Transaction is in progress', 400);
    tx.canceledAt = now;
    return now;
  }

  /**
   * The customer picks a method: Midtrans now has a pending transaction. The
   * same method again on a pending attempt changes nothing (returns false);
   * after a failed attempt the same session starts a new one.
   */
  choose(tx: SimTransaction, method: SimMethod, now: Date): boolean {
    const latest = tx.payment;
    if (latest !== null && latest.status === 'pending' && latest.method === method) return false;
    if (latest !== null && !RETRYABLE.includes(latest.status)) {
      throw new SimulatorRefusal(`Order "${tx.orderId}" already has a ${latest.method} payment in ${latest.status}.`, 409);
    }
    if (now.getTime() >= tx.pageExpiresAt.getTime() || tx.canceledAt !== null) {
      throw new SimulatorRefusal(`The Snap page of order "${tx.orderId}" has ${tx.canceledAt === null ? 'expired' : 'been cancelled'}.`, 410);
    }
    if (!tx.methods.includes(method)) {
      throw new SimulatorRefusal(`${METHODS[method].label} is not enabled for order "${tx.orderId}".`, 400);
    }
    const isCard = method === 'credit_card';
    const payment: SimPayment = {
      transactionId: newTransactionId(method, now),
      method,
      status: 'pending',
      fraudStatus: 'accept',
      reference: newReference(),
      transactionTime: now,
      settlementTime: null,
      // The bank's OTP page keeps its own clock once the customer pressed Pay, past the Snap window.
      expiresAt: new Date(isCard ? now.getTime() + CARD_3DS_MS : (tx.payExpiresAt?.getTime() ?? now.getTime() + (tx.payWindowMs ?? DEFAULT_PAYMENT_MS))),
      settlesAt: null,
      refunds: [],
    };
    tx.attempts.push(payment);
    tx.payment = payment;
    this.#byTransactionId.set(payment.transactionId, { tx, payment });
    return true;
  }

  /**
   * Moves one attempt along the status cycle. Returns false when nothing
   * changed (a refund repeated with the same key); refuses what Midtrans refuses.
   */
  move(tx: SimTransaction, payment: SimPayment, action: SimAction, now: Date, params: MoveParams = {}): boolean {
    const { status, fraudStatus } = payment;
    const spec = METHODS[payment.method];
    const challenged = status === 'capture' && fraudStatus === 'challenge';
    switch (action) {
      case 'pay':
        if (status !== 'pending') throw cannotModify();
        payment.status = spec.paidStatus;
        if (payment.status === 'settlement') payment.settlementTime = now;
        else payment.settlesAt = settlementTimeAfter(now);
        return true;
      case 'challenge':
        if (status !== 'pending' || spec.paidStatus !== 'capture') throw cannotModify();
        payment.status = 'capture';
        payment.fraudStatus = 'challenge';
        payment.settlesAt = settlementTimeAfter(now);
        return true;
      case 'approve':
        if (!challenged) throw cannotModify();
        payment.fraudStatus = 'accept';
        return true;
      case 'deny':
        if (challenged) payment.fraudStatus = 'deny';
        else if (!(status === 'pending' || (status === 'settlement' && spec.reversible))) throw cannotModify();
        payment.status = 'deny';
        payment.settlesAt = null;
        return true;
      case 'fail':
      case 'expire':
        if (status !== 'pending') throw cannotModify();
        payment.status = action === 'fail' ? 'failure' : 'expire';
        return true;
      case 'cancel':
        if (status !== 'pending' && status !== 'capture') throw cannotModify();
        payment.status = 'cancel';
        payment.settlesAt = null;
        return true;
      case 'settle':
        if (status !== 'capture') throw cannotModify();
        // "Approve transaction to accept it or transaction gets automatically canceled during settlement."
        payment.status = challenged ? 'cancel' : 'settlement';
        if (!challenged) payment.settlementTime = now;
        payment.settlesAt = null;
        return true;
      case 'refund':
      case 'chargeback':
        return this.#takeBack(tx, payment, action, now, params);
    }
  }

  /** Attempts whose time has come: pending ones expire, captures settle (or, challenged, are cancelled). */
  due(now: Date): Array<{ tx: SimTransaction; payment: SimPayment; action: 'expire' | 'settle' }> {
    const due: Array<{ tx: SimTransaction; payment: SimPayment; action: 'expire' | 'settle' }> = [];
    for (const { tx, payment } of this.#byTransactionId.values()) {
      if (payment.status === 'pending' && payment.expiresAt.getTime() <= now.getTime()) due.push({ tx, payment, action: 'expire' });
      if (payment.status === 'capture' && payment.settlesAt !== null && payment.settlesAt.getTime() <= now.getTime()) {
        due.push({ tx, payment, action: 'settle' });
      }
    }
    return due;
  }

  /** The earliest moment something becomes due, for a timer. */
  nextDue(): Date | null {
    let next: number | null = null;
    for (const { payment } of this.#byTransactionId.values()) {
      const at = payment.status === 'pending' ? payment.expiresAt.getTime() : payment.status === 'capture' ? payment.settlesAt?.getTime() : undefined;
      if (at !== undefined && (next === null || at < next)) next = at;
    }
    return next === null ? null : new Date(next);
  }

  #takeBack(tx: SimTransaction, payment: SimPayment, kind: 'refund' | 'chargeback', now: Date, params: MoveParams): boolean {
    // A repeated refund_key is the same refund, also once that refund took the rest (status `refund`):
    // a retry after a lost answer must get the refund back, not a refusal.
    if (params.key !== undefined && payment.refunds.some((r) => r.key === params.key)) return false;
    if (!REFUNDABLE.includes(payment.status)) throw cannotModify();
    if (kind === 'refund' && !METHODS[payment.method].refundable) throw cannotModify();
    const remaining = tx.grossAmount - returnedAmount(payment);
    const amount = params.amount ?? remaining;
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) {
      throw new SimulatorRefusal(`The ${kind} amount must be a whole number from 1 to the ${remaining} not yet returned.`, 412);
    }
    const id = payment.refunds.length + 1;
    payment.refunds.push({ kind, id, amount, key: params.key ?? `sim-${kind}-${payment.transactionId}-${id}`, reason: params.reason ?? null, at: now });
    payment.status = amount === remaining ? kind : `partial_${kind}`;
    return true;
  }
}
