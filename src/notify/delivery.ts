/**
 * The seam between the outbox worker and each way of reaching people. A
 * sender delivers one entry or says, with a DeliveryError, what kind of
 * failure it was, so the worker knows whether to wait, retry or give up.
 */
import type { Locale } from '../domain/locale.ts';
import type { DeliveryChannel } from '../domain/channel.ts';
import type { Notice } from './notices.ts';
import type { ChannelPacer, Pacing } from './pacing.ts';

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
