/**
 * Who wrote a message and what tagih should make of it. Only two kinds of
 * message are for the bot:
 *
 * - a merchant talking to it: the linked account in its own "message
 *   yourself" chat, or an allowed number (MERCHANT_WHATSAPP_NUMBERS) writing
 *   to the linked number;
 * - the linked account typing a /command inside a customer's chat (only
 *   with the slash or `!`: there the merchant is chatting with a person, and
 *   "kirim ya kak" must stay a message, not become /send).
 *
 * - someone else sending `/start <invite code>` to the linked number (issue
 *   18): the shop's owner invited them; once joined, a shop's staff are
 *   merchants like an allowed number;
 * - the linked account typing a /command in a group it is in (issue 18):
 *   only `/notif` is run there, to make the group the shop's team chat.
 *
 * Everything else (strangers, other groups talk, status updates, channels, broadcast
 * lists, media) is ignored without a reply, so the bot never reveals itself.
 * Senders addressed by LID are mapped to their phone number before the
 * allow-list is checked; one that cannot be mapped is a stranger.
 */
import { parseCommand } from '../commands/parse.ts';
import { isInviteCode } from '../../src/team/team.ts';
import { isGroupJid, isLidJid, isPersonJid, normalizeJid, phoneJid, phoneOf, sameUser } from './jids.ts';
import type { WaMessage, WaMessageContent } from './socket.ts';

export type Inbound =
  | { kind: 'ignore'; reason: IgnoreReason }
  /**
   * A merchant's own conversation with the bot. Their chat is keyed by their
   * number (`<phone>@s.whatsapp.net`), whichever form the message came in.
   */
  | { kind: 'merchant'; phone: string; text: string; id: string }
  /** The linked account typed a command in a customer's chat. */
  | { kind: 'customer_chat'; phone: string; customerJid: string; text: string; id: string }
  /** A number that is no merchant sent `/start <invite code>`. */
  | { kind: 'join'; phone: string; code: string; text: string; id: string; name: string | null }
  /** The linked account typed a command in a group (`…@g.us`). */
  | { kind: 'group_command'; phone: string; groupJid: string; text: string; id: string };

export type IgnoreReason = 'incomplete' | 'not_a_person' | 'no_text' | 'chatting' | 'not_linked' | 'stranger';

export interface Account {
  /** Digits with country code. */
  phone: string;
  /** The account's LID (`<opaque>@lid`), once WhatsApp has told us. */
  lid: string | null;
}

export interface InboundContext {
  account: Account | null;
  allowedPhones: ReadonlySet<string>;
  /** LID → phone-number JID, as far as this device knows. */
  phoneJidForLid: (lid: string) => Promise<string | null>;
  /** Whether the number is staff of a shop (issue 18); none are without it. */
  isStaff?: (phone: string) => Promise<boolean>;
}

/** The invite code of a `/start <code>` message, else null. */
function inviteCodeOf(text: string): string | null {
  const parsed = parseCommand(text);
  const payload = parsed.ok && parsed.command.kind === 'start' ? parsed.command.payload : null;
  return payload !== null && isInviteCode(payload) ? payload : null;
}

/** Plain text of a message (typed text, or a text with a link preview); null for anything else. */
function textOf(content: WaMessageContent | null | undefined): string | null {
  const message = content?.ephemeralMessage?.message ?? content;
  const text = message?.conversation ?? message?.extendedTextMessage?.text ?? null;
  return text === null || text.trim() === '' ? null : text;
}

/** A slash (or `!`) in front: what a merchant types in a customer's chat to reach the bot. */
function isPrefixedCommand(text: string): boolean {
  return /^\s*[/!]\p{L}/u.test(text);
}

async function isOwnChat(jid: string, alt: string | undefined, account: Account, context: InboundContext): Promise<boolean> {
  const own = [phoneJid(account.phone), account.lid].filter((j) => j !== null);
  if (own.some((o) => sameUser(o, jid) || (alt !== undefined && sameUser(o, alt)))) return true;
  // The own chat by a LID this session was not told about (older sessions lack `me.lid`).
  return isLidJid(jid) && (await senderPhone(jid, alt, context)) === account.phone;
}

async function senderPhone(jid: string, alt: string | undefined, context: InboundContext): Promise<string | null> {
  if (!isLidJid(jid)) return phoneOf(jid);
  const altPhone = alt === undefined ? null : phoneOf(alt);
  if (altPhone !== null) return altPhone;
  const mapped = await context.phoneJidForLid(normalizeJid(jid));
  return mapped === null ? null : phoneOf(mapped);
}

export async function classifyInbound(message: WaMessage, context: InboundContext): Promise<Inbound> {
  const { key } = message;
  const jid = key.remoteJid;
  const id = key.id;
  if (!jid || !id) return { kind: 'ignore', reason: 'incomplete' };
  const group = isGroupJid(jid);
  if (!isPersonJid(jid) && !group) return { kind: 'ignore', reason: 'not_a_person' };
  const text = textOf(message.message);
  if (text === null) return { kind: 'ignore', reason: 'no_text' };
  const { account } = context;
  if (account === null) return { kind: 'ignore', reason: 'not_linked' };
  if (group) {
    // Only the linked account's own /command; what other members write is their talk.
    if (!key.fromMe || !isPrefixedCommand(text)) return { kind: 'ignore', reason: 'not_a_person' };
    return { kind: 'group_command', phone: account.phone, groupJid: jid, text, id };
  }

  if (key.fromMe) {
    if (await isOwnChat(jid, key.remoteJidAlt, account, context)) {
      return { kind: 'merchant', phone: account.phone, text, id };
    }
    if (!isPrefixedCommand(text)) return { kind: 'ignore', reason: 'chatting' };
    return { kind: 'customer_chat', phone: account.phone, customerJid: normalizeJid(jid), text, id };
  }

  const phone = await senderPhone(jid, key.remoteJidAlt, context);
  if (phone === null) return { kind: 'ignore', reason: 'stranger' };
  if (context.allowedPhones.has(phone) || phone === account.phone || (await context.isStaff?.(phone)) === true) return { kind: 'merchant', phone, text, id };
  const code = inviteCodeOf(text);
  const name = message.pushName?.trim() || null;
  return code === null ? { kind: 'ignore', reason: 'stranger' } : { kind: 'join', phone, code, text, id, name };
}
