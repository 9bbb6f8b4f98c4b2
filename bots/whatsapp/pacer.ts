/**
 * The account's outbound gate. Baileys is an unofficial client and WhatsApp
 * bans numbers that send like bots, so every message leaving the account
 * (command replies, cards in customer chats, outbox notices) passes here:
 * one at a time, a gap with random jitter between any two, several seconds
 * between two messages to the same chat, and a per-minute cap. The outbox
 * worker paces its own claims with the same numbers; this gate is the one
 * place that also sees the traffic that does not go through the outbox.
 *
 * Messages into the account's own "message yourself" chat reach nobody else,
 * so they are serialised and spaced but not counted against the cap.
 */
import type { Pacing } from '../../src/notify/delivery.ts';
import type { Timers } from './scheduler.ts';

const MINUTE_MS = 60_000;

/** Sending now would break the pacing by more than the caller is willing to wait. */
export class PacingDeferral extends Error {
  override readonly name = 'PacingDeferral';

  readonly waitMs: number;
  constructor(waitMs: number) {
    super(`WhatsApp pacing: next message allowed in ${Math.ceil(waitMs / 1000)} s`);
    this.waitMs = waitMs;
  }
}

export interface PaceOptions {
  /** False for the account's own chat: spaced, but not counted against the cap. */
  counted: boolean;
  /** Longer waits throw PacingDeferral instead. */
  maxWaitMs: number;
}

export class Pacer {
  private queue: Promise<unknown> = Promise.resolve();
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private readonly lastToTarget = new Map<string, number>();
  /** Send times of counted messages within the last minute. */
  private recent: number[] = [];
  private pausedUntil = Number.NEGATIVE_INFINITY;

  private readonly pacing: Pacing;
  private readonly timers: Timers;
  private readonly random: () => number;
  constructor(
    pacing: Pacing,
    timers: Timers,
    random: () => number,
  ) {
    this.pacing = pacing;
    this.timers = timers;
    this.random = random;
  }

  /** Runs `send` when pacing allows, after every earlier send has finished. */
  run<T>(target: string, options: PaceOptions, send: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(() => this.paced(target, options, send));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** WhatsApp said "rate-overlimit": nothing leaves the account until then. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.timers.now() + ms);
  }

  private async paced<T>(target: string, options: PaceOptions, send: () => Promise<T>): Promise<T> {
    const now = this.timers.now();
    const wait = Math.max(0, this.earliest(target, options.counted, now) - now);
    if (wait > options.maxWaitMs) throw new PacingDeferral(wait);
    await this.timers.sleep(wait);
    try {
      return await send();
    } finally {
      this.record(target, options.counted, this.timers.now());
    }
  }

  private earliest(target: string, counted: boolean, now: number): number {
    const { channelGapMs, jitterMs, perTargetGapMs, perMinuteCap } = this.pacing;
    let at = Math.max(this.pausedUntil, this.lastSentAt + channelGapMs + this.random() * jitterMs);
    if (!counted) return at;
    at = Math.max(at, (this.lastToTarget.get(target) ?? Number.NEGATIVE_INFINITY) + perTargetGapMs);
    this.recent = this.recent.filter((t) => t > now - MINUTE_MS);
    if (perMinuteCap !== null && this.recent.length >= perMinuteCap) {
      at = Math.max(at, this.recent[this.recent.length - perMinuteCap]! + MINUTE_MS);
    }
    return at;
  }

  private record(target: string, counted: boolean, at: number): void {
    // Counted even when the send failed: WhatsApp may have seen it.
    this.lastSentAt = at;
    if (!counted) return;
    this.recent.push(at);
    this.lastToTarget.set(target, at);
    for (const [chat, last] of this.lastToTarget) {
      if (last <= at - this.pacing.perTargetGapMs) this.lastToTarget.delete(chat);
    }
  }
}
