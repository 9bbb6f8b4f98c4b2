/**
 * The outbox's way onto WhatsApp: renders a notice in the merchant's or the
 * customer's language and posts it into its chat (payment news into the
 * merchant's chat, receipts and shared links into customer chats), and says
 * with a DeliveryError what kind of failure it was so the worker knows
 * whether to wait, retry or give up.
 */
import type { Locale } from '../../src/domain/locale.ts';
import { DeliveryError, type ChannelSender } from '../../src/notify/delivery.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import type { Notice } from '../../src/notify/notices.ts';
import { boomStatus, describe } from './errors.ts';
import { toWhatsApp } from './format.ts';
import { isGroupJid, isPersonJid } from './jids.ts';
import { isRateLimit, NotConnectedError, RATE_LIMIT_PAUSE_MS, type Outbound } from './outbound.ts';
import type { ChannelPacer, Pacing } from '../../src/notify/pacing.ts';
import { StoppedError, TimeoutError } from './scheduler.ts';

/**
 * Heuristics for an unofficial client, not WhatsApp's numbers (there are
 * none): 1–3 s between any two messages, 5 s between two to the same chat,
 * at most 8 to other people per minute (docs/whatsapp.md, ban risk). The
 * account's own chat reaches nobody else, so it is spaced but not counted
 * (`uncounted`, filled in with the account once it is known).
 */
export const WHATSAPP_PACING: Pacing = { perTargetGapMs: 5_000, channelGapMs: 1_000, jitterMs: 2_000, perMinuteCap: 8 };

export interface WhatsAppSenderOptions {
  outbound: Outbound;
  /** The account's pacer: the outbox worker paces its claims with it, so a notice arrives here already paced. */
  pacer: ChannelPacer;
  isReady: () => boolean;
}

export function createWhatsAppSender(options: WhatsAppSenderOptions): ChannelSender {
  return {
    channel: 'whatsapp',
    pacing: options.pacer.pacing,
    pacer: options.pacer,
    isReady: options.isReady,
    async send(target: string, notice: Notice, locale: Locale, merchantId: string | null): Promise<void> {
      // A group is a shop's team chat (`/notif di sini`); paced like any other chat, 5 s apart.
      if (!isPersonJid(target) && !isGroupJid(target)) throw new DeliveryError('permanent', `not a WhatsApp chat: ${target.slice(0, 60)}`);
      if (!options.isReady()) throw new DeliveryError('not_ready', 'WhatsApp is not connected');
      const content = await toWhatsApp(renderNotice(notice, locale), locale);
      try {
        await options.outbound.send(target, content, merchantId);
      } catch (err) {
        throw classifySendError(err);
      }
    },
  };
}

function classifySendError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (isRateLimit(err)) return new DeliveryError('rate_limited', 'WhatsApp rate-overlimit', RATE_LIMIT_PAUSE_MS);
  if (err instanceof NotConnectedError || err instanceof StoppedError) return new DeliveryError('not_ready', describe(err).message);
  if (err instanceof TimeoutError) return new DeliveryError('transient', err.message);
  const { statusCode } = boomStatus(err);
  // Whatever else WhatsApp or the network says (408/428 connection lost, 5xx, ...)
  // may pass; the worker's attempt limit bounds the retries.
  return new DeliveryError('transient', statusCode === null ? describe(err).message : `${statusCode}: ${describe(err).message}`);
}
