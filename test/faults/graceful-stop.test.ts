/**
 * SIGTERM under load, as a service manager or a deploy sends it. Midtrans
 * answers Get Status slowly, so notifications are still being handled when
 * the signal lands, and Telegram answers slowly, so outbox sends are under
 * way. tagih must stop taking new connections, answer every request it had
 * already taken, finish or hand back its sends (never leave one half-known),
 * and exit 0 within 10 s; the next start delivers the rest, nobody twice.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/midtrans/simulator/simulator.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { accepts, freePort, TagihProcess } from '../support/tagih-process.ts';
import { TcpGate } from '../support/tcp-gate.ts';
import {
  deliver,
  eventually,
  notificationBody,
  openAtSimulator,
  openStoreAt,
  SERVER_KEY,
  seedOrders,
  tagihEnv,
  toldNotices,
  transactionIdAt,
  type SeededOrder,
  type StoreTarget,
} from './helpers.ts';

const MERCHANTS = Array.from({ length: 8 }, (_, i) => 7501 + i);
const GET_STATUS_DELAY_MS = 2_500;

describe('graceful stop', function () {
  this.timeout(90_000);
  let sim: Simulator;
  let fake: FakeTelegram;
  let gate: TcpGate;
  let dataDir: string;
  const processes: TagihProcess[] = [];

  before(async function () {
    sim = await startSimulator({ serverKey: SERVER_KEY, notificationTimeoutMs: 5_000 });
    fake = await FakeTelegram.start();
    gate = await TcpGate.start(Number(new URL(fake.apiRoot).port));
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-graceful-'));
  });

  after(async function () {
    await Promise.all(processes.map((p) => p.kill()));
    await gate.close();
    await fake.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM refuses new connections, answers every request already taken, settles its sends and exits 0 within 10 s', async function () {
    const target: StoreTarget = { kind: 'sqlite', dataDir };
    const store = await openStoreAt(target);
    const orders = await seedOrders(store, 24, MERCHANTS);
    await store.close();
    await openAtSimulator(sim, orders);
    for (const order of orders) await sim.pay(order.orderId, 'qris', { notify: false });

    const port = await freePort();
    const env = tagihEnv({
      port,
      store: target,
      telegram: { fake, merchants: MERCHANTS },
      extra: {
        TELEGRAM_API_ROOT: gate.url,
        MIDTRANS_API_BASE_URL: sim.apiBaseUrl,
        MIDTRANS_SNAP_BASE_URL: sim.snapBaseUrl,
        MIDTRANS_VERIFY_STATUS: 'true',
        MIDTRANS_TIMEOUT_MS: '5000',
      },
    });
    const first = TagihProcess.start(env);
    processes.push(first);
    const url = await first.started();
    const webhook = `${url}/webhooks/midtrans`;

    // Load: the first half is paid and being told, through a Telegram that takes 300 ms each way.
    gate.latencyMs = 300;
    const [early, late] = [orders.slice(0, 12), orders.slice(12)];
    const body = (order: SeededOrder) => notificationBody(order, 'settlement', SERVER_KEY, transactionIdAt(sim, order.orderId));
    for (const order of early) expect(await deliver(webhook, body(order))).to.equal(200);
    await fake.waitForCount('sendMessage', 2, 10_000);

    // The second half arrives while Get Status is slow: these requests are in the handler when the signal lands.
    sim.failNext('status', { delayMs: GET_STATUS_DELAY_MS, times: late.length });
    const answers = late.map((order) => deliver(webhook, body(order)));
    await eventually('every late notification to be in tagih’s hands', () => late.every((o) => sim.requests().some((r) => r.path === `/v2/${transactionIdAt(sim, o.orderId)}/status`)), {
      timeoutMs: 10_000,
    });
    const signalled = Date.now();
    first.terminate();

    await eventually('new connections to be refused while the taken requests finish', async () => !(await accepts(port)) && first.running, {
      timeoutMs: GET_STATUS_DELAY_MS,
      intervalMs: 10,
      explain: () => first.tail(10),
    });
    expect(await Promise.all(answers), 'every request taken before the signal is answered 200').to.deep.equal(late.map(() => 200));
    const exit = await first.exited;
    expect(exit.code, first.tail()).to.equal(0);
    expect(Date.now() - signalled, 'stopped within 10 s').to.be.below(10_000);

    // Nothing is left half-known: a send either went out and is recorded, or is waiting for the next start.
    const delivered = () => toldNotices(fake.calls).filter((t) => t.answer === 200);
    const toldBeforeRestart = new Set(delivered().map((t) => t.key));
    const between = await openStoreAt(target);
    try {
      const entries = await between.outbox.list({ limit: 1000 });
      expect(entries.map((e) => e.key).sort(), 'every payment was applied and queued').to.deep.equal(orders.map((o) => `${o.orderId}:paid:merchant`).sort());
      expect(entries.filter((e) => e.status === 'sending').map((e) => e.key), 'no send left in flight').to.deep.equal([]);
      for (const entry of entries) expect(entry.status === 'sent', `${entry.key} told: ${toldBeforeRestart.has(entry.key)}`).to.equal(toldBeforeRestart.has(entry.key));
    } finally {
      await between.close();
    }

    gate.latencyMs = 0;
    const second = TagihProcess.start(env);
    processes.push(second);
    await second.started();
    await eventually('the rest to be told after the restart', () => delivered().length >= orders.length, {
      timeoutMs: 30_000,
      intervalMs: 100,
      explain: () => `told ${delivered().length} of ${orders.length}\n${second.tail(10)}`,
    });
    second.terminate();
    expect((await second.exited).code).to.equal(0);
    expect(delivered().map((t) => t.key).sort(), 'each merchant told once').to.deep.equal(orders.map((o) => `${o.orderId}:paid:merchant`).sort());
  });

  it('still exits 0 within 10 s when Telegram stops answering mid-conversation, with a notice on its way', async function () {
    const target: StoreTarget = { kind: 'sqlite', dataDir: mkdtempSync(join(tmpdir(), 'tagih-graceful-hung-')) };
    const store = await openStoreAt(target);
    const [order] = await seedOrders(store, 1, [MERCHANTS[0]!]);
    await store.close();
    const port = await freePort();
    const tagih = TagihProcess.start(tagihEnv({ port, store: target, telegram: { fake, merchants: MERCHANTS }, extra: { TELEGRAM_API_ROOT: gate.url } }));
    processes.push(tagih);
    const url = await tagih.started();
    gate.latencyMs = 0;

    // A merchant asks for help; as the answer reaches Telegram, packets start to vanish both ways.
    fake.pushUpdate({
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: MERCHANTS[0], type: 'private' }, from: { id: MERCHANTS[0], is_bot: false, first_name: 'Budi' }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] },
    });
    await fake.waitFor('sendMessage', (call) => String(call.body.chat_id) === String(MERCHANTS[0]), 10_000);
    gate.swallowing = true;

    // A payment's notice goes the same way.
    expect(await deliver(`${url}/webhooks/midtrans`, notificationBody(order!, 'settlement'))).to.equal(200);
    await eventually(
      'the notice to be on its way',
      async () => {
        const reader = await openStoreAt(target);
        const entries = await reader.outbox.list({ limit: 10 }).finally(() => reader.close());
        return entries.some((e) => e.status === 'sending');
      },
      { timeoutMs: 5_000 },
    );
    const signalled = Date.now();
    tagih.terminate();
    const exit = await tagih.exited;
    gate.swallowing = false;
    expect(exit.code, `exit after ${Date.now() - signalled} ms\n${tagih.tail(15)}`).to.equal(0);
    expect(Date.now() - signalled).to.be.below(10_000);
    rmSync(target.dataDir, { recursive: true, force: true });
  });
});
