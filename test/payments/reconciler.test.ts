import { expect } from 'chai';
import { Reconciler } from '../../src/payments/reconciler.ts';
import { type Harness, MINUTE, SERVER_KEY, silentLogger, startHarness, startPayment } from '../web/harness.ts';

function statusCalls(h: Harness, orderId?: string): number {
  return h.sim.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/status') && (orderId === undefined || r.path === `/v2/${orderId}/status`)).length;
}

describe('Reconciler', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness();
  });

  afterEach(async function () {
    await h.close();
  });

  it('leaves an order without a transaction alone inside its window, and expires it after (merchant told)', async function () {
    const link = await h.createLink({ usageLimit: 1 });
    const orderId = await startPayment(h, link);
    await h.reconciler.runOnce();
    expect(statusCalls(h, orderId)).to.equal(1);
    expect((await h.links.order(orderId))!.status).to.equal('pending');
    expect((await h.links.publicLink(link.slug))!.state).to.equal('sold_out');

    h.advance(31 * MINUTE);
    await h.reconciler.runOnce();
    expect((await h.links.order(orderId))!.status).to.equal('expired');
    expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${orderId}:expired:merchant`]);
    expect(h.kicks()).to.equal(1);
    expect((await h.links.publicLink(link.slug))!.state).to.equal('active');
  });

  it('finds a paid order whose notification never arrived', async function () {
    const link = await h.createLink();
    const orderId = await startPayment(h, link);
    await h.sim.pay(orderId, 'gopay', { notify: false });
    await h.reconciler.runOnce();
    const order = (await h.links.order(orderId))!;
    expect(order.status).to.equal('paid');
    expect(order.payment).to.include({ method: 'gopay', amountReceived: 150_000 });
    expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${orderId}:paid:merchant`]);
  });

  it('honours a payment Midtrans took even after our window ended', async function () {
    const link = await h.createLink();
    const orderId = await startPayment(h, link);
    await h.sim.pay(orderId, 'bca_va', { notify: false });
    h.advance(2 * 60 * MINUTE);
    await h.reconciler.runOnce();
    expect((await h.links.order(orderId))!.status).to.equal('paid');
  });

  it('keeps a waiting transaction pending, and treats an expired attempt inside the window as one attempt, not the order', async function () {
    const link = await h.createLink({ usageLimit: 2 });
    const waiting = await startPayment(h, link);
    await h.sim.choose(waiting, 'bca_va', { notify: false });
    const expired = await startPayment(h, link, { name: 'Ani', phone: '081311112222', email: 'ani@mail.com' });
    await h.sim.expireTx(expired, { notify: false });
    await h.reconciler.runOnce();
    expect((await h.links.order(waiting))!.status).to.equal('pending');
    expect((await h.links.order(expired))!.status).to.equal('pending');
    // After the window the expired attempt closes the order.
    h.advance(31 * MINUTE);
    await h.reconciler.runOnce();
    expect((await h.links.order(expired))!.status).to.equal('expired');
  });

  it('logs a failing Get Status and tries again next round', async function () {
    const link = await h.createLink();
    const orderId = await startPayment(h, link);
    await h.sim.pay(orderId, 'qris', { notify: false });
    h.sim.failNext('status', { status: 503 });
    await h.reconciler.runOnce();
    expect((await h.links.order(orderId))!.status).to.equal('pending');
    await h.reconciler.runOnce();
    expect((await h.links.order(orderId))!.status).to.equal('paid');
  });

  it('never applies a Get Status answer that is not signed with our key', async function () {
    const forged = await startHarness({
      gateway: (real) => ({
        createSnap: (request) => real.createSnap(request),
        cancel: (id) => real.cancel(id),
        expire: (id) => real.expire(id),
        approve: (id) => real.approve(id),
        deny: (id) => real.deny(id),
        // A man in the middle turning "pending" into a big settlement: the amount is signed, so it shows.
        getStatus: async (id) => {
          const body = await real.getStatus(id);
          return body && { ...body, transaction_status: 'settlement', status_code: '200', gross_amount: '999999.00' };
        },
      }),
    });
    try {
      const link = await forged.createLink();
      const orderId = await startPayment(forged, link);
      await forged.sim.choose(orderId, 'qris', { notify: false });
      await forged.reconciler.runOnce();
      expect((await forged.links.order(orderId))!.status).to.equal('pending');
    } finally {
      await forged.close();
    }
  });

  it('checks only orders older than the threshold', async function () {
    const patient = new Reconciler({
      store: h.store,
      links: h.links,
      gateway: h.gateway,
      serverKey: SERVER_KEY,
      logger: silentLogger(),
      intervalMs: 1_000,
      staleAfterMs: 15 * MINUTE,
      clock: h.now,
    });
    const link = await h.createLink();
    const orderId = await startPayment(h, link);
    await patient.runOnce();
    expect(statusCalls(h, orderId)).to.equal(0);
    h.advance(16 * MINUTE);
    await patient.runOnce();
    expect(statusCalls(h, orderId)).to.equal(1);
  });

  it('lets two reconcilers run at once without asking about or applying an order twice', async function () {
    const link = await h.createLink({ usageLimit: null });
    const orderIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const orderId = await startPayment(h, link, { name: `Pembeli ${i}`, phone: `0813111122${String(i).padStart(2, '0')}`, email: `p${i}@mail.com` });
      await h.sim.pay(orderId, 'qris', { notify: false });
      orderIds.push(orderId);
    }
    const make = (workerId: string) =>
      new Reconciler({
        store: h.store,
        links: h.links,
        gateway: h.gateway,
        serverKey: SERVER_KEY,
        logger: silentLogger(),
        intervalMs: 1_000,
        staleAfterMs: 0,
        recheckAfterMs: 60_000,
        batchSize: 5,
        workerId,
        clock: h.now,
      });
    const [a, b] = [make('a'), make('b')];
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    for (const orderId of orderIds) {
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      expect(statusCalls(h, orderId), orderId).to.equal(1);
    }
    expect((await h.outbox()).map((e) => e.key).sort()).to.deep.equal(orderIds.map((id) => `${id}:paid:merchant`).sort());
  });

  it('stops on stop(), awaiting the round in progress, and starts no more', async function () {
    const link = await h.createLink();
    const orderId = await startPayment(h, link);
    h.sim.failNext('status', { delayMs: 200 });
    h.reconciler.start();
    // Wait until the first round is waiting for the slow Get Status.
    while (statusCalls(h, orderId) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const stopAt = Date.now();
    await h.reconciler.stop();
    expect(Date.now() - stopAt).to.be.at.least(100);
    const calls = statusCalls(h, orderId);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(statusCalls(h, orderId)).to.equal(calls);
  });
});
