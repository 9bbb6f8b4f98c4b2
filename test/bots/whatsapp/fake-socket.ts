/**
 * A stand-in for the Baileys 7.0.0-rc14 socket that plays rc14's own
 * sequences (see the conformance table in bots/whatsapp/README.md). Where
 * Baileys exports the function that produces what the socket emits, this
 * fake calls it: creds come from the real `initAuthCreds`, a phone accepting
 * the QR or the pairing code runs the real `configureSuccessfulPairing` on a
 * correctly signed pair-success stanza, close errors are real `Boom`s with
 * rc14's `DisconnectReason` codes, and text messages are built by the real
 * `generateWAMessageContent` / `generateWAMessageFromContent`.
 *
 * What the WhatsApp server does is scripted by tests (`showQr`, `scanQr`,
 * `enterPairingCode`, `qrTimeout`, `loginSucceeds`, `refuse`, `receive`, `deliverOffline`,
 * `nack`); the methods refuse sequences the real server would not produce
 * (a QR for a device that logs in, a successful login for a half-made session).
 */
import { Boom } from '@hapi/boom';
import {
  configureSuccessfulPairing,
  Curve,
  DisconnectReason,
  generateWAMessageContent,
  generateWAMessageFromContent,
  hmacSign,
  initAuthCreds,
  jidEncode,
  NACK_REASONS,
  ACCOUNT_RESTRICTED_TEXT,
  proto,
  SERVER_ERROR_CODES,
  WA_ADV_ACCOUNT_SIG_PREFIX,
  WAMessageStatus,
  type AuthenticationCreds,
  type BinaryNode,
} from '@whiskeysockets/baileys';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { CreateSocket, WaEventMap, WaEvents, WaMessage, WaOutgoing, WaSocket, WaSocketOptions } from '../../../bots/whatsapp/socket.ts';

class FakeEvents implements WaEvents {
  private readonly emitter = new EventEmitter();

  on<E extends keyof WaEventMap>(event: E, listener: (update: WaEventMap[E]) => void): void {
    this.emitter.on(event, listener);
  }

  off<E extends keyof WaEventMap>(event: E, listener: (update: WaEventMap[E]) => void): void {
    this.emitter.off(event, listener);
  }

  emit<E extends keyof WaEventMap>(event: E, update: WaEventMap[E]): void {
    this.emitter.emit(event, update);
  }

  removeAll(event?: keyof WaEventMap): void {
    if (event) this.emitter.removeAllListeners(event);
    else this.emitter.removeAllListeners();
  }

  listeners(): number {
    return this.emitter.eventNames().reduce((n, name) => n + this.emitter.listenerCount(name), 0);
  }
}

/** A close error as rc14 builds it (Socket/socket.js: `new Boom(message, { statusCode })`). */
export function boom(message: string, statusCode: number, data?: unknown): Error {
  return new Boom(message, { statusCode, data });
}

export interface SentRecord {
  jid: string;
  content: WaOutgoing;
  /** The bytes of media sent by `{ url: <path> }`, read as Baileys reads them for the upload (Utils/messages-media.js getStream). */
  media?: Buffer;
  id: string;
  /** The (fake) time it was sent. */
  at: number;
}

/** The phone's side of linking: its account identity key and the device number it assigns. */
interface PhoneAccount {
  phone: string;
  lid: string;
  device: number;
}

/**
 * The pair-success stanza the server forwards when the phone accepts this
 * device (Socket/socket.js `CB:iq,,pair-success`), signed the way
 * Utils/validate-connection.js `configureSuccessfulPairing` verifies it: an
 * HMAC with the device's `advSecretKey` over the signed device identity, and
 * the account key's signature over the device details and the device's
 * identity key.
 */
