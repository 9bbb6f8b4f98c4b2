/**
 * What the simulated Midtrans knows: Snap sessions and, once the customer
 * picks a method, the transaction behind each, moving only along Midtrans's
 * status cycle (docs/midtrans.md, transaction statuses). Pure bookkeeping: HTTP
 * and notifications live elsewhere and are told about every change.
 */
import { randomUUID } from 'node:crypto';
import type { SnapCreateBody } from '../types.ts';
import { METHODS, newReference, type SimMethod } from './methods.ts';

export type SimStatus = 'pending' | 'settlement' | 'capture' | 'deny' | 'cancel' | 'expire' | 'refund';
export type SimAction = 'pay' | 'expire' | 'deny' | 'refund' | 'cancel';

export interface SimPayment {
  transactionId: string;
  method: SimMethod;
  status: SimStatus;
  /** VA number or card approval code. */
  reference: string;
  transactionTime: Date;
  settlementTime: Date | null;
  expiresAt: Date;
}

export interface SimTransaction {
  orderId: string;
  token: string;
  redirectUrl: string;
  grossAmount: number;
  /** The Snap create body as received. */
  request: SnapCreateBody;
  createdAt: Date;
  pageExpiresAt: Date;
  /** End of the request's `expiry` window, if it had one. */
  payExpiresAt: Date | null;
  /** Null until a payment method is chosen: until then Midtrans has no transaction. */
  payment: SimPayment | null;
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

const MOVES: Readonly<Record<SimAction, { from: readonly SimStatus[]; to: (method: SimMethod) => SimStatus }>> = {
  pay: { from: ['pending'], to: (method) => METHODS[method].paidStatus },
  expire: { from: ['pending'], to: () => 'expire' },
  // A reversal after settlement is rare but real (Permata VA, Mandiri Bill, Indomaret).
  deny: { from: ['pending', 'capture', 'settlement'], to: () => 'deny' },
  refund: { from: ['settlement', 'capture'], to: () => 'refund' },
  cancel: { from: ['pending', 'capture'], to: () => 'cancel' },
};

/** Without an `expiry` in the request, a chosen method stays payable a day (the dashboard default for VAs). */
const DEFAULT_PAYMENT_MS = 24 * 60 * 60 * 1000;
/** setTimeout's ceiling; Snap windows never come near it (7 days max). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Ledger {
  readonly #byOrderId = new Map<string, SimTransaction>();
  readonly #byToken = new Map<string, SimTransaction>();
  readonly #byTransactionId = new Map<string, SimTransaction>();
  readonly #expiryTimers = new Set<NodeJS.Timeout>();

  private readonly onExpired: (tx: SimTransaction) => void;
  /** `onExpired` hears about payments that ran out of time on their own. */
  constructor(onExpired: (tx: SimTransaction) => void) {
    this.onExpired = onExpired;
  }

  open(tx: Omit<SimTransaction, 'payment'>): SimTransaction {
    if (this.#byOrderId.has(tx.orderId)) {
      throw new SimulatorRefusal('transaction_details.order_id has been paid and utilized, please use another order ID', 400);
    }
    const opened: SimTransaction = { ...tx, payment: null };
    this.#byOrderId.set(tx.orderId, opened);
    this.#byToken.set(tx.token, opened);
    return opened;
  }

  byToken(token: string): SimTransaction | null {
    return this.#byToken.get(token) ?? null;
  }

  /** Get Status and friends accept an order id or a transaction id. */
  find(id: string): SimTransaction | null {
    return this.#byOrderId.get(id) ?? this.#byTransactionId.get(id) ?? null;
  }

  get(orderId: string): SimTransaction {
    const tx = this.#byOrderId.get(orderId);
    if (tx === undefined) throw new SimulatorRefusal(`Transaction doesn't exist: no Snap transaction with order id "${orderId}".`, 404);
    return tx;
  }

  all(): SimTransaction[] {
    return [...this.#byOrderId.values()];
  }

  /**
   * The customer picks a method: Midtrans now has a pending transaction.
   * Picking the same method again changes nothing (returns false).
   */
  choose(tx: SimTransaction, method: SimMethod, now: Date): boolean {
    if (tx.payment !== null) {
      if (tx.payment.method === method && tx.payment.status === 'pending') return false;
      throw new SimulatorRefusal(`Order "${tx.orderId}" already has a ${tx.payment.method} payment in ${tx.payment.status}.`, 409);
    }
    if (now.getTime() >= tx.pageExpiresAt.getTime()) {
      throw new SimulatorRefusal(`The Snap page of order "${tx.orderId}" has expired.`, 410);
    }
    const expiresAt = tx.payExpiresAt ?? new Date(now.getTime() + DEFAULT_PAYMENT_MS);
    const payment: SimPayment = {
      transactionId: randomUUID(),
      method,
      status: 'pending',
      reference: newReference(),
      transactionTime: now,
      settlementTime: null,
      expiresAt,
    };
    tx.payment = payment;
    this.#byTransactionId.set(payment.transactionId, tx);
    this.#expireLater(tx, payment);
    return true;
  }

  move(tx: SimTransaction, action: SimAction, now: Date): SimPayment {
    const payment = tx.payment;
    if (payment === null) throw new SimulatorRefusal(`Transaction doesn't exist: order "${tx.orderId}" has no payment method chosen yet.`, 404);
    const move = MOVES[action];
    if (!move.from.includes(payment.status)) {
      throw new SimulatorRefusal(`Merchant cannot modify the status of the transaction: cannot ${action} a transaction in ${payment.status}.`, 412);
    }
    payment.status = move.to(payment.method);
    if (payment.status === 'settlement') payment.settlementTime = now;
    return payment;
  }

  close(): void {
    for (const timer of this.#expiryTimers) clearTimeout(timer);
    this.#expiryTimers.clear();
  }

  #expireLater(tx: SimTransaction, payment: SimPayment): void {
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, payment.expiresAt.getTime() - Date.now()));
    const timer = setTimeout(() => {
      this.#expiryTimers.delete(timer);
      if (payment.status !== 'pending') return;
      payment.status = 'expire';
      this.onExpired(tx);
    }, delay);
    // A dev tool left running should exit on Ctrl-C without waiting for a week-long window.
    timer.unref();
    this.#expiryTimers.add(timer);
  }
}
