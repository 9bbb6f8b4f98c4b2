/**
 * One live socket per WhatsApp account across every tagih process sharing
 * the store: two sockets on the same credentials kick each other off (440)
 * and write the Signal keys concurrently ("Bad MAC"). The holder renews a
 * lease every few seconds; the others retry and take over after it lapses.
 */
import type { Logger } from 'pino';
import type { LeaseStore } from '../../src/store/ports.ts';
import { Timers, type Scheduler } from './scheduler.ts';

export interface LeaseOptions {
  leases: LeaseStore;
  name: string;
  owner: string;
  ttlMs: number;
  renewEveryMs: number;
  scheduler: Scheduler;
  logger: Logger;
  onAcquired: () => void;
  onLost: () => void;
}

export class AccountLease {
  private readonly timers: Timers;
  /** Until when we may act as the holder; 0 when we do not hold it. */
  private validUntil = 0;
  private running = false;
  /** So "someone else holds it" is said once per wait, not every few seconds. */
  private toldWaiting = false;

  private readonly options: LeaseOptions;
  constructor(options: LeaseOptions) {
    this.options = options;
    this.timers = new Timers(options.scheduler);
  }

  get held(): boolean {
    return this.validUntil > 0;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timers.cancelAll();
    if (!this.held) return;
    this.validUntil = 0;
    const { leases, name, owner, logger } = this.options;
    // Released now, another process can take over at once instead of after the TTL.
    await leases.release(name, owner).catch((err: unknown) => logger.warn({ err }, 'WhatsApp: could not release the lease'));
  }

  private async tick(): Promise<void> {
    const { leases, name, owner, ttlMs, renewEveryMs, scheduler, logger } = this.options;
    const now = scheduler.now();
    let ours: boolean | null;
    try {
      ours = await leases.acquire(name, owner, ttlMs, new Date(now));
    } catch (err) {
      logger.warn({ err }, 'WhatsApp: could not renew the lease');
      ours = null;
    }
    if (!this.running) {
      // stop() came while we were asking: do not keep a lease nobody will renew.
      if (ours === true && !this.held) await leases.release(name, owner).catch(() => undefined);
      return;
    }
    if (ours === true) {
      const wasHeld = this.held;
      this.validUntil = now + ttlMs;
      this.toldWaiting = false;
      if (!wasHeld) this.options.onAcquired();
    } else if (ours === false && !this.held && !this.toldWaiting) {
      this.toldWaiting = true;
      logger.info({ lease: name }, 'WhatsApp: another tagih process holds the WhatsApp session; this one waits and takes over if it stops');
    } else if (this.held && (ours === false || scheduler.now() + renewEveryMs >= this.validUntil)) {
      // Taken by another process, or unconfirmed for so long that it may soon
      // be: give the socket up before anyone else can take over.
      this.validUntil = 0;
      this.options.onLost();
    }
    this.timers.after(renewEveryMs, () => void this.tick());
  }
}
