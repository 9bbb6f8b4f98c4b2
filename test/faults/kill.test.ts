/**
 * Kill -9 under load. A real tagih child process takes a stream of signed
 * Midtrans notifications (distinct orders, duplicates, out-of-order pairs,
 * late expiries) and is killed with SIGKILL at a random moment, restarted,
 * killed again, restarted. Midtrans's own behaviour is played by the stream:
 * a notification without a 2xx answer is sent again until it gets one.
 *
 * What must hold:
 * - at each kill, every notification that got a 2xx is in the database;
 * - a paid or expired order has exactly one outbox entry, written with it;
 * - afterwards the outbox drains to the chat server, each chat in order,
 *   and no order is told twice, with one honest exception: an entry whose
 *   send reached Telegram but whose `markSent` had not committed when the
 *   process died is sent again by the next process (at-least-once; the Bot
 *   API has no idempotency key). The test allows a second message only for
 *   an entry the database shows `sending` at a kill, told once before that
 *   kill's restart and once after it, never more.
 *
 * The kill moments come from a seed (FAULT_SEED=<n> replays a run); every
 * failure message names it.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import type { OrderStatus } from '../../src/domain/order.ts';
import type { OutboxEntry } from '../../src/store/ports.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { freePort, TagihProcess } from '../support/tagih-process.ts';
import {
  deliver,
  eventually,
  freshMongoUri,
  groupBy,
  notificationBody,
  now,
  openStoreAt,
  seedOrders,
  seededRandom,
  tagihEnv,
  toldNotices,
  type MidtransStatus,
  type SeededOrder,
  type StoreTarget,
  type Told,
} from './helpers.ts';

/** Twelve merchants, five orders each: enough chats for the outbox to be busy at any moment. */
const MERCHANTS = Array.from({ length: 12 }, (_, i) => 7100 + i);
const ORDERS = 60;
/** What Midtrans says about each order, in the order it says it; order i gets SCRIPTS[i % 8]. */
const SCRIPTS: ReadonlyArray<readonly MidtransStatus[]> = [
  ['settlement'],
  ['settlement', 'settlement'], // the same notification twice
  ['settlement', 'pending'], // out of order: the late pending must change nothing
  ['pending', 'settlement'],
  ['pending', 'expire'],
  ['settlement', 'expire'], // a late expiry must not un-pay
  ['pending'],
  ['cancel'],
];
const LANES = 4;
const KILLS = 2;
/**
 * The outbox lease: entries a dead process had claimed wait this long for
 * another worker. Shortened from the production 60 s (OUTBOX_LEASE_SECONDS)
 * so the test does not sit out a minute; still over twice Telegram's longest
 * pacing wait (a group's 3 s between messages), which the worker refuses to
 * start without.
 */
const OUTBOX_LEASE_MS = 8_000;

/**
 * The order status a sequence of Midtrans statuses leads to, by the rules in docs/midtrans.md (statuses and notifications).
 * The orders' windows are open throughout, so an expire or cancel ends one attempt, not the order.
 */
function expectedStatus(told: readonly MidtransStatus[]): OrderStatus {
  let status: OrderStatus = 'pending';
  for (const s of told) if (s === 'settlement' && status !== 'paid') status = 'paid';
  return status;
}

/** The outbox keys an order's final status must have produced: one notice to its merchant, or none. */
function expectedKeys(orderId: string, status: OrderStatus): string[] {
  if (status === 'paid') return [`${orderId}:paid:merchant`];
  if (status === 'expired') return [`${orderId}:expired:merchant`];
  return [];
}

interface Kill {
  at: number;
  /** When the next process was spawned: nothing the killed one sent can arrive after this. */
  restartedAt: number;
  /** Outbox keys in `sending` when the process died: claimed, maybe already sent. */
  inFlight: Set<string>;
}

/** Where each order is in its script: how many notifications got a 2xx, and the one on the wire. */
class Stream {
  readonly acked = new Map<string, MidtransStatus[]>();
  readonly onWire = new Map<string, MidtransStatus>();
  readonly answers: Array<number | null> = [];
  done = 0;

  readonly orders: readonly SeededOrder[];
  private readonly random: () => number;
  constructor(
    orders: readonly SeededOrder[],
    random: () => number,
  ) {
    this.orders = orders;
    this.random = random;
  }

  script(order: SeededOrder): readonly MidtransStatus[] {
    return SCRIPTS[this.orders.indexOf(order) % SCRIPTS.length]!;
  }

  /** Lanes take orders one by one and play each order's script in order, every notification until it gets a 2xx. */
  async run(url: () => string, deadline: number): Promise<void> {
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < this.orders.length; i = next++) {
        const order = this.orders[i]!;
        this.acked.set(order.orderId, []);
        for (const status of this.script(order)) {
          const raw = notificationBody(order, status);
          this.onWire.set(order.orderId, status);
          for (;;) {
            if (Date.now() > deadline) throw new Error(`notification ${status} for ${order.orderId} never got a 2xx; answers: ${this.answers.slice(-20).join(',')}`);
            const answer = await deliver(`${url()}/webhooks/midtrans`, raw, 5_000);
            this.answers.push(answer);
            if (answer !== null && answer >= 200 && answer < 300) break;
            // Midtrans waits minutes; a test waits a moment.
            await sleep(100);
          }
          this.onWire.delete(order.orderId);
          this.acked.get(order.orderId)!.push(status);
          await sleep(50 + this.random() * 200);
        }
        this.done += 1;
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
  }
}

