/**
 * Delivers what the outbox holds: claims due entries for channels that can
 * send, paces them per channel and per chat, and records each outcome so a
 * restart or a second process picks up exactly where this one left off.
 *
 * Latency matters most right after a payment: the webhook queues the notice
 * and rings the worker's Wakeup (or calls `kick()`), and the worker claims
 * and sends at once instead of waiting for its next poll.
 */
import type { Logger } from 'pino';
import type { Locale } from '../domain/locale.ts';
import type { OutboxEntry, OutboxStore } from '../store/ports.ts';
import type { ChannelSender } from './delivery.ts';
import type { DeliveryChannel } from '../domain/channel.ts';
import { storedNotice } from './notices.ts';
import type { Wakeup } from './wakeup.ts';
import { ChannelPacer, longestTargetGapMs, type Booking } from './pacing.ts';
import { judgeFailure, type OutboxRetryPolicy } from './retry-policy.ts';
import { settlesWithin, sleep, type Backoff } from '../retry.ts';
import { newWorkerId } from '../worker-id.ts';

/** Why the loop's sleep ended early; any value but undefined spares building a DOMException. */
const WOKEN = 'woken';

export interface OutboxWorkerOptions {
  outbox: OutboxStore;
  /** At most one per channel; entries of channels without a sender stay queued. */
  senders: readonly ChannelSender[];
  /** Rung when something was queued: the worker looks at once. */
  wakeup?: Wakeup;
  logger: Logger;
  /** Names this worker's leases; unique per process. */
  workerId?: string;
  /** How often to look for due entries when nobody kicks. Default 1000. */
  pollIntervalMs?: number;
  /** How long a claimed entry is ours; another worker takes it over after. Default 60 000. */
  leaseMs?: number;
  /** Attempts after which a failing entry is dead-lettered. Default 12. */
  maxAttempts?: number;
  /** Default 5 s doubling to 15 min, with jitter. */
  backoff?: Backoff;
  /** Sends running at once, across all chats. Default 8. */
  concurrency?: number;
  /** How long stop() waits for running sends. Default 8000. */
  stopTimeoutMs?: number;
  /** Delay before retrying an entry whose sender said it was not connected. Default 2000. */
  notReadyDelayMs?: number;
  /** Language for customers, and for merchants without a preference. Default `id`. */
  locale?: Locale;
  /** The merchant's chosen language. */
  localeFor?: (merchantId: string) => Promise<Locale>;
  clock?: () => Date;
  random?: () => number;
}

interface Lane {
  sender: ChannelSender;
  pacer: ChannelPacer;
}

interface ClaimRequest {
  channels: DeliveryChannel[];
  limit: number;
}

export class OutboxWorker {
  readonly workerId: string;
  private readonly outbox: OutboxStore;
  private readonly logger: Logger;
  private readonly lanes = new Map<DeliveryChannel, Lane>();
  private readonly policy: OutboxRetryPolicy;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly stopTimeoutMs: number;
  private readonly locale: Locale;
  private readonly localeFor: ((merchantId: string) => Promise<Locale>) | null;
  private readonly clock: () => Date;
  private readonly random: () => number;

  private readonly tasks = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** Cuts short the per-chat waits of claimed entries when stopping. */
  private halt = new AbortController();
  /** Ends the loop's current sleep. */
  private wake: AbortController | null = null;
  private kicked = false;

