/**
 * The outbox's way onto WhatsApp: renders a notice in the merchant's or the
 * customer's language and posts it into its chat (payment news into the
 * merchant's chat, receipts and shared links into customer chats), and says
 * with a DeliveryError what kind of failure it was so the worker knows
 * whether to wait, retry or give up.
 */
import type { Locale } from '../../src/domain/locale.ts';
import { DeliveryError, type ChannelSender, type Pacing } from '../../src/notify/delivery.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import type { OutboxEntry } from '../../src/store/ports.ts';
import { boomStatus, describe } from './errors.ts';
import { toWhatsApp } from './format.ts';
import { isGroupJid, isPersonJid, sameUser } from './jids.ts';
import { isRateLimit, NotConnectedError, RATE_LIMIT_PAUSE_MS, type Outbound } from './outbound.ts';
import { PacingDeferral } from './pacer.ts';
import { StoppedError, TimeoutError } from './scheduler.ts';

/**
 * Heuristics for an unofficial client, not WhatsApp's numbers (there are
 * none): 1–3 s between any two messages, 5 s between two to the same chat,
 * at most 8 to other people per minute (docs/whatsapp.md, ban risk).
 */
export const WHATSAPP_PACING: Pacing = { perTargetGapMs: 5_000, channelGapMs: 1_000, jitterMs: 2_000, perMinuteCap: 8 };

/**
 * The gate may hold a notice this long; beyond it the worker is told to come
 * back later instead, so a claimed entry never sits out its lease here.
 */
const MAX_PACING_WAIT_MS = 8_000;

export interface WhatsAppSenderOptions {
  outbound: Outbound;
  isReady: () => boolean;
  /** The account's own chat, whose messages are not counted against the cap. */
  selfJid: () => string | null;
}

export function createWhatsAppSender(options: WhatsAppSenderOptions): ChannelSender {
  return {
    channel: 'whatsapp',
    pacing: WHATSAPP_PACING,
    isReady: options.isReady,
    async send(entry: OutboxEntry, locale: Locale): Promise<void> {
      // A group is a shop's team chat (issue 18, `/notif di sini`); paced like any other chat, 5 s apart.
      if (!isPersonJid(entry.target) && !isGroupJid(entry.target)) throw new DeliveryError('permanent', `not a WhatsApp chat: ${entry.target.slice(0, 60)}`);
      if (!options.isReady()) throw new DeliveryError('not_ready', 'WhatsApp is not connected');
      const content = await toWhatsApp(renderNotice(entry.notice, locale), locale);
      const self = options.selfJid();
      const counted = self === null || !sameUser(self, entry.target);
      try {
        await options.outbound.send(entry.target, content, { counted, maxWaitMs: MAX_PACING_WAIT_MS }, entry.merchantId);
      } catch (err) {
        throw classifySendError(err);
      }
    },
  };
}

function classifySendError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof PacingDeferral) return new DeliveryError('rate_limited', err.message, err.waitMs);
  if (isRateLimit(err)) return new DeliveryError('rate_limited', 'WhatsApp rate-overlimit', RATE_LIMIT_PAUSE_MS);
  if (err instanceof NotConnectedError || err instanceof StoppedError) return new DeliveryError('not_ready', describe(err).message);
  if (err instanceof TimeoutError) return new DeliveryError('transient', err.message);
  const { statusCode } = boomStatus(err);
  // Whatever else WhatsApp or the network says (408/428 connection lost, 5xx, ...)
  // may pass; the worker's attempt limit bounds the retries.
  return new DeliveryError('transient', statusCode === null ? describe(err).message : `${statusCode}: ${describe(err).message}`);
}
