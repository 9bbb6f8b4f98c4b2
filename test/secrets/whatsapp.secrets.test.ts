/**
 * The WhatsApp session (creds and Signal keys) is key material: it never
 * reaches a log line or an error that could be logged, even when what is
 * stored cannot be read. Driven through createWhatsAppBot with the fake
 * socket, logs captured with the application's logger.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { AUTH_NAMESPACE, loadAuthState } from '../../bots/whatsapp/auth-state.ts';
import { baileysAuthCodec } from '../../bots/whatsapp/baileys-socket.ts';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { flush } from '../bots/whatsapp/fake-scheduler.ts';
import { Harness } from '../bots/whatsapp/harness.ts';
import { everyRendering, leaks } from './capture.ts';

/** Every base64 run of the stored session: the key material itself. */
function keyMaterial(stored: string): string[] {
  return [...stored.matchAll(/"data":"([A-Za-z0-9+/=]{16,})"/g)].map((m) => m[1]!);
}

/** Fresh credentials as Baileys makes them, stored the way auth-state stores them. */
function storedCreds(): string {
  return baileysAuthCodec.stringify({ ...baileysAuthCodec.initCreds(), registered: true, me: { id: '6281100000001:7@s.whatsapp.net', name: 'Budi' } });
}

/** Damaged the way a torn or hand-edited value is: the quote before a key's base64 is gone. */
function damaged(stored: string): string {
  return stored.replace('"data":"', '"data":');
}

describe('secrets: the WhatsApp session', function () {
  this.timeout(20_000);

  it('a damaged stored session is reported without quoting key material', async function () {
    const h = await Harness.create({ linked: false });
    try {
      const stored = storedCreds();
      await h.store.kv.setMany(AUTH_NAMESPACE, [{ key: 'default:creds', value: damaged(stored) }]);
      h.bot.start();
      await flush();
      await h.clock.advance(1_000);
      expect(h.logs.text).to.contain('could not start a connection');
      // JSON.parse quotes up to ten characters around the fault: here, the private key right after it.
      expect(leaks(h.logs.text, keyMaterial(stored), 8)).to.deep.equal([]);
    } finally {
      await h.close();
    }
  });

  it('a damaged Signal key is refused to the library without quoting it', async function () {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      // A pre-key as Baileys stores one: a key pair of two Buffers.
      const key = baileysAuthCodec.stringify({ private: randomBytes(32), public: randomBytes(32) });
      await store.kv.setMany(AUTH_NAMESPACE, [{ key: 'default:pre-key:1', value: damaged(key) }]);
      const auth = await loadAuthState(store.kv, 'default', baileysAuthCodec);
      // Baileys logs what its key store throws; the error must be safe to log.
      const err = await auth.keys.get('pre-key', ['1']).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(err).to.be.instanceOf(Error);
      expect(leaks(everyRendering(err), keyMaterial(key), 8)).to.deep.equal([]);
    } finally {
      await store.close();
    }
  });

  it('keeps creds out of the logs when the store refuses to save them', async function () {
    const store = openSqliteStore({ path: ':memory:' });
    const kv = store.kv;
    let written = '';
    // What the store port promises on a failed write: StoreUnavailableError, its cause the driver's own words.
    const failing: Store = {
      ...store,
      kv: {
        get: (ns, key) => kv.get(ns, key),
        keys: (ns, prefix) => kv.keys(ns, prefix),
        setIfAbsent: (ns, key, value) => kv.setIfAbsent(ns, key, value),
        compareAndSet: (ns, key, expected, value) => kv.compareAndSet(ns, key, expected, value),
        deletePrefix: (ns, prefix) => kv.deletePrefix(ns, prefix),
        setMany: async (ns, entries) => {
          if (ns !== AUTH_NAMESPACE) return kv.setMany(ns, entries);
          written = entries.map((e) => e.value ?? '').join('');
          throw new StoreUnavailableError(new Error(`disk full while writing ${written.slice(0, 300)}`));
        },
      },
    };
    const h = await Harness.create({ store: failing, linked: false });
    try {
      h.bot.start();
      await flush();
      h.wa.last.scanQr('6281100000001', '99887766554433@lid');
      await flush();
      await h.clock.advance(1_000);
      expect(h.logs.text).to.contain('could not save the session');
      expect(keyMaterial(written)).to.have.length.greaterThan(3);
      expect(leaks(h.logs.text, keyMaterial(written), 8)).to.deep.equal([]);
    } finally {
      await h.close();
      await store.close();
    }
  });
});
