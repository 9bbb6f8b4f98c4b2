/**
 * Midtrans HTTP notifications, from the raw body to one applied change.
 *
 * A signed notification is asked about with Get Status, by its transaction
 * id (a notification is signed but has no timestamp, so an old one replays
 * forever), and Midtrans's answer goes through the order state machine,
 * which makes duplicates, replays and late or out-of-order notifications
 * change nothing. With MIDTRANS_VERIFY_STATUS=false the notification itself
 * is applied, but only when its unsigned fields agree with its signed
 * status_code (isConsistent); any other is confirmed with Get Status like the
 * rest.
 *
 * The inbox keeps every notification before the webhook answers 2xx, so
 * nothing Midtrans tells us is lost: in the very write of the change it
 * makes (keeping and applying are one durable step, both or neither), or
 * processed when it changes nothing, or with a retry time for the
 * InboxWorker when it cannot be finished now (Get Status unreachable; its
 * transaction id is then kept on the order at once). Until then it is not
 * answered, and Midtrans sends it again if the process dies meanwhile
 * (docs/midtrans.md, notifications). A notification still processing when
 * the webhook must answer is kept first.
 */
import type { Logger } from 'pino';
import { isAppError } from '../domain/errors.ts';
import type { MidtransObservation } from '../domain/order.ts';
import { describeChange, type Clock, type LinkService, type NotificationSource, type StatusChange } from '../links/link-service.ts';
import type { PaymentGateway } from '../midtrans/gateway.ts';
import { isConsistent, toObservation } from '../midtrans/observation.ts';
import { hasValidSignature } from '../midtrans/signature.ts';
import { isJsonObject, type JsonObject } from '../midtrans/types.ts';
import type { ReceivedNotification, Store } from '../store/ports.ts';
import { backoffDelay, type Backoff } from '../retry.ts';
import { checkStatus } from './status-check.ts';

export interface NotificationRetryPolicy extends Backoff {
  /** Tries in all before an entry Get Status cannot confirm is given up (the reconciler still watches the order). */
  maxAttempts: number;
  /** Tries while Get Status says "no such transaction" for an order we know. */
  notFoundAttempts: number;
}

const DEFAULT_NOTIFICATION_RETRY: NotificationRetryPolicy = {
  baseMs: 10_000,
  maxMs: 30 * 60_000,
  maxAttempts: 10,
  notFoundAttempts: 5,
};

export interface NotificationHandlerOptions {
  links: LinkService;
  gateway: PaymentGateway;
  store: Pick<Store, 'inbox'>;
  /** Checks signatures of notifications and of Get Status answers. */
  serverKey: string;
  /** `MIDTRANS_VERIFY_STATUS`: confirm each notification with Get Status (default true). */
  verifyStatus: boolean;
  logger: Logger;
  /** Called after a change that queued notices, so the outbox worker sends them at once. */
  onNotice?: () => void;
  retry?: NotificationRetryPolicy;
  clock?: Clock;
}

/**
 * A signed notification to process: kept in the inbox already (`id`, an entry
 * the InboxWorker took up), or not yet (`id` null, just received), in which
 * case processing keeps it together with what it came to.
 */
export interface PendingNotification extends ReceivedNotification {
  id: string | null;
  /** Retries so far. */
  attempts: number;
  /** The body as parsed on arrival, so processing need not parse it again; absent for an entry read back from the inbox. */
  parsed?: JsonObject;
}

export type Acceptance =
  /** Not a JSON object: nothing Midtrans sends. */
  | { kind: 'invalid' }
  /** signature_key missing or not made with our server key. Nothing was stored. */
  | { kind: 'unauthorized' }
  /** This very body was kept and processed before: counted, nothing else to do. */
  | { kind: 'duplicate' }
  /** Signed and new; not kept yet: process() keeps it. */
  | { kind: 'received'; notification: PendingNotification };

export interface Processed {
  outcome: string;
  /** Whether the inbox has the notification now (processed, or due again); false only when the store failed first. */
  kept: boolean;
}

/** What processing came to: finished (and whether the inbox entry is already marked so), or to be tried again. */
type Finished = { done: string; recorded?: boolean };
type Step = Finished | { retry: string; limit: number };

export class NotificationHandler {
  private readonly clock: Clock;
  private readonly retry: NotificationRetryPolicy;
  private readonly inFlight = new Set<Promise<Processed>>();

