/**
 * Past one machine's worth of process: two tagih servers on the same
 * embedded database file (same DATA_DIR, different ports), both with the
 * Telegram bot in webhook mode, as README advises for several instances
 * (only one process may long-poll a token). Every notification is sent to
 * both at once, and both reconcilers look at the same stale orders with Get
 * Status, so the webhook, the inbox, the reconciler and the outbox of two
 * processes race for the same rows. Each change must happen once: one status
 * change per order, one outbox entry per notified order, one message each.
 */
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/midtrans/simulator/simulator.ts';
import { databasePath } from '../../src/store/sqlite/sqlite-store.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { freePort, TagihProcess } from '../support/tagih-process.ts';
import {
  deliver,
  eventually,
  groupBy,
  notificationBody,
  openAtSimulator,
  openStoreAt,
  SERVER_KEY,
  seedOrders,
  tagihEnv,
  toldNotices,
  transactionIdAt,
  type MidtransStatus,
  type SeededOrder,
  type StoreTarget,
} from './helpers.ts';

const MERCHANTS = Array.from({ length: 10 }, (_, i) => 7601 + i);

/** What happens to each order at Midtrans, whether Midtrans tells us, and whether the reconcilers see it as stale. */
interface Fate {
  at: 'pay' | 'expire' | 'none';
  notify: MidtransStatus | null;
  stale: boolean;
  final: 'paid' | 'expired' | 'pending';
}
const FATES: readonly Fate[] = [
  ...Array<Fate>(20).fill({ at: 'pay', notify: 'settlement', stale: false, final: 'paid' }),
  // The notification and both reconcilers race for these.
  ...Array<Fate>(5).fill({ at: 'pay', notify: 'settlement', stale: true, final: 'paid' }),
  // Paid, but the notification never comes: only the reconcilers can find out.
  ...Array<Fate>(10).fill({ at: 'pay', notify: null, stale: true, final: 'paid' }),
  // An attempt that expired while the window is open: the customer may still pay another way, so the order stays pending.
  ...Array<Fate>(5).fill({ at: 'expire', notify: 'expire', stale: false, final: 'pending' }),
  // Still waiting at Midtrans: checked, never changed.
  ...Array<Fate>(5).fill({ at: 'none', notify: null, stale: true, final: 'pending' }),
];
/** Get Status calls of the webhooks that fail, so both inbox workers race for the kept notifications. */
const FAILED_STATUS_CALLS = 6;

