/**
 * A message WhatsApp accepted and then refused to deliver, in words a
 * merchant can act on. rc14 reports it after `sendMessage` resolved, as a
 * `messages.update` with status ERROR whose first stub parameter is the
 * server's error code (Socket/messages-recv.js `handleBadAck`). For 463 its
 * own comment says not to retry: "retrying counts as another 'reach out' and
 * worsens the restriction"; tagih resends none of them.
 */
import type { Locale } from '../../src/domain/locale.ts';
import { wordsIn, type Catalog } from '../../src/text/catalog.ts';
import { phoneOf } from './jids.ts';
import type { WaMessageContent } from './socket.ts';

/** Utils/decode-wa-message.js SERVER_ERROR_CODES (and NACK_REASONS.SenderReachoutTimelocked, also 463). */
const KNOWN: Readonly<Record<string, (w: Catalog) => string>> = {
  // "1:1 message missing privacy token (tctoken). Usually means the account is restricted:
  // WhatsApp blocks starting new chats but preserves existing ones." Also the reach-out timelock.
  '463': (w) => w.whatsapp.rejected.restricted,
  // "Stanza validation failure (SMAX_INVALID) — likely stale device session".
  '479': (w) => w.whatsapp.rejected.staleSession,
};

function meaningIn(w: Catalog, code: string): string {
  return KNOWN[code]?.(w) ?? w.whatsapp.rejected.other(code);
}

/** The error code of an ERROR update (`messageStubParameters[0]`). */
export function rejectionCode(parameters: readonly string[] | null | undefined): string {
  return parameters?.[0] ?? 'unknown';
}

/** What the code means, for the logs. */
export function rejectionMeaning(code: string): string {
  return meaningIn(wordsIn('en'), code);
}

/** The first line of what was sent, so the merchant knows which message it was. */
function summary(content: WaMessageContent): string {
  const text = content.conversation ?? content.extendedTextMessage?.text ?? content.imageMessage?.caption ?? content.documentMessage?.caption ?? '';
  const line = text.split('\n')[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

export function rejectionNotice(input: { to: string; content: WaMessageContent; code: string }, locale: Locale): string {
  const w = wordsIn(locale);
  const phone = phoneOf(input.to);
  const who = phone ? `+${phone}` : w.whatsapp.rejected.customersChat;
  const what = summary(input.content);
  const quoted = what === '' ? '' : ` «${what}»`;
  return w.whatsapp.rejected.notice(who, quoted, meaningIn(w, input.code));
}
