/**
 * One channel's recent sends and its Pacing rules: whether the worker may
 * claim more for the channel now, and when a claimed message to one target
 * may go. Channel-wide limits are applied before claiming, so nothing is
 * claimed that must then sit out a long wait while holding its lease; only
 * the short per-target gap is waited out after the claim.
 *
 * Gaps run from the end of the previous send, so a slow platform call never
 * eats into the pause the platform asked for.
 */
import type { Pacing } from './delivery.ts';

const MINUTE_MS = 60_000;

/** One claimed message's place in the channel's pacing. */
export interface Booking {
  /** When the message may be handed to the platform. */
  startAt: number;
  /** It is being handed over now. */
  start(at: number): void;
  /**
   * The platform call returned. Recorded before the outcome is stored, since
   * storing it lets the chat's next message be claimed.
   */
  end(at: number): void;
  /** The worker is done with it, sent or not. */
  release(): void;
}

export class ChannelPacer {
  private inFlight = 0;
  /** Booked but not started yet: they will count against the per-minute cap. */
  private waiting = 0;
  /** A serialised channel's next message may start then. */
  private channelFreeAt = 0;
  /** Set by a channel-wide rate limit. */
  private pausedUntil = 0;
  /** Start times within the last minute, ascending, for the per-minute cap. */
  private readonly starts: number[] = [];
  private readonly targetFreeAt = new Map<string, number>();

  constructor(
    readonly pacing: Pacing,
    private readonly random: () => number,
  ) {}

  /** How many more messages may be claimed now; Infinity when the channel sets no bound of its own. */
  capacity(now: number): number {
    this.forget(now);
    if (now < this.pausedUntil) return 0;
    let room = Infinity;
    if (this.pacing.channelGapMs > 0) room = this.inFlight > 0 || now < this.channelFreeAt ? 0 : 1;
    if (this.pacing.perMinuteCap !== null) room = Math.min(room, this.pacing.perMinuteCap - this.starts.length - this.waiting);
    return Math.max(0, room);
  }

  /**
   * When a channel with no capacity opens again by time alone, or null when
   * only a running send finishing will open it (and that wakes the worker).
   */
  nextOpening(now: number): number | null {
    const blockers: number[] = [];
    if (now < this.pausedUntil) blockers.push(this.pausedUntil);
    if (this.pacing.channelGapMs > 0 && this.inFlight === 0 && now < this.channelFreeAt) blockers.push(this.channelFreeAt);
    const cap = this.pacing.perMinuteCap;
    if (cap !== null && this.starts.length + this.waiting >= cap) {
      // The start that has to leave the window before one more fits.
      const oldest = this.starts[this.starts.length + this.waiting - cap];
      if (oldest === undefined) return null;
      blockers.push(oldest + MINUTE_MS);
    }
    return blockers.length > 0 ? Math.max(...blockers) : null;
  }

  /** Books a claimed message to `target`, counted against the channel from now on. */
  book(target: string, now: number): Booking {
    this.inFlight += 1;
    this.waiting += 1;
    let started = false;
    return {
      startAt: Math.max(now, this.targetFreeAt.get(target) ?? 0),
      start: (at) => {
        started = true;
        this.waiting -= 1;
        const i = this.starts.findIndex((t) => t > at);
        this.starts.splice(i === -1 ? this.starts.length : i, 0, at);
      },
      end: (at) => {
        this.targetFreeAt.set(target, at + this.pacing.perTargetGapMs + this.jitter());
        if (this.pacing.channelGapMs > 0) this.channelFreeAt = at + this.pacing.channelGapMs + this.jitter();
      },
      release: () => {
        this.inFlight -= 1;
        if (!started) this.waiting -= 1;
      },
    };
  }

  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private jitter(): number {
    return Math.floor(this.random() * this.pacing.jitterMs);
  }

  private forget(now: number): void {
    while (this.starts.length > 0 && this.starts[0]! <= now - MINUTE_MS) this.starts.shift();
    for (const [target, at] of this.targetFreeAt) if (at <= now) this.targetFreeAt.delete(target);
  }
}
