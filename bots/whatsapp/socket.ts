/**
 * The part of a WhatsApp Web socket tagih uses, in its own words. Baileys
 * hides behind this interface (baileys-socket.ts is the one module that
 * imports it), so tests run against a fake and the next Baileys major is a
 * change to one file. Shapes follow Baileys 7.x where they are the same
 * thing, so the real socket fits without copying data around.
 */
import type { Logger } from 'pino';
import { boomStatus } from './errors.ts';

/**
 * What the session needs to know about its credentials; the rest stays
 * opaque. Which fields say "linked" is in auth-state.ts `sessionKind`
 * (docs/whatsapp.md has rc14's sources).
 */
export interface WaCreds {
  /** rc14 sets this only in the pairing-code handshake, never for a QR link: not a sign of being linked. */
  registered: boolean;
  /**
   * `me.id` is `<number>:<device>@s.whatsapp.net` once linked, `me.lid` the
   * account's LID. A pairing-code request writes a placeholder
   * (`<number>@s.whatsapp.net`, name `~`) before anything is linked.
   */
  me?: { id: string; lid?: string | undefined; name?: string | undefined } | undefined;
  /** The signed device identity the phone sent when it accepted this device; only a finished link has it. */
  account?: object | null | undefined;
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

/**
 * The parts of a message tagih reads (text, a caption); the rest rides along
 * untouched: a sent message is stored and served back to Baileys whole.
 */
export interface WaMessageContent {
  conversation?: string | null;
  extendedTextMessage?: { text?: string | null } | null;
  imageMessage?: { caption?: string | null } | null;
  documentMessage?: { caption?: string | null } | null;
  /** Chats with disappearing messages wrap every message in this. */
  ephemeralMessage?: { message?: WaMessageContent | null } | null;
}

/** proto.WebMessageInfo.Status values that rc14 uses for the checks below (WAProto/index.d.ts). */
export const WA_MESSAGE_STATUS = {
  /** A send WhatsApp rejected after accepting it (Socket/messages-recv.js `handleBadAck`). */
  error: 0,
  /** What this socket's own sends carry (Utils/messages.js `generateWAMessageFromContent`). */
  pending: 1,
} as const;

export interface WaMessage {
  key: WaMessageKey;
  message?: WaMessageContent | null;
  /** Seconds since the epoch: when the sender sent it (a protobuf Long on some paths). */
  messageTimestamp?: number | { toNumber(): number } | null;
  status?: number | null;
  /** The name the sender set for themselves (WAProto WebMessageInfo `pushName`, rc14 WAProto/index.d.ts). */
  pushName?: string | null;
}

/** A change to a message this account sent: rc14 reports rejections this way. */
export interface WaMessageUpdate {
  key: WaMessageKey;
  update: {
    status?: number | null;
    /** For an ERROR status: the server's error code first (`'463'`, `'479'`), then rc14's text for some. */
    messageStubParameters?: string[] | null;
  };
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
  /**
   * `notify` for a message as it arrives; `append` for one that was queued
   * while this device was offline, for this socket's own sends, and for
   * history (Socket/messages-recv.js: `node.attrs.offline ? 'append' : 'notify'`).
   */
  'messages.upsert': { messages: WaMessage[]; type: string };
  'messages.update': WaMessageUpdate[];
}

export interface WaEvents {
  on<E extends keyof WaEventMap>(event: E, listener: (update: WaEventMap[E]) => void): void;
  off<E extends keyof WaEventMap>(event: E, listener: (update: WaEventMap[E]) => void): void;
}

/**
 * What tagih sends, each a member of rc14's AnyMessageContent
 * (Types/Message.d.ts): a text, an image with caption, or a file as a
 * document (AnyMediaMessageContent `document`), which WhatsApp passes on as
 * sent where it would recompress an image.
 */
export type WaOutgoing =
  | { text: string }
  | { image: Buffer; caption: string; mimetype: 'image/png' }
  /**
   * A file: the printable card from memory, or an export by `{ url: <path> }`,
   * which Baileys reads as a file stream while it uploads (rc14
   * `Utils/messages-media.js` getStream: a url that is not http(s) or data:
   * goes to createReadStream).
   */
  | { document: Buffer | { url: string }; fileName: string; caption: string; mimetype: string };

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
  /** Serves a message this account sent, when a recipient's device asks for it again (also after a restart). */
  getMessage(id: string): Promise<WaMessageContent | undefined>;
  /** WhatsApp Web version to announce; the library's built-in one when absent. */
  version?: readonly [number, number, number] | undefined;
}

export type CreateSocket = (options: WaSocketOptions) => WaSocket;

/** The DisconnectReason of a close (`lastDisconnect.error.output.statusCode`), or null for a plain network error. */
export function disconnectCode(update: WaConnectionUpdate): number | null {
  return boomStatus(update.lastDisconnect?.error).statusCode;
}
