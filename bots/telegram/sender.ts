/**
 * The outbox worker's way into Telegram: renders a notice in the reader's
 * language and posts it, and turns what went wrong into the worker's terms:
 * 429 waits retry_after, 5xx and network trouble retry with backoff, a
 * blocked bot or a missing chat is permanent. A group that became a
 * supergroup is followed to its new id at once, and remembered.
 */
import type { Locale } from '../../src/domain/errors.ts';
import { DeliveryError, type ChannelSender, type Pacing } from '../../src/notify/delivery.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import type { KeyValueStore, OutboxEntry } from '../../src/store/ports.ts';
import { BotApiError, type Failure } from './bot-api.ts';
import type { ChatPoster } from './post.ts';

/**
 * About one message a second per chat and thirty a second in all (Telegram's
 * Bot FAQ); no per-minute cap. The jitter only has to keep processes out of
 * step: every millisecond of it lowers the channel's rate (35 + 2.5 ms on
 * average is about 27 a second).
 */
export const TELEGRAM_PACING: Pacing = { perTargetGapMs: 1000, channelGapMs: 35, jitterMs: 5, perMinuteCap: null };

const MIGRATIONS = 'telegram-chat-migrations';

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly pacing = TELEGRAM_PACING;

  private readonly poster: ChatPoster;
  private readonly kv: KeyValueStore;
  private readonly ready: () => boolean;
  constructor(
    poster: ChatPoster,
    kv: KeyValueStore,
    ready: () => boolean,
  ) {
    this.poster = poster;
    this.kv = kv;
    this.ready = ready;
  }

  isReady(): boolean {
    return this.ready();
  }

  async send(entry: OutboxEntry, locale: Locale): Promise<void> {
    const message = renderNotice(entry.notice, locale);
    const chatId = (await this.kv.get(MIGRATIONS, entry.target)) ?? entry.target;
    try {
      await this.poster.post(chatId, message);
    } catch (err) {
      const failure = failureOf(err);
      if (failure.kind !== 'migrated') throw toDeliveryError(err, failure);
      await this.kv.setMany(MIGRATIONS, [{ key: entry.target, value: failure.chatId }]);
      try {
        await this.poster.post(failure.chatId, message);
      } catch (again) {
        throw toDeliveryError(again, failureOf(again));
      }
    }
  }
}

function failureOf(err: unknown): Failure {
  // Errors that are not from the Bot API (drawing the QR, the store) are worth another try.
  return err instanceof BotApiError ? err.failure : { kind: 'transient' };
}

function toDeliveryError(err: unknown, failure: Failure): DeliveryError {
  const message = err instanceof Error ? err.message : String(err);
  switch (failure.kind) {
    case 'rate_limited':
      return new DeliveryError('rate_limited', message, failure.retryAfterMs);
    case 'permanent':
      return new DeliveryError('permanent', message);
    case 'migrated':
    case 'unauthorized':
    case 'conflict':
    case 'transient':
      // A second migration or a revoked token is for an operator to fix; the outbox keeps trying within its bound.
      return new DeliveryError('transient', message);
  }
}
