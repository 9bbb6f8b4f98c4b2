import { expect } from 'chai';
import type { Order } from '../../src/domain/order.ts';
import type { ReconcileOutcome } from '../../src/payments/reconciler.ts';
import { ReturnCheck, returnSaysPaid } from '../../src/web/return-check.ts';

function order(id: string): Order {
  return { id } as Order;
}

describe('asking Midtrans on the return from Snap', function () {
  let now = 0;
  const clock = () => new Date(now);

  beforeEach(function () {
    now = Date.parse('2026-12-02T01:00:00Z');
  });

  it('takes only settlement and capture as "the customer paid"', function () {
    expect(['settlement', 'capture'].map(returnSaysPaid)).to.deep.equal([true, true]);
    expect(['pending', 'deny', 'expire', 'cancel', 'authorize', '', null].map(returnSaysPaid)).to.deep.equal([false, false, false, false, false, false, false]);
  });

  it('asks once per order per window, and again after it', async function () {
    const asked: string[] = [];
    const check = new ReturnCheck({ confirm: async (o) => (asked.push(o.id), 'unchanged'), clock, windowMs: 10_000 });
    expect(await check.ask(order('A'))).to.equal('not_paid');
    expect(await check.ask(order('A'))).to.equal('not_paid');
    now += 9_999;
    await check.ask(order('A'));
    expect(asked).to.deep.equal(['A']);
    now += 1;
    await check.ask(order('A'));
    expect(asked).to.deep.equal(['A', 'A']);
  });

  it('reads applied as checked (the store now says), error as unknown', async function () {
    const outcomes: ReconcileOutcome[] = ['applied', 'error', 'waiting'];
    const check = new ReturnCheck({ confirm: async () => outcomes.shift()!, clock, windowMs: 1 });
    const verdicts = [];
    for (let i = 0; i < 3; i += 1) {
      verdicts.push(await check.ask(order('A')));
      now += 1;
    }
    expect(verdicts).to.deep.equal(['checked', 'unknown', 'not_paid']);
  });

  it('waits a bounded time for an answer that does not come, and does not ask again meanwhile', async function () {
    let calls = 0;
    const check = new ReturnCheck({ confirm: () => (calls += 1, new Promise<ReconcileOutcome>(() => undefined)), clock, answerWithinMs: 5 });
    expect(await check.ask(order('A'))).to.equal('unknown');
    expect(await check.ask(order('A'))).to.equal('unknown');
    expect(calls).to.equal(1);
  });

  it('remembers a bounded number of orders, forgetting the oldest', async function () {
    const asked: string[] = [];
    const check = new ReturnCheck({ confirm: async (o) => (asked.push(o.id), 'unchanged'), clock, capacity: 2 });
    for (const id of ['A', 'B', 'C', 'B', 'A']) await check.ask(order(id));
    expect(asked).to.deep.equal(['A', 'B', 'C', 'A']);
  });

  it('without a way to ask, says unknown (the page waits for the notification)', async function () {
    expect(await new ReturnCheck({ confirm: null, clock }).ask(order('A'))).to.equal('unknown');
  });
});
