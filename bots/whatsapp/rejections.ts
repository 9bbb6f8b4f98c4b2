/**
 * A message WhatsApp accepted and then refused to deliver, in words a
 * merchant can act on. rc14 reports it after `sendMessage` resolved, as a
 * `messages.update` with status ERROR whose first stub parameter is the
 * server's error code (Socket/messages-recv.js `handleBadAck`). For 463 its
 * own comment says not to retry: "retrying counts as another 'reach out' and
 * worsens the restriction"; tagih resends none of them.
 */
import type { Locale } from '../../src/domain/locale.ts';
import { phoneOf } from './jids.ts';
import type { WaMessageContent } from './socket.ts';

/** Utils/decode-wa-message.js SERVER_ERROR_CODES (and NACK_REASONS.SenderReachoutTimelocked, also 463). */
const KNOWN: Record<string, Record<Locale, string>> = {
  // "1:1 message missing privacy token (tctoken). Usually means the account is restricted:
  // WhatsApp blocks starting new chats but preserves existing ones." Also the reach-out timelock.
  '463': {
    id: 'WhatsApp sedang membatasi akun ini untuk memulai chat baru (kode 463).',
    en: 'WhatsApp is restricting this account from starting new chats (code 463).',
  },
  // "Stanza validation failure (SMAX_INVALID) — likely stale device session".
  '479': {
    id: 'WhatsApp menolak pesan ini (kode 479), biasanya karena sesi perangkat yang sudah usang.',
    en: 'WhatsApp rejected it (code 479), usually because of a stale device session.',
  },
};

/** The error code of an ERROR update (`messageStubParameters[0]`). */
export function rejectionCode(parameters: readonly string[] | null | undefined): string {
  return parameters?.[0] ?? 'unknown';
}

/** What the code means, for the logs. */
export function rejectionMeaning(code: string): string {
  return KNOWN[code]?.en ?? `WhatsApp rejected it (code ${code}).`;
}

/** The first line of what was sent, so the merchant knows which message it was. */
function summary(content: WaMessageContent): string {
  const text = content.conversation ?? content.extendedTextMessage?.text ?? content.imageMessage?.caption ?? content.documentMessage?.caption ?? '';
  const line = text.split('\n')[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

export function rejectionNotice(input: { to: string; content: WaMessageContent; code: string }, locale: Locale): string {
  const phone = phoneOf(input.to);
  const who = phone ? `+${phone}` : locale === 'id' ? 'chat pelanggan' : "the customer's chat";
  const why = KNOWN[input.code]?.[locale] ?? (locale === 'id' ? `WhatsApp menolak pesan ini (kode ${input.code}).` : `WhatsApp rejected it (code ${input.code}).`);
  const what = summary(input.content);
  const quoted = what === '' ? '' : ` «${what}»`;
  return locale === 'id'
    ? `⚠️ WhatsApp tidak mengantarkan pesan ke ${who}:${quoted}. ${why} Pesan ini tidak dikirim ulang (mengirim ulang bisa memperberat pembatasan). Kirim sendiri dari HP Anda, atau minta pelanggan mengirim pesan dulu, lalu coba lagi.`
    : `⚠️ WhatsApp did not deliver the message to ${who}:${quoted}. ${why} It will not be resent (resending can make a restriction worse). Send it yourself from your phone, or ask the customer to message you first, then try again.`;
}
