/**
 * The simulator's Core API over real HTTP, answer by answer as Midtrans's
 * references give them (the conformance table in
 * src/midtrans/simulator/README.md names each source).
 */
import { expect } from 'chai';
import { hasValidSignature } from '../../../src/midtrans/signature.ts';
import { type SimMethod, type Simulator, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { basicAuth, createSnap, type Receiver, snapBody, startReceiver } from '../helpers.ts';

type Answer = { status: number; body: Record<string, unknown> };

describe('simulator Core API', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let orders = 0;

  async function newOrder(amount = 150000): Promise<string> {
    const orderId = `core-${++orders}`;
    expect((await createSnap(sim, TEST_SERVER_KEY, snapBody(orderId, amount))).status).to.equal(201);
    return orderId;
  }
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${sim.apiBaseUrl}${path}`, {
      method,
      headers: { authorization: basicAuth(TEST_SERVER_KEY), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const status = (id: string) => call('GET', `/v2/${encodeURIComponent(id)}/status`);
  const post = (id: string, verb: string, body?: unknown) => call('POST', `/v2/${encodeURIComponent(id)}/${verb}`, body);
  const notified = async (orderId: string) => {
    await sim.idle();
    return receiver.received.map((r) => r.body).filter((b) => b['order_id'] === orderId);
  };
  const CANNOT_MODIFY = { status_code: '412', status_message: 'Merchant cannot modify the status of the transaction' };
  const NOT_FOUND = { status_code: '404', status_message: "Transaction doesn't exist." };

  before(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: [5], notificationUrl: `${receiver.url}/answer/200` });
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  describe('Get Status', () => {
    it('answers by order id or transaction id with the same signed body', async () => {
      const orderId = await newOrder();
      const tx = await sim.pay(orderId, 'bca_va');
      const byOrder = await status(orderId);
      const byTransaction = await status(tx.payment!.transactionId);
      expect(byOrder.status).to.equal(200);
      expect(byOrder.body).to.deep.equal(byTransaction.body);
      expect(byOrder.body).to.include({ order_id: orderId, transaction_status: 'settlement', status_code: '200', status_message: 'Success, transaction is found' });
      expect(hasValidSignature(byOrder.body, TEST_SERVER_KEY)).to.equal(true);
    });

    it('answers 404 before the customer chose a method, and for unknown ids', async () => {
      const orderId = await newOrder();
      expect(await status(orderId)).to.deep.equal({ status: 404, body: NOT_FOUND });
      expect(await status('no-such-order')).to.deep.equal({ status: 404, body: NOT_FOUND });
    });

    const BI_SNAP: readonly SimMethod[] = ['dana', 'danamon_va', 'bsi_va', 'seabank_va', 'saqu_va'];
    for (const method of BI_SNAP) {
      it(`${method}: fails by order id, works by transaction id with the transaction id in order_id`, async () => {
        const orderId = await newOrder();
        const tx = await sim.pay(orderId, method);
        const transactionId = tx.payment!.transactionId;
        expect(transactionId).to.match(/^A1\d{14}[A-Za-z0-9]{10}IMID$/);
        expect(await status(orderId)).to.deep.equal({ status: 404, body: NOT_FOUND });
        const answer = await status(transactionId);
        expect(answer.status).to.equal(200);
        expect(answer.body).to.include({ order_id: transactionId, transaction_id: transactionId, status_code: '200', gross_amount: '150000.00' });
        expect(answer.body['transaction_status']).to.equal(method === 'dana' ? 'SETTLEMENT' : 'settlement');
        expect(hasValidSignature(answer.body, TEST_SERVER_KEY)).to.equal(true);
        // The notifications name the merchant's order, in lower case.
        expect((await notified(orderId)).map((b) => [b['transaction_status'], b['transaction_id']])).to.deep.equal([
          ['pending', transactionId],
          ['settlement', transactionId],
        ]);
      });
    }

    it('can send BSI notifications with the transaction id in order_id, as one integrator saw', async () => {
      const variant = await startSimulator({
        serverKey: TEST_SERVER_KEY,
        notificationUrl: `${receiver.url}/answer/200`,
        quirks: { biSnapTransactionIdInNotifications: true },
      });
      try {
        await createSnap(variant, TEST_SERVER_KEY, snapBody('core-quirk', 150000, { custom_field1: 'core-quirk' }));
        const tx = await variant.pay('core-quirk', 'bsi_va');
        await variant.idle();
        const bodies = receiver.received.map((r) => r.body).filter((b) => b['transaction_id'] === tx.payment!.transactionId);
        expect(bodies.map((b) => [b['order_id'], b['custom_field1']])).to.deep.equal([
          [tx.payment!.transactionId, 'core-quirk'],
          [tx.payment!.transactionId, 'core-quirk'],
        ]);
        for (const body of bodies) expect(hasValidSignature(body, TEST_SERVER_KEY)).to.equal(true);
      } finally {
        await variant.close();
      }
    });

    it('names each attempt of a session by its own transaction id, and the latest by the order id', async () => {
      const orderId = await newOrder();
      const declined = await sim.decline(orderId);
      const paid = await sim.pay(orderId, 'qris');
      const [first, second] = paid.attempts.map((a) => a.transactionId);
      expect(declined.payment!.transactionId).to.equal(first);
      expect((await status(first!)).body).to.include({ transaction_status: 'deny', status_code: '202', payment_type: 'credit_card' });
      expect((await status(second!)).body).to.include({ transaction_status: 'settlement', payment_type: 'qris' });
      expect((await status(orderId)).body).to.include({ transaction_id: second, transaction_status: 'settlement' });
      expect(sim.truth(orderId)).to.include({ status: 'settlement', paid: true, netAmount: 150000, canStillPay: false });
      expect(sim.truth(orderId).transactionIds).to.deep.equal([first, second]);
    });
  });

  describe('cancel', () => {
    it('cancels a pending transaction: 200, then a cancel notification (202)', async () => {
      const orderId = await newOrder();
      await sim.choose(orderId, 'gopay');
      const answer = await post(orderId, 'cancel');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ status_code: '200', status_message: 'Success, transaction is canceled', transaction_status: 'cancel', order_id: orderId });
      expect(answer.body).not.to.have.property('signature_key');
      expect((await notified(orderId)).at(-1)).to.include({ transaction_status: 'cancel', status_code: '202' });
    });

    it('voids a card capture before settlement (capture → cancel), by transaction id', async () => {
      const orderId = await newOrder();
      const tx = await sim.pay(orderId, 'credit_card');
      expect((await post(tx.payment!.transactionId, 'cancel')).body).to.include({ status_code: '200', transaction_status: 'cancel' });
      expect((await notified(orderId)).map((b) => b['transaction_status'])).to.deep.equal(['pending', 'capture', 'cancel']);
      expect(sim.truth(orderId)).to.include({ status: 'cancel', paid: false, netAmount: 0 });
    });

    it('refuses settled, expired and unknown transactions as Midtrans does', async () => {
      const settled = await newOrder();
      await sim.pay(settled, 'qris');
      expect(await post(settled, 'cancel')).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
      const expired = await newOrder();
      await sim.expireTx(expired);
      expect(await post(expired, 'cancel')).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
      expect(await post('no-such-order', 'cancel')).to.deep.equal({ status: 404, body: NOT_FOUND });
    });
  });

  describe('expire', () => {
    it('expires a pending transaction with 407 (success), by order id or transaction id', async () => {
      const byOrder = await newOrder();
      await sim.choose(byOrder, 'bca_va');
      expect((await post(byOrder, 'expire')).body).to.include({ status_code: '407', status_message: 'Success, transaction has expired', transaction_status: 'expire' });
      expect((await status(byOrder)).body).to.include({ status_code: '407', transaction_status: 'expire' });
      const byTransaction = await newOrder();
      const tx = await sim.choose(byTransaction, 'dana');
      expect((await post(tx.payment!.transactionId, 'expire')).status).to.equal(200);
      expect((await notified(byTransaction)).at(-1)).to.include({ transaction_status: 'expire', status_code: '202' });
    });

    it('answers 412 for a paid transaction and 404 for a Snap session with no transaction yet', async () => {
      const paid = await newOrder();
      await sim.pay(paid, 'qris');
      expect(await post(paid, 'expire')).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
      const untouched = await newOrder();
      expect(await post(untouched, 'expire')).to.deep.equal({ status: 404, body: NOT_FOUND });
    });
  });

  describe('fraud challenge: approve and deny', () => {
    it('announces a challenged capture with status_code 201 and approves it into a paid capture', async () => {
      const orderId = await newOrder();
      await sim.challenge(orderId);
      expect((await notified(orderId)).at(-1)).to.include({ transaction_status: 'capture', fraud_status: 'challenge', status_code: '201' });
      expect(sim.truth(orderId)).to.include({ paid: false, fraudStatus: 'challenge', canStillPay: false });
      const answer = await post(orderId, 'approve');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ status_code: '200', status_message: 'Success, transaction is approved', transaction_status: 'capture', fraud_status: 'accept' });
      const last = (await notified(orderId)).at(-1);
      expect(last).to.include({ transaction_status: 'capture', fraud_status: 'accept', status_code: '200' });
      expect(hasValidSignature(last, TEST_SERVER_KEY)).to.equal(true);
      expect(await post(orderId, 'approve')).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
    });

    it('denies a challenged capture (deny, fraud deny, 202), and refuses to deny an accepted one', async () => {
      const orderId = await newOrder();
      const tx = await sim.challenge(orderId);
      expect((await post(tx.payment!.transactionId, 'deny')).body).to.include({ status_code: '200', transaction_status: 'deny', fraud_status: 'deny' });
      expect((await notified(orderId)).at(-1)).to.include({ transaction_status: 'deny', fraud_status: 'deny', status_code: '202' });
      const accepted = await newOrder();
      await sim.pay(accepted, 'credit_card');
      expect(await post(accepted, 'deny')).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
    });
  });

  describe('refund', () => {
    it('refunds part, then the rest: partial_refund then refund, with refund_amount and the refunds list', async () => {
      const orderId = await newOrder();
      await sim.pay(orderId, 'qris');
      const part = await post(orderId, 'refund', { refund_key: 'r-1', amount: 10000, reason: 'rusak' });
      expect(part.status).to.equal(200);
      expect(part.body).to.include({
        status_code: '200',
        status_message: 'Success, refund request is approved',
        transaction_status: 'partial_refund',
        refund_chargeback_id: 1,
        refund_amount: '10000.00',
        refund_key: 'r-1',
      });
      const partBody = (await notified(orderId)).at(-1)!;
      expect(partBody).to.include({ transaction_status: 'partial_refund', status_code: '200', refund_amount: '10000.00', gross_amount: '150000.00' });
      expect(hasValidSignature(partBody, TEST_SERVER_KEY)).to.equal(true);
      expect(sim.truth(orderId)).to.include({ status: 'partial_refund', paid: true, refundedAmount: 10000, netAmount: 140000 });

      const rest = await post(orderId, 'refund', { refund_key: 'r-2' });
      expect(rest.body).to.include({ transaction_status: 'refund', refund_chargeback_id: 2, refund_amount: '140000.00' });
      const got = (await status(orderId)).body;
      expect(got).to.include({ transaction_status: 'refund', refund_amount: '150000.00' });
      expect((got['refunds'] as Array<Record<string, unknown>>).map((r) => [r['refund_key'], r['refund_amount']])).to.deep.equal([
        ['r-1', '10000.00'],
        ['r-2', '140000.00'],
      ]);
      expect(sim.truth(orderId)).to.include({ netAmount: 0, refundedAmount: 150000 });
    });

    it('treats a repeated refund_key as the same refund: no second refund, no second notification', async () => {
      const orderId = await newOrder();
      await sim.pay(orderId, 'gopay');
      await post(orderId, 'refund', { refund_key: 'same', amount: 5000 });
      const before = (await notified(orderId)).length;
      const again = await post(orderId, 'refund', { refund_key: 'same', amount: 5000 });
      expect(again.body).to.include({ refund_chargeback_id: 1, refund_amount: '5000.00', transaction_status: 'partial_refund' });
      expect(await notified(orderId)).to.have.length(before);
      expect(sim.truth(orderId).refundedAmount).to.equal(5000);
    });

    it('gives a repeated refund_key its refund back after that refund took everything (a retry after a lost answer)', async () => {
      const orderId = await newOrder();
      await sim.pay(orderId, 'qris');
      await post(orderId, 'refund', { refund_key: 'all' });
      const again = await post(orderId, 'refund', { refund_key: 'all' });
      expect(again.status).to.equal(200);
      expect(again.body).to.include({ refund_chargeback_id: 1, refund_amount: '150000.00', refund_key: 'all', transaction_status: 'refund' });
      expect((await post(orderId, 'refund', { refund_key: 'new' })).status, 'a new key still finds nothing left').to.equal(412);
      expect(sim.truth(orderId).refundedAmount).to.equal(150000);
    });

    it('refuses what cannot be refunded: a capture (cancel it), a VA, too much, nothing settled', async () => {
      const capture = await newOrder();
      await sim.pay(capture, 'credit_card');
      expect(await post(capture, 'refund', { amount: 1000 })).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
      const va = await newOrder();
      await sim.pay(va, 'bca_va');
      expect(await post(va, 'refund')).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
      const paid = await newOrder(20000);
      await sim.pay(paid, 'qris');
      expect((await post(paid, 'refund', { amount: 20001 })).status).to.equal(412);
      const pending = await newOrder();
      await sim.choose(pending, 'qris');
      expect(await post(pending, 'refund')).to.deep.equal({ status: 412, body: CANNOT_MODIFY });
      expect(sim.truth(paid)).to.include({ status: 'settlement', refundedAmount: 0 });
    });

    it('settles a card capture, then refunds it', async () => {
      const orderId = await newOrder();
      await sim.pay(orderId, 'credit_card');
      await sim.settle(orderId);
      expect((await post(orderId, 'refund', { amount: 50000 })).body).to.include({ transaction_status: 'partial_refund' });
      expect((await notified(orderId)).map((b) => b['transaction_status'])).to.deep.equal(['pending', 'capture', 'settlement', 'partial_refund']);
    });
  });

  describe('chargebacks (Midtrans-side)', () => {
    it('records a partial then a full chargeback, counted apart from refunds', async () => {
      const orderId = await newOrder();
      await sim.pay(orderId, 'credit_card');
      await sim.settle(orderId);
      await sim.refund(orderId, { amount: 50000 });
      await sim.chargeback(orderId, { amount: 30000 });
      expect(sim.truth(orderId)).to.include({ status: 'partial_chargeback', refundedAmount: 50000, chargedBackAmount: 30000, netAmount: 70000 });
      await sim.chargeback(orderId);
      expect(sim.truth(orderId)).to.include({ status: 'chargeback', chargedBackAmount: 100000, netAmount: 0 });
      expect((await notified(orderId)).slice(-2).map((b) => [b['transaction_status'], b['status_code'], b['refund_amount']])).to.deep.equal([
        ['partial_chargeback', '200', '80000.00'],
        ['chargeback', '200', '150000.00'],
      ]);
    });
  });

  it('can answer refusals under HTTP 200 with the code in the body only, as the clients allow for', async () => {
    const quiet = await startSimulator({ serverKey: TEST_SERVER_KEY, coreRefusalsAsHttp200: true });
    try {
      const response = await fetch(`${quiet.apiBaseUrl}/v2/nothing-here/status`, { headers: { authorization: basicAuth(TEST_SERVER_KEY) } });
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal(NOT_FOUND);
    } finally {
      await quiet.close();
    }
  });

  describe('Snap session cancel', () => {
    async function session(): Promise<{ orderId: string; token: string; pageUrl: string }> {
      const orderId = `core-${++orders}`;
      const created = await createSnap(sim, TEST_SERVER_KEY, snapBody(orderId));
      return { orderId, token: String(created.body['token']), pageUrl: String(created.body['redirect_url']) };
    }
    const cancelSession = async (token: string): Promise<Answer> => {
      const response = await fetch(`${sim.snapBaseUrl}/transactions/${token}/cancel`, { method: 'POST', headers: { authorization: basicAuth(TEST_SERVER_KEY) } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('cancels an unused session: its page takes no attempt after that', async () => {
      const { orderId, token, pageUrl } = await session();
      const answer = await cancelSession(token);
      expect(answer.status).to.equal(200);
      expect(String(answer.body['canceled_at'])).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await cancelSession(token)).to.deep.equal({ status: 400, body: { error_messages: ['token already canceled'] } });
      const submit = await fetch(pageUrl, { method: 'POST', body: new URLSearchParams({ method: 'qris', action: 'pay' }), redirect: 'manual' });
      expect(submit.status).to.equal(410);
      expect(sim.truth(orderId)).to.include({ status: null, canStillPay: false });
    });

    it('refuses while an attempt is under way, and for unknown tokens', async () => {
      const { orderId, token } = await session();
      await sim.choose(orderId, 'bca_va');
      expect(await cancelSession(token)).to.deep.equal({ status: 400, body: { error_messages: ['Transaction is in progress'] } });
      expect(await cancelSession('00000000-0000-0000-0000-000000000000')).to.deep.equal({ status: 404, body: { error_messages: ['token not found'] } });
    });
  });
});