  constructor(options: OutboxWorkerOptions) {
    this.outbox = options.outbox;
    this.workerId = options.workerId ?? newWorkerId('outbox');
    this.logger = options.logger.child({ worker: this.workerId });
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    // A kick while stopped is harmless: the next start looks at once anyway.
    options.wakeup?.listen(() => this.kick());
    this.leaseMs = options.leaseMs ?? 60_000;
    this.concurrency = options.concurrency ?? 8;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 8000;
    this.locale = options.locale ?? 'id';
    this.localeFor = options.localeFor ?? null;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.policy = {
      maxAttempts: options.maxAttempts ?? 12,
      backoff: options.backoff ?? { baseMs: 5000, maxMs: 15 * 60_000 },
      notReadyDelayMs: options.notReadyDelayMs ?? 2000,
    };
    if (this.concurrency < 1 || this.policy.maxAttempts < 1) throw new Error('OutboxWorker: concurrency and maxAttempts must be at least 1');

    for (const sender of options.senders) {
      if (this.lanes.has(sender.channel)) throw new Error(`OutboxWorker: two senders for channel ${sender.channel}`);
      // A claimed entry waits out its chat's gap and its channel slot while leased; the lease must outlast that by far.
      const { channelGapMs, jitterMs } = sender.pacing;
      const longestWait = longestTargetGapMs(sender.pacing) + channelGapMs + 2 * jitterMs;
      if (longestWait * 2 >= this.leaseMs) {
        throw new Error(`OutboxWorker: ${sender.channel} pacing waits (${longestWait} ms) must stay under half the lease (${this.leaseMs} ms)`);
      }
      this.lanes.set(sender.channel, { sender, pacer: sender.pacer ?? new ChannelPacer(sender.pacing, this.random) });
    }
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.halt = new AbortController();
    this.loop = this.run();
  }

  /** Looks for due entries now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wakeUp();
  }

  /**
   * Stops claiming and waits (up to stopTimeoutMs) for sends already under
   * way. Claimed entries still waiting for their pacing slot are handed back
   * unsent, due at once, for the next worker.
   */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.halt.abort();
    this.wakeUp();
    await this.loop;
    this.loop = null;