function pairSuccessStanza(creds: AuthenticationCreds, phone: PhoneAccount): BinaryNode {
  const accountKey = Curve.generateKeyPair();
  const deviceDetails = proto.ADVDeviceIdentity.encode({ rawId: 1, timestamp: 1_700_000_000, keyIndex: 1 }).finish();
  const accountSignature = Curve.sign(accountKey.private, Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, deviceDetails, creds.signedIdentityKey.public]));
  const details = proto.ADVSignedDeviceIdentity.encode({ details: deviceDetails, accountSignatureKey: accountKey.public, accountSignature }).finish();
  const hmac = hmacSign(details, Buffer.from(creds.advSecretKey, 'base64'));
  const identity = proto.ADVSignedDeviceIdentityHMAC.encode({ details, hmac }).finish();
  return {
    tag: 'iq',
    attrs: { id: 'pair-1', from: 's.whatsapp.net', type: 'set' },
    content: [
      {
        tag: 'pair-success',
        attrs: {},
        content: [
          { tag: 'device-identity', attrs: {}, content: identity },
          { tag: 'platform', attrs: { name: 'android' } },
          { tag: 'device', attrs: { jid: `${phone.phone}:${phone.device}@s.whatsapp.net`, lid: phone.lid.replace('@', `:${phone.device}@`) } },
        ],
      },
    ],
  };
}

/**
 * Creds as rc14 leaves them after a QR link and the first login: the real
 * `initAuthCreds`, the real pair-success configuration (which never sets
 * `registered`), then the login's `me.lid` update (Socket/socket.js `CB:success`).
 */
export function qrLinkedCreds(phone: string, lid: string): AuthenticationCreds {
  const creds = initAuthCreds();
  Object.assign(creds, configureSuccessfulPairing(pairSuccessStanza(creds, { phone, lid, device: 7 }), creds).creds);
  creds.me = { ...creds.me!, lid: lid.replace('@', ':7@') };
  return creds;
}

let sentCounter = 0;

export class FakeSocket implements WaSocket {
  readonly ev = new FakeEvents();
  readonly sent: SentRecord[] = [];
  /** `onWhatsApp` answers by phone JID; absent numbers get `[]`. */
  readonly directory = new Map<string, Array<{ jid: string; exists: boolean }> | undefined>();
  /** LID → phone JID, as Baileys's lid-mapping store would know it. */
  readonly lidMap = new Map<string, string>();
  readonly lookups: string[] = [];
  readonly pairingRequests: string[] = [];
  /** The code rc14 would draw (Crockford base32, 8 characters), or the error its request fails with. */
  pairingCode: string | Error = 'ABCD1234';
  /** Errors the next sends throw, in order. */
  readonly failNextSends: Error[] = [];
  /** When set, sendMessage never settles (to test timeouts). */
  hangSends = false;
  ended: { error: Error | undefined } | null = null;
  /** How many of tagih's listeners were still on when `end` was called (the fake's own creds listener not counted). */
  listenersAtEnd: number | null = null;
  now: () => number = () => Date.now();
  private closed = false;
  private readonly creds: AuthenticationCreds;
  /** Socket/socket.js `validateConnection`, at connect: a registration (QR codes) without `creds.me`, a login with it. */
  private readonly registers: boolean;

  readonly options: WaSocketOptions;

  constructor(options: WaSocketOptions) {
    this.options = options;
    this.creds = options.creds as AuthenticationCreds;
    this.registers = this.creds.me === undefined;
    // Socket/socket.js: the socket itself merges every creds update into the creds it was given.
    this.ev.on('creds.update', (update) => Object.assign(this.creds, update));
    // Socket/socket.js: 'connecting' on the next tick after creation.
    process.nextTick(() => this.ev.emit('connection.update', { connection: 'connecting', qr: undefined }));
  }

  /** Whether this socket sent a login (creds.me was set when it connected) rather than a registration. */
  get logsIn(): boolean {
    return !this.registers;
  }

