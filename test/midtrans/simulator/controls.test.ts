import { expect } from 'chai';
import { toObservation } from '../../../src/midtrans/observation.ts';
import { hasValidSignature } from '../../../src/midtrans/signature.ts';
import { type Simulator, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { basicAuth, createSnap, type Receiver, snapBody, startReceiver } from '../helpers.ts';

describe('simulator test controls', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let orders = 0;

  async function newOrder(amount = 150000): Promise<string> {
    const orderId = `ctl-${++orders}`;
    expect((await createSnap(sim, TEST_SERVER_KEY, snapBody(orderId, amount))).status).to.equal(201);
    return orderId;
  }
  const bodiesFor = (orderId: string) => receiver.received.map((r) => r.body).filter((b) => b['order_id'] === orderId);
  const statusesFor = (orderId: string) => bodiesFor(orderId).map((b) => b['transaction_status']);

  async function getStatus(orderId: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${sim.apiBaseUrl}/v2/${encodeURIComponent(orderId)}/status`, { headers: { authorization: basicAuth(TEST_SERVER_KEY) } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  before(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: [5], notificationUrl: `${receiver.url}/answer/200` });
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  it('pays by card as capture with fraud accept and card fields', async () => {
    const orderId = await newOrder();
    const tx = await sim.pay(orderId, 'credit_card');
    expect(tx.payment?.status).to.equal('capture');
    const [, capture] = bodiesFor(orderId);
    expect(capture).to.include({ transaction_status: 'capture', fraud_status: 'accept', status_code: '200', masked_card: '48111111-1114', bank: 'bni' });
    expect(capture).not.to.have.property('expiry_time');
    expect(toObservation(capture)).to.include({ paymentType: 'credit_card', channel: 'bni' });
  });

  it('describes QRIS with issuer and acquirer, and Permata by its VA number', async () => {
    const qris = await newOrder();
    await sim.pay(qris, 'qris');
    expect(bodiesFor(qris)[1]).to.include({ payment_type: 'qris', issuer: 'gopay', acquirer: 'gopay' });
    const permata = await newOrder();
    await sim.pay(permata, 'permata_va');
    expect(toObservation(bodiesFor(permata)[1])?.channel).to.equal('permata');
  });

  it('expires and denies pending transactions with status_code 202', async () => {
    const expired = await newOrder();
    await sim.expireTx(expired, { method: 'bca_va' });
    const denied = await newOrder();
    await sim.deny(denied);
    expect(bodiesFor(expired).map((b) => [b['transaction_status'], b['status_code']])).to.deep.equal([
      ['pending', '201'],
      ['expire', '202'],
    ]);
    expect(bodiesFor(denied).map((b) => [b['transaction_status'], b['status_code']])).to.deep.equal([
      ['pending', '201'],
      ['deny', '202'],
    ]);
  });

  it('reverses a settlement (settlement → deny) and refunds a payment', async () => {
    const reversed = await newOrder();
    await sim.pay(reversed, 'permata_va');
    await sim.deny(reversed);
    expect(statusesFor(reversed)).to.deep.equal(['pending', 'settlement', 'deny']);
    expect((await getStatus(reversed)).body).to.include({ transaction_status: 'deny', status_code: '202' });
    const refunded = await newOrder();
    await sim.pay(refunded);
    await sim.refund(refunded);
    expect(bodiesFor(refunded).at(-1)).to.include({ transaction_status: 'refund', status_code: '200' });
  });

  it('refuses moves Midtrans would refuse', async () => {
    const orderId = await newOrder();
    await sim.pay(orderId);
    for (const move of [() => sim.pay(orderId), () => sim.expireTx(orderId), () => sim.choose(orderId, 'gopay')]) {
      await move().then(
        () => expect.fail('should refuse'),
        (err: Error) => expect(err.name).to.equal('SimulatorRefusal'),
      );
    }
    const unpaid = await newOrder();
    await sim.refund(unpaid).then(
      () => expect.fail('should refuse'),
      (err: Error) => expect(err.message).to.contain("doesn't exist"),
    );
    await sim.pay('ctl-unknown').then(
      () => expect.fail('should refuse'),
      (err: Error) => expect(err.message).to.contain('ctl-unknown'),
    );
  });

  it('holds notifications back on request and replays them out of order', async () => {
    const orderId = await newOrder();
    await sim.pay(orderId, 'gopay', { notify: false });
    expect(bodiesFor(orderId)).to.have.length(0);
    const sent = await sim.sendSequence(orderId, ['settlement', 'pending']);
    expect(sent.map((d) => d.transactionStatus)).to.deep.equal(['settlement', 'pending']);
    expect(statusesFor(orderId)).to.deep.equal(['settlement', 'pending']);
    for (const body of bodiesFor(orderId)) expect(hasValidSignature(body, TEST_SERVER_KEY)).to.equal(true);
    expect(bodiesFor(orderId)[1]).to.include({ status_code: '201' }).and.not.have.property('settlement_time');
    expect((await getStatus(orderId)).body).to.include({ transaction_status: 'settlement' });
  });

  it('sends duplicates at once, and forged signatures on request', async () => {
    const orderId = await newOrder();
    await sim.pay(orderId, 'qris', { notify: false });
    const copies = await sim.notify(orderId, { duplicate: 2 });
    expect(copies).to.have.length(3);
    const bodies = bodiesFor(orderId);
    expect(bodies).to.have.length(3);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).to.equal(1);
    await sim.notify(orderId, { badSignature: true });
    const forged = bodiesFor(orderId).at(-1);
    expect(forged?.['transaction_status']).to.equal('settlement');
    expect(hasValidSignature(forged, TEST_SERVER_KEY)).to.equal(false);
    await sim.notify(orderId, { status: 'expire' });
    expect(bodiesFor(orderId).at(-1)).to.include({ transaction_status: 'expire', status_code: '202' });
  });

  it('sends raw bodies, signed when asked (e.g. an order the app never made)', async () => {
    const body = { order_id: 'dashboard-test-1', status_code: '200', gross_amount: '10000.00', transaction_status: 'settlement' };
    await sim.sendRaw(body, { sign: true });
    await sim.sendRaw({ ...body, order_id: 'dashboard-test-2' });
    const [signedOne, unsigned] = [bodiesFor('dashboard-test-1')[0], bodiesFor('dashboard-test-2')[0]];
    expect(hasValidSignature(signedOne, TEST_SERVER_KEY)).to.equal(true);
    expect(unsigned).not.to.have.property('signature_key');
  });

  it('lets tests inspect transactions and wait for deliveries', async () => {
    const orderId = await newOrder(20000);
    const seen = sim.deliveries().length;
    const waiting = sim.waitForDeliveries(seen + 2);
    await sim.pay(orderId, 'gopay');
    expect((await waiting).slice(seen).map((d) => [d.orderId, d.transactionStatus, d.status])).to.deep.equal([
      [orderId, 'pending', 200],
      [orderId, 'settlement', 200],
    ]);
    const tx = sim.transaction(orderId);
    expect(tx).to.include({ orderId, grossAmount: 20000 });
    expect(sim.transaction(tx!.payment!.transactionId)?.orderId).to.equal(orderId);
    expect(sim.transactions().map((t) => t.orderId)).to.include(orderId);
    tx!.payment!.status = 'deny';
    expect(sim.transaction(orderId)?.payment?.status).to.equal('settlement');
    await sim.waitForDeliveries(10_000, 20).then(
      () => expect.fail('should time out'),
      (err: Error) => expect(err.message).to.contain('timed out'),
    );
  });

  it('applies a fault only as many times as asked', async () => {
    const orderId = await newOrder();
    await sim.choose(orderId, 'qris');
    sim.failNext('status', { status: 500, times: 2 });
    expect((await getStatus(orderId)).status).to.equal(500);
    expect((await getStatus(orderId)).body).to.deep.equal({
      status_code: '500',
      status_message: 'Sorry, we encountered internal server error. We will fix this soon.',
    });
    expect((await getStatus(orderId)).status).to.equal(200);
  });
});
