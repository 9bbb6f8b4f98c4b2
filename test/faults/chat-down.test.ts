/**
 * The chat platform down while payments come in. A real tagih child process
 * with its Telegram bot on the fake Bot API, behind a gate that can refuse
 * connections. Telegram first answers 502, then cannot be reached at all,
 * then answers 429 with retry_after, then recovers. Every merchant must hear
 * about every payment, each chat in the order the payments happened, and
 * nobody twice.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { freePort, TagihProcess } from '../support/tagih-process.ts';
import { TcpGate } from '../support/tcp-gate.ts';
import { deliver, eventually, groupBy, notificationBody, openStoreAt, seedOrders, tagihEnv, toldNotices, type StoreTarget } from './helpers.ts';

const MERCHANTS = [7201, 7202, 7203];

describe('chat platform down', function () {
  this.timeout(90_000);
  let fake: FakeTelegram;
  let gate: TcpGate;
  let dataDir: string;
  let tagih: TagihProcess | undefined;

  before(async function () {
    fake = await FakeTelegram.start();
    gate = await TcpGate.start(Number(new URL(fake.apiRoot).port));
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-chat-down-'));
  });

  after(async function () {
    await tagih?.kill();
    await gate.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells every merchant every payment once, in order per chat, through 5xx, refused connections and 429', async function () {
    const target: StoreTarget = { kind: 'sqlite', dataDir };
    const store = await openStoreAt(target);
    const orders = await seedOrders(store, 9, MERCHANTS);
    await store.close();
    const port = await freePort();
    tagih = TagihProcess.start(tagihEnv({ port, store: target, telegram: { fake, merchants: MERCHANTS }, extra: { TELEGRAM_API_ROOT: gate.url } }));
    const url = await tagih.started();

    // Telegram's gateway fails the first sends.
    fake.fail('sendMessage', { error_code: 502, description: 'Bad Gateway' }, 3);
    for (const order of orders) expect(await deliver(`${url}/webhooks/midtrans`, notificationBody(order, 'settlement')), order.orderId).to.equal(200);
    await fake.waitForCount('sendMessage', 3, 10_000);

    // Then Telegram cannot be reached at all, until a retry has run into the closed door.
    await gate.refuse();
    await eventually('a send refused by the unreachable platform', () => /"msg":"outbox entry will be retried"[^\n]*ECONNREFUSED|ECONNREFUSED[^\n]*"msg":"outbox entry will be retried"/.test(tagih!.output), {
      timeoutMs: 30_000,
      explain: () => tagih!.tail(20),
    });
    // It comes back rate-limiting: twice "retry after 1 s".
    fake.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, 2);
    await gate.open();

    const delivered = () => toldNotices(fake.calls).filter((t) => t.answer === 200);
    await eventually('every merchant to hear about every payment', () => delivered().length >= orders.length, {
      timeoutMs: 60_000,
      intervalMs: 100,
      explain: () => `delivered ${delivered().length} of ${orders.length}\n${tagih!.tail(20)}`,
    });

    const told = delivered();
    expect(told.map((t) => t.key).sort(), 'each payment told exactly once').to.deep.equal(orders.map((o) => `${o.orderId}:paid:merchant`).sort());
    for (const t of told) expect(t.chatId, t.key).to.equal(orders.find((o) => o.orderId === t.orderId)!.chatId);
    const queued = orders.map((o) => o.orderId);
    for (const [chatId, notices] of groupBy(told, (t) => t.chatId)) {
      const positions = notices.map((t) => queued.indexOf(t.orderId));
      expect(positions, `chat ${chatId} in payment order`).to.deep.equal([...positions].sort((a, b) => a - b));
    }
    const answers = fake.callsTo('sendMessage').map((c) => c.answer);
    expect(answers.filter((a) => a === 502), 'the 5xx answers were met').to.have.length(3);
    expect(answers.filter((a) => a === 429), 'the 429 answers were met').to.have.length(2);

    tagih.terminate();
    expect((await tagih.exited).code, tagih.tail()).to.equal(0);
    const after = await openStoreAt(target);
    try {
      const entries = await after.outbox.list({ limit: 100 });
      expect(entries.map((e) => e.status)).to.deep.equal(orders.map(() => 'sent'));
      expect(entries.some((e) => e.attempts > 2), 'some entries took several attempts').to.equal(true);
    } finally {
      await after.close();
    }
  });
});