  async sendMessage(jid: string, content: WaOutgoing): Promise<WaMessage | undefined> {
    if (this.closed) throw boom('Connection Closed', DisconnectReason.connectionClosed);
    if (this.hangSends) return new Promise(() => undefined);
    const failure = this.failNextSends.shift();
    if (failure) throw failure;
    // Texts are built by rc14 itself; media would need an upload, so its message is written out as prepareWAMessageMedia
    // spreads the content's fields into `<type>Message` (Utils/messages.js), without the upload's url and hashes.
    const message =
      'text' in content
        ? await generateWAMessageContent({ text: content.text }, {} as Parameters<typeof generateWAMessageContent>[1])
        : 'document' in content
          ? proto.Message.fromObject({ documentMessage: { caption: content.caption, mimetype: content.mimetype, fileName: content.fileName } })
          : proto.Message.fromObject({ imageMessage: { caption: content.caption, mimetype: content.mimetype } });
    // getStream opens a local path with createReadStream: a file that is not there fails the send, as it would upload nothing.
    const media = 'document' in content && !Buffer.isBuffer(content.document) ? await readFile(content.document.url) : undefined;
    const full = generateWAMessageFromContent(jid, message, { userJid: this.creds.me!.id, messageId: `3EB0SENT${++sentCounter}` });
    this.sent.push({ jid, content, ...(media ? { media } : {}), id: full.key.id!, at: this.now() });
    // messages-send.js: with emitOwnEvents (Defaults: true) the sent message comes back as an `append` upsert on the next tick.
    process.nextTick(() => this.ev.emit('messages.upsert', { messages: [full as WaMessage], type: 'append' }));
    return full as WaMessage;
  }

  async onWhatsApp(...jids: string[]): Promise<Array<{ jid: string; exists: boolean }> | undefined> {
    this.lookups.push(...jids);
    return this.directory.has(jids[0]!) ? this.directory.get(jids[0]!) : [];
  }

  /** Socket/socket.js `requestPairingCode`: writes the code and a placeholder `me` into the creds before anything is linked. */
  async requestPairingCode(phone: string): Promise<string> {
    this.pairingRequests.push(phone);
    if (this.pairingCode instanceof Error) throw this.pairingCode;
    this.creds.pairingCode = this.pairingCode;
    this.creds.me = { id: jidEncode(phone, 's.whatsapp.net'), name: '~' };
    this.ev.emit('creds.update', this.creds);
    return this.pairingCode;
  }

