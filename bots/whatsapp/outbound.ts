/**
 * Sending one message on the live socket: one at a time, with a timeout, and
 * remembered afterwards (sent-messages.ts) so the echo WhatsApp sends back is
 * recognised, a recipient's retry request can be served (Baileys
 * `getMessage`), and a later rejection can be told to the merchant.
 *
 * Baileys is an unofficial client and WhatsApp bans numbers that send like
 * bots, so everything leaving the account keeps one pace: the account's
 * ChannelPacer, which the outbox worker also paces the notices it claims
 * with (they come here already paced, through send()), and which a command
 * reply waits its turn on (reply()).
 */
import type { Logger } from 'pino';
import { boomStatus } from './errors.ts';
import { takeTurn, type ChannelPacer } from '../../src/notify/pacing.ts';
import type { Timers } from './scheduler.ts';
import type { SentMessages } from './sent-messages.ts';
import type { WaMessageContent, WaOutgoing, WaSocket } from './socket.ts';

/** How long WhatsApp's "slow down" keeps the whole account quiet. */
export const RATE_LIMIT_PAUSE_MS = 10 * 60_000;

/** There is no open socket (connecting, logged out, another process holds the account). */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
}

/** WhatsApp's `rate-overlimit` (a Boom with data 429) or any 429. */
export function isRateLimit(err: unknown): boolean {
  const { statusCode, data } = boomStatus(err);
  return statusCode === 429 || data === 429 || (err instanceof Error && err.message === 'rate-overlimit');
}

interface OutboundOptions {
  socket: () => WaSocket | null;
  pacer: ChannelPacer;
  timers: Timers;
  timeoutMs: number;
  sent: SentMessages;
  logger: Logger;
}

export class Outbound {
  private queue: Promise<unknown> = Promise.resolve();

  private readonly options: OutboundOptions;
  constructor(options: OutboundOptions) {
    this.options = options;
  }

  /**
   * A reply outside the outbox: waits its turn on the account's pacer, at most
   * `maxWaitMs` (PacingDeferral beyond it), then sends.
   */
  async reply(jid: string, content: WaOutgoing, maxWaitMs: number, merchantId: string | null): Promise<void> {
    const { pacer, timers } = this.options;
    const turn = await takeTurn(pacer, jid, timers, maxWaitMs);
    try {
      await this.send(jid, content, merchantId);
    } finally {
      turn.end(timers.now());
      turn.release();
    }
  }

  /**
   * Sends now, after any send still under way (paced by the caller).
   * `merchantId`: who hears about it if WhatsApp rejects the message later (null: nobody).
   */
  send(jid: string, content: WaOutgoing, merchantId: string | null): Promise<void> {
    const turn = this.queue.then(() => this.sendNow(jid, content, merchantId));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async sendNow(jid: string, content: WaOutgoing, merchantId: string | null): Promise<void> {
    const { socket, pacer, timers, timeoutMs, sent, logger } = this.options;
    const sock = socket();
    if (!sock) throw new NotConnectedError('WhatsApp is not connected');
    let message;
    try {
      message = await timers.timeout(timeoutMs, 'sendMessage', sock.sendMessage(jid, content));
    } catch (err) {
      // WhatsApp's "slow down" holds the whole account: the worker's claims and the replies alike.
      if (isRateLimit(err)) pacer.pause(timers.now() + RATE_LIMIT_PAUSE_MS);
      throw err;
    }
    const id = message?.key.id;
    if (!id || !message?.message) return;
    // The message is out: failing to store it must not make anyone send it twice.
    await sent.remember({ id, to: jid, content: message.message, merchantId }).catch((err: unknown) =>
      logger.warn({ err }, 'WhatsApp: could not store a sent message; a retry request for it cannot be answered after a restart'),
    );
  }

  /** True for messages this process sent: their echo is not a command. */
  sentByUs(id: string): boolean {
    return this.options.sent.sentHere(id);
  }

  /** For Baileys's retry handling ("Waiting for this message" otherwise), across restarts. */
  messageFor(id: string): Promise<WaMessageContent | undefined> {
    return this.options.sent.content(id);
  }
}
