/**
 * The safety net under the webhook, and the one place a pending order is
 * closed for lack of payment. Pending orders older than a threshold are
 * checked with Get Status (by their latest transaction id, by order id before
 * they have one): a real status goes through the same state machine as a
 * notification, so a payment whose notification never arrived is found paid.
 *
 * Once an order's window is over and it is still pending, Midtrans is asked to
 * expire it (Core API expire, by the same id). Only an answer that says it can
 * no longer be paid closes it and frees its slot: "expired now" (407), or "no
 * such transaction" (404: the customer never chose a method, and the Snap page
 * itself has expired with the window, which is never longer than ours). Any
 * other answer (412: the transaction is past pending) keeps the order and its
 * slot, and the next round's Get Status says what it became. Snap sends no
 * notification when its page expires, so nothing else would ever close it.
 *
 * Orders are leased while checked, so several processes can reconcile one
 * store without asking about an order twice at once.
 */
import type { Logger } from 'pino';
import type { Order } from '../domain/order.ts';
import type { Clock, LinkService, StatusChange } from '../links/link-service.ts';
import type { PaymentGateway } from '../midtrans/gateway.ts';
import type { Store } from '../store/ports.ts';
import { PeriodicTask } from './periodic.ts';
import { askingId, checkStatus, type StatusAnswer } from './status-check.ts';
import { newWorkerId } from '../worker-id.ts';

export interface ReconcilerOptions {
  store: Pick<Store, 'orders'>;
  links: LinkService;
  gateway: PaymentGateway;
  serverKey: string;
  logger: Logger;
  /** How often a round runs (config.payments.reconcileIntervalMs). */
  intervalMs: number;
  /** Pending orders older than this are checked (config.payments.reconcileAfterMs). */
  staleAfterMs: number;
  /**
   * How long an order checked once is left alone before the next check (the
   * claim's lease). Default: the larger of the interval and 5 minutes, so a
   * long window costs a handful of Get Status calls, not one per round.
   */
  recheckAfterMs?: number;
  /** Orders per round (default 20). */
  batchSize?: number;
  /** Called after a change that queued notices. */
  onNotice?: () => void;
  workerId?: string;
  clock?: Clock;
}

/** applied: the order changed; unchanged / waiting: Midtrans has nothing new (or no transaction yet); error: it could not be asked. */
export type ReconcileOutcome = 'applied' | 'unchanged' | 'waiting' | 'error';

const RECHECK_FLOOR_MS = 5 * 60_000;
/** Statuses of an attempt that ended without money: the session may have a newer attempt. */
const ENDED = new Set(['deny', 'failure', 'expire', 'cancel']);

export class Reconciler extends PeriodicTask {
  private readonly workerId: string;
  private readonly clock: Clock;

  private readonly options: ReconcilerOptions;
  constructor(options: ReconcilerOptions) {
    super('reconcile', options.intervalMs, (signal) => this.checkStale(signal), options.logger);
    this.options = options;
    this.workerId = options.workerId ?? newWorkerId('reconcile');
    this.clock = options.clock ?? (() => new Date());
  }

  private async checkStale(signal: AbortSignal): Promise<void> {
    const now = this.clock();
    const stale = await this.options.store.orders.claimStale({
      staleBefore: new Date(now.getTime() - this.options.staleAfterMs),
      now,
      worker: this.workerId,
      leaseMs: this.options.recheckAfterMs ?? Math.max(this.options.intervalMs, RECHECK_FLOOR_MS),
      limit: this.options.batchSize ?? 20,
    });
    const tally: Record<ReconcileOutcome, number> = { applied: 0, unchanged: 0, waiting: 0, error: 0 };
    for (const order of stale) {
      if (signal.aborted) break;
      tally[await this.check(order)] += 1;
    }
    if (stale.length > 0) this.options.logger[tally.applied + tally.error > 0 ? 'info' : 'debug']({ checked: stale.length, ...tally }, 'reconciliation round');
  }

  /**
   * One Get Status for `order`, applied as a round would apply it (also asked
   * out of turn by the page a customer returns to from Snap). Never throws: a
   * failure is logged and the order comes back when its lease ends.
   */
  async check(order: Order): Promise<ReconcileOutcome> {
    const { links, logger } = this.options;
    try {
      const answer = await this.status(order);
      let change: StatusChange | null = null;
      if (answer.kind === 'found') change = await links.applyObservation(order.id, answer.observation);
      if (change?.kind === 'applied') return this.applied(change);

      const current = (await links.order(order.id)) ?? order;
      if (current.status !== 'pending' || this.clock().getTime() < current.reservedUntil.getTime()) {
        return answer.kind === 'found' ? 'unchanged' : 'waiting';
      }
      // The transaction Get Status just described is the one that may still take money; notifications can add ids out of order.
      const target = (answer.kind === 'found' ? answer.observation.transactionId : null) ?? askingId(current);
      const expired = await this.options.gateway.expire(target);
      if (expired.kind === 'refused') {
        logger.info({ orderId: order.id }, 'Midtrans refused to expire a pending order after its window; its slot is kept');
        return 'waiting';
      }
      const closed = await links.closeUnpaid(order.id, 'expired');
      return closed.kind === 'applied' ? this.applied(closed) : 'unchanged';
    } catch (err) {
      logger.warn({ orderId: order.id, err }, 'reconciliation check failed; retried next round');
      return 'error';
    }
  }

  /**
   * Get Status by the order's latest transaction id; when that attempt is
   * absent or ended without money, by order id too, which answers with the
   * session's latest attempt (a newer one whose notification was lost).
   */
  private async status(order: Order): Promise<StatusAnswer> {
    const { gateway, serverKey } = this.options;
    const asked = askingId(order);
    const answer = await checkStatus(gateway, serverKey, order.id, asked);
    if (asked === order.id || (answer.kind === 'found' && !ENDED.has(answer.observation.transactionStatus))) return answer;
    const byOrder = await checkStatus(gateway, serverKey, order.id);
    return byOrder.kind === 'found' ? byOrder : answer;
  }

  private applied(change: Extract<StatusChange, { kind: 'applied' }>): ReconcileOutcome {
    this.options.logger.info({ orderId: change.order.id, event: change.event, status: change.order.status }, 'order changed by reconciliation');
    if (change.notified) this.options.onNotice?.();
    return 'applied';
  }
}
