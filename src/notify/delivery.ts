/**
 * The seam between the outbox worker and each way of reaching people. A
 * sender delivers one entry or says, with a DeliveryError, what kind of
 * failure it was, so the worker knows whether to wait, retry or give up.
 */
import type { Locale } from '../domain/locale.ts';
import type { DeliveryChannel } from '../domain/channel.ts';
import type { Notice } from './notices.ts';
import type { ChannelPacer } from './pacing.ts';

export type DeliveryFailure =
  /** The platform asked us to wait (Telegram 429 retry_after, WhatsApp rate-overlimit). */
  | 'rate_limited'
  /** Network trouble or a 5xx: try again with backoff. */
  | 'transient'
  /** Will never work (bot blocked, chat not found, address rejected): give up and record. */
  | 'permanent'
  /** The channel is not connected yet (WhatsApp socket closed): wait without counting it as a failure. */
  | 'not_ready';

/**
 * What a rate limit covers: the whole channel (a bot-wide or account-wide
 * limit: every send waits) or only this target (one chat's flood limit).
 */
export type RateLimitScope = 'channel' | 'target';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  readonly failure: DeliveryFailure;
  readonly retryAfterMs: number | null;
  readonly scope: RateLimitScope;
  constructor(
    failure: DeliveryFailure,
    message: string,
    /** How long the platform asked us to wait, when it said. */
    retryAfterMs: number | null = null,
    /** For rate_limited; a sender that cannot tell leaves the safe default. */
    scope: RateLimitScope = 'channel',
  ) {
    super(message);
    this.failure = failure;
    this.retryAfterMs = retryAfterMs;
    this.scope = scope;
  }
}

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

export interface ChannelSender {
  readonly channel: DeliveryChannel;
  readonly pacing: Pacing;
  /**
   * The channel's pacer, for a channel that also sends outside the outbox
   * (WhatsApp's command replies) and so must share one pace with the worker;
   * without it the worker keeps one of its own from `pacing`.
   */
  readonly pacer?: ChannelPacer;
  /** False while the channel cannot send (entries then wait, uncounted). */
  isReady(): boolean;
  /**
   * Delivers `notice` to `target` (a chat id, WhatsApp JID or email address),
   * rendered in `locale`; throws DeliveryError on failure. `merchantId`: the
   * merchant it concerns, who hears of a later rejection (null: nobody).
   */
  send(target: string, notice: Notice, locale: Locale, merchantId: string | null): Promise<void>;
  /** How many platform messages the notice becomes (a photo and then its text are two); 1 when absent. */
  messagesIn?(notice: Notice): number;
}

/** The longest gap any target of this pacing waits between two messages. */
export function longestTargetGapMs(pacing: Pacing): number {
  return Math.max(pacing.perTargetGapMs, pacing.slowTargets?.gapMs ?? 0);
}
