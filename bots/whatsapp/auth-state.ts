/**
 * The WhatsApp session (creds and Signal keys) in the project's store instead
 * of a folder of JSON files: it survives redeploys with the database, works
 * the same on SQLite and MongoDB, and every write is durable before Baileys
 * is told it happened (a lost key update means "Bad MAC" and undecryptable
 * messages later).
 *
 * Layout in namespace `wa-auth`: `<account>:creds` and
 * `<account>:<category>:<id>`, each value one JSON text written with the
 * library's Buffer-aware codec. Errors are rethrown to the caller and never
 * logged here: values are key material.
 */
import type { KeyValueStore } from '../../src/store/ports.ts';
import type { WaCreds, WaKeyStore } from './socket.ts';

export const AUTH_NAMESPACE = 'wa-auth';

/** How the library's values become text and back (Baileys: BufferJSON, initAuthCreds, proto revival). */
export interface AuthCodec {
  /** Fresh credentials for a device that has never been linked. */
  initCreds(): WaCreds;
  stringify(value: unknown): string;
  parse(text: string): unknown;
  /** Turns a parsed key back into what the library expects for its category. */
  reviveKey(category: string, value: unknown): unknown;
}

export interface StoredAuth {
  /** The live credentials object; the socket changes it in place and `saveCreds` writes it. */
  readonly creds: WaCreds;
  readonly keys: WaKeyStore;
  /** Merges an update into the creds and writes them; writes happen in the order asked for. */
  saveCreds(update: Partial<WaCreds>): Promise<void>;
  /** Resolves once every creds write asked for so far has landed (or failed). */
  settled(): Promise<void>;
}

/**
 * Where a stored session stands, the way Baileys 7.0.0-rc14 sees it: it sends
 * a login whenever `creds.me` is set and a registration (QR / pairing code)
 * otherwise (Socket/socket.js `validateConnection`). `me` alone does not mean
 * linked: `requestPairingCode` writes a placeholder `me` before the phone
 * accepted anything, and such a session can never log in. A finished link
 * always has `account`, which only the pair-success step writes
 * (Utils/validate-connection.js `configureSuccessfulPairing`), whether by QR
 * or by code; `registered` is set by the pairing-code path only.
 */
export function sessionKind(creds: WaCreds): 'new' | 'linked' | 'half_made' {
  if (!creds.me) return 'new';
  return creds.account ? 'linked' : 'half_made';
}

const credsKey = (account: string) => `${account}:creds`;
const keyKey = (account: string, category: string, id: string) => `${account}:${category}:${id}`;

/** A stored value, parsed. A damaged one is named by its key only: JSON.parse's message quotes the text around the fault. */
function parseStored(codec: AuthCodec, key: string, text: string): unknown {
  try {
    return codec.parse(text);
  } catch {
    throw new Error(`The stored WhatsApp session entry ${key} is damaged and cannot be read`);
  }
}

/** Loads the account's session, or fresh credentials when there is none. */
export async function loadAuthState(kv: KeyValueStore, account: string, codec: AuthCodec): Promise<StoredAuth> {
  const stored = await kv.get(AUTH_NAMESPACE, credsKey(account));
  const creds = stored === null ? codec.initCreds() : (parseStored(codec, credsKey(account), stored) as WaCreds);
  let writes: Promise<void> = Promise.resolve();

  const keys: WaKeyStore = {
    async get(category, ids) {
      const values = await Promise.all(ids.map((id) => kv.get(AUTH_NAMESPACE, keyKey(account, category, id))));
      const found: Record<string, unknown> = {};
      values.forEach((value, i) => {
        if (value !== null) found[ids[i]!] = codec.reviveKey(category, parseStored(codec, keyKey(account, category, ids[i]!), value));
      });
      return found;
    },
    async set(data) {
      const entries: Array<{ key: string; value: string | null }> = [];
      for (const [category, items] of Object.entries(data)) {
        for (const [id, value] of Object.entries(items)) {
          entries.push({ key: keyKey(account, category, id), value: value === null || value === undefined ? null : codec.stringify(value) });
        }
      }
      // One batch: a partly written key set is worse than none.
      if (entries.length > 0) await kv.setMany(AUTH_NAMESPACE, entries);
    },
  };

  return {
    creds,
    keys,
    saveCreds(update) {
      Object.assign(creds, update);
      // Chained so a slow early write can never land after a later one; the
      // text is taken when the write runs, so it is always the newest state.
      const write = writes.then(() => kv.setMany(AUTH_NAMESPACE, [{ key: credsKey(account), value: codec.stringify(creds) }]));
      writes = write.catch(() => undefined);
      return write;
    },
    settled: () => writes,
  };
}

/** Forgets the account's session: creds and every key (after WhatsApp logged the device out). */
export function wipeAuthState(kv: KeyValueStore, account: string): Promise<void> {
  return kv.deletePrefix(AUTH_NAMESPACE, `${account}:`);
}