describe('two processes on one embedded database', function () {
  this.timeout(90_000);
  let sim: Simulator;
  let fake: FakeTelegram;
  let dataDir: string;
  const processes: TagihProcess[] = [];

  before(async function () {
    sim = await startSimulator({ serverKey: SERVER_KEY, notificationTimeoutMs: 5_000 });
    fake = await FakeTelegram.start();
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-two-processes-'));
  });

  after(async function () {
    await Promise.all(processes.map((p) => p.kill()));
    await fake.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies every notification and reconciliation once and tells every merchant once, whichever process gets there first', async function () {
    const target: StoreTarget = { kind: 'sqlite', dataDir };
    const store = await openStoreAt(target);
    const fresh = await seedOrders(store, FATES.filter((f) => !f.stale).length, MERCHANTS);
    // Twenty minutes old: stale for both reconcilers, still inside the payment window.
    const stale = await seedOrders(store, FATES.filter((f) => f.stale).length, MERCHANTS, () => new Date(Date.now() - 20 * 60_000));
    await store.close();
    const orders = FATES.map((fate) => (fate.stale ? stale : fresh).shift()!);
    await openAtSimulator(sim, orders);
    const fateOf = (order: SeededOrder) => FATES[orders.indexOf(order)]!;
    for (const order of orders) {
      const { at } = fateOf(order);
      if (at === 'pay') await sim.pay(order.orderId, 'qris', { notify: false });
      else if (at === 'expire') await sim.expireTx(order.orderId, { notify: false });
      else await sim.choose(order.orderId, 'qris', { notify: false });
    }

    const start = async () => {
      const port = await freePort();
      const child = TagihProcess.start(
        tagihEnv({
          port,
          store: target,
          telegram: { fake, merchants: MERCHANTS },
          extra: {
            TELEGRAM_MODE: 'webhook',
            TELEGRAM_WEBHOOK_SECRET: 'two-processes-secret',
            MIDTRANS_API_BASE_URL: sim.apiBaseUrl,
            MIDTRANS_SNAP_BASE_URL: sim.snapBaseUrl,
            MIDTRANS_VERIFY_STATUS: 'true',
            RECONCILE_INTERVAL_SECONDS: '1',
            RECONCILE_AFTER_MINUTES: '1',
          },
        }),
      );
      processes.push(child);
      return { child, url: await child.started() };
    };
    const [a, b] = await Promise.all([start(), start()]);
    // Both reconcilers' first rounds have asked about every stale order (each order leased to one of them)...
    const staleOrders = orders.filter((o) => fateOf(o).stale);
    await eventually('the reconcilers to check every stale order', () => staleOrders.every((o) => sim.requests().some((r) => r.path === `/v2/${o.orderId}/status`)), {
      timeoutMs: 15_000,
    });
    // ...and Midtrans falters for the first webhooks: those notifications wait in the inbox for either worker.
    sim.failNext('status', { status: 503, times: FAILED_STATUS_CALLS });

    // Each notification to both processes at the same moment, six orders at a time.
    const notified = orders.filter((o) => fateOf(o).notify !== null);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < notified.length; i = next++) {
        const order = notified[i]!;
        const body = notificationBody(order, fateOf(order).notify!, SERVER_KEY, transactionIdAt(sim, order.orderId));
        const answers = await Promise.all([a, b].map(({ url }) => deliver(`${url}/webhooks/midtrans`, body)));
        expect(answers, order.orderId).to.deep.equal([200, 200]);
      }
    };
    await Promise.all(Array.from({ length: 6 }, lane));

    const wanted = orders.flatMap((o) => (fateOf(o).final === 'pending' ? [] : [`${o.orderId}:${fateOf(o).final}:merchant`]));
    const delivered = () => toldNotices(fake.calls).filter((t) => t.answer === 200);
    await eventually('every merchant to be told', () => wanted.every((key) => delivered().some((t) => t.key === key)), {
      timeoutMs: 60_000,
      intervalMs: 200,
      explain: () => `told ${delivered().length} of ${wanted.length}\nA:\n${a.child.tail(10)}\nB:\n${b.child.tail(10)}`,
    });
    a.child.terminate();
    b.child.terminate();
    expect((await a.child.exited).code, a.child.tail()).to.equal(0);
    expect((await b.child.exited).code, b.child.tail()).to.equal(0);

    const changes = (order: SeededOrder) =>
      [a.child, b.child].reduce((n, p) => n + p.count(new RegExp(`"orderId":"${order.orderId}"[^\\n]*"msg":"order changed by (notification|reconciliation)"`)), 0);
    const after = await openStoreAt(target);
    try {
      for (const order of orders) {
        const { final } = fateOf(order);
        expect((await after.orders.byId(order.orderId))!.status, order.orderId).to.equal(final);
        expect(changes(order), `${order.orderId}: status changed ${final === 'pending' ? 'never' : 'once'}, by either process`).to.equal(
          final === 'pending' ? 0 : 1,
        );
        expect((await after.links.usage(order.linkId)).paid, `${order.orderId} counted`).to.equal(final === 'paid' ? 1 : 0);
      }
      const entries = await after.outbox.list({ limit: 1000 });
      expect(entries.map((e) => e.key).sort(), 'one outbox entry per notified order').to.deep.equal([...wanted].sort());
      expect(entries.filter((e) => e.status !== 'sent').map((e) => `${e.key}=${e.status}`)).to.deep.equal([]);
    } finally {
      await after.close();
    }
    const byKey = groupBy(delivered(), (t) => t.key);
    expect([...byKey].filter(([, told]) => told.length > 1).map(([key]) => key), 'nobody told twice').to.deep.equal([]);

    const raw = new Database(databasePath(dataDir), { readonly: true });
    try {
      const inbox = raw.prepare('SELECT order_id AS orderId, times_received AS received, status FROM inbox').all() as Array<{ orderId: string; received: number; status: string }>;
      expect(inbox.map((row) => row.orderId).sort(), 'each notification kept once').to.deep.equal(notified.map((o) => o.orderId).sort());
      expect(inbox.filter((row) => row.received !== 2 || row.status !== 'processed'), 'received by both, processed').to.deep.equal([]);
    } finally {
      raw.close();
    }
  });
});