  /**
   * Socket/socket.js `end`: once only; emits the close with the error it was
   * given (undefined for a clean end), then drops every listener.
   */
  async end(error: Error | undefined): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ended = { error };
    this.listenersAtEnd = this.ev.listeners() - 1;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error } });
    this.ev.removeAll();
  }

  async phoneJidForLid(lid: string): Promise<string | null> {
    return this.lidMap.get(lid) ?? null;
  }

  // What WhatsApp does, scripted by tests.

  /** Socket/socket.js `CB:iq,type:set,pair-device`: a QR, only ever for a device that registers. */
  showQr(code = `2@qr-${Math.random().toString(36).slice(2)}`): void {
    if (!this.registers) throw new Error('the server sends no QR to a device that logs in (creds.me was set)');
    this.ev.emit('connection.update', { qr: code });
  }

  /** Socket/socket.js: the QR refs ran out with nobody scanning. */
  qrTimeout(): void {
    void this.end(boom('QR refs attempts ended', DisconnectReason.timedOut));
  }

  /**
   * The phone scanned the QR: rc14 saves what `configureSuccessfulPairing`
   * returns (no `registered`), then the server asks for a restart (515).
   */
  scanQr(phone: string, lid: string): void {
    this.pairSuccess(phone, lid);
  }

  /**
   * The code was typed on the phone: messages-recv.js
   * `link_code_companion_reg` sets `registered = true`, then the same
   * pair-success and restart as for a QR follow.
   */
  enterPairingCode(lid: string): void {
    const me = this.creds.me;
    if (!this.registers || !this.creds.pairingCode || !me) throw new Error('no pairing code was requested on this socket');
    this.creds.registered = true;
    this.ev.emit('creds.update', this.creds);
    this.pairSuccess(me.id.split('@')[0]!, lid);
  }

  /** Socket/socket.js `CB:success`: the login was accepted; the server tells us our LID. */
  loginSucceeds(): void {
    const me = this.creds.me;
    if (this.registers || !me) throw new Error('a device without creds.me registers; it does not log in');
    if (!this.creds.account) throw new Error('the server does not accept a login for a device that never finished pairing');
    const lid = me.lid ?? '99887766554433:7@lid';
    this.ev.emit('creds.update', { me: { ...me, lid } });
    this.ev.emit('connection.update', { connection: 'open' });
  }

  /** Socket/socket.js `CB:failure` (`Connection Failure`, statusCode = the reason) or a stream error. */
  refuse(statusCode: number, message = 'Connection Failure'): void {
    void this.end(boom(message, statusCode));
  }

  /** messages-recv.js `handleMessage` for a live message: upsert type `notify`. */
  receive(messages: WaMessage[]): void {
    this.ev.emit('messages.upsert', { messages, type: 'notify' });
  }

  /** messages-recv.js `handleMessage` for a node with `offline` set (queued while we were away): type `append`. */
  deliverOffline(messages: WaMessage[]): void {
    this.ev.emit('messages.upsert', { messages, type: 'append' });
  }

  /**
   * messages-recv.js `handleBadAck`: an ack with an error for a message this
   * socket sent, after `sendMessage` resolved. 463 is also the reach-out
   * timelock NACK, so rc14 adds ACCOUNT_RESTRICTED_TEXT for it.
   */
  nack(id: string, error: string): void {
    const record = this.sent.find((s) => s.id === id);
    if (!record) throw new Error(`this socket did not send ${id}`);
    const timelocked = error === String(NACK_REASONS.SenderReachoutTimelocked);
    this.ev.emit('messages.update', [
      {
        key: { remoteJid: record.jid, fromMe: true, id },
        update: { status: WAMessageStatus.ERROR, messageStubParameters: timelocked ? [error, ACCOUNT_RESTRICTED_TEXT] : [error] },
      },
    ]);
  }

  /** Texts (or captions) sent to `jid`, in order. */
  textsTo(jid: string): string[] {
    return this.sent.filter((s) => s.jid === jid).map((s) => ('text' in s.content ? s.content.text : s.content.caption));
  }

  private pairSuccess(phone: string, lid: string): void {
    if (!this.registers) throw new Error('a device that logs in is already paired');
    const { creds } = configureSuccessfulPairing(pairSuccessStanza(this.creds, { phone, lid, device: 7 }), this.creds);
    this.ev.emit('creds.update', creds);
    this.ev.emit('connection.update', { isNewLogin: true, qr: undefined } as WaEventMap['connection.update']);
    void this.end(boom('Stream Errored (restart required)', DisconnectReason.restartRequired));
  }
}

/** rc14's server error codes for a rejected message (Utils/decode-wa-message.js SERVER_ERROR_CODES). */
export const REJECTED = { restricted: SERVER_ERROR_CODES.MessageAccountRestriction, smaxInvalid: SERVER_ERROR_CODES.SmaxInvalid } as const;

/** A createSocket that records every socket it made. */
export class FakeWhatsApp {
  readonly sockets: FakeSocket[] = [];
  /** Applied to each new socket (directory entries, LID mappings...). */
  setup: (sock: FakeSocket) => void = () => undefined;

  readonly createSocket: CreateSocket = (options) => {
    const sock = new FakeSocket(options);
    this.setup(sock);
    this.sockets.push(sock);
    return sock;
  };

  get last(): FakeSocket {
    const sock = this.sockets.at(-1);
    if (!sock) throw new Error('no socket was created');
    return sock;
  }
}