/** The outbox and the orders' statuses, read from the database with nothing else running. */
async function readState(target: StoreTarget, orders: readonly SeededOrder[]): Promise<{ entries: OutboxEntry[]; statuses: Map<string, OrderStatus> }> {
  const store = await openStoreAt(target);
  try {
    const entries = await store.outbox.list({ limit: 10_000 });
    const statuses = new Map<string, OrderStatus>();
    for (const order of orders) statuses.set(order.orderId, (await store.orders.byId(order.orderId))!.status);
    return { entries, statuses };
  } finally {
    await store.close();
  }
}

interface StoreUnderTest {
  /** Why the scenario cannot run here, or null. */
  unavailable(): string | null;
  make(): StoreTarget;
  dispose(target: StoreTarget): Promise<void>;
}

function killScenario(storeUnderTest: StoreUnderTest): void {
  let fakeServer: FakeTelegram | undefined;
  let storeTarget: StoreTarget | undefined;
  const processes: TagihProcess[] = [];

  before(async function () {
    const reason = storeUnderTest.unavailable();
    if (reason !== null) {
      console.log(`      (skipped: ${reason})`);
      this.skip();
    }
    fakeServer = await FakeTelegram.start();
    storeTarget = storeUnderTest.make();
  });

  after(async function () {
    await Promise.all(processes.map((p) => p.kill()));
    await fakeServer?.close();
    if (storeTarget) await storeUnderTest.dispose(storeTarget);
  });

  it('keeps every acknowledged notification and tells every merchant once (at-least-once only for a send cut by the kill)', async function () {
    const fake = fakeServer!;
    const target = storeTarget!;
    const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 1e9));
    const random = seededRandom(seed);
    const context = (detail: string) => `[FAULT_SEED=${seed}] ${detail}`;

    const store = await openStoreAt(target);
    const orders = await seedOrders(store, ORDERS, MERCHANTS);
    await store.close();

    const port = await freePort();
    const env = tagihEnv({ port, store: target, telegram: { fake, merchants: MERCHANTS }, extra: { OUTBOX_LEASE_SECONDS: String(OUTBOX_LEASE_MS / 1000) } });
    const start = async () => {
      const child = TagihProcess.start(env);
      processes.push(child);
      await child.started();
      return child;
    };
    // Telegram takes the first notice and has not answered when the first kill lands: the honest exception, every run.
    fake.script('sendMessage', { hang: true });
    let current = await start();
    const url = `http://127.0.0.1:${port}`;
    const stream = new Stream(orders, random);
    const streaming = stream.run(() => url, Date.now() + 90_000);
    streaming.catch(() => undefined);

    const cutSend = toldNotices([await fake.waitFor('sendMessage', () => true, 10_000)])[0]!;
    const kills: Kill[] = [];
    for (let k = 0; k < KILLS; k++) {
      // The random moment: while notifications arrive and the outbox is sending.
      await sleep(300 + random() * 1_500);
      const at = now();
      const exit = await current.kill();
      expect(exit.signal, context('the child died of SIGKILL')).to.equal('SIGKILL');

      // Captured with nothing running: every 2xx so far was answered after its commit.
      const acked = new Map([...stream.acked].map(([id, s]) => [id, [...s]] as const));
      const onWire = new Map(stream.onWire);
      const { entries, statuses } = await readState(target, orders);
      for (const order of orders) {
        const done = acked.get(order.orderId) ?? [];
        const inFlight = onWire.get(order.orderId);
        const allowed = new Set([expectedStatus(done), expectedStatus(inFlight ? [...done, inFlight] : done)]);
        expect([...allowed], context(`kill ${k + 1}: ${order.orderId} after 2xx for [${done.join(', ')}]${inFlight ? ` with ${inFlight} on the wire` : ''}`)).to.include(
          statuses.get(order.orderId),
        );
      }
      const keys = entries.map((e) => e.key).sort();
      const wanted = orders.flatMap((o) => expectedKeys(o.orderId, statuses.get(o.orderId)!)).sort();
      expect(keys, context(`kill ${k + 1}: one outbox entry per notified order, written with its status`)).to.deep.equal(wanted);

      const inFlight = new Set(entries.filter((e) => e.status === 'sending').map((e) => e.key));
      current = TagihProcess.start(env);
      processes.push(current);
      kills.push({ at, restartedAt: now(), inFlight });
      await current.started();
    }

    await streaming;
    expect(stream.done, context('every order’s script was played')).to.equal(orders.length);

    // Entries the dead processes had claimed come back when their lease ends.
    const finalStatuses = new Map(orders.map((o) => [o.orderId, expectedStatus(SCRIPTS[orders.indexOf(o) % SCRIPTS.length]!)]));
    const wanted = orders.flatMap((o) => expectedKeys(o.orderId, finalStatuses.get(o.orderId)!));
    await eventually(
      'every notice to reach its chat',
      () => {
        const told = new Set(toldNotices(fake.calls).map((t) => t.key));
        return wanted.every((key) => told.has(key));
      },
      {
        timeoutMs: OUTBOX_LEASE_MS + 30_000,
        intervalMs: 200,
        explain: () => context(`missing: ${wanted.filter((key) => !toldNotices(fake.calls).some((t) => t.key === key)).join(', ')}\n${current.tail(30)}`),
      },
    );
    await eventually(
      'the outbox to record every send',
      async () => (await readState(target, orders)).entries.every((e) => e.status === 'sent'),
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    current.terminate();
    expect((await current.exited).code, context(`clean stop\n${current.tail()}`)).to.equal(0);

    // The database: each order as its whole script says, once.
    const final = await openStoreAt(target);
    try {
      for (const order of orders) {
        const status = (await final.orders.byId(order.orderId))!.status;
        expect(status, context(`${order.orderId} after [${SCRIPTS[orders.indexOf(order) % SCRIPTS.length]!.join(', ')}]`)).to.equal(
          finalStatuses.get(order.orderId),
        );
        const usage = await final.links.usage(order.linkId);
        expect(usage.paid, context(`${order.orderId}: the link counts its payment once`)).to.equal(status === 'paid' ? 1 : 0);
      }
      const entries = await final.outbox.list({ limit: 10_000 });
      expect(entries.map((e) => e.key).sort(), context('exactly one outbox entry per notified order')).to.deep.equal([...wanted].sort());
      expect(entries.filter((e) => e.status !== 'sent').map((e) => e.key), context('all sent')).to.deep.equal([]);

      // The chats: each notice once, to its merchant, each chat in the order the events happened.
      const told = toldNotices(fake.calls);
      const byKey = groupBy(told, (t) => t.key);
      for (const key of wanted) {
        const order = orders.find((o) => key.startsWith(`${o.orderId}:`))!;
        const calls = byKey.get(key) ?? [];
        expect(calls.every((c) => c.chatId === order.chatId), context(`${key} went to its merchant’s chat`)).to.equal(true);
        if (calls.length === 1) continue;
        const cut = kills.find((kill) => kill.inFlight.has(key) && calls[0]!.at < kill.restartedAt && calls[1]!.at > kill.restartedAt);
        expect(
          calls.length === 2 && cut !== undefined,
          context(`${key} told ${calls.length} times at ${calls.map((c) => c.at.toFixed(1)).join(', ')}; kills: ${kills.map((k) => `${k.at.toFixed(1)}→${k.restartedAt.toFixed(1)} sending=[${[...k.inFlight].join(',')}]`).join('; ')}`),
        ).to.equal(true);
      }
      expect(kills[0]!.inFlight, context('the send Telegram held was in flight at the first kill')).to.include(cutSend.key);
      expect(byKey.get(cutSend.key), context('the send cut by the kill was made again after the restart')).to.have.length(2);
      expect(told.filter((t) => !wanted.includes(t.key)), context('nothing told that did not happen')).to.deep.equal([]);
      const position = new Map(entries.map((e, i) => [e.key, i]));
      for (const [chatId, notices] of groupBy(firstTells(told), (t) => t.chatId)) {
        const order = notices.map((t) => position.get(t.key)!);
        expect(order, context(`chat ${chatId} hears its notices in the order they were queued`)).to.deep.equal([...order].sort((a, b) => a - b));
      }
    } finally {
      await final.close();
    }
  });
}

/** Each key's first arrival, in arrival order. */
function firstTells(told: readonly Told[]): Told[] {
  const seen = new Set<string>();
  return told.filter((t) => !seen.has(t.key) && seen.add(t.key));
}

describe('kill -9 under load', function () {
  this.timeout(180_000);

  describe('on the embedded store', function () {
    killScenario({
      unavailable: () => null,
      make: () => ({ kind: 'sqlite', dataDir: mkdtempSync(join(tmpdir(), 'tagih-kill-')) }),
      async dispose(target) {
        if (target.kind === 'sqlite') rmSync(target.dataDir, { recursive: true, force: true });
      },
    });
  });

  describe('on MongoDB', function () {
    killScenario({
      unavailable: () => (process.env.MONGODB_URI ? null : 'set MONGODB_URI to run the kill test on MongoDB'),
      make: () => ({ kind: 'mongodb', uri: freshMongoUri(process.env.MONGODB_URI!) }),
      async dispose(target) {
        if (target.kind !== 'mongodb') return;
        const connection = await mongoose.createConnection(target.uri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
        await connection.dropDatabase();
        await connection.close();
      },
    });
  });
});
