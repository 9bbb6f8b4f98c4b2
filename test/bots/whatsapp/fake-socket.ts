/**
 * A scriptable stand-in for the Baileys socket: tests emit what WhatsApp
 * would (QR, open, close with a DisconnectReason, incoming messages) and
 * read back what the bot sent.
 */
import { EventEmitter } from 'node:events';
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

  listeners(): number {
    return this.emitter.eventNames().reduce((n, name) => n + this.emitter.listenerCount(name), 0);
  }
}

/** A Boom-shaped error as Baileys gives it in `lastDisconnect.error`. */
export function boom(message: string, statusCode: number, data?: unknown): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode }, data });
}

export interface SentRecord {
  jid: string;
  content: WaOutgoing;
  id: string;
  /** The (fake) time it was sent. */
  at: number;
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
  pairingCode: string | Error = 'ABCD1234';
  /** Errors the next sends throw, in order. */
  readonly failNextSends: Error[] = [];
  /** When set, sendMessage never settles (to test timeouts). */
  hangSends = false;
  ended: { error: Error | undefined } | null = null;
  now: () => number = () => Date.now();

  readonly options: WaSocketOptions;
  constructor(options: WaSocketOptions) {
    this.options = options;
  }

  async sendMessage(jid: string, content: WaOutgoing): Promise<WaMessage | undefined> {
    if (this.hangSends) return new Promise(() => undefined);
    const failure = this.failNextSends.shift();
    if (failure) throw failure;
    const id = `3EB0SENT${++sentCounter}`;
    this.sent.push({ jid, content, id, at: this.now() });
    const message = 'text' in content ? { conversation: content.text } : { extendedTextMessage: { text: content.caption } };
    return { key: { remoteJid: jid, fromMe: true, id }, message };
  }

  async onWhatsApp(...jids: string[]): Promise<Array<{ jid: string; exists: boolean }> | undefined> {
    this.lookups.push(...jids);
    return this.directory.has(jids[0]!) ? this.directory.get(jids[0]!) : [];
  }

  async requestPairingCode(phone: string): Promise<string> {
    this.pairingRequests.push(phone);
    if (this.pairingCode instanceof Error) throw this.pairingCode;
    // As Baileys does: the number becomes `me` before it is linked.
    this.ev.emit('creds.update', { me: { id: `${phone}@s.whatsapp.net`, name: '~' } });
    return this.pairingCode;
  }

  async end(error: Error | undefined): Promise<void> {
    this.ended = { error };
    // Baileys reports its own end as a close; a bot that already let go must not react.
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: boom('Connection Closed', 428) } });
  }

  async phoneJidForLid(lid: string): Promise<string | null> {
    return this.lidMap.get(lid) ?? null;
  }

  // What WhatsApp does, scripted by tests.

  qr(code = `2@qr-${Math.random().toString(36).slice(2)}`): void {
    this.ev.emit('connection.update', { qr: code });
  }

  open(): void {
    this.ev.emit('connection.update', { connection: 'open' });
  }

  close(statusCode: number | null, message = 'closed'): void {
    const error = statusCode === null ? new Error(message) : boom(message, statusCode);
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error } });
  }

  /** The phone accepted the QR or code: Baileys saves the identity, then asks for a restart. */
  linked(phone: string, lid = '99887766554433@lid'): void {
    this.ev.emit('creds.update', { registered: true, me: { id: `${phone}:7@s.whatsapp.net`, lid: lid.replace('@', ':7@'), name: 'Budi' } });
  }

  receive(messages: WaMessage[], type = 'notify'): void {
    this.ev.emit('messages.upsert', { messages, type });
  }

  listeners(): number {
    return this.ev.listeners();
  }

  /** Texts (or captions) sent to `jid`, in order. */
  textsTo(jid: string): string[] {
    return this.sent.filter((s) => s.jid === jid).map((s) => ('text' in s.content ? s.content.text : s.content.caption));
  }
}

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
