/**
 * One channel's recent sends and its Pacing rules: the one pacing mechanism.
 * It says whether the outbox worker may claim more for the channel now, and
 * when a claimed message may go; a channel that also sends outside the outbox
 * (WhatsApp's command replies, through takeTurn) shares the same pacer, so
 * all of its traffic keeps one pace.
 *
 * The per-minute cap and a channel-wide pause are applied before claiming,
 * so nothing is claimed that must then sit out a long wait while holding
 * its lease. A claimed message waits in two short steps: for its chat's
 * gap (measured from the end of the previous message to that chat), then
 * for the channel's next slot (spacing the starts of any two messages). The
 * slot is taken only once the chat's gap is over, so a chat that must wait
 * never holds up the others. A booking of several messages (a photo, then
 * its text) counts as that many: in the channel's slots, its chat's gap and
 * the per-minute cap.
 */

/** How fast a channel may send; the worker enforces it. */
export interface Pacing {
  /** Minimum gap between two messages to the same target. */
  perTargetGapMs: number;
  /**
   * Minimum gap between the starts of any two messages on the channel (a
   * global rate such as Telegram's ~30/s). The worker spaces its sends but
   * does not wait for one to finish before the next: a channel that must
   * send strictly one at a time (a WhatsApp account) serialises in its sender.
   */
  channelGapMs: number;
  /** Random extra wait added to each gap, up to this much. */
  jitterMs: number;
  /** At most this many messages per rolling minute on the channel; null for no cap. */
  perMinuteCap: number | null;
  /**
   * Targets with a slower rate of their own, and their gap (Telegram groups:
   * 20 messages a minute, so one every 3 s). Spacing them keeps any minute
   * under the limit without holding a claimed message for a minute.
   */
  slowTargets?: { test: (target: string) => boolean; gapMs: number };
  /**
   * Targets whose messages reach nobody else (a WhatsApp account's "message
   * yourself" chat): spaced like every message on the channel, but held to no
   * chat gap and not counted against the per-minute cap.
   */
  uncounted?: (target: string) => boolean;
}

/** The longest gap any target of this pacing waits between two messages. */
export function longestTargetGapMs(pacing: Pacing): number {
  return Math.max(pacing.perTargetGapMs, pacing.slowTargets?.gapMs ?? 0);
}

const MINUTE_MS = 60_000;

/** One claimed message's place in the channel's pacing. */
export interface Booking {
  /** When its chat's gap is over. */
  readyAt: number;
  /** Takes the channel's next free slot, at `now` or later, and says when it is. */
  reserve(now: number): number;
  /**
   * The platform call returned. Recorded before the outcome is stored, since
   * storing it lets the chat's next message be claimed.
   */
  end(at: number): void;
  /** The worker is done with it, sent or not. */
  release(): void;
}

export class ChannelPacer {
  /** Claimed but without a slot yet: they will count against the per-minute cap. */
  private waiting = 0;
  /** The channel's next message may start then. */
  private nextSlotAt = 0;
  /** Set by a channel-wide rate limit. */
  private pausedUntil = 0;
  /** Slot times within the last minute, ascending, for the per-minute cap. */
  private readonly starts: number[] = [];
  private readonly targetFreeAt = new Map<string, number>();

  readonly pacing: Pacing;
  private readonly random: () => number;
  constructor(
    pacing: Pacing,
    random: () => number,
  ) {
    this.pacing = pacing;
    this.random = random;
  }

  /** How many more messages may be claimed now; Infinity when the channel sets no bound of its own. */
  capacity(now: number): number {
    this.forget(now);
    if (now < this.pausedUntil) return 0;
    // A gapped channel takes one claim per slot, so claimed messages never queue up behind each other.
    let room = this.pacing.channelGapMs > 0 ? (now < this.nextSlotAt ? 0 : 1) : Infinity;
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
    if (this.pacing.channelGapMs > 0 && now < this.nextSlotAt) blockers.push(this.nextSlotAt);
    const cap = this.pacing.perMinuteCap;
    if (cap !== null && this.starts.length + this.waiting >= cap) {
      // The start that has to leave the window before one more fits.
      const oldest = this.starts[this.starts.length + this.waiting - cap];
      if (oldest === undefined) return null;
      blockers.push(oldest + MINUTE_MS);
    }
    return blockers.length > 0 ? Math.max(...blockers) : null;
  }

