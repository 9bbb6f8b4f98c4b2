import { expect } from 'chai';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import type { Order } from '../../src/domain/order.ts';
import type { MidtransStatusBody } from '../../src/midtrans/types.ts';
import { NOTIFICATION_SAMPLES, type SampleName, signed } from '../midtrans/fixtures/notifications.ts';
import { CUSTOMER, type Harness, MINUTE, postJson, SERVER_KEY, spyOnInbox, startHarness, startPayment } from './harness.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

/** A sample body about `order`, signed with our key, with its amount unless told otherwise. */
function about(order: Order, sample: SampleName, overrides: Partial<MidtransStatusBody> = {}): MidtransStatusBody {
  return signed(NOTIFICATION_SAMPLES[sample], SERVER_KEY, { order_id: order.id, gross_amount: `${order.amount}.00`, ...overrides });
}

async function reserveFor(h: Harness, price = 150_000, usageLimit: number | null = 1): Promise<Order> {
  const link = await h.createLink({ price, usageLimit });
  return (await h.links.reserve(link.slug, CUSTOMER)).order;
}

/** Get Status calls about the order, by its id or by a transaction id it has (at Midtrans or in our store). */
async function statusCalls(h: Harness, orderId: string): Promise<number> {
  const ids = new Set([orderId, ...((await h.links.order(orderId))?.transactionIds ?? [])]);
  return h.sim.requests().filter((r) => r.method === 'GET' && [...ids].some((id) => r.path === `/v2/${id}/status`)).length;
}

/** The transaction id Midtrans gave the order's latest attempt: what its real notifications carry. */
function txOf(h: Harness, orderId: string): string {
  return h.sim.transaction(orderId)!.payment!.transactionId;
}