  private readonly options: NotificationHandlerOptions;
  constructor(options: NotificationHandlerOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_NOTIFICATION_RETRY;
  }

  /**
   * Checks the signature and whether this very body was processed before
   * (then only counts it). Throws StoreUnavailableError when the store cannot
   * say (the webhook answers 503, and Midtrans sends it again).
   */
  async accept(raw: string): Promise<Acceptance> {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return { kind: 'invalid' };
    }
    if (!isJsonObject(body)) return { kind: 'invalid' };
    if (!hasValidSignature(body, this.options.serverKey)) {
      const orderId = body['order_id'];
      this.options.logger.warn({ orderId: typeof orderId === 'string' ? orderId.slice(0, 60) : null }, 'notification with a missing or wrong signature refused');
      return { kind: 'unauthorized' };
    }
    // A valid signature means order_id is a string.
    const received = { orderId: String(body['order_id']), body: raw, receivedAt: this.clock() };
    // Asking Midtrans about a body already processed would only repeat its answer. Applied as told, a
    // duplicate changes nothing anyway, and the write that keeps it counts it: no read needed.
    if (!this.appliesAsTold(body) && (await this.options.store.inbox.processed(raw))) {
      await this.options.store.inbox.add(received);
      return { kind: 'duplicate' };
    }
    return { kind: 'received', notification: { ...received, id: null, attempts: 0, parsed: body } };
  }

  /**
   * Keeps a received notification open in the inbox, for the InboxWorker, while
   * its processing goes on (the webhook answers before that ends). Whichever
   * of the two writes comes second finds the first: one entry.
   */
  async keep(notification: PendingNotification): Promise<void> {
    if (notification.id === null) await this.options.store.inbox.add(notification);
  }

  /**
   * Processes a notification and records the outcome in the inbox: in the
   * write of the change it makes, or processed, or due again later. A
   * notification not kept yet is kept by that write, so keeping and applying
   * it is one durable step. Never throws: whatever goes wrong leaves the
   * entry (once kept) for the InboxWorker. Resolves with the outcome, for
   * logs and tests, and whether the notification is kept.
   */
  process(notification: PendingNotification): Promise<Processed> {
    const running = this.run(notification);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
    return running;
  }

  /** Resolves when every processing started so far has finished (for shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(notification: PendingNotification): Promise<Processed> {
    const { logger } = this.options;
    let step: Step;
    try {
      step = await this.decide(notification);
    } catch (err) {
      // The store or something unforeseen failed: try again later, within the usual bound.
      logger.error({ orderId: notification.orderId, err }, 'notification processing failed');
      step = { retry: isAppError(err) ? err.code : 'error', limit: this.retry.maxAttempts };
    }

    const now = this.clock();
    let outcome: string;
    let record: () => Promise<void>;
    if ('done' in step) {
      outcome = step.done;
      record = step.recorded ? async () => undefined : () => this.settle(notification, outcome, now);
    } else if (notification.attempts + 1 < step.limit) {
      outcome = `retry:${step.retry}`;
      const retryAt = new Date(now.getTime() + backoffDelay(this.retry, notification.attempts));
      record = () => this.retryLater(notification, step.retry, retryAt);
    } else {
      outcome = `gave_up:${step.retry}`;
      logger.error({ orderId: notification.orderId, err: step.retry }, 'notification given up; the reconciler still checks the order');
      record = () => this.settle(notification, outcome, now);
    }
    try {
      await record();
      return { outcome, kept: true };
    } catch (err) {
      // A kept entry stays open; the worker picks it up when the store is back. One not kept is Midtrans's to send again.
      logger.error({ orderId: notification.orderId, err }, 'could not record the notification outcome');
      return { outcome, kept: notification.id !== null };
    }
  }

  /** MIDTRANS_VERIFY_STATUS=false, and the notification's unsigned fields agree with its signed status_code. */
  private appliesAsTold(body: unknown): boolean {
    if (this.options.verifyStatus) return false;
    const told = toObservation(body);
    return told !== null && isConsistent(told);
  }

  private settle(notification: PendingNotification, outcome: string, now: Date): Promise<void> {
    const { inbox } = this.options.store;
    return notification.id === null ? inbox.keepProcessed(notification, outcome) : inbox.markProcessed(notification.id, outcome, now);
  }

  private retryLater(notification: PendingNotification, error: string, retryAt: Date): Promise<void> {
    const { inbox } = this.options.store;
    return notification.id === null ? inbox.keepForRetry(notification, error, retryAt) : inbox.markRetry(notification.id, error, retryAt);
  }

  private async decide(notification: PendingNotification): Promise<Step> {
    const { links, logger } = this.options;
    const body: unknown = notification.parsed ?? JSON.parse(notification.body);
    const told = toObservation(body);
    if (told === null) {
      logger.warn({ orderId: notification.orderId }, 'signed notification without a readable status; kept and ignored');
      return { done: 'unreadable' };
    }
    if (!this.options.verifyStatus && isConsistent(told)) {
      // Without the re-check the change itself finds out whether the order is ours.
      const change = await links.applyObservation(notification.orderId, told, { notification: sourceOf(notification) });
      if (change.kind !== 'unknown_order') return this.finished(notification.orderId, change);
    }
    // Midtrans is asked only about our own orders.
    const orderId = await this.ourOrderId(notification.orderId, body);
    if (orderId === null) return this.unknownOrder(notification.orderId);
    const confirmed = await this.confirm(orderId, told.transactionId ?? notification.orderId);
    if ('retry' in confirmed) {
      // Kept now, so the reconciler can ask about this transaction while the entry waits for its retry.
      if (told.transactionId !== null) await links.noteTransactionId(orderId, told.transactionId);
      return confirmed;
    }
    // The answer is about the transaction asked for: the change keeps its id in its own write.
    const change = await links.applyObservation(orderId, confirmed.observation, { notification: sourceOf(notification) });
    return this.finished(orderId, change);
  }

  /**
   * The order a notification is about: its `order_id`, or, when that is no
   * order of ours, the order id tagih put in `custom_field1` of the Snap
   * request. Some BI-SNAP notifications carry the transaction id in
   * `order_id` (midtrans-php #121; docs/midtrans.md). custom_field1 is not
   * signed, so such a notification is always confirmed with Get Status, whose
   * answer must name the same order (checkStatus).
   */
  private async ourOrderId(orderId: string, body: unknown): Promise<string | null> {
    const { links } = this.options;
    if ((await links.order(orderId)) !== null) return orderId;
    const named = isJsonObject(body) ? body['custom_field1'] : undefined;
    return typeof named === 'string' && named !== orderId && (await links.order(named)) !== null ? named : null;
  }

  private finished(orderId: string, change: StatusChange): Finished {
    const { logger } = this.options;
    if (change.kind === 'unknown_order') return this.unknownOrder(orderId);
    if (change.kind === 'applied') {
      logger.info({ orderId, event: change.event, status: change.order.status }, 'order changed by notification');
      if (change.notified) this.options.onNotice?.();
      // The change recorded the notification processed in the same write.
      return { done: describeChange(change), recorded: true };
    }
    logger.debug({ orderId, outcome: describeChange(change) }, 'notification changed nothing');
    return { done: describeChange(change) };
  }

  /** The dashboard's test notification, or a payment made outside tagih. */
  private unknownOrder(orderId: string): Finished {
    this.options.logger.info({ orderId }, 'notification for an order we do not know; ignored');
    return { done: 'unknown_order' };
  }

  private async confirm(orderId: string, askedId: string): Promise<{ observation: MidtransObservation } | { retry: string; limit: number }> {
    try {
      const answer = await checkStatus(this.options.gateway, this.options.serverKey, orderId, askedId);
      // Midtrans may not show a transaction it just notified about yet.
      if (answer.kind === 'absent') return { retry: 'MIDTRANS_NOT_FOUND', limit: this.retry.notFoundAttempts };
      return { observation: answer.observation };
    } catch (err) {
      if (!isAppError(err)) throw err;
      this.options.logger.warn({ orderId, code: err.code }, 'Get Status failed; notification kept for a retry');
      return { retry: err.code, limit: this.retry.maxAttempts };
    }
  }
}

/** Where the change a notification makes records it: its inbox entry, or the notification itself, kept by that write. */
function sourceOf(notification: PendingNotification): NotificationSource {
  if (notification.id !== null) return { inboxId: notification.id };
  const { orderId, body, receivedAt } = notification;
  return { received: { orderId, body, receivedAt } };
}
