/**
 * The embedded database refusing writes, under the real webhook: another
 * process holding the write lock past the busy timeout, and a full disk (a
 * real SQLITE_FULL: the connection's max_page_count lowered to the file's
 * size, so nothing can grow it). Midtrans must get 503 exactly when the
 * notification was not kept, nothing may be half-written, and once the
 * database takes writes again Midtrans's retry is applied exactly once.
 */
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Db } from '../../src/store/sqlite/database.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { postJson, SERVER_KEY, startHarness, type Harness } from '../web/harness.ts';
import { notificationBody, seedOrders, type SeededOrder } from './helpers.ts';

const MERCHANTS = [7401, 7402, 7403];

/** What one notification may have touched: its inbox row, its order, the outbox and the link's counts. */
async function footprint(h: Harness, file: string, order: SeededOrder) {
  const raw = new Database(file, { readonly: true });
  try {
    const inbox = raw.prepare('SELECT body_hash AS hash, status, times_received AS received FROM inbox ORDER BY id').all();
    return {
      inbox,
      status: (await h.store.orders.byId(order.orderId))!.status,
      outbox: (await h.store.outbox.list({ limit: 10_000 })).map((e) => e.key),
      paid: (await h.store.links.usage(order.linkId)).paid,
    };
  } finally {
    raw.close();
  }
}

function hashOf(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

describe('embedded database refusing writes', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let h: Harness | undefined;
  let db: Db | undefined;

  beforeEach(async function () {
    dir = mkdtempSync(join(tmpdir(), 'tagih-store-faults-'));
    file = join(dir, 'tagih.db');
    const store = openSqliteStore({ path: file, onConnection: (connection) => (db = connection) });
    h = await startHarness({ store, verifyStatus: false });
  });

  afterEach(async function () {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while another process holds the write lock past the busy timeout, keeps nothing half-written, then applies the retry once', async function () {
    const [order] = await seedOrders(h!.store, 1, MERCHANTS);
    const body = notificationBody(order!, 'settlement', SERVER_KEY);
    const before = await footprint(h!, file, order!);

    const locker = new Database(file);
    locker.exec('BEGIN IMMEDIATE');
    try {
      // While the write waits for the lock, the process keeps serving everything else.
      const stalls = monitorEventLoopDelay({ resolution: 10 });
      stalls.enable();
      const locked = await postJson(`${h!.url}/webhooks/midtrans`, body);
      const health = await fetch(`${h!.url}/healthz`);
      stalls.disable();
      expect(locked.status, 'Midtrans retries a 503 four times').to.equal(503);
      expect(health.status).to.equal(200);
      expect(stalls.max / 1e6, 'longest event-loop stall (ms) while the write waited for the lock').to.be.below(250);
      expect(await footprint(h!, file, order!), 'nothing written').to.deep.equal(before);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }

    expect((await postJson(`${h!.url}/webhooks/midtrans`, body)).status).to.equal(200);
    expect((await postJson(`${h!.url}/webhooks/midtrans`, body)).status, 'a repeat changes nothing').to.equal(200);
    const after = await footprint(h!, file, order!);
    expect(after.status).to.equal('paid');
    expect(after.outbox).to.deep.equal([`${order!.orderId}:paid:merchant`]);
    expect(after.paid).to.equal(1);
    expect(after.inbox).to.deep.equal([{ hash: hashOf(body), status: 'processed', received: 2 }]);
  });

  it('answers 503 when the disk is full and nothing fits, keeps every 2xx whole, then applies every retry once when space returns', async function () {
    const orders = await seedOrders(h!.store, 40, MERCHANTS);
    // The disk is full: the file may not grow by a single page.
    const size = db!.pragma('page_count', { simple: true }) as number;
    db!.pragma(`max_page_count = ${size}`);

    const refused: SeededOrder[] = [];
    const deferred: SeededOrder[] = [];
    for (const order of orders) {
      const body = notificationBody(order, 'settlement', SERVER_KEY);
      const before = await footprint(h!, file, order);
      const answer = (await postJson(`${h!.url}/webhooks/midtrans`, body)).status;
      const after = await footprint(h!, file, order);
      if (answer === 503) {
        expect(after, `${order.orderId}: a 503 leaves everything as it was`).to.deep.equal(before);
        refused.push(order);
        continue;
      }
      expect(answer, `${order.orderId}: 200 or 503, nothing else`).to.equal(200);
      const kept = after.inbox.find((row) => (row as { hash: string }).hash === hashOf(body)) as { status: string } | undefined;
      expect(kept, `${order.orderId}: a 200 means the notification is kept`).to.not.equal(undefined);
      if (after.status === 'paid') {
        expect(after.outbox, `${order.orderId}: paid together with its notice`).to.deep.equal([...before.outbox, `${order.orderId}:paid:merchant`]);
        expect(after.paid).to.equal(1);
        expect(kept!.status).to.equal('processed');
      } else {
        // Kept, but the change itself did not fit: none of it was written, and the inbox worker finishes it.
        expect({ status: after.status, outbox: after.outbox, paid: after.paid }, `${order.orderId}: all or nothing`).to.deep.equal({
          status: 'pending',
          outbox: before.outbox,
          paid: 0,
        });
        expect(kept!.status).to.equal('open');
        deferred.push(order);
      }
    }
    expect(refused.length, 'the disk filled up before the stream ended').to.be.greaterThan(0);

    // Space comes back; Midtrans sends again what got a 503, and the inbox worker takes what was kept open.
    db!.pragma('max_page_count = 1073741823');
    for (const order of refused) expect((await postJson(`${h!.url}/webhooks/midtrans`, notificationBody(order, 'settlement', SERVER_KEY))).status).to.equal(200);
    h!.advance(2 * 60 * 60_000);
    await h!.inbox.runOnce();

    const keys = (await h!.store.outbox.list({ limit: 10_000 })).map((e) => e.key).sort();
    expect(keys, 'exactly one notice per payment').to.deep.equal(orders.map((o) => `${o.orderId}:paid:merchant`).sort());
    for (const order of orders) {
      expect((await h!.store.orders.byId(order.orderId))!.status, order.orderId).to.equal('paid');
      expect((await h!.store.links.usage(order.linkId)).paid, `${order.orderId} counted once`).to.equal(1);
    }
    const inbox = (await footprint(h!, file, orders[0]!)).inbox as Array<{ status: string }>;
    expect(inbox.map((row) => row.status)).to.deep.equal(orders.map(() => 'processed'));
  });
});