    const drained = await settlesWithin(Promise.allSettled([...this.tasks]), this.stopTimeoutMs);
    if (!drained) {
      this.logger.warn({ running: this.tasks.size }, 'outbox worker stopped with sends still running; their entries are picked up again after the lease');
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.kicked = false;
      let wakeAt: number;
      try {
        wakeAt = await this.tick();
      } catch (err) {
        this.logger.warn({ err }, 'outbox claim failed');
        wakeAt = this.now() + this.pollIntervalMs;
      }
      if (!this.stopping && !this.kicked) await this.sleep(Math.min(wakeAt - this.now(), this.pollIntervalMs));
    }
  }

  /**
   * Ends the loop's sleep. Every webhook notification kicks the worker: an
   * abort with no reason builds a DOMException each time (it showed in the
   * webhook's profile), so a constant reason is given, and a sleep already
   * ended is left alone.
   */
  private wakeUp(): void {
    if (this.wake && !this.wake.signal.aborted) this.wake.abort(WOKEN);
  }

  /** Sleeps until `ms` pass or kick() or stop() wakes the loop. */
  private async sleep(ms: number): Promise<void> {
    this.wake = new AbortController();
    await sleep(ms, this.wake.signal);
    this.wake = null;
  }

  /** Claims what may be sent now and starts sending it; returns when to look again. */
  private async tick(): Promise<number> {
    const now = this.now();
    let wakeAt = now + this.pollIntervalMs;
    const open: Array<{ channel: DeliveryChannel; room: number }> = [];
    for (const [channel, lane] of this.lanes) {
      if (!lane.sender.isReady()) continue;
      const room = lane.pacer.capacity(now);
      if (room > 0) open.push({ channel, room });
      else wakeAt = Math.min(wakeAt, lane.pacer.nextOpening(now) ?? wakeAt);
    }

    const requests = this.planClaims(open);
    const results = await Promise.allSettled(
      requests.map((request) =>
        this.outbox.claim({ channels: request.channels, now: new Date(now), worker: this.workerId, leaseMs: this.leaseMs, limit: request.limit }),
      ),
    );
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.logger.warn({ err: result.reason }, 'outbox claim failed');
        return;
      }
      for (const entry of result.value) this.dispatch(entry);
      // A full claim means more may be due: look again at once.
      if (result.value.length === requests[i]!.limit) wakeAt = now;
    });
    return wakeAt;
  }

  /**
   * Channels held back by their own pacing claim only what they may send
   * now; the others share one claim for the rest of the worker's bound, so
   * a busy channel cannot crowd out a quiet one.
   */
  private planClaims(open: Array<{ channel: DeliveryChannel; room: number }>): ClaimRequest[] {
    let budget = this.concurrency - this.tasks.size;
    const requests: ClaimRequest[] = [];
    const shared: DeliveryChannel[] = [];
    for (const { channel, room } of [...open].sort((a, b) => a.room - b.room)) {
      if (budget <= 0) break;
      if (room < budget) {
        requests.push({ channels: [channel], limit: room });
        budget -= room;
      } else {
        shared.push(channel);
      }
    }
    if (shared.length > 0 && budget > 0) requests.push({ channels: shared, limit: budget });
    return requests;
  }

  private dispatch(entry: OutboxEntry): void {
    // Only the lanes' own channels are ever claimed.
    const lane = this.lanes.get(entry.channel)!;
    // Booked synchronously, so the next tick already counts this send against the pacing.
    const booking = lane.pacer.book(entry.target, this.now(), lane.sender.messagesIn?.(storedNotice(entry.notice)) ?? 1);
    const task = this.deliver(lane, entry, booking)
      .catch((err: unknown) => {
        this.logger.error({ ...this.fields(entry), err }, 'outbox entry could not be settled; it is retried after the lease');
      })
      .finally(() => {
        booking.release();
        this.tasks.delete(task);
        this.kick();
      });
    this.tasks.add(task);
  }

  private async deliver(lane: Lane, entry: OutboxEntry, booking: Booking): Promise<void> {
    const locale = await this.localeOf(entry);
    const paced = (await this.waitUntil(booking.readyAt)) && (await this.waitUntil(booking.reserve(this.now())));
    if (!paced) {
      await this.outbox.retry(entry.id, this.workerId, 'not sent: worker stopped', this.clock());
      return;
    }

    const attempt = entry.attempts + 1;
    try {
      await lane.sender.send(entry.target, storedNotice(entry.notice), locale, entry.merchantId);
    } catch (err) {
      booking.end(this.now());
      await this.settleFailure(lane, entry, attempt, err);
      return;
    }
    booking.end(this.now());
    const sentAt = this.clock();
    await this.outbox.markSent(entry.id, this.workerId, sentAt);
    this.logger.info({ ...this.fields(entry), attempt, ageMs: sentAt.getTime() - entry.createdAt.getTime() }, 'outbox entry sent');
  }

  /** Waits for a pacing time; false when the worker is stopping instead. */
  private async waitUntil(at: number): Promise<boolean> {
    const wait = at - this.now();
    if (wait <= 0) return true;
    // +1: timers count from libuv's cached loop time and can fire a millisecond early by the wall clock.
    await sleep(wait + 1, this.halt.signal);
    return !this.halt.signal.aborted;
  }

  private async settleFailure(lane: Lane, entry: OutboxEntry, attempt: number, err: unknown): Promise<void> {
    const now = this.clock();
    const verdict = judgeFailure(err, attempt, now.getTime(), this.policy, this.random);
    const fields = { ...this.fields(entry), attempt, error: verdict.error };

    if (verdict.kind === 'retry') {
      if (verdict.pauseChannelUntil !== null) lane.pacer.pause(verdict.pauseChannelUntil);
      await this.outbox.retry(entry.id, this.workerId, verdict.error, new Date(verdict.at));
      this.logger.warn({ ...fields, retryAt: new Date(verdict.at).toISOString() }, 'outbox entry will be retried');
    } else {
      await this.outbox.fail(entry.id, this.workerId, verdict.error, now);
      if (verdict.deadLetter) this.logger.error(fields, 'dead letter: outbox entry given up after too many attempts');
      else this.logger.warn(fields, 'outbox entry failed permanently');
    }
  }

  private async localeOf(entry: OutboxEntry): Promise<Locale> {
    if (entry.merchantId === null || this.localeFor === null) return this.locale;
    try {
      return await this.localeFor(entry.merchantId);
    } catch (err) {
      this.logger.warn({ ...this.fields(entry), err }, 'merchant language unknown; using the default');
      return this.locale;
    }
  }

  /** What identifies an entry in logs: ids only, never the target address or the message. */
  private fields(entry: OutboxEntry): Record<string, string> {
    return { entryId: entry.id, key: entry.key, channel: entry.channel, kind: storedNotice(entry.notice).kind };
  }

  private now(): number {
    return this.clock().getTime();
  }
}
