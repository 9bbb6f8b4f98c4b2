/**
 * Which incoming messages are news. rc14 emits every received message as a
 * `messages.upsert` whose type is `notify` when it arrives live and `append`
 * when the server had queued it while this device was offline
 * (Socket/messages-recv.js `handleMessage`: `node.attrs.offline ? 'append' :
 * 'notify'`). `append` also carries this socket's own sends
 * (Socket/messages-send.js, `emitOwnEvents`), which rc14 builds with status
 * PENDING (Utils/messages.js), while a received message never has that
 * status (Utils/decode-wa-message.js sets SERVER_ACK on the account's own
 * messages from its other devices, nothing on others').
 *
 * So a command the merchant typed while tagih was down arrives as `append`
 * and is run, unless it is older than `maxAgeMs`: a /newlink from two days
 * ago is more surprise than service, and the merchant is told instead.
 */
import type { Locale } from '../../src/domain/locale.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import { WA_MESSAGE_STATUS, type WaMessage } from './socket.ts';

export const OFFLINE_COMMAND_MAX_AGE_MS = 24 * 60 * 60_000;

export type Arrival =
  /** Live, or typed offline recently: run it. */
  | 'run'
  /** Typed offline too long ago: tell the merchant, do not run it. */
  | 'late'
  /** Not something a person typed to us now (our own send, history). */
  | 'skip';

function sentAtMs(message: WaMessage): number | null {
  const t = message.messageTimestamp;
  if (t === null || t === undefined) return null;
  const seconds = typeof t === 'number' ? t : t.toNumber();
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

export function arrivalOf(type: string, message: WaMessage, now: number, maxAgeMs = OFFLINE_COMMAND_MAX_AGE_MS): Arrival {
  if (message.key.fromMe && message.status === WA_MESSAGE_STATUS.pending) return 'skip';
  if (type === 'notify') return 'run';
  if (type !== 'append') return 'skip';
  const sentAt = sentAtMs(message);
  if (sentAt === null) return 'skip';
  return now - sentAt > maxAgeMs ? 'late' : 'run';
}

export function lateCommandNotice(text: string, locale: Locale, maxAgeMs = OFFLINE_COMMAND_MAX_AGE_MS): string {
  const hours = Math.round(maxAgeMs / 3_600_000);
  const command = text.trim().split('\n')[0]!.slice(0, 80);
  return wordsIn(locale).whatsapp.lateCommand(hours, command);
}
