import { expect } from 'chai';
import type { OrderStatus } from '../../../src/domain/order.ts';
import {
  APPLIED_KEYS_KEPT,
  effectsOf,
  expectedUsage,
  linkEffectsUpdate,
  pendingEffectsFilter,
  sameUsage,
  transitionKey,
} from '../../../src/store/mongo/effects.ts';
import type { LinkDoc } from '../../../src/store/mongo/models.ts';

const T0 = new Date('2026-11-24T03:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

const order = { linkId: 'l1', seq: 2, amount: 150_000, transitions: 0, refundedAmount: 0 };
const to = (status: OrderStatus, refundedAmount = 0) => ({ status, refundedAmount });

function ledger(overrides: Partial<LinkDoc> = {}): LinkDoc {
  return {
    _id: 'l1',
    merchantId: 'm',
    number: 1,
    orderId: 'INV-1',
    slug: 'kaos',
    itemName: 'Kaos',
    price: 150_000,
    usageLimit: 3,
    customer: null,
    expiresAt: null,
    createdVia: 'telegram',
    notifyChatId: '100',
    recipient: null,
    createdAt: T0,
    deletedAt: null,
    seq: 2,
    paidCount: 1,
    paidTotal: 150_000,
    holds: [{ seq: 2, customerKey: 'email:b', until: at(MINUTE) }],
    applied: [],
    ...overrides,
  };
}

describe('MongoDB store: follow-up steps of a status change', function () {
  it('moves the paid count only into and out of paid', function () {
    const cases: Array<[OrderStatus, OrderStatus, number]> = [
      ['pending', 'paid', 1],
      ['expired', 'paid', 1],
      ['paid', 'failed', -1],
      ['paid', 'refunded', -1],
      ['pending', 'expired', 0],
      ['pending', 'cancelled', 0],
    ];
    for (const [from, target, delta] of cases) {
      expect(effectsOf({ ...order, status: from }, { status: target, refundedAmount: 0 }, [], T0).paidDelta, `${from} -> ${target}`).to.equal(delta);
    }
  });

  it('numbers each change of an order and releases the hold whenever the order leaves pending', function () {
    const first = effectsOf({ ...order, status: 'pending' }, to('paid'), [], T0);
    const second = effectsOf({ ...order, status: 'paid', transitions: 1 }, to('refunded'), [], T0);
    expect([first.n, second.n]).to.deep.equal([1, 2]);
    expect(first).to.include({ releaseHold: true, linkId: 'l1', seq: 2, amount: 150_000 });
    expect(first.at).to.equal(T0);
  });

  it('guards the link update with the change’s key and pushes that key in the same update', function () {
    const effects = effectsOf({ ...order, status: 'pending' }, to('paid'), [], T0);
    const { filter, update } = linkEffectsUpdate('INV-1-2', effects);
    expect(transitionKey('INV-1-2', 1)).to.equal('INV-1-2#1');
    expect(filter).to.deep.equal({ _id: { $eq: 'l1' }, applied: { $ne: 'INV-1-2#1' } });
    expect(update).to.deep.equal({
      $inc: { paidCount: 1, paidTotal: 150_000 },
      $push: { applied: { $each: ['INV-1-2#1'], $slice: -APPLIED_KEYS_KEPT } },
      $pull: { holds: { seq: 2 } },
    });
  });

  it('takes a refund out of the total with a negative amount', function () {
    const effects = effectsOf({ ...order, status: 'paid', transitions: 1 }, to('refunded'), [], T0);
    expect(linkEffectsUpdate('INV-1-2', effects).update.$inc).to.deep.equal({ paidCount: -1, paidTotal: -150_000 });
  });

  it('moves the total by the net amount: a partial refund takes out what went back, a full refund the rest', function () {
    const partial = effectsOf({ ...order, status: 'paid', transitions: 1 }, to('paid', 10_000), [], T0);
    expect(linkEffectsUpdate('INV-1-2', partial).update.$inc).to.deep.equal({ paidCount: 0, paidTotal: -10_000 });
    const rest = effectsOf({ ...order, status: 'paid', transitions: 2, refundedAmount: 10_000 }, to('refunded', 150_000), [], T0);
    expect(linkEffectsUpdate('INV-1-2', rest).update.$inc).to.deep.equal({ paidCount: -1, paidTotal: -140_000 });
  });

  it('counts an effect written before net totals were kept by its paid change, as it was written', function () {
    const { totalDelta: _unused, ...old } = effectsOf({ ...order, status: 'paid', transitions: 1 }, to('refunded', 150_000), [], T0);
    expect(linkEffectsUpdate('INV-1-2', old).update.$inc).to.deep.equal({ paidCount: -1, paidTotal: -150_000 });
  });

  it('foresees the usage after the change from the ledger before it', function () {
    const paid = effectsOf({ ...order, status: 'pending' }, to('paid'), [], T0);
    expect(expectedUsage(ledger(), paid)).to.deep.equal({ orders: 2, paid: 2, paidTotal: 300_000, held: 0 });
    // A hold counts after its window too: the order may still be paid.
    expect(expectedUsage(ledger({ holds: [{ seq: 2, customerKey: 'email:b', until: at(-MINUTE) }] }), paid).held).to.equal(0);
    expect(expectedUsage(ledger({ holds: [] }), paid)).to.deep.equal({ orders: 2, paid: 2, paidTotal: 300_000, held: 0 });
    const otherHold = ledger({ holds: [{ seq: 1, customerKey: 'email:a', until: at(MINUTE) }] });
    expect(expectedUsage(otherHold, paid).held).to.equal(1);
    expect(expectedUsage(null, paid)).to.deep.equal({ orders: 0, paid: 1, paidTotal: 150_000, held: 0 });
  });

  it('compares usages field by field', function () {
    const usage = { orders: 2, paid: 1, paidTotal: 150_000, held: 0 };
    expect(sameUsage(usage, { ...usage })).to.equal(true);
    for (const field of ['orders', 'paid', 'paidTotal', 'held'] as const) {
      expect(sameUsage(usage, { ...usage, [field]: usage[field] + 1 }), field).to.equal(false);
    }
  });

  it('repairs only changes left unfinished for the given time', function () {
    expect(pendingEffectsFilter(at(MINUTE), 30_000)).to.deep.equal({ 'effects.at': { $lte: at(30_000) } });
    expect(pendingEffectsFilter(T0, 0)).to.deep.equal({ 'effects.at': { $lte: T0 } });
  });
});
