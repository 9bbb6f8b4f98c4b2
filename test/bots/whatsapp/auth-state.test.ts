import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_NAMESPACE, loadAuthState, wipeAuthState } from '../../../bots/whatsapp/auth-state.ts';
import { baileysAuthCodec } from '../../../bots/whatsapp/baileys-socket.ts';
import type { KeyValueStore, Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

interface Backend {
  /** The store under test. */
  kv: KeyValueStore;
  /** A second, independent connection to the same data. */
  other(): Promise<KeyValueStore>;
  close(): Promise<void>;
}

const codec = baileysAuthCodec;

/** `kv` with its writes replaced (a class instance cannot simply be spread). */
function withSetMany(kv: KeyValueStore, setMany: KeyValueStore['setMany']): KeyValueStore {
  return {
    get: (namespace, key) => kv.get(namespace, key),
    setMany,
    setIfAbsent: (namespace, key, value) => kv.setIfAbsent(namespace, key, value),
    compareAndSet: (namespace, key, expected, value) => kv.compareAndSet(namespace, key, expected, value),
    keys: (namespace, prefix) => kv.keys(namespace, prefix),
    deletePrefix: (namespace, prefix) => kv.deletePrefix(namespace, prefix),
  };
}
let accounts = 0;
/** A fresh account per test, so a shared MongoDB database needs no cleanup between tests. */
const freshAccount = () => `t${process.pid}x${Date.now().toString(36)}x${++accounts}`;

function describeAuthStateContract(name: string, open: () => Promise<Backend | null>): void {
  describe(`WhatsApp session in the store (${name})`, function () {
    let backend: Backend;
    let account: string;

    before(async function () {
      const opened = await open();
      if (opened === null) this.skip();
      backend = opened;
    });

    after(async function () {
      await backend?.close();
    });

    beforeEach(function () {
      account = freshAccount();
    });

    afterEach(async function () {
      await wipeAuthState(backend.kv, account);
    });

    it('starts with fresh credentials and round-trips them with their Buffers', async function () {
      const auth = await loadAuthState(backend.kv, account, codec);
      expect(auth.creds.registered).to.equal(false);
      await auth.saveCreds({ registered: true, me: { id: '6281100000001:7@s.whatsapp.net', lid: '99887766554433:7@lid' } });

      const again = await loadAuthState(await backend.other(), account, codec);
      expect(again.creds).to.deep.include({ registered: true, me: { id: '6281100000001:7@s.whatsapp.net', lid: '99887766554433:7@lid' } });
      const noise = (c: object) => (c as { noiseKey: { private: Uint8Array; public: Uint8Array } }).noiseKey;
      expect(Buffer.isBuffer(noise(again.creds).private)).to.equal(true);
      expect(Buffer.compare(noise(again.creds).private, noise(auth.creds).private)).to.equal(0);
      expect(Buffer.compare(noise(again.creds).public, noise(auth.creds).public)).to.equal(0);
    });

    it('keeps the newest creds when saves race', async function () {
      const auth = await loadAuthState(backend.kv, account, codec);
      await Promise.all(Array.from({ length: 20 }, (_, i) => auth.saveCreds({ me: { id: `62811000000${String(i).padStart(2, '0')}@s.whatsapp.net` } })));
      const again = await loadAuthState(await backend.other(), account, codec);
      expect(again.creds.me?.id).to.equal('6281100000019@s.whatsapp.net');
    });

    it('stores keys of every category, including 7.x strings, arrays and unknown ones, and deletes with null', async function () {
      const { keys } = await loadAuthState(backend.kv, account, codec);
      const preKey = { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) };
      await keys.set({
        'pre-key': { '1': preKey, '2': preKey },
        session: { '6281200000003.0': Buffer.from('session-bytes') },
        'sender-key-memory': { 'group@g.us': { '6281200000003@s.whatsapp.net': true } },
        'lid-mapping': { '6281200000003': '555566667777', '555566667777_reverse': '6281200000003' },
        'device-list': { '6281200000003': ['0', '12'] },
        tctoken: { '6281200000003@s.whatsapp.net': { token: Buffer.from('tok'), timestamp: '1764000000' } },
        'identity-key': { '6281200000003.0': new Uint8Array([9, 8, 7]) },
        'app-state-sync-key': { AAAAAQ: { keyData: new Uint8Array([1, 1, 2, 3]), fingerprint: { rawId: 7, currentIndex: 1 }, timestamp: 1764000000 } },
        'a-category-from-baileys-8': { x: 42 },
      });

      const other = await loadAuthState(await backend.other(), account, codec);
      const preKeys = await other.keys.get('pre-key', ['1', '2', '3']);
      expect(Object.keys(preKeys)).to.deep.equal(['1', '2']);
      expect(preKeys['1']).to.deep.equal(preKey);
      expect(await other.keys.get('session', ['6281200000003.0'])).to.deep.equal({ '6281200000003.0': Buffer.from('session-bytes') });
      expect(await other.keys.get('sender-key-memory', ['group@g.us'])).to.deep.equal({ 'group@g.us': { '6281200000003@s.whatsapp.net': true } });
      expect(await other.keys.get('lid-mapping', ['6281200000003', '555566667777_reverse'])).to.deep.equal({
        '6281200000003': '555566667777',
        '555566667777_reverse': '6281200000003',
      });
      expect(await other.keys.get('device-list', ['6281200000003'])).to.deep.equal({ '6281200000003': ['0', '12'] });
      expect(await other.keys.get('tctoken', ['6281200000003@s.whatsapp.net'])).to.deep.equal({
        '6281200000003@s.whatsapp.net': { token: Buffer.from('tok'), timestamp: '1764000000' },
      });
      expect(await other.keys.get('identity-key', ['6281200000003.0'])).to.deep.equal({ '6281200000003.0': Buffer.from([9, 8, 7]) });
      const appKey = (await other.keys.get('app-state-sync-key', ['AAAAAQ']))['AAAAAQ'] as { keyData: Uint8Array; constructor: { name: string } };
      expect(appKey.constructor.name).to.equal('AppStateSyncKeyData');
      expect(Buffer.from(appKey.keyData)).to.deep.equal(Buffer.from([1, 1, 2, 3]));
      expect(await other.keys.get('a-category-from-baileys-8', ['x'])).to.deep.equal({ x: 42 });

      await keys.set({ 'pre-key': { '1': null }, 'lid-mapping': { '6281200000003': null } });
      expect(Object.keys(await other.keys.get('pre-key', ['1', '2']))).to.deep.equal(['2']);
      expect(await other.keys.get('lid-mapping', ['6281200000003'])).to.deep.equal({});
    });

    it('writes a key update as one batch that is durable when set() resolves', async function () {
      const batches: number[] = [];
      const counting = withSetMany(backend.kv, (namespace, entries) => {
        batches.push(entries.length);
        return backend.kv.setMany(namespace, entries);
      });
      const { keys } = await loadAuthState(counting, account, codec);
      await keys.set({ session: { a: Buffer.from('1'), b: Buffer.from('2') }, 'pre-key': { '9': null }, 'device-list': { u: ['0'] } });
      expect(batches).to.deep.equal([4]);
      // Another connection, opened only now, already sees it.
      expect(await (await backend.other()).get(AUTH_NAMESPACE, `${account}:session:b`)).to.be.a('string');
    });

    it('wipes one account (creds and keys) and nothing else', async function () {
      const neighbour = freshAccount();
      const mine = await loadAuthState(backend.kv, account, codec);
      const theirs = await loadAuthState(backend.kv, neighbour, codec);
      await mine.saveCreds({ registered: true });
      await mine.keys.set({ session: { a: Buffer.from('1') } });
      await theirs.saveCreds({ registered: true });
      await theirs.keys.set({ session: { a: Buffer.from('2') } });

      await wipeAuthState(backend.kv, account);
      expect(await backend.kv.keys(AUTH_NAMESPACE, `${account}:`)).to.deep.equal([]);
      expect((await loadAuthState(backend.kv, account, codec)).creds.registered).to.equal(false);
      expect(await backend.kv.keys(AUTH_NAMESPACE, `${neighbour}:`)).to.have.length(2);
      await wipeAuthState(backend.kv, neighbour);
    });
  });
}

describeAuthStateContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tagih-wa-auth-'));
  const path = join(dir, 'tagih.db');
  const store = openSqliteStore({ path });
  const others: Store[] = [];
  return {
    kv: store.kv,
    async other() {
      const other = openSqliteStore({ path });
      others.push(other);
      return other.kv;
    },
    async close() {
      for (const other of others) await other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeAuthStateContract('MongoDB', async () => {
  const uri = process.env['MONGODB_URI'];
  if (!uri) {
    console.log('      (MongoDB skipped: set MONGODB_URI to run the WhatsApp session contract on MongoDB)');
    return null;
  }
  // Resolved at run time: the MongoDB store may not exist in this checkout yet.
  const modulePath = '../../../src/store/mongo/mongo-store.ts';
  const mongo = (await import(modulePath).catch(() => null)) as { openMongoStore?: (options: { uri: string }) => Promise<Store> | Store } | null;
  if (typeof mongo?.openMongoStore !== 'function') {
    console.log('      (MongoDB skipped: src/store/mongo/mongo-store.ts with openMongoStore is not there yet)');
    return null;
  }
  const openMongo = mongo.openMongoStore;
  const store = await openMongo({ uri });
  const others: Store[] = [];
  return {
    kv: store.kv,
    async other() {
      const other = await openMongo({ uri });
      others.push(other);
      return other.kv;
    },
    async close() {
      for (const other of others) await other.close();
      await store.close();
    },
  };
});

describe('WhatsApp session store failures', function () {
  it('rejects set() and saveCreds() when the store fails, with the store\'s error', async function () {
    const store = openSqliteStore({ path: ':memory:' });
    const failure = new Error('database is locked');
    const failing = withSetMany(store.kv, async () => Promise.reject(failure));
    const auth = await loadAuthState(failing, 'default', codec);
    const setError = await auth.keys.set({ session: { a: Buffer.from('1') } }).then(() => null, (e: unknown) => e);
    expect(setError).to.equal(failure);
    const credsError = await auth.saveCreds({ registered: true }).then(() => null, (e: unknown) => e);
    expect(credsError).to.equal(failure);
    // A failed write does not block the ones after it.
    const healthy = await loadAuthState(store.kv, 'default', codec);
    await healthy.saveCreds({ registered: true });
    await store.close();
  });
});