describe('POST /webhooks/midtrans', function () {
  describe('with Get Status off (the notification is the truth)', function () {
    let h: Harness;
    let added: string[];

    beforeEach(async function () {
      const spied = spyOnInbox(openSqliteStore({ path: ':memory:' }));
      added = spied.added;
      h = await startHarness({ verifyStatus: false, store: spied.store });
    });

    afterEach(async function () {
      await h.close();
    });

    const hook = (body: unknown, headers?: Record<string, string>) => postJson(`${h.url}/webhooks/midtrans`, body, headers);

    const PAID: Array<[SampleName, string, string | null]> = [
      ['cardCapture', 'credit_card', 'bni'],
      ['gopaySettlement', 'gopay', null],
      ['qrisSettlement', 'qris', 'gopay'],
      ['bcaVaSettlement', 'bank_transfer', 'bca'],
      ['permataVaSettlement', 'bank_transfer', 'permata'],
      ['echannelSettlement', 'echannel', null],
    ];
    for (const [sample, method, channel] of PAID) {
      it(`marks the order paid on Midtrans's ${sample} sample and queues one merchant notice`, async function () {
        // The link costs what the sample paid, so only the order id differs from Midtrans's own body.
        const amount = Number(NOTIFICATION_SAMPLES[sample].gross_amount.replace(/\.00$/, ''));
        const order = await reserveFor(h, amount);
        const res = await hook(about(order, sample));
        expect(res.status).to.equal(200);
        expect(await res.json()).to.deep.equal({ status: 'ok' });
        const after = (await h.links.order(order.id))!;
        expect(after.status).to.equal('paid');
        expect(after.payment).to.include({ method, channel, amountReceived: amount, transactionId: NOTIFICATION_SAMPLES[sample].transaction_id });
        const outbox = await h.outbox();
        expect(outbox.map((e) => e.key)).to.deep.equal([`${order.id}:paid:merchant`]);
        expect(h.kicks()).to.equal(1);
        expect(added).to.deep.equal([order.id]);
      });
    }

    it('keeps a pending order pending on a pending notification; expire or cancel end one attempt inside the window and close the order after it', async function () {
      const pending = await reserveFor(h);
      expect((await hook(about(pending, 'bcaVaPending'))).status).to.equal(200);
      expect((await h.links.order(pending.id))!.status).to.equal('pending');

      // Inside the window the customer may still pay another way in the same Snap session.
      const expiring = await reserveFor(h);
      expect((await hook(about(expiring, 'permataVaPending'))).status).to.equal(200);
      expect((await hook(about(expiring, 'permataVaExpire'))).status).to.equal(200);
      expect((await h.links.order(expiring.id))!.status).to.equal('pending');
      const cancelled = await reserveFor(h);
      expect((await hook(about(cancelled, 'echannelCancel'))).status).to.equal(200);
      expect((await h.links.order(cancelled.id))!.status).to.equal('pending');
      expect(await h.outbox()).to.have.length(0);

      h.advance(31 * MINUTE);
      expect((await hook(about(expiring, 'permataVaExpire', { transaction_id: 'tx-expire-again' }))).status).to.equal(200);
      expect((await h.links.order(expiring.id))!.status).to.equal('expired');
      expect((await hook(about(cancelled, 'echannelCancel', { transaction_id: 'tx-cancel-again' }))).status).to.equal(200);
      expect((await h.links.order(cancelled.id))!.status).to.equal('cancelled');
      // The merchant hears about the expiry; a cancel by Midtrans or the merchant is not news.
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${expiring.id}:expired:merchant`]);
    });

    it('answers duplicates and replays 200 and applies them once', async function () {
      const order = await reserveFor(h);
      const body = about(order, 'qrisSettlement');
      const answers = await Promise.all([hook(body), hook(body), hook(body), hook({ ...body })]);
      expect(answers.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
      expect((await hook(body)).status).to.equal(200);
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${order.id}:paid:merchant`]);
      expect((await h.links.order(order.id))!.status).to.equal('paid');
      expect(h.kicks()).to.equal(1);
    });

    it('ignores a late pending after settlement', async function () {
      const order = await reserveFor(h, 256_000);
      expect((await hook(about(order, 'bcaVaSettlementAfterPending'))).status).to.equal(200);
      expect((await hook(about(order, 'bcaVaPending'))).status).to.equal(200);
      expect((await hook(about(order, 'permataVaExpire'))).status).to.equal(200);
      expect((await h.links.order(order.id))!.status).to.equal('paid');
      expect(await h.outbox()).to.have.length(1);
    });

    it('un-pays a settlement that turns into deny and tells the merchant', async function () {
      const order = await reserveFor(h, 185_000);
      await hook(about(order, 'permataVaSettlement'));
      const deny = about(order, 'permataVaSettlement', { transaction_status: 'deny', status_code: '202' });
      expect((await hook(deny)).status).to.equal(200);
      expect((await h.links.order(order.id))!.status).to.equal('failed');
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${order.id}:paid:merchant`, `${order.id}:reversed:merchant`]);
      expect(h.kicks()).to.equal(2);
    });

    it('fails an underpaid order (merchant told) and records what an overpaid one received', async function () {
      const under = await reserveFor(h, 150_000);
      expect((await hook(about(under, 'gopaySettlement', { gross_amount: '100000.00' }))).status).to.equal(200);
      const underAfter = (await h.links.order(under.id))!;
      expect(underAfter.status).to.equal('failed');
      expect(underAfter.payment!.amountReceived).to.equal(100_000);

      const over = await reserveFor(h, 150_000);
      expect((await hook(about(over, 'gopaySettlement', { gross_amount: '151000.00' }))).status).to.equal(200);
      const overAfter = (await h.links.order(over.id))!;
      expect(overAfter.status).to.equal('paid');
      expect(overAfter.payment!.amountReceived).to.equal(151_000);

      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${under.id}:underpaid:merchant`, `${over.id}:paid:merchant`]);
    });

    it('refuses a missing or wrong signature with 401 and stores nothing', async function () {
      const order = await reserveFor(h);
      const good = about(order, 'qrisSettlement');
      const { signature_key: _dropped, ...unsigned } = good;
      const bodies = [
        signed(NOTIFICATION_SAMPLES.qrisSettlement, 'SB-Mid-server-someone-else', { order_id: order.id, gross_amount: '150000.00' }),
        unsigned,
        { ...good, signature_key: '' },
        { ...good, signature_key: 'z'.repeat(128) },
        // The signature covers the amount: changing it breaks the signature.
        { ...good, gross_amount: '1.00' },
        NOTIFICATION_SAMPLES.qrisSettlement,
      ];
      for (const body of bodies) {
        const res = await hook(body);
        expect(res.status).to.equal(401);
        expect(await res.json()).to.deep.equal({ status: 'error', error: 'invalid signature' });
      }
      expect(added).to.deep.equal([]);
      expect((await h.links.order(order.id))!.status).to.equal('pending');
    });

    it('answers 200 to an order it does not know (the dashboard test notification) and changes nothing', async function () {
      const res = await hook(signed(NOTIFICATION_SAMPLES.cardCapture, SERVER_KEY));
      expect(res.status).to.equal(200);
      expect(added).to.deep.equal(['Postman-1578568851']);
      expect(await h.outbox()).to.have.length(0);
    });

    it('answers what is not a JSON notification with 400 or 413, never 500 or a redirect', async function () {
      const order = await reserveFor(h);
      const body = about(order, 'qrisSettlement');
      const url = `${h.url}/webhooks/midtrans`;
      const cases: Array<[string, Promise<Response>, number]> = [
        ['bad JSON', postJson(url, '{"order_id": '), 400],
        ['a JSON array', postJson(url, '[1,2]'), 400],
        ['a JSON string', postJson(url, '"hello"'), 400],
        ['an empty body', postJson(url, ''), 400],
        ['text/plain', fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body), redirect: 'manual' }), 400],
        ['no content type', fetch(url, { method: 'POST', body: new Uint8Array(Buffer.from(JSON.stringify(body))), redirect: 'manual' }), 400],
        ['form encoded', fetch(url, { method: 'POST', body: new URLSearchParams({ a: '1' }), redirect: 'manual' }), 400],
        ['100 KB', postJson(url, { ...body, padding: 'x'.repeat(100_000) }), 413],
        ['GET', fetch(url, { redirect: 'manual' }), 405],
      ];
      for (const [what, pending, status] of cases) {
        const res = await pending;
        expect(res.status, what).to.equal(status);
        expect(res.headers.get('content-type'), what).to.match(/^application\/json/);
      }
      expect(added).to.deep.equal([]);
      // A trailing slash is the same endpoint, not a redirect; unknown fields are fine.
      const slash = await postJson(`${url}/`, { ...body, brand_new_field: { nested: [1, 2] } });
      expect(slash.status).to.equal(200);
      const charset = await postJson(url, body, { 'content-type': 'application/json; charset=utf-8' });
      expect(charset.status).to.equal(200);
      expect((await h.links.order(order.id))!.status).to.equal('paid');
    });

    it('answers 503 when the store cannot keep the notification', async function () {
      const order = await reserveFor(h);
      await h.store.close();
      const res = await hook(about(order, 'qrisSettlement'));
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({ status: 'error', error: 'try again later' });
    });
  });

  describe('keeping a notification and applying it is one write', function () {
    let h: Harness;
    let ways: string[];
    let failNextChange: boolean;

    const start = async (verifyStatus: boolean) => {
      const spied = spyOnInbox(openSqliteStore({ path: ':memory:' }));
      ways = spied.ways;
      failNextChange = false;
      const { orders } = spied.store;
      const transition: typeof orders.transition = (request) => {
        if (!failNextChange) return orders.transition(request);
        failNextChange = false;
        return Promise.reject(new StoreUnavailableError(new Error('disk I/O error')));
      };
      h = await startHarness({ verifyStatus, store: { ...spied.store, orders: { ...orders, transition } }, retry: { baseMs: 10, maxMs: 20, maxAttempts: 4, notFoundAttempts: 3 } });
    };

    afterEach(async function () {
      await h.close();
    });

    const hook = (body: unknown) => postJson(`${h.url}/webhooks/midtrans`, body);
    /** Inbox entries still open, as the worker would find them a day later. */
    const openEntries = () => h.store.inbox.claimDue({ now: new Date(Date.now() + 24 * 3600_000), worker: 'peek', leaseMs: MINUTE, limit: 10 });
    const workerPaysOnce = async (orderId: string) => {
      h.advance(MINUTE);
      await h.inbox.runOnce();
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${orderId}:paid:merchant`]);
    };

    it('with Get Status off: the write that pays the order keeps the notification; a duplicate changes nothing and is only counted', async function () {
      await start(false);
      const order = await reserveFor(h);
      expect((await hook(about(order, 'qrisSettlement'))).status).to.equal(200);
      expect((await hook(about(order, 'qrisSettlement'))).status).to.equal(200);
      expect((await h.links.order(order.id))!.status).to.equal('paid');
      expect(ways).to.deep.equal([`${order.id}:change`, `${order.id}:processed`]);
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${order.id}:paid:merchant`]);
      // Never left open for the worker.
      expect(await openEntries()).to.deep.equal([]);
    });

    it('with Get Status on: asks Midtrans first, then keeps the notification in the write of its change', async function () {
      await start(true);
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'qris');
      await h.sim.idle();
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      // The pending notification changed nothing (kept processed), the settlement paid the order.
      expect(ways).to.deep.equal([`${orderId}:processed`, `${orderId}:change`]);
      expect(h.sim.deliveries().map((d) => d.status)).to.deep.equal([200, 200]);
      expect(await openEntries()).to.deep.equal([]);
    });

    it('with Get Status off: keeps a notification whose change could not be written for a retry, answers 200, and the worker applies it once', async function () {
      await start(false);
      const order = await reserveFor(h);
      failNextChange = true;
      expect((await hook(about(order, 'qrisSettlement'))).status).to.equal(200);
      expect(ways).to.deep.equal([`${order.id}:retry`]);
      expect((await h.links.order(order.id))!.status).to.equal('pending');
      await workerPaysOnce(order.id);
    });

    it('with Get Status on: the same, after Midtrans confirmed it', async function () {
      await start(true);
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      await h.sim.choose(orderId, 'qris');
      await h.sim.idle();
      failNextChange = true;
      await h.sim.pay(orderId);
      await h.sim.idle();
      expect(h.sim.deliveries().map((d) => d.status)).to.deep.equal([200, 200]);
      expect(ways).to.deep.equal([`${orderId}:processed`, `${orderId}:retry`]);
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      await workerPaysOnce(orderId);
    });
  });

  describe('with Get Status on (against the simulator)', function () {
    let h: Harness;
    const retry = { baseMs: 10, maxMs: 20, maxAttempts: 4, notFoundAttempts: 3 };

    beforeEach(async function () {
      h = await startHarness({ verifyStatus: true, retry });
    });

    afterEach(async function () {
      await h.close();
    });

    it('confirms a real payment with Get Status and applies it once', async function () {
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'bca_va');
      await h.sim.idle();
      const order = (await h.links.order(orderId))!;
      expect(order.status).to.equal('paid');
      expect(order.payment).to.include({ method: 'bank_transfer', channel: 'bca', amountReceived: 150_000 });
      expect(order.transactionIds).to.deep.equal([txOf(h, orderId)]);
      // One Get Status per notification: pending, then settlement.
      expect(await statusCalls(h, orderId)).to.equal(2);
      expect(h.sim.deliveries().map((d) => d.status)).to.deep.equal([200, 200]);

      await h.sim.notify(orderId, { duplicate: 2 });
      await h.sim.idle();
      // The very body it processed: counted, not asked about again.
      expect(await statusCalls(h, orderId)).to.equal(2);
      await h.sim.sendSequence(orderId, ['pending', 'expire']);
      await h.sim.idle();
      expect(h.sim.deliveries().every((d) => d.status === 200)).to.equal(true);
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${orderId}:paid:merchant`]);
    });

    it('trusts Get Status over a signed but stale notification', async function () {
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      await h.sim.choose(orderId, 'qris');
      // Signed correctly, but Midtrans says the transaction is still pending.
      await h.sim.notify(orderId, { status: 'settlement' });
      await h.sim.idle();
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      expect(await h.outbox()).to.have.length(0);
    });

    it('un-pays a reversal (settlement then deny) and queues the merchant notice', async function () {
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'permata_va');
      await h.sim.deny(orderId);
      await h.sim.idle();
      expect((await h.links.order(orderId))!.status).to.equal('failed');
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${orderId}:paid:merchant`, `${orderId}:reversed:merchant`]);
    });

    it('keeps a notification whose Get Status fails, answers 200, and the inbox worker applies it once Midtrans is back', async function () {
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      await h.sim.choose(orderId, 'qris');
      await h.sim.idle();
      h.sim.failNext('status', { status: 503, times: 2 });
      await h.sim.pay(orderId);
      await h.sim.idle();
      expect(h.sim.deliveries().map((d) => d.status)).to.deep.equal([200, 200]);
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      // The transaction it names is on the order already, for the reconciler to ask about meanwhile.
      expect((await h.links.order(orderId))!.transactionIds).to.deep.equal([txOf(h, orderId)]);

      // First retry: Midtrans still failing. Second: it answers, and the payment is applied.
      h.advance(retry.maxMs);
      await h.inbox.runOnce();
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      h.advance(retry.maxMs);
      await h.inbox.runOnce();
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${orderId}:paid:merchant`]);
      expect(h.kicks()).to.equal(1);
      // Nothing is left to retry.
      const calls = await statusCalls(h, orderId);
      h.advance(MINUTE);
      await h.inbox.runOnce();
      expect(await statusCalls(h, orderId)).to.equal(calls);
    });

    it('retries an order Midtrans does not know yet a bounded number of times', async function () {
      const order = await reserveFor(h);
      const res = await postJson(`${h.url}/webhooks/midtrans`, about(order, 'qrisSettlement'));
      expect(res.status).to.equal(200);
      expect(await statusCalls(h, order.id)).to.equal(1);
      for (let round = 0; round < 5; round++) {
        h.advance(retry.maxMs);
        await h.inbox.runOnce();
      }
      // notFoundAttempts = 3: the first try and two retries, then it is given up (the reconciler still watches the order).
      expect(await statusCalls(h, order.id)).to.equal(3);
      expect((await h.links.order(order.id))!.status).to.equal('pending');
    });

    it('does not ask Midtrans about orders it does not know', async function () {
      const res = await postJson(`${h.url}/webhooks/midtrans`, signed(NOTIFICATION_SAMPLES.gopaySettlement, SERVER_KEY));
      expect(res.status).to.equal(200);
      expect(await statusCalls(h, 'Order-5100')).to.equal(0);
    });
  });

  describe('answering in time', function () {
    it('answers 200 within its budget while a slow Get Status goes on, then applies the answer', async function () {
      const h = await startHarness({ verifyStatus: true, webhookAnswerWithinMs: 200 });
      try {
        const link = await h.createLink();
        const orderId = await startPayment(h, link);
        await h.sim.pay(orderId, 'qris', { notify: false });
        h.sim.failNext('status', { delayMs: 1_000 });
        const order = (await h.links.order(orderId))!;
        const started = Date.now();
        const res = await postJson(`${h.url}/webhooks/midtrans`, about(order, 'qrisSettlement', { transaction_id: txOf(h, orderId) }));
        expect(res.status).to.equal(200);
        expect(Date.now() - started).to.be.below(800);
        expect((await h.links.order(orderId))!.status).to.equal('pending');
        // Kept before that 200: a crash now would leave it to the worker.
        expect(await h.store.inbox.claimDue({ now: new Date(Date.now() + 24 * 3600_000), worker: 'peek', leaseMs: 1, limit: 10 })).to.have.length(1);
        await h.notifications.drain();
        expect((await h.links.order(orderId))!.status).to.equal('paid');
        // Processing settled that entry: nothing left for the worker.
        expect(await h.store.inbox.claimDue({ now: new Date(Date.now() + 48 * 3600_000), worker: 'peek', leaseMs: 1, limit: 10 })).to.deep.equal([]);
      } finally {
        await h.close();
      }
    });

    it('keeps the notification for a retry when Get Status times out', async function () {
      const h = await startHarness({ verifyStatus: true, webhookAnswerWithinMs: 100, retry: { baseMs: 10, maxMs: 20, maxAttempts: 3, notFoundAttempts: 3 } });
      try {
        const link = await h.createLink();
        const orderId = await startPayment(h, link);
        await h.sim.pay(orderId, 'qris', { notify: false });
        // Longer than the gateway's 1.5 s timeout.
        h.sim.failNext('status', { delayMs: 3_000 });
        const order = (await h.links.order(orderId))!;
        expect((await postJson(`${h.url}/webhooks/midtrans`, about(order, 'qrisSettlement', { transaction_id: txOf(h, orderId) }))).status).to.equal(200);
        await h.notifications.drain();
        expect((await h.links.order(orderId))!.status).to.equal('pending');
        h.advance(20);
        await h.inbox.runOnce();
        expect((await h.links.order(orderId))!.status).to.equal('paid');
      } finally {
        await h.close();
      }
    });
  });
});

describe('notification given up after its attempts', function () {
  it('stops retrying after maxAttempts failures of Get Status', async function () {
    const h = await startHarness({ verifyStatus: true, retry: { baseMs: 5, maxMs: 10, maxAttempts: 3, notFoundAttempts: 3 } });
    try {
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'qris', { notify: false });
      h.sim.failNext('status', { status: 500, times: 3 });
      const order = (await h.links.order(orderId))!;
      await postJson(`${h.url}/webhooks/midtrans`, about(order, 'qrisSettlement', { transaction_id: txOf(h, orderId) }));
      for (let round = 0; round < 5; round++) {
        h.advance(10);
        await h.inbox.runOnce();
      }
      expect(await statusCalls(h, orderId)).to.equal(3);
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      // The reconciler is the safety net for such an order, once Midtrans answers again.
      h.advance(MINUTE);
      await h.reconciler.runOnce();
      expect((await h.links.order(orderId))!.status).to.equal('paid');
    } finally {
      await h.close();
    }
  });
});
