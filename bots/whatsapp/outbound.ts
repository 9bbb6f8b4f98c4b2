/**
 * Sending one message on the live socket: through the pacer, with a timeout,
 * and remembered afterwards so the echo WhatsApp sends back is recognised
 * and a recipient's retry request can be served (Baileys `getMessage`).
 */
import { BoundedMap } from '../shared/bounded-map.ts';
import { boomStatus } from './errors.ts';
import type { Pacer, PaceOptions } from './pacer.ts';
import type { Timers } from './scheduler.ts';
import type { WaMessageContent, WaOutgoing, WaSocket } from './socket.ts';

/** How long WhatsApp's "slow down" keeps the whole account quiet. */
export const RATE_LIMIT_PAUSE_MS = 10 * 60_000;
const REMEMBERED_MESSAGES = 500;

/** There is no open socket (connecting, logged out, another process holds the account). */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
}

/** WhatsApp's `rate-overlimit` (a Boom with data 429) or any 429. */
export function isRateLimit(err: unknown): boolean {
  const { statusCode, data } = boomStatus(err);
  return statusCode === 429 || data === 429 || (err instanceof Error && err.message === 'rate-overlimit');
}

export class Outbound {
  private readonly sent = new BoundedMap<string, WaMessageContent | null>(REMEMBERED_MESSAGES);

  private readonly options: {
      socket: () => WaSocket | null;
      pacer: Pacer;
      timers: Timers;
      timeoutMs: number;
    };
  constructor(
    options: {
      socket: () => WaSocket | null;
      pacer: Pacer;
      timers: Timers;
      timeoutMs: number;
    },
  ) {
    this.options = options;
  }

  async send(jid: string, content: WaOutgoing, pace: PaceOptions): Promise<void> {
    const { socket, pacer, timers, timeoutMs } = this.options;
    await pacer.run(jid, pace, async () => {
      const sock = socket();
      if (!sock) throw new NotConnectedError('WhatsApp is not connected');
      try {
        const message = await timers.timeout(timeoutMs, 'sendMessage', sock.sendMessage(jid, content));
        const id = message?.key.id;
        if (id) this.sent.set(id, message.message ?? null);
      } catch (err) {
        if (isRateLimit(err)) pacer.pause(RATE_LIMIT_PAUSE_MS);
        throw err;
      }
    });
  }

  /** True for messages this process sent: their echo is not a command. */
  sentByUs(id: string): boolean {
    return this.sent.has(id);
  }

  /** For Baileys's retry handling ("this message can take a while" otherwise). */
  messageFor(id: string): WaMessageContent | undefined {
    return this.sent.get(id) ?? undefined;
  }
}
