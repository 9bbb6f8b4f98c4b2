/**
 * The status cycle the simulator follows (docs.midtrans.com/docs/transaction-status-cycle):
 * a table of moves per method, then the moves that only time makes, on a
 * test clock: expiries, the card's OTP page outliving the Snap page, the
 * D+1 16:00 WIB settlement of captures and cancellation of challenges.
 */
import { expect } from 'chai';
import { statusCodeFor } from '../../../src/midtrans/simulator/bodies.ts';
import { Ledger, type SimAction, type SimStatus, settlementTimeAfter } from '../../../src/midtrans/simulator/ledger.ts';
import { type SimMethod, SIM_METHODS, type Simulator, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { createSnap, type Receiver, snapBody, startReceiver } from '../helpers.ts';

const T0 = new Date('2026-12-02T03:00:00.000Z'); // 10:00 WIB
const MINUTE = 60_000;

function session(ledger: Ledger, orderId: string, methods: SimMethod[] = SIM_METHODS) {
  return ledger.open({
    orderId,
    token: `token-${orderId}`,
    redirectUrl: 'http://sim.test/x',
    grossAmount: 100000,
    request: snapBody(orderId, 100000),
    createdAt: T0,
    pageExpiresAt: new Date(T0.getTime() + 60 * MINUTE),
    payExpiresAt: null,
    payWindowMs: null,
    secure: true,
    methods,
  });
}

/** Runs `actions` on a fresh order paid with `method`; the statuses after each, or the refusal's HTTP code. */
function run(method: SimMethod, actions: readonly SimAction[]): Array<SimStatus | number> {
  const ledger = new Ledger();
  const tx = session(ledger, `t-${method}-${actions.join('-')}`);
  ledger.choose(tx, method, T0);
  return actions.map((action) => {
    try {
      ledger.move(tx, tx.payment!, action, T0);
      return tx.payment!.status;
    } catch (err) {
      return (err as { httpStatus: number }).httpStatus;
    }
  });
}

describe('simulator status cycle', () => {
  const TABLE: Array<[SimMethod, SimAction[], Array<SimStatus | number>]> = [
    ['qris', ['pay', 'refund'], ['settlement', 'refund']],
    ['gopay', ['pay', 'pay'], ['settlement', 412]],
    ['shopeepay', ['expire', 'pay'], ['expire', 412]],
    ['bca_va', ['cancel', 'cancel'], ['cancel', 412]],
    ['bca_va', ['pay', 'refund'], ['settlement', 412]],
    ['bni_va', ['fail'], ['failure']],
    ['bri_va', ['pay', 'deny'], ['settlement', 412]],
    ['permata_va', ['pay', 'deny'], ['settlement', 'deny']],
    ['echannel', ['pay', 'deny'], ['settlement', 'deny']],
    ['indomaret', ['pay', 'deny'], ['settlement', 'deny']],
    ['alfamart', ['pay', 'deny'], ['settlement', 412]],
    ['credit_card', ['pay', 'settle', 'refund'], ['capture', 'settlement', 'refund']],
    ['credit_card', ['pay', 'cancel'], ['capture', 'cancel']],
    ['credit_card', ['pay', 'refund'], ['capture', 412]],
    ['credit_card', ['pay', 'approve'], ['capture', 412]],
    ['credit_card', ['challenge', 'approve', 'settle'], ['capture', 'capture', 'settlement']],
    ['credit_card', ['challenge', 'deny'], ['capture', 'deny']],
    ['credit_card', ['challenge', 'settle'], ['capture', 'cancel']],
    ['credit_card', ['deny', 'pay'], ['deny', 412]],
    ['qris', ['challenge'], [412]],
    ['dana', ['pay', 'chargeback'], ['settlement', 'chargeback']],
    ['qris', ['expire', 'refund'], ['expire', 412]],
  ];
  for (const [method, actions, expected] of TABLE) {
    it(`${method}: ${actions.join(' → ')} gives ${expected.join(', ')}`, () => {
      expect(run(method, actions)).to.deep.equal(expected);
    });
  }

  it('gives each status its body status_code', () => {
    const codes = (['pending', 'settlement', 'deny', 'cancel', 'expire', 'failure', 'refund', 'partial_refund', 'chargeback', 'partial_chargeback'] as const).map(
      (s) => [s, statusCodeFor(s, 'notification'), statusCodeFor(s, 'status')],
    );
    expect(codes).to.deep.equal([
      ['pending', '201', '201'],
      ['settlement', '200', '200'],
      ['deny', '202', '202'],
      ['cancel', '202', '202'],
      ['expire', '202', '407'],
      ['failure', '202', '202'],
      ['refund', '200', '200'],
      ['partial_refund', '200', '200'],
      ['chargeback', '200', '200'],
      ['partial_chargeback', '200', '200'],
    ]);
    expect([statusCodeFor('capture', 'notification', 'accept'), statusCodeFor('capture', 'notification', 'challenge')]).to.deep.equal(['200', '201']);
  });

  it('takes a new attempt after deny, failure, expiry or cancel, never after money was taken', () => {
    const ledger = new Ledger();
    const tx = session(ledger, 'retry');
    for (const action of ['deny', 'fail', 'expire', 'cancel'] as const) {
      expect(ledger.choose(tx, 'credit_card', T0)).to.equal(true);
      ledger.move(tx, tx.payment!, action, T0);
    }
    ledger.choose(tx, 'qris', T0);
    ledger.move(tx, tx.payment!, 'pay', T0);
    expect(tx.attempts.map((a) => a.status)).to.deep.equal(['deny', 'failure', 'expire', 'cancel', 'settlement']);
    expect(new Set(tx.attempts.map((a) => a.transactionId)).size).to.equal(5);
    expect(() => ledger.choose(tx, 'gopay', T0)).to.throw().with.property('httpStatus', 409);
  });

  it('settles at D+1 16:00 WIB', () => {
    expect(settlementTimeAfter(T0).toISOString()).to.equal('2026-12-03T09:00:00.000Z');
    // 23:30 WIB on the 2nd is still "the 2nd" in Jakarta.
    expect(settlementTimeAfter(new Date('2026-12-02T16:30:00.000Z')).toISOString()).to.equal('2026-12-03T09:00:00.000Z');
    expect(settlementTimeAfter(new Date('2026-12-02T17:30:00.000Z')).toISOString()).to.equal('2026-12-04T09:00:00.000Z');
  });
});

describe('simulator time, on a test clock', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let now = T0;
  let orders = 0;
  const at = (minutes: number) => (now = new Date(T0.getTime() + minutes * MINUTE));
  const notified = async (orderId: string) => {
    await sim.idle();
    return receiver.received.map((r) => r.body).filter((b) => b['order_id'] === orderId).map((b) => b['transaction_status']);
  };
  async function newOrder(extra: Parameters<typeof snapBody>[2] = {}): Promise<{ orderId: string; pageUrl: string }> {
    const orderId = `clock-${++orders}`;
    const created = await createSnap(sim, TEST_SERVER_KEY, snapBody(orderId, 100000, extra));
    expect(created.status).to.equal(201);
    return { orderId, pageUrl: String(created.body['redirect_url']) };
  }

  beforeEach(async () => {
    now = T0;
    receiver = await startReceiver();
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: [5], notificationUrl: `${receiver.url}/answer/200`, clock: () => now });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  it('expires a pending VA when its expiry window ends, only when the clock says so', async () => {
    const { orderId } = await newOrder({ expiry: { unit: 'minute', duration: 30 } });
    await sim.choose(orderId, 'bca_va');
    at(29);
    await sim.runDue();
    expect(sim.truth(orderId)).to.include({ status: 'pending', canStillPay: true });
    at(30);
    await sim.runDue();
    expect(await notified(orderId)).to.deep.equal(['pending', 'expire']);
    expect(sim.truth(orderId)).to.include({ status: 'expire', canStillPay: false });
  });

  it('counts an expiry without start_time from when the method is chosen, so money can come after the page closed', async () => {
    const { orderId } = await newOrder({ expiry: { unit: 'minute', duration: 30 } });
    at(20);
    await sim.choose(orderId, 'bni_va');
    at(45);
    await sim.runDue();
    expect(sim.truth(orderId)).to.include({ status: 'pending', canStillPay: true });
    at(50);
    await sim.runDue();
    expect(sim.truth(orderId)).to.include({ status: 'expire', canStillPay: false });
  });

  it('keeps a chosen VA payable after the Snap page expired, and the page shut to new attempts', async () => {
    const { orderId, pageUrl } = await newOrder({ page_expiry: { unit: 'minute', duration: 10 } });
    await sim.choose(orderId, 'permata_va');
    at(11);
    expect(sim.truth(orderId).canStillPay).to.equal(true);
    await sim.pay(orderId);
    expect(sim.truth(orderId)).to.include({ status: 'settlement', paid: true });
    const late = await newOrder({ page_expiry: { unit: 'minute', duration: 10 } });
    at(22);
    expect(sim.truth(late.orderId).canStillPay).to.equal(false);
    const submit = await fetch(late.pageUrl, { method: 'POST', body: new URLSearchParams({ method: 'qris', action: 'pay' }), redirect: 'manual' });
    expect(submit.status).to.equal(410);
    // "Snap does not send any webhook upon page expiry."
    await sim.runDue();
    expect(await notified(late.orderId)).to.deep.equal([]);
    expect(pageUrl).to.not.equal(late.pageUrl);
  });

  it("lets a card's OTP page outlive the Snap window, for its own 15 minutes", async () => {
    const { orderId } = await newOrder({ expiry: { unit: 'minute', duration: 10 } });
    at(9);
    await sim.choose(orderId, 'credit_card');
    at(20);
    await sim.runDue();
    expect(sim.truth(orderId)).to.include({ status: 'pending', canStillPay: true });
    await sim.pay(orderId);
    expect(sim.truth(orderId)).to.include({ status: 'capture', paid: true });
    const abandoned = await newOrder({ expiry: { unit: 'minute', duration: 10 } });
    await sim.choose(abandoned.orderId, 'credit_card');
    at(20 + 15);
    await sim.runDue();
    expect(await notified(abandoned.orderId)).to.deep.equal(['pending', 'expire']);
  });

  it('settles a capture at D+1 16:00 WIB and cancels an unanswered challenge then', async () => {
    const settled = await newOrder();
    await sim.pay(settled.orderId, 'credit_card');
    const challenged = await newOrder();
    await sim.challenge(challenged.orderId);
    at(30 * 60 - 1); // 15:59 WIB the next day
    await sim.runDue();
    expect(sim.truth(settled.orderId).status).to.equal('capture');
    at(30 * 60); // 16:00 WIB on the 3rd: 30 h after 10:00 WIB on the 2nd
    await sim.runDue();
    expect(await notified(settled.orderId)).to.deep.equal(['pending', 'capture', 'settlement']);
    expect(await notified(challenged.orderId)).to.deep.equal(['pending', 'capture', 'cancel']);
    expect(sim.truth(challenged.orderId)).to.include({ status: 'cancel', paid: false });
  });

  it('applies what came due before answering Get Status', async () => {
    const { orderId } = await newOrder({ expiry: { unit: 'minute', duration: 5 } });
    await sim.choose(orderId, 'qris');
    at(6);
    const response = await fetch(`${sim.apiBaseUrl}/v2/${orderId}/status`, {
      headers: { authorization: `Basic ${Buffer.from(`${TEST_SERVER_KEY}:`).toString('base64')}` },
    });
    expect(await response.json()).to.include({ transaction_status: 'expire', status_code: '407' });
  });
});
