import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { loadConfig } from '../../../src/config.ts';
import { isAppError } from '../../../src/domain/errors.ts';
import type { Db } from '../../../src/store/sqlite/database.ts';
import { MIGRATIONS } from '../../../src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { plainOffer } from '../../../src/domain/link-offer.ts';
import { describeStoreContract, newLink } from '../contract.ts';

describeStoreContract('SQLite in memory', async () => openSqliteStore({ path: ':memory:' }));

const CHILD = fileURLToPath(new URL('./child/reserve.ts', import.meta.url));

describe('SQLite store on disk', function () {
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'tagih-sqlite-'));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across a reopen, in WAL mode with durable commits', async function () {
    const path = join(dir, 'tagih.db');
    const store = openSqliteStore({ path });
    const link = await store.links.create(newLink());
    await store.close();

    const reopened = openSqliteStore({ path });
    expect(await reopened.links.byId(link.id)).to.deep.equal({ ...link, number: 1 });
    await reopened.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).to.deep.equal({ v: MIGRATIONS.length });
    raw.close();
  });

  it('upgrades a database of the first schema in place, keeping its orders (who started them unknown)', async function () {
    const path = join(dir, 'tagih.db');
    const first = new Database(path);
    first.exec(MIGRATIONS[0]!);
    first.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES (1, 0)');
    first.exec(`INSERT INTO links (id, merchant_id, number, order_id, slug, item_name, price, usage_limit, created_via, notify_chat_id, created_at, order_seq, pending_count)
                VALUES ('l1', 'telegram:100', 1, 'INV-1', 'slug-one', 'Kaos', 150000, 1, 'telegram', '100', 0, 1, 1)`);
    first.exec(`INSERT INTO orders (id, link_id, seq, customer, customer_key, amount, status, reserved_until, created_at, updated_at)
                VALUES ('INV-1-1', 'l1', 1, '{"name":"Ani","phone":null,"email":"ani@mail.com"}', 'email:ani@mail.com', 150000, 'pending', ${Date.now() + 3_600_000}, 0, 0)`);
    first.close();

    const store = openSqliteStore({ path });
    try {
      const order = (await store.orders.byId('INV-1-1'))!;
      expect(order.customer.name).to.equal('Ani');
      expect(order.client).to.equal(null);
      expect(await store.orders.liveOfClient({ browser: 'b', address: '203.0.113.1' }, new Date(), 10)).to.deep.equal([]);
    } finally {
      await store.close();
    }
  });

  it('migrates a database written before transaction ids and refunds were kept, keeping its orders', async function () {
    const path = join(dir, 'tagih.db');
    // The schema as the first release left it, with one link and one paid order in it.
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    old.exec(MIGRATIONS[0]!);
    old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)').run();
    old.exec(`
      INSERT INTO links (id, merchant_id, number, order_id, slug, item_name, price, usage_limit, created_via, notify_chat_id,
                         created_at, order_seq, paid_count, paid_total)
      VALUES ('l1', 'telegram:100', 1, 'INV-OLD', 'oldslug', 'Kaos', 150000, 1, 'telegram', '100', 0, 1, 1, 150000);
      INSERT INTO orders (id, link_id, seq, customer, customer_key, amount, status, reserved_until, payment, created_at, updated_at)
      VALUES ('INV-OLD-1', 'l1', 1, '{"name":"Ani","phone":null,"email":"ani@mail.com"}', 'email:ani@mail.com', 150000, 'paid', 0,
              '{"method":"qris","channel":null,"transactionId":"tx-old","amountReceived":150000,"grossAmountRaw":"150000.00","transactionStatus":"settlement","at":"2026-11-24T03:00:00.000Z"}',
              0, 0);
    `);
    old.close();

    const store = openSqliteStore({ path });
    const order = (await store.orders.byId('INV-OLD-1'))!;
    expect(order).to.include({ status: 'paid', refundedAmount: 0 });
    expect(order.transactionIds).to.deep.equal([]);
    expect(order.payment).to.include({ transactionId: 'tx-old', fraudStatus: null });
    await store.orders.addTransactionId('INV-OLD-1', 'tx-old');
    expect((await store.orders.byId('INV-OLD-1'))!.transactionIds).to.deep.equal(['tx-old']);
    expect(await store.links.usage('l1')).to.include({ paid: 1, paidTotal: 150_000 });
    await store.close();
  });

  it('makes each merchant of a database from before teams a shop of its own, with its id, keeping every link (issue 18)', async function () {
    const path = join(dir, 'tagih.db');
    // Every step before the one that brings shops, wherever the lead puts it.
    const teamStep = MIGRATIONS.findIndex((step) => step.includes('CREATE TABLE shops'));
    expect(teamStep).to.be.greaterThan(0);
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    MIGRATIONS.slice(0, teamStep).forEach((step, i) => {
      old.exec(step);
      old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)').run(i + 1);
    });
    old.exec(`
      INSERT INTO links (id, merchant_id, number, order_id, slug, item_name, price, usage_limit, created_via, notify_chat_id, created_at)
      VALUES ('l1', 'telegram:100', 1, 'INV-A', 'slug-a', 'Kaos', 150000, 1, 'telegram', '100', 5000),
             ('l2', 'telegram:100', 2, 'INV-B', 'slug-b', 'Topi', 50000, 1, 'telegram', '100', 3000),
             ('l3', 'whatsapp:6281', 1, 'INV-C', 'slug-c', 'Tas', 90000, 1, 'whatsapp', '6281@s.whatsapp.net', 7000);
    `);
    old.close();

    const store = openSqliteStore({ path });
    try {
      expect(await store.team.membership('telegram:100')).to.deep.equal({
        shop: { id: 'telegram:100', ownerId: 'telegram:100', staffMayRefund: false, notices: null, createdAt: new Date(3000) },
        role: 'owner',
        member: null,
      });
      expect((await store.team.membership('whatsapp:6281'))!.shop.id).to.equal('whatsapp:6281');
      const link = (await store.links.byNumber('telegram:100', 2))!;
      expect(link).to.include({ merchantId: 'telegram:100', itemName: 'Topi' });
      expect(link).to.not.have.property('createdBy');
    } finally {
      await store.close();
    }
  });

  it('reads links and orders from before rich links as one fixed item, their pending and paid orders counted against no stock', async function () {
    const path = join(dir, 'tagih.db');
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    old.exec(MIGRATIONS[0]!);
    old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)').run();
    old.exec(`
      INSERT INTO links (id, merchant_id, number, order_id, slug, item_name, price, usage_limit, created_via, notify_chat_id,
                         created_at, order_seq, pending_count, paid_count, paid_total)
      VALUES ('l1', 'telegram:100', 1, 'INV-OLD', 'oldslug', 'Kaos', 150000, 3, 'telegram', '100', 0, 2, 1, 1, 150000);
      INSERT INTO orders (id, link_id, seq, customer, customer_key, amount, status, reserved_until, created_at, updated_at)
      VALUES ('INV-OLD-2', 'l1', 2, '{"name":"Budi","phone":null,"email":"budi@mail.com"}', 'email:budi@mail.com', 150000, 'pending', 0, 0, 0);
    `);
    old.close();

    const store = openSqliteStore({ path });
    try {
      expect(await store.links.byId('l1')).to.deep.include(plainOffer('Kaos', 150_000));
      expect(await store.orders.byId('INV-OLD-2')).to.deep.include({ quantity: 1, answers: [] });
      expect(await store.links.usage('l1')).to.include({ held: 1, paid: 1, itemsHeld: 1, itemsSold: 1 });
      // Closing the old pending order frees what it held: the counters started where the orders are.
      await store.orders.transition({ orderId: 'INV-OLD-2', from: 'pending', fromRefunded: 0, to: 'expired', refundedAmount: 0, payment: null, outbox: () => [], now: new Date() });
      expect(await store.links.usage('l1')).to.include({ held: 0, itemsHeld: 0, itemsSold: 1 });
    } finally {
      await store.close();
    }
  });


  it('never sells more than the stock to customers reserving through two connections to one database file at once', async function () {
    const path = join(dir, 'tagih.db');
    const [one, two] = [openSqliteStore({ path }), openSqliteStore({ path })];
    try {
      const link = await one.links.create(newLink({ usageLimit: null, stock: 20, quantity: { min: 1, max: 5 } }));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const quantity = 1 + (i % 5);
          return (i % 2 === 0 ? one : two).orders.reserve({
            linkId: link.id,
            customer: { name: `c${i}`, phone: null, email: `c${i}@mail.com` },
            customerKey: `email:c${i}@mail.com`,
            amount: 150_000 * quantity,
            quantity,
            now: new Date(),
            holdUntil: new Date(Date.now() + 60_000),
            receiptTo: null,
          });
        }),
      );
      const taken = results.reduce((sum, r) => sum + (r.kind === 'reserved' ? r.order.quantity : 0), 0);
      expect(taken).to.be.at.most(20);
      expect((await two.links.usage(link.id)).itemsHeld).to.equal(taken);
    } finally {
      await one.close();
      await two.close();
    }
  });

  // The contract's race of 50 customers for `stok 20`, split over two processes on one file. Which process
  // wins how many is up to SQLite's lock (one may take all); the stock and its counters must hold either way.
  it('never sells more than `stok 20` to 50 customers reserving from two processes at once', async function () {
    this.timeout(60_000);
    const path = join(dir, 'tagih.db');
    const setup = openSqliteStore({ path });
    const link = await setup.links.create(newLink({ usageLimit: null, stock: 20, quantity: { min: 1, max: 5 } }));
    await setup.close();
    const children = ['a', 'b'].map((name) => spawn(process.execPath, ['--import', 'tsx', CHILD, path, link.id, '25', name], { stdio: ['pipe', 'pipe', 'inherit'], timeout: 50_000 }));
    const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
    // Both have the database open before either reserves, so their reservations overlap.
    for (const line of lines) expect((await line.next()).value).to.equal('ready');
    for (const child of children) child.stdin.write('go\n');
    const [a = 0, b = 0] = await Promise.all(lines.map(async (line) => (JSON.parse(String((await line.next()).value)) as { taken: number }).taken));
    // 50 customers ask for 150 items: the stock sells out, and never past 20.
    expect(a + b).to.be.within(16, 20);
    const after = openSqliteStore({ path });
    expect((await after.links.usage(link.id)).itemsHeld).to.equal(a + b);
    await after.close();
  });

  it('answers StoreUnavailableError when another process holds the write lock too long', async function () {
    const path = join(dir, 'tagih.db');
    const store = openSqliteStore({ path, busyTimeoutMs: 50 });
    const blocker = new Database(path);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const err = await store.links.create(newLink()).catch((e: unknown) => e);
      expect(isAppError(err, 'STORE_UNAVAILABLE'), String(err)).to.equal(true);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    // Once the lock is gone, writing works again and nothing was half-written.
    const link = await store.links.create(newLink());
    expect(link.number).to.equal(1);
    await store.close();
  });

  it('answers StoreUnavailableError after the database is closed', async function () {
    const store = openSqliteStore({ path: join(dir, 'tagih.db') });
    await store.close();
    const err = await store.ping().catch((e: unknown) => e);
    expect(isAppError(err, 'STORE_UNAVAILABLE'), String(err)).to.equal(true);
  });

  it('sizes its page cache from SQLITE_CACHE_MIB: 64 MiB unless set', async function () {
    /** cache_size is the connection's own, so it is read on the store's connection. */
    const cacheSizeOf = async (env: Record<string, string>): Promise<unknown> => {
      let connection: Db | null = null;
      const store = openSqliteStore({ path: join(dir, 'tagih.db'), cacheMib: loadConfig(env).sqliteCacheMib, onConnection: (db) => (connection = db) });
      const size = (connection as Db | null)?.pragma('cache_size', { simple: true });
      await store.close();
      return size;
    };
    // Negative: KiB (https://sqlite.org/pragma.html#pragma_cache_size).
    expect(await cacheSizeOf({})).to.equal(-64 * 1024);
    expect(await cacheSizeOf({ SQLITE_CACHE_MIB: '256' })).to.equal(-256 * 1024);
  });

  it('refuses a SQLITE_CACHE_MIB that is not a whole number of MiB from 1', function () {
    for (const bad of ['0', '-5', '1.5', 'banyak']) {
      expect(() => loadConfig({ SQLITE_CACHE_MIB: bad }), bad).to.throw(/SQLITE_CACHE_MIB/);
    }
  });
});
