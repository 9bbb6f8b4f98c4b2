/**
 * The simulator as a model tagih's state is compared with must agree with
 * itself: whatever sequence of customer, Midtrans and merchant events
 * happens (the merchant's over the real Core API), its truth, its Get Status
 * answers and its notifications tell the same story, and money is never
 * taken twice nor returned more than once.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { hasValidSignature } from '../../../src/midtrans/signature.ts';
import { type SimMethod, SIM_METHODS, type Simulator, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { basicAuth, createSnap, type Receiver, snapBody, startReceiver } from '../helpers.ts';

type Event =
  | { kind: 'choose'; method: SimMethod }
  | { kind: 'pay' | 'challenge' | 'decline' | 'fail' | 'settle' }
  | { kind: 'api'; verb: 'cancel' | 'expire' | 'approve' | 'deny' }
  | { kind: 'refund'; amount: number | null }
  | { kind: 'chargeback'; amount: number | null }
  | { kind: 'tick'; minutes: number };

const GROSS = 100000;
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('choose' as const), method: fc.constantFrom(...SIM_METHODS) }),
  fc.record({ kind: fc.constantFrom('pay' as const, 'challenge' as const, 'decline' as const, 'fail' as const, 'settle' as const) }),
  fc.record({ kind: fc.constant('api' as const), verb: fc.constantFrom('cancel' as const, 'expire' as const, 'approve' as const, 'deny' as const) }),
  fc.record({ kind: fc.constant('refund' as const), amount: fc.option(fc.integer({ min: 1, max: GROSS }), { nil: null }) }),
  fc.record({ kind: fc.constant('chargeback' as const), amount: fc.option(fc.integer({ min: 1, max: GROSS }), { nil: null }) }),
  fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 36 * 60 }) }),
);

describe('simulator model consistency (property)', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let now = new Date('2026-12-02T03:00:00.000Z');
  let orders = 0;

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${sim.apiBaseUrl}${path}`, {
      method,
      headers: { authorization: basicAuth(TEST_SERVER_KEY), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** Applies one event; refusals are part of the model, anything else is a bug. */
  async function apply(orderId: string, e: Event): Promise<void> {
    const refused = (err: unknown) => {
      if (!(err instanceof Error) || err.name !== 'SimulatorRefusal') throw err;
    };
    switch (e.kind) {
      case 'choose':
        return void (await sim.choose(orderId, e.method).catch(refused));
      case 'pay':
        return void (await sim.pay(orderId).catch(refused));
      case 'challenge':
        return void (await sim.challenge(orderId).catch(refused));
      case 'decline':
        return void (await sim.decline(orderId).catch(refused));
      case 'fail':
        return void (await sim.fail(orderId).catch(refused));
      case 'settle':
        return void (await sim.settle(orderId).catch(refused));
      case 'chargeback':
        return void (await sim.chargeback(orderId, e.amount === null ? {} : { amount: e.amount }).catch(refused));
      case 'api': {
        const answer = await api('POST', `/v2/${orderId}/${e.verb}`);
        expect([200, 404, 412]).to.include(answer.status);
        return;
      }
      case 'refund': {
        const answer = await api('POST', `/v2/${orderId}/refund`, e.amount === null ? {} : { amount: e.amount });
        expect([200, 404, 412]).to.include(answer.status);
        return;
      }
      case 'tick':
        now = new Date(now.getTime() + e.minutes * 60_000);
        await sim.runDue();
    }
  }

  before(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: [5], notificationUrl: `${receiver.url}/answer/200`, clock: () => now });
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  it('keeps truth, Get Status and notifications in agreement, and money honest', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 12 }), async (events) => {
        const orderId = `model-${++orders}`;
        expect((await createSnap(sim, TEST_SERVER_KEY, snapBody(orderId, GROSS))).status).to.equal(201);
        for (const e of events) await apply(orderId, e);
        await sim.idle();

        const truth = sim.truth(orderId);
        const paid = truth.attempts.filter((a) => a.paid);
        expect(paid.length, 'money taken at most once per Snap session').to.be.at.most(1);
        expect(truth.netAmount).to.equal(paid.reduce((sum, a) => sum + GROSS - a.refundedAmount - a.chargedBackAmount, 0));
        expect(truth.netAmount).to.be.within(0, GROSS);
        if (truth.paid) expect(truth.canStillPay, 'a paid session takes no more money').to.equal(false);

        const bodies = receiver.received.map((r) => r.body).filter((b) => b['order_id'] === orderId);
        for (const attempt of truth.attempts) {
          const status = await api('GET', `/v2/${attempt.transactionId}/status`);
          expect(status.status).to.equal(200);
          expect(String(status.body['transaction_status']).toLowerCase()).to.equal(attempt.status);
          expect(hasValidSignature(status.body, TEST_SERVER_KEY)).to.equal(true);
          const returned = attempt.refundedAmount + attempt.chargedBackAmount;
          expect(status.body['refund_amount']).to.equal(returned === 0 ? undefined : `${returned}.00`);
          const mine = bodies.filter((b) => b['transaction_id'] === attempt.transactionId);
          expect(mine[0]?.['transaction_status'], 'each attempt is announced from pending').to.equal('pending');
          expect(mine.at(-1)?.['transaction_status'], 'the last notification is the attempt as it is').to.equal(attempt.status);
          for (const body of mine) expect(hasValidSignature(body, TEST_SERVER_KEY)).to.equal(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
