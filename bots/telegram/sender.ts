/**
 * The outbox worker's way into Telegram: renders a notice in the reader's
 * language and posts it, and turns what went wrong into the worker's terms:
 * 429 waits retry_after, 5xx and network trouble retry with backoff, a
 * blocked bot or a missing chat is permanent. A group that became a
 * supergroup is followed to its new id at once, and remembered.
 */
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import { DeliveryError, type ChannelSender } from '../../src/notify/delivery.ts';
import type { Pacing } from '../../src/notify/pacing.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import type { Notice } from '../../src/notify/notices.ts';
import type { KeyValueStore } from '../../src/store/ports.ts';
import { BotApiError, type Failure } from './bot-api.ts';
import type { CustomerChats } from './customers.ts';
import type { InlineCards } from './inline-cards.ts';
import { messagesOf, type ChatPoster } from './post.ts';

/**
 * About one message a second per chat, twenty a minute per group (one every
 * 3 s) and thirty a second in all (Telegram's Bots FAQ, docs/telegram.md).
 * Group, supergroup and channel ids are negative. The jitter only has to keep
 * processes out of step: every millisecond of it lowers the channel's rate
 * (35 + 2.5 ms on average is about 27 a second).
 */
const TELEGRAM_PACING: Pacing = {
  perTargetGapMs: 1000,
  channelGapMs: 35,
  jitterMs: 5,
  perMinuteCap: null,
  slowTargets: { test: (chatId) => chatId.startsWith('-'), gapMs: 3000 },
};

const MIGRATIONS = 'telegram-chat-migrations';

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly pacing = TELEGRAM_PACING;

  private readonly poster: ChatPoster;
  private readonly kv: KeyValueStore;
  /** What the customer's side keeps: receipts for customers who ask again, inline cards to mark paid. */
  private readonly customerSide: { customers: CustomerChats; cards: InlineCards; merchantName: string };
  private readonly ready: () => boolean;
  constructor(
    poster: ChatPoster,
    kv: KeyValueStore,
    customerSide: { customers: CustomerChats; cards: InlineCards; merchantName: string },
    ready: () => boolean,
  ) {
    this.poster = poster;
    this.kv = kv;
    this.customerSide = customerSide;
    this.ready = ready;
  }

  isReady(): boolean {
    return this.ready();
  }

  /** A card whose text does not fit a caption is a photo and then the text (and a long text is several messages). */
  messagesIn(notice: Notice): number {
    return Math.max(...LOCALES.map((locale) => messagesOf(renderNotice(notice, locale))));
  }

  async send(target: string, notice: Notice, locale: Locale): Promise<void> {
    const message = renderNotice(notice, locale);
    const chatId = (await this.kv.get(MIGRATIONS, target)) ?? target;
    // Kept before sending, so a customer who asks later gets it again; a failed send is retried and keeps the same.
    if (notice.kind === 'receipt') await this.customerSide.customers.receiptFor(chatId, notice);
    // A paid-up link's cards in customers' chats say so before the merchant hears; see InlineCards for why this is exactly once.
    if (notice.kind === 'order_event' && notice.event === 'paid' && notice.usage.limit !== null && notice.usage.paid >= notice.usage.limit) {
      await this.customerSide.cards.markPaid(notice.link, this.customerSide.merchantName, locale).catch((err: unknown) => {
        throw toDeliveryError(err, failureOf(err));
      });
    }
    try {
      await this.poster.post(chatId, message);
    } catch (err) {
      const failure = failureOf(err);
      if (failure.kind !== 'migrated') throw toDeliveryError(err, failure);
      await this.kv.setMany(MIGRATIONS, [{ key: target, value: failure.chatId }]);
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
      // Our channel-wide pace stays under the bot's 30 a second, so a 429 is about this chat (a group's 20 a minute): only it waits.
      return new DeliveryError('rate_limited', message, failure.retryAfterMs, 'target');
    case 'permanent':
    case 'wrong_file':
      return new DeliveryError('permanent', message);
    case 'migrated':
    case 'unauthorized':
    case 'conflict':
    case 'transient':
      // A second migration or a revoked token is for an operator to fix; the outbox keeps trying within its bound.
      return new DeliveryError('transient', message);
  }
}
