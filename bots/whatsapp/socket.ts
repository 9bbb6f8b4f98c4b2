/**
 * The part of a WhatsApp Web socket tagih uses, in its own words. Baileys
 * hides behind this interface (baileys-socket.ts is the one module that
 * imports it), so tests run against a fake and the next Baileys major is a
 * change to one file. Shapes follow Baileys 7.x where they are the same
 * thing, so the real socket fits without copying data around.
 */
import type { Logger } from 'pino';
import { boomStatus } from './errors.ts';

/** What the session needs to know about its credentials; the rest stays opaque. */
export interface WaCreds {
  registered: boolean;
  /** Set once linked: `me.id` is `<number>:<device>@s.whatsapp.net`, `me.lid` the account's LID. */
  me?: { id: string; lid?: string | undefined; name?: string | undefined } | undefined;
}

/** Signal keys by category and id; `null` deletes. Categories are whatever Baileys uses. */
export interface WaKeyStore {
  get(category: string, ids: string[]): Promise<Record<string, unknown>>;
  set(data: Record<string, Record<string, unknown>>): Promise<void>;
}

export interface WaMessageKey {
  remoteJid?: string | null;
  /** Baileys 7: the other addressing form of `remoteJid` (PN when remoteJid is a LID, and back). */
  remoteJidAlt?: string | undefined;
  participant?: string | null;
  participantAlt?: string | undefined;
  fromMe?: boolean | null;
  id?: string | null;
}

/** The text-bearing parts of a message; anything else is not a command. */
export interface WaMessageContent {
  conversation?: string | null;
  extendedTextMessage?: { text?: string | null } | null;
  /** Chats with disappearing messages wrap every message in this. */
  ephemeralMessage?: { message?: WaMessageContent | null } | null;
}

export interface WaMessage {
  key: WaMessageKey;
  message?: WaMessageContent | null;
}

export interface WaConnectionUpdate {
  connection?: 'open' | 'connecting' | 'close';
  /** On close; `error` is a Boom whose `output.statusCode` is the DisconnectReason. */
  lastDisconnect?: { error?: Error | undefined } | undefined;
  qr?: string | undefined;
}

export interface WaEventMap {
  'connection.update': WaConnectionUpdate;
  'creds.update': Partial<WaCreds>;
  /** `type` is `notify` for new messages, `append` for history and this socket's own sends. */
  'messages.upsert': { messages: WaMessage[]; type: string };
}

export interface WaEvents {
  on<E extends keyof WaEventMap>(event: E, listener: (update: WaEventMap[E]) => void): void;
  off<E extends keyof WaEventMap>(event: E, listener: (update: WaEventMap[E]) => void): void;
}

export type WaOutgoing = { text: string } | { image: Buffer; caption: string; mimetype: 'image/png' };

export interface WaSocket {
  readonly ev: WaEvents;
  sendMessage(jid: string, content: WaOutgoing): Promise<WaMessage | undefined>;
  /** Returns only the numbers that exist, and may return undefined. */
  onWhatsApp(...jids: string[]): Promise<Array<{ jid: string; exists: boolean }> | undefined>;
  /** `phone`: digits with country code. Resolves to the 8-character code. */
  requestPairingCode(phone: string): Promise<string>;
  /** Closes without logging out; `end(undefined)` is a clean shutdown. */
  end(error: Error | undefined): Promise<void>;
  /** The phone-number JID behind a LID, when this device has seen the mapping. */
  phoneJidForLid(lid: string): Promise<string | null>;
}

export interface WaSocketOptions {
  creds: WaCreds;
  keys: WaKeyStore;
  /** Already limited to warnings: Baileys is chatty below that. */
  logger: Logger;
  /** Serves a message this socket sent, when a recipient asks for it again. */
  getMessage(id: string): WaMessageContent | undefined;
  /** WhatsApp Web version to announce; the library's built-in one when absent. */
  version?: readonly [number, number, number] | undefined;
}

export type CreateSocket = (options: WaSocketOptions) => WaSocket;

/** The DisconnectReason of a close (`lastDisconnect.error.output.statusCode`), or null for a plain network error. */
export function disconnectCode(update: WaConnectionUpdate): number | null {
  return boomStatus(update.lastDisconnect?.error).statusCode;
}
