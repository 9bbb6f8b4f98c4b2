import { expect } from 'chai';
import { InboxWorker } from '../../src/payments/inbox-worker.ts';
import { Browser, type Harness, postForm, silentLogger, startHarness, startPayment } from '../web/harness.ts';

describe('concurrency', function () {
  let h: Harness;

  beforeEach(async function () {
    // Everyone here comes from 127.0.0.1; the rate limit is not what is under test.
    h = await startHarness({ rateLimit: { windowMs: 60_000, limit: 1_000 } });
  });

  afterEach(async function () {
    await h.close();
  });

  it('lets exactly one of 50 customers racing over HTTP take the last slot', async function () {
    const link = await h.createLink({ usageLimit: 2 });
    await startPayment(h, link);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postForm(`${h.url}/p/${link.slug}`, { name: `Pembeli ${i}`, phone: `08131111${String(i).padStart(4, '0')}`, email: `buyer${i}@mail.com` }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(49);
    const winner = answers.find((r) => r.status === 303)!;
    expect(winner.headers.get('location')!.startsWith(`${h.sim.url}/snap/v3/redirection/`)).to.equal(true);
    expect(await h.store.orders.listByLink(link.id, 100)).to.have.length(2);
    expect(h.sim.requests().filter((r) => r.path === '/snap/v1/transactions')).to.have.length(2);
  });

  it('never sells more than the stock when 50 customers buy quantities of it over HTTP at once (issue 17)', async function () {
    const link = await h.createLink({ usageLimit: null, itemName: 'Kaos', price: 50_000, offer: { quantity: { min: 1, max: 3 }, stock: 20 } });
    const wanted = Array.from({ length: 50 }, (_, i) => (i % 3) + 1);
    const answers = await Promise.all(
      wanted.map((quantity, i) =>
        new Browser(h).post(`/p/${link.slug}`, {
          name: `Pembeli ${i}`,
          phone: `08131111${String(i).padStart(4, '0')}`,
          email: `buyer${i}@mail.com`,
          quantity: String(quantity),
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    // Refused ones are told the stock is short for their quantity (409) or, once it is gone, that the link is sold out (409).
    expect(statuses.filter((s) => s !== 303 && s !== 409), 'other answers').to.deep.equal([]);
    const orders = await h.store.orders.listByLink(link.id, 100);
    const held = orders.reduce((sum, order) => sum + order.quantity, 0);
    expect(held).to.be.at.most(20);
    expect(orders).to.have.length(statuses.filter((s) => s === 303).length);
    // Nothing is refused while it fits: stock only shrinks, so were 2 left at the end every one of the 17 buyers of two
    // would have been served (34 > 20). At most 1 item can be left, when every buyer of one was served.
    expect(held).to.be.at.least(19);
    const usage = (await h.links.publicLink(link.slug))!.usage;
    expect(usage).to.deep.include({ itemsHeld: held, itemsSold: 0 });
    for (const order of orders) expect(h.sim.transaction(order.id)!.grossAmount).to.equal(50_000 * order.quantity);
  });

  it('applies a payment once when the webhook and the reconciler see it at the same moment', async function () {
    const link = await h.createLink({ usageLimit: null });
    const orderIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const orderId = await startPayment(h, link, { name: `Pembeli ${i}`, phone: `0813222233${String(i).padStart(2, '0')}`, email: `c${i}@mail.com` });
      await h.sim.pay(orderId, 'qris', { notify: false });
      orderIds.push(orderId);
    }
    await Promise.all([...orderIds.map((id) => h.sim.notify(id)), h.reconciler.runOnce(), h.reconciler.runOnce()]);
    await h.sim.idle();
    await h.notifications.drain();
    for (const orderId of orderIds) expect((await h.links.order(orderId))!.status).to.equal('paid');
    const keys = (await h.outbox()).map((e) => e.key).sort();
    expect(keys).to.deep.equal(orderIds.map((id) => `${id}:paid:merchant`).sort());
    expect(h.kicks()).to.equal(orderIds.length);
    expect(h.sim.deliveries().every((d) => d.status === 200)).to.equal(true);
  });

  it('lets two inbox workers share the inbox without processing an entry twice at once', async function () {
    const link = await h.createLink({ usageLimit: null });
    const orderIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const orderId = await startPayment(h, link, { name: `Pembeli ${i}`, phone: `0813333344${String(i).padStart(2, '0')}`, email: `d${i}@mail.com` });
      await h.sim.pay(orderId, 'qris', { notify: false });
      orderIds.push(orderId);
    }
    // Midtrans down while the notifications arrive: all six are kept for a retry.
    h.sim.failNext('status', { status: 503, times: 6 });
    await Promise.all(orderIds.map((id) => h.sim.notify(id)));
    await h.notifications.drain();
    h.advance(60 * 60_000);
    const workers = ['w1', 'w2'].map(
      (workerId) => new InboxWorker({ store: h.store, handler: h.notifications, logger: silentLogger(), batchSize: 2, workerId, clock: h.now }),
    );
    await Promise.all([...workers.map((w) => w.runOnce()), ...workers.map((w) => w.runOnce()), ...workers.map((w) => w.runOnce())]);
    for (const orderId of orderIds) {
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      // One failed call on arrival, one successful retry.
      // By the notification's transaction id, as midtrans-client's own notification() asks.
      const txId = h.sim.transaction(orderId)!.payment!.transactionId;
      expect(h.sim.requests().filter((r) => r.path === `/v2/${txId}/status`), orderId).to.have.length(2);
    }
    expect(await h.outbox()).to.have.length(orderIds.length);
  });
});
