/**
 * The safety net under the webhook. Pending orders older than a threshold
 * are checked with Get Status: a real status goes through the same state
 * machine as a notification (a payment whose notification never arrived is
 * found paid), and an order Midtrans still has no transaction for after its
 * window is expired, since Snap sends nothing when a page is abandoned.
 * Orders are leased while checked, so several processes can reconcile one
 * store without asking about an order twice at once.
 */
import type { Logger } from 'pino';
import { isAppError } from '../domain/errors.ts';
import type { Order } from '../domain/order.ts';
import type { Clock, LinkService, StatusChange } from '../links/link-service.ts';
import type { PaymentGateway } from '../midtrans/gateway.ts';
import type { Store } from '../store/ports.ts';
import { PeriodicTask } from './periodic.ts';
import { checkStatus } from './status-check.ts';
import { newWorkerId } from './worker-id.ts';

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

type ReconcileOutcome = 'applied' | 'unchanged' | 'waiting' | 'error';

const RECHECK_FLOOR_MS = 5 * 60_000;

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

  /** Never throws: a failure is logged and the order comes back when its lease ends. */
  private async check(order: Order): Promise<ReconcileOutcome> {
    const { links, logger } = this.options;
    try {
      const answer = await checkStatus(this.options.gateway, this.options.serverKey, order.id);
      let change: StatusChange;
      if (answer.kind === 'found') {
        change = await links.applyObservation(order.id, answer.observation);
      } else if (this.clock().getTime() > order.reservedUntil.getTime()) {
        // No transaction and the window is over: the Snap page was abandoned.
        change = await links.closeUnpaid(order.id, 'expired');
      } else {
        return 'waiting';
      }
      if (change.kind !== 'applied') return 'unchanged';
      logger.info({ orderId: order.id, event: change.event, status: change.order.status }, 'order changed by reconciliation');
      if (change.notified) this.options.onNotice?.();
      return 'applied';
    } catch (err) {
      logger.warn({ orderId: order.id, err: isAppError(err) ? err.code : String(err) }, 'reconciliation check failed; retried next round');
      return 'error';
    }
  }
}
