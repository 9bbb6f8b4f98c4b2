/**
 * Controlling notification delivery, for tests of what Midtrans does rarely
 * but does (docs.midtrans.com/docs/https-notification-webhooks): duplicates,
 * out-of-order arrival, and notifications that never arrive, so only Get
 * Status tells.
 */
import { expect } from 'chai';
import { hasValidSignature } from '../../../src/midtrans/signature.ts';
import { type Simulator, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { basicAuth, createSnap, type Receiver, snapBody, startReceiver } from '../helpers.ts';

describe('simulator notification delivery', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let orders = 0;

  async function newOrder(): Promise<{ orderId: string; pageUrl: string }> {
    const orderId = `dlv-${++orders}`;
    const created = await createSnap(sim, TEST_SERVER_KEY, snapBody(orderId));
    return { orderId, pageUrl: String(created.body['redirect_url']) };
  }
  const statusesFor = async (orderId: string) => {
    await sim.idle();
    return receiver.received.map((r) => r.body).filter((b) => b['order_id'] === orderId).map((b) => b['transaction_status']);
  };

  beforeEach(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: [5], notificationUrl: `${receiver.url}/answer/200` });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  it('holds notifications with their body as it was, and releases them in any order', async () => {
    const { orderId } = await newOrder();
    await sim.pay(orderId, 'qris', { delivery: 'hold' });
    await sim.refund(orderId, { amount: 1000, delivery: 'hold' });
    const held = sim.held();
    expect(held.map((h) => h.transactionStatus)).to.deep.equal(['pending', 'settlement', 'partial_refund']);
    expect(await statusesFor(orderId)).to.deep.equal([]);
    await sim.deliverHeld([held[2]!.id, held[0]!.id, held[1]!.id]);
    expect(await statusesFor(orderId)).to.deep.equal(['partial_refund', 'pending', 'settlement']);
    const bodies = receiver.received.map((r) => r.body).filter((b) => b['order_id'] === orderId);
    expect(bodies[1]).to.include({ status_code: '201' }).and.not.have.property('settlement_time');
    for (const body of bodies) expect(hasValidSignature(body, TEST_SERVER_KEY)).to.equal(true);
    expect(sim.held()).to.deep.equal([]);
  });

  it('drops notifications for good: only Get Status knows', async () => {
    const { orderId } = await newOrder();
    await sim.pay(orderId, 'gopay', { delivery: 'drop' });
    expect(await statusesFor(orderId)).to.deep.equal([]);
    const response = await fetch(`${sim.apiBaseUrl}/v2/${orderId}/status`, { headers: { authorization: basicAuth(TEST_SERVER_KEY) } });
    expect(await response.json()).to.include({ transaction_status: 'settlement' });
    await sim.choose((await newOrder()).orderId, 'qris', { delivery: 'hold' });
    expect(sim.dropHeld().map((h) => h.transactionStatus)).to.deep.equal(['pending']);
    expect(sim.held()).to.deep.equal([]);
  });

  it('duplicates a held notification on release', async () => {
    const { orderId } = await newOrder();
    await sim.pay(orderId, 'bca_va', { delivery: 'hold' });
    const settlement = sim.held().find((h) => h.transactionStatus === 'settlement')!;
    await sim.deliverHeld([settlement.id], { duplicate: 2 });
    expect(await statusesFor(orderId)).to.deep.equal(['settlement', 'settlement', 'settlement']);
    expect(sim.held().map((h) => h.transactionStatus)).to.deep.equal(['pending']);
  });

  it('sets a default for every change, including those made on the hosted page', async () => {
    const { orderId, pageUrl } = await newOrder();
    sim.setDelivery('hold');
    const declined = await fetch(pageUrl, { method: 'POST', body: new URLSearchParams({ method: 'credit_card', action: 'deny' }), redirect: 'manual' });
    expect(declined.status).to.equal(200);
    await fetch(pageUrl, { method: 'POST', body: new URLSearchParams({ method: 'qris', action: 'pay' }), redirect: 'manual' });
    expect(sim.held().map((h) => [h.transactionStatus, h.transactionId === sim.truth(orderId).transactionIds[0]])).to.deep.equal([
      ['pending', true],
      ['deny', true],
      ['pending', false],
      ['settlement', false],
    ]);
    sim.setDelivery('send');
    await sim.deliverHeld();
    expect(await statusesFor(orderId)).to.deep.equal(['pending', 'deny', 'pending', 'settlement']);
  });

  it('refuses to release what it does not hold', async () => {
    expect(() => sim.dropHeld([42])).to.throw('no held notification has id 42');
  });
});
