import { expect } from 'chai';
import type { PaymentGateway } from '../../src/midtrans/gateway.ts';
import type { MidtransStatusBody } from '../../src/midtrans/types.ts';
import { backoffDelay } from '../../src/retry.ts';
import { PeriodicTask } from '../../src/payments/periodic.ts';
import { createReceiptRef, resolveReceiptRef } from '../../src/payments/receipt-refs.ts';
import { askingId, checkStatus } from '../../src/payments/status-check.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { NOTIFICATION_SAMPLES, signed, TEST_SERVER_KEY } from '../midtrans/fixtures/notifications.ts';
import { silentLogger } from '../web/harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('backoffDelay', function () {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles from the base, stays within the upper half of each step, and never passes the cap', function () {
    expect(backoffDelay(policy, 0, () => 0)).to.equal(500);
    expect(backoffDelay(policy, 0, () => 1)).to.equal(1_000);
    expect(backoffDelay(policy, 3, () => 1)).to.equal(8_000);
    expect(backoffDelay(policy, 3, () => 0)).to.equal(4_000);
    expect(backoffDelay(policy, 10, () => 1)).to.equal(60_000);
    expect(backoffDelay(policy, 5_000, () => 1)).to.equal(60_000);
  });
});

describe('PeriodicTask', function () {
  it('never runs two rounds of one task at once', async function () {
    let running = 0;
    let overlapped = false;
    let rounds = 0;
    const task = new PeriodicTask(
      'test',
      5,
      async () => {
        running += 1;
        overlapped ||= running > 1;
        await sleep(10);
        rounds += 1;
        running -= 1;
      },
      silentLogger(),
    );
    task.start();
    await Promise.all([task.runOnce(), task.runOnce(), task.runOnce()]);
    await task.stop();
    expect(rounds).to.be.at.least(3);
    expect(overlapped).to.equal(false);
  });

  it('stop() tells the round in progress to finish, waits for it, and starts no other', async function () {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let began = () => {};
    const hasBegun = new Promise<void>((resolve) => (began = resolve));
    let rounds = 0;
    let sawAbort = false;
    const task = new PeriodicTask(
      'test',
      5,
      async (signal) => {
        rounds += 1;
        began();
        await gate;
        sawAbort = signal.aborted;
      },
      silentLogger(),
    );
    task.start();
    await hasBegun;
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await sleep(15);
    expect(stopped).to.equal(false);
    release();
    await stopping;
    expect(sawAbort).to.equal(true);
    await sleep(20);
    expect(rounds).to.equal(1);
  });

  it('keeps going after a failed round', async function () {
    let calls = 0;
    const task = new PeriodicTask(
      'failing',
      5,
      async () => {
        calls += 1;
        throw new Error('boom');
      },
      silentLogger(),
    );
    task.start();
    await sleep(40);
    await task.stop();
    expect(calls).to.be.at.least(2);
  });
});

describe('receipt references', function () {
  it('resolve only to what was stored, and nothing for malformed, unknown or damaged ones', async function () {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const ref = await createReceiptRef(store, { channel: 'whatsapp', chatId: '6281234567890@s.whatsapp.net' });
      expect(await resolveReceiptRef(store, ref)).to.deep.equal({ channel: 'whatsapp', chatId: '6281234567890@s.whatsapp.net' });
      expect(await resolveReceiptRef(store, null)).to.equal(null);
      expect(await resolveReceiptRef(store, 'short')).to.equal(null);
      expect(await resolveReceiptRef(store, 'B'.repeat(22))).to.equal(null);
      await store.kv.setMany('receipt-refs', [
        { key: 'C'.repeat(22), value: '{not json' },
        { key: 'D'.repeat(22), value: JSON.stringify({ channel: 'email', chatId: 'x' }) },
      ]);
      expect(await resolveReceiptRef(store, 'C'.repeat(22))).to.equal(null);
      expect(await resolveReceiptRef(store, 'D'.repeat(22))).to.equal(null);
    } finally {
      await store.close();
    }
  });
});

describe('checkStatus', function () {
  const orderId = 'INV-1-1';
  const gatewayAnswering = (body: MidtransStatusBody | null): PaymentGateway => ({
    createSnap: () => Promise.reject(new Error('not used')),
    cancel: () => Promise.reject(new Error('not used')),
    expire: () => Promise.reject(new Error('not used')),
    approve: () => Promise.reject(new Error('not used')),
    deny: () => Promise.reject(new Error('not used')),
    getStatus: () => Promise.resolve(body),
  });
  const status = signed(NOTIFICATION_SAMPLES.qrisSettlement, TEST_SERVER_KEY, { order_id: orderId, status_message: 'Success, transaction is found' });

  it('reads a signed answer about the order asked for', async function () {
    const answer = await checkStatus(gatewayAnswering(status), TEST_SERVER_KEY, orderId);
    expect(answer).to.deep.include({ kind: 'found' });
    expect(answer.kind === 'found' && answer.observation.transactionStatus).to.equal('settlement');
    expect(await checkStatus(gatewayAnswering(null), TEST_SERVER_KEY, orderId)).to.deep.equal({ kind: 'absent' });
  });

  it('asked by transaction id, accepts DANA’s answer that carries the transaction id as its order_id, upper case and all', async function () {
    const txId = 'a3b1c2d4-0000-4000-8000-00000000dana';
    const dana = signed(NOTIFICATION_SAMPLES.qrisSettlement, TEST_SERVER_KEY, { order_id: txId, transaction_id: txId, transaction_status: 'SETTLEMENT', payment_type: 'dana' });
    const answer = await checkStatus(gatewayAnswering(dana), TEST_SERVER_KEY, orderId, txId);
    expect(answer.kind === 'found' && answer.observation).to.include({ transactionStatus: 'settlement', transactionId: txId });
    // The same body asked by order id names neither: refused.
    const err = await checkStatus(gatewayAnswering(dana), TEST_SERVER_KEY, orderId).catch((e: unknown) => e as { code: string });
    expect(err).to.include({ code: 'STATUS_UNTRUSTED' });
  });

  it('asks Midtrans by the id it is given: the transaction id when there is one', async function () {
    const asked: string[] = [];
    const gateway: PaymentGateway = { ...gatewayAnswering(null), getStatus: (id) => (asked.push(id), Promise.resolve(null)) };
    await checkStatus(gateway, TEST_SERVER_KEY, orderId, 'tx-9');
    await checkStatus(gateway, TEST_SERVER_KEY, orderId);
    expect(asked).to.deep.equal(['tx-9', orderId]);
    expect(askingId({ id: orderId, transactionIds: [] })).to.equal(orderId);
    expect(askingId({ id: orderId, transactionIds: ['tx-1', 'tx-2'] })).to.equal('tx-2');
  });

  it('refuses an answer with a bad signature, about another order, or unreadable', async function () {
    const cases: Array<[MidtransStatusBody, string]> = [
      [{ ...status, gross_amount: '1.00' }, 'bad_signature'],
      [signed(NOTIFICATION_SAMPLES.qrisSettlement, TEST_SERVER_KEY, { order_id: 'INV-1-2' }), 'other_order'],
      [signed({ ...status, transaction_status: '' }, TEST_SERVER_KEY), 'unreadable'],
    ];
    for (const [body, reason] of cases) {
      const err = await checkStatus(gatewayAnswering(body), TEST_SERVER_KEY, orderId).then(
        () => null,
        (e: unknown) => e as { code: string; details: { reason: string } },
      );
      expect(err?.code, reason).to.equal('STATUS_UNTRUSTED');
      expect(err?.details.reason).to.equal(reason);
    }
  });
});
