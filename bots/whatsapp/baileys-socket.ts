/**
 * The one module that imports Baileys (7.0.0-rc14, pinned). It turns the
 * library into the narrow WaSocket of socket.ts and supplies the auth codec;
 * a new Baileys major should be a change to this file only.
 */
import makeWASocket, {
  Browsers,
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type AuthenticationCreds,
  type BaileysEventMap,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
  type WAVersion,
} from '@whiskeysockets/baileys';
import type { AuthCodec } from './auth-state.ts';
import type { MessageCodec } from './sent-messages.ts';
import type { WaCreds, WaEventMap, WaMessageContent, WaSocket, WaSocketOptions } from './socket.ts';

export const baileysAuthCodec: AuthCodec = {
  initCreds: () => initAuthCreds(),
  stringify: (value) => JSON.stringify(value, BufferJSON.replacer),
  parse: (text) => JSON.parse(text, BufferJSON.reviver) as unknown,
  // Baileys reads these through protobuf accessors, not as plain objects.
  reviveKey: (category, value) =>
    category === 'app-state-sync-key' && typeof value === 'object' && value !== null
      ? proto.Message.AppStateSyncKeyData.fromObject(value)
      : value,
};

/** A sent message as its protobuf bytes: what Baileys re-encrypts for a retry request, exactly as it went out. */
export const baileysMessageCodec: MessageCodec = {
  encode: (content) => Buffer.from(proto.Message.encode(content as proto.IMessage).finish()).toString('base64'),
  decode: (text) => proto.Message.decode(Buffer.from(text, 'base64')) as WaMessageContent,
};

export function createBaileysSocket(options: WaSocketOptions): WaSocket {
  const keys: SignalKeyStore = {
    get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) =>
      (await options.keys.get(type, ids)) as { [id: string]: SignalDataTypeMap[T] },
    set: (data: SignalDataSet) => options.keys.set(data as Record<string, Record<string, unknown>>),
  };
  const sock = makeWASocket({
    auth: { creds: options.creds as AuthenticationCreds, keys: makeCacheableSignalKeyStore(keys, options.logger) },
    logger: options.logger,
    // A canonical browser tuple: WhatsApp rejects pairing codes for custom labels (Baileys #2560).
    browser: Browsers.ubuntu('Chrome'),
    // Staying "offline" keeps notifications on the merchant's phone.
    markOnlineOnConnect: false,
    // tagih needs no chat history; skipping it keeps the first login light.
    syncFullHistory: false,
    shouldSyncHistoryMessage: () => false,
    getMessage: async (key) => (key.id ? ((await options.getMessage(key.id)) as proto.IMessage | undefined) : undefined),
    ...(options.version ? { version: [...options.version] as WAVersion } : {}),
  });

  return {
    ev: {
      on: (event, listener) => sock.ev.on(event, listener as (arg: unknown) => void),
      off: (event, listener) => sock.ev.off(event, listener as (arg: unknown) => void),
    },
    sendMessage: (jid, content) => sock.sendMessage(jid, content),
    onWhatsApp: (...jids) => sock.onWhatsApp(...jids),
    requestPairingCode: (phone) => sock.requestPairingCode(phone),
    end: (error) => sock.end(error),
    phoneJidForLid: (lid) => sock.signalRepository.lidMapping.getPNForLID(lid),
  };
}

// Compile-time proof that Baileys's payloads still fit our narrow shapes: the
// listener casts above skip that check, so a Baileys upgrade that changes them
// fails to compile here instead of misbehaving at run time.
type Fits<Narrow, Wide extends Narrow> = Wide;
export type BaileysShapesFit = [
  Fits<WaEventMap['connection.update'], BaileysEventMap['connection.update']>,
  Fits<WaEventMap['messages.upsert'], BaileysEventMap['messages.upsert']>,
  Fits<WaEventMap['messages.update'], BaileysEventMap['messages.update']>,
  Fits<WaCreds, AuthenticationCreds>,
];