  /**
   * Books a claimed entry of `messages` messages to `target`, counted against
   * the channel from now on (an uncounted target only takes channel slots).
   */
  book(target: string, now: number, messages = 1): Booking {
    const counted = this.pacing.uncounted?.(target) !== true;
    const weight = counted ? messages : 0;
    this.waiting += weight;
    let reserved = false;
    return {
      readyAt: counted ? Math.max(now, this.targetFreeAt.get(target) ?? 0) : now,
      reserve: (at) => {
        reserved = true;
        this.waiting -= weight;
        const slot = Math.max(at, this.nextSlotAt);
        if (this.pacing.channelGapMs > 0) this.nextSlotAt = slot + messages * this.pacing.channelGapMs + this.jitter();
        const i = this.starts.findIndex((t) => t > slot);
        this.starts.splice(i === -1 ? this.starts.length : i, 0, ...Array<number>(weight).fill(slot));
        return slot;
      },
      end: (at) => {
        if (counted) this.targetFreeAt.set(target, at + messages * this.gapFor(target) + this.jitter());
      },
      release: () => {
        if (!reserved) this.waiting -= weight;
      },
    };
  }

  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private gapFor(target: string): number {
    const slow = this.pacing.slowTargets;
    return slow !== undefined && slow.test(target) ? slow.gapMs : this.pacing.perTargetGapMs;
  }

  private jitter(): number {
    return Math.floor(this.random() * this.pacing.jitterMs);
  }

  private forget(now: number): void {
    while (this.starts.length > 0 && this.starts[0]! <= now - MINUTE_MS) this.starts.shift();
    for (const [target, at] of this.targetFreeAt) if (at <= now) this.targetFreeAt.delete(target);
  }
}

/** A turn would come later than the caller is willing to wait. */
export class PacingDeferral extends Error {
  override readonly name = 'PacingDeferral';

  readonly waitMs: number;
  constructor(waitMs: number) {
    super(`pacing: next message allowed in ${Math.ceil(waitMs / 1000)} s`);
    this.waitMs = waitMs;
  }
}

/** The clock a turn waits on (a component's own timers, so its stop() cuts the wait short). */
export interface PacingTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * A turn on the channel for a message that does not come from the outbox:
 * room on the channel (a pause, the per-minute cap, the channel gap), then
 * the chat's gap, then a slot, the same steps the outbox worker takes for a
 * claim. Resolves with the booking, which the caller ends once the platform
 * answered and then releases; throws PacingDeferral, holding nothing, when
 * the turn would come more than `maxWaitMs` from now. Like the outbox's
 * claims, a chat takes its next turn once its last message is done.
 */
export async function takeTurn(pacer: ChannelPacer, target: string, time: PacingTime, maxWaitMs: number): Promise<Booking> {
  const deadline = time.now() + maxWaitMs;
  const waitUntil = async (at: number): Promise<void> => {
    if (at > deadline) throw new PacingDeferral(at - time.now());
    await time.sleep(at - time.now());
  };
  // Room is made by time alone, or by a claimed outbox message taking its slot: look again a channel gap later.
  while (pacer.capacity(time.now()) < 1) await waitUntil(pacer.nextOpening(time.now()) ?? time.now() + Math.max(pacer.pacing.channelGapMs, 1_000));
  const booking = pacer.book(target, time.now());
  try {
    await waitUntil(booking.readyAt);
    await time.sleep(booking.reserve(time.now()) - time.now());
    return booking;
  } catch (err) {
    booking.release();
    throw err;
  }
}
