/**
 * The messages this account sent recently, kept in the store so that
 * WhatsApp's retry requests can be answered after a restart. A recipient's
 * device that could not decrypt a message asks for it again; rc14 looks in
 * its own in-memory cache first and then calls `getMessage`
 * (Socket/messages-recv.js `sendMessagesAgain`), so after a restart only
 * this store can answer, and without an answer the customer keeps seeing
 * "Waiting for this message".
 *
 * Namespace `wa-sent`, key `<account>:<sent at, ms, 15 digits>:<message id>`
 * (so the index is read from the keys alone), one JSON value per message (to
 * whom, for which merchant, the message as protobuf bytes), at most
 * `maxCount` messages and none older than `maxAgeMs`.
 * Also where a message WhatsApp rejected afterwards is marked failed.
 */
import type { KeyValueStore } from '../../src/store/ports.ts';
import { BoundedMap } from '../../src/bounded-map.ts';
import type { WaMessageContent } from './socket.ts';

export const SENT_NAMESPACE = 'wa-sent';

/** How a message becomes text and back, byte for byte (Baileys: the protobuf encoding). */
export interface MessageCodec {
  encode(content: WaMessageContent): string;
  decode(text: string): WaMessageContent;
}

export interface SentMessage {
  id: string;
  /** The chat it went to. */
  to: string;
  content: WaMessageContent;
  /** Who to tell if WhatsApp rejects it (`whatsapp:<phone>`); null for nobody. */
  merchantId: string | null;
}

interface StoredSent {
  to: string;
  merchantId: string | null;
  content: string;
  /** WhatsApp's error code, once it rejected the message. */
  failed?: string;
}

export interface SentMessagesOptions {
  kv: KeyValueStore;
  account: string;
  codec: MessageCodec;
  now: () => number;
  maxCount: number;
  maxAgeMs: number;
}

/** Retry requests come when a recipient's phone is back online; three days covers a phone left off over a weekend. */
export const SENT_LIMITS = { maxCount: 500, maxAgeMs: 3 * 24 * 60 * 60_000 } as const;

export class SentMessages {
  /** Ids sent by this process: an echo of one of them is never a command. Answered without the store. */
  private readonly here: BoundedMap<string, true>;
  /** Stored ids → when they were sent, oldest first; read from the store's keys once. */
  private index: Promise<Map<string, number>> | null = null;
  private writes: Promise<void> = Promise.resolve();

  private readonly options: SentMessagesOptions;

  constructor(options: SentMessagesOptions) {

    this.options = options;
    this.here = new BoundedMap(options.maxCount);
  }

  /** True for a message this process sent. */
  sentHere(id: string): boolean {
    return this.here.has(id);
  }

  /** Stores a sent message, dropping what is past the bound in the same write. */
  remember(message: SentMessage): Promise<void> {
    this.here.set(message.id, true);
    return this.serial(async () => {
      const { kv, codec, now } = this.options;
      const index = await this.loaded();
      const at = now();
      const value: StoredSent = { to: message.to, merchantId: message.merchantId, content: codec.encode(message.content) };
      const replaced = index.get(message.id);
      index.delete(message.id);
      index.set(message.id, at);
      const expired = this.overBound(index, at).map((id) => {
        const key = this.key(id, index.get(id)!);
        index.delete(id);
        return key;
      });
      if (replaced !== undefined) expired.push(this.key(message.id, replaced));
      await kv.setMany(SENT_NAMESPACE, [
        { key: this.key(message.id, at), value: JSON.stringify(value) },
        ...expired.map((key) => ({ key, value: null })),
      ]);
    });
  }

  /** The message as sent, for Baileys's `getMessage`; undefined once it is past the bound. */
  async content(id: string): Promise<WaMessageContent | undefined> {
    const found = await this.read(id);
    return found ? this.options.codec.decode(found.stored.content) : undefined;
  }

  /** Marks a message WhatsApp rejected. A repeated rejection of the same message is not news. */
  async markFailed(id: string, code: string): Promise<{ kind: 'first'; message: SentMessage } | { kind: 'repeat' } | { kind: 'unknown' }> {
    return this.serial(async () => {
      const found = await this.read(id);
      if (!found) return { kind: 'unknown' } as const;
      const { key, stored } = found;
      if (stored.failed !== undefined) return { kind: 'repeat' } as const;
      stored.failed = code;
      await this.options.kv.setMany(SENT_NAMESPACE, [{ key, value: JSON.stringify(stored) }]);
      const message = { id, to: stored.to, merchantId: stored.merchantId, content: this.options.codec.decode(stored.content) };
      return { kind: 'first', message } as const;
    });
  }

  /** Writes one after another, so a rejection never overwrites the record it is about with an older one. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(work);
    this.writes = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Another process may have sent since this one last looked: read the store afresh next time. */
  reload(): void {
    this.index = null;
  }

  private async read(id: string): Promise<{ key: string; stored: StoredSent } | null> {
    const at = (await this.loaded()).get(id);
    if (at === undefined || at < this.options.now() - this.options.maxAgeMs) return null;
    const key = this.key(id, at);
    const text = await this.options.kv.get(SENT_NAMESPACE, key);
    return text === null ? null : { key, stored: JSON.parse(text) as StoredSent };
  }

  /** Ids past the age or count bound, oldest first. */
  private overBound(index: Map<string, number>, now: number): string[] {
    const { maxCount, maxAgeMs } = this.options;
    const ids = [...index.keys()];
    const tooMany = Math.max(0, ids.length - maxCount);
    return ids.filter((id, i) => i < tooMany || index.get(id)! < now - maxAgeMs);
  }

  private loaded(): Promise<Map<string, number>> {
    // A failed read is not remembered: the next call tries the store again.
    this.index ??= this.load().catch((err: unknown) => {
      this.index = null;
      throw err;
    });
    return this.index;
  }

  private async load(): Promise<Map<string, number>> {
    const prefix = `${this.options.account}:`;
    const entries: Array<[string, number]> = [];
    for (const key of await this.options.kv.keys(SENT_NAMESPACE, prefix)) {
      const rest = key.slice(prefix.length);
      const colon = rest.indexOf(':');
      const at = Number(rest.slice(0, colon));
      if (colon > 0 && Number.isSafeInteger(at)) entries.push([rest.slice(colon + 1), at]);
    }
    return new Map(entries.sort((a, b) => a[1] - b[1]));
  }

  private key(id: string, at: number): string {
    return `${this.options.account}:${String(at).padStart(15, '0')}:${id}`;
  }
}
