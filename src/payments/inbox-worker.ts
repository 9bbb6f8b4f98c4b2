/**
 * Finishes notifications the webhook could not: Get Status was unreachable,
 * the store failed midway, or the process stopped before answering. Entries
 * are claimed with a lease, so several processes can run a worker on one
 * store without handling an entry twice at once; how often an entry is tried
 * and how long it waits in between is the NotificationHandler's policy.
 */
import type { Logger } from 'pino';
import type { Clock } from '../links/link-service.ts';
import type { Store } from '../store/ports.ts';
import type { NotificationHandler } from './notification-handler.ts';
import { PeriodicTask } from './periodic.ts';
import { newWorkerId } from '../worker-id.ts';

export interface InboxWorkerOptions {
  store: Pick<Store, 'inbox'>;
  handler: NotificationHandler;
  logger: Logger;
  /** How often to look for due entries (default 5 s). */
  intervalMs?: number;
  /** Entries per round (default 20). */
  batchSize?: number;
  /** How long a claimed entry is ours; longer than processing one can take (default 60 s). */
  leaseMs?: number;
  workerId?: string;
  clock?: Clock;
}

export class InboxWorker extends PeriodicTask {
  private readonly workerId: string;
  private readonly clock: Clock;

  private readonly options: InboxWorkerOptions;
  constructor(options: InboxWorkerOptions) {
    super('inbox', options.intervalMs ?? 5_000, (signal) => this.processDue(signal), options.logger);
    this.options = options;
    this.workerId = options.workerId ?? newWorkerId('inbox');
    this.clock = options.clock ?? (() => new Date());
  }

  private async processDue(signal: AbortSignal): Promise<void> {
    const { store, handler, logger } = this.options;
    const due = await store.inbox.claimDue({
      now: this.clock(),
      worker: this.workerId,
      leaseMs: this.options.leaseMs ?? 60_000,
      limit: this.options.batchSize ?? 20,
    });
    for (const entry of due) {
      // Unfinished entries come back when their lease ends.
      if (signal.aborted) return;
      const { outcome } = await handler.process(entry);
      logger.debug({ orderId: entry.orderId, attempts: entry.attempts, outcome }, 'inbox entry reprocessed');
    }
  }
}
