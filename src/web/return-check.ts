/**
 * The customer is back from Snap and Snap's return says the payment went
 * through, but our notification has not arrived yet: the done page asks
 * Midtrans once (Get Status) instead of showing "waiting" with a pay button
 * to someone who has just paid. Snap's query parameters only decide whether
 * to ask and what to show while asking; the order's state comes from Get
 * Status through the same state machine as every notification.
 *
 * Bounded three ways: one question per order per window (a refreshing page,
 * a reload storm and a forged query string cost one call), a short wait for
 * its answer (the page then says "confirming" and refreshes), and a bounded
 * memory of the orders asked about.
 */
import { BoundedMap } from '../bounded-map.ts';
import type { Order } from '../domain/order.ts';
import type { Clock } from '../links/link-service.ts';
import type { ReconcileOutcome } from '../payments/reconciler.ts';
import { settlesWithin } from '../retry.ts';

/** One Get Status for an order, applied (the reconciler's check). */
export type ConfirmPayment = (order: Order) => Promise<ReconcileOutcome>;

/**
 * What Snap's return proves the customer did (`transaction_status` of the
 * finish redirect, https://docs.midtrans.com/reference/window-redirection):
 * settlement, or capture (a card charged, perhaps still under fraud review).
 * Not `pending`: a VA or QRIS customer is sent back with the number still to
 * pay, and must keep the way back to it.
 */
const PAID_ON_RETURN: ReadonlySet<string> = new Set(['settlement', 'capture']);

export function returnSaysPaid(transactionStatus: string | null): boolean {
  return transactionStatus !== null && PAID_ON_RETURN.has(transactionStatus);
}

/** Not paid: Midtrans answered and has no payment. Unknown: no answer (yet). */
export type ReturnVerdict = 'checked' | 'not_paid' | 'unknown';

export interface ReturnCheckOptions {
  confirm: ConfirmPayment | null;
  clock: Clock;
  /** One Get Status per order within this long (default 10 s). */
  windowMs?: number;
  /** The page waits this long for the answer (default 2.5 s). */
  answerWithinMs?: number;
  /** Orders remembered (default 1000). */
  capacity?: number;
}

interface Asked {
  at: number;
  answer: Promise<ReturnVerdict>;
}

function verdictOf(outcome: ReconcileOutcome): ReturnVerdict {
  if (outcome === 'applied') return 'checked';
  return outcome === 'error' ? 'unknown' : 'not_paid';
}

export class ReturnCheck {
  private readonly asked: BoundedMap<string, Asked>;
  private readonly windowMs: number;
  private readonly answerWithinMs: number;

  private readonly options: ReturnCheckOptions;

  constructor(options: ReturnCheckOptions) {
    this.options = options;
    this.windowMs = options.windowMs ?? 10_000;
    this.answerWithinMs = options.answerWithinMs ?? 2_500;
    this.asked = new BoundedMap(options.capacity ?? 1_000);
  }

  /** Asks Midtrans about `order` unless it was asked within the window; waits a bounded time for the answer. */
  async ask(order: Order): Promise<ReturnVerdict> {
    const confirm = this.options.confirm;
    if (confirm === null) return 'unknown';
    const now = this.options.clock().getTime();
    let entry = this.asked.get(order.id);
    if (entry === undefined || now - entry.at >= this.windowMs) {
      entry = { at: now, answer: confirm(order).then(verdictOf, () => 'unknown' as const) };
      this.asked.set(order.id, entry);
    }
    // entry.answer never rejects: a failed Get Status is already 'unknown'.
    return (await settlesWithin(entry.answer, this.answerWithinMs)) ? entry.answer : 'unknown';
  }
}
