/**
 * WhatsApp addresses (JIDs) as plain strings: `<digits>@s.whatsapp.net` for a
 * phone number, `<opaque>@lid` for a privacy id, `…@g.us` for groups,
 * `status@broadcast`, `…@newsletter`; a `:<device>` suffix may follow the
 * user part. Only what the adapter needs to route messages.
 */
const PN_SERVER = 's.whatsapp.net';
const LID_SERVER = 'lid';

function split(jid: string): { user: string; server: string } | null {
  const at = jid.indexOf('@');
  if (at <= 0) return null;
  // `user_agent:device` → user
  const user = jid.slice(0, at).split(':')[0]!.split('_')[0]!;
  return user === '' ? null : { user, server: jid.slice(at + 1) };
}

/** A group chat: Baileys rc14's own test (lib/WABinary/jid-utils.js `isJidGroup`: ends with `@g.us`). */
export function isGroupJid(jid: string): boolean {
  return jid.endsWith('@g.us');
}

/** A person's chat, by phone number or LID (not a group, broadcast or channel). */
export function isPersonJid(jid: string): boolean {
  const parts = split(jid);
  return parts !== null && (parts.server === PN_SERVER || parts.server === LID_SERVER || parts.server === 'c.us');
}

export function isLidJid(jid: string): boolean {
  return split(jid)?.server === LID_SERVER;
}

function isPhoneJid(jid: string): boolean {
  const server = split(jid)?.server;
  return server === PN_SERVER || server === 'c.us';
}

/** The JID without its device suffix: `62812:3@s.whatsapp.net` → `62812@s.whatsapp.net`. */
export function normalizeJid(jid: string): string {
  const parts = split(jid);
  if (!parts) return jid;
  return `${parts.user}@${parts.server === 'c.us' ? PN_SERVER : parts.server}`;
}

/** The digits of a phone-number JID, or null for anything else. */
export function phoneOf(jid: string): string | null {
  if (!isPhoneJid(jid)) return null;
  const user = split(jid)!.user;
  return /^\d{5,20}$/.test(user) ? user : null;
}

export function phoneJid(phone: string): string {
  return `${phone}@${PN_SERVER}`;
}

/** Same person and addressing form, whatever the device: compares user and server. */
export function sameUser(a: string, b: string): boolean {
  return normalizeJid(a) === normalizeJid(b);
}
