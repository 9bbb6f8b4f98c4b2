import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import {
  generatedOrderId,
  linkState,
  normalizeItemName,
  randomSlug,
  reservationVerdict,
  slotCounts,
  slotCountsChange,
  slotsLeft,
  stockLeft,
  validateOrderId,
  validateSlug,
  validateUsageLimit,
} from '../../src/domain/link.ts';
import type { OrderStatus } from '../../src/domain/order.ts';

const NOW = new Date('2026-11-24T03:00:00Z');
const usage = (paid: number, held: number, itemsSold = paid, itemsHeld = held) => ({ orders: paid + held, paid, paidTotal: paid * 1000, held, itemsSold, itemsHeld });

function refuses(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(isAppError(err, code), String(err)).to.equal(true);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('links', function () {
  describe('state is derived in one place', function () {
    const base = { deletedAt: null, expiresAt: null, usageLimit: 2, stock: null };
    const cases: Array<[string, Parameters<typeof linkState>[0], ReturnType<typeof usage>, string]> = [
      ['a fresh link is active', base, usage(0, 0), 'active'],
      ['one slot left is active', base, usage(1, 0), 'active'],
      ['paid orders fill it', base, usage(2, 0), 'sold_out'],
      ['live reservations count too', base, usage(1, 1), 'sold_out'],
      ['unlimited never sells out', { ...base, usageLimit: null }, usage(5000, 30), 'active'],
      ['past its expiry it is expired', { ...base, expiresAt: new Date(NOW.getTime() - 1) }, usage(0, 0), 'expired'],
      ['at its expiry it is expired', { ...base, expiresAt: NOW }, usage(0, 0), 'expired'],
      ['before its expiry it is active', { ...base, expiresAt: new Date(NOW.getTime() + 1) }, usage(0, 0), 'active'],
      ['expiry wins over usage', { ...base, expiresAt: new Date(0) }, usage(2, 0), 'expired'],
      ['deletion wins over everything', { ...base, deletedAt: NOW, expiresAt: new Date(0) }, usage(2, 0), 'deleted'],
      ['items left in stock keep it active', { ...base, usageLimit: null, stock: 10 }, usage(2, 1, 6, 3), 'active'],
      ['sold and held items use up the stock', { ...base, usageLimit: null, stock: 10 }, usage(2, 1, 7, 3), 'sold_out'],
      ['a full stock sells out even with slots left', { ...base, usageLimit: 100, stock: 3 }, usage(1, 0, 3, 0), 'sold_out'],
    ];
    for (const [name, link, used, state] of cases) {
      it(name, function () {
        expect(linkState(link, used, NOW)).to.equal(state);
      });
    }
  });

  describe('the slot rule: what an order counts for on its link', function () {
    const order = (status: OrderStatus, refundedAmount = 0, quantity = 1) => ({ status, amount: 150_000, refundedAmount, quantity });
    const none = { itemsHeld: 0, itemsSold: 0 };

    it('a pending order holds a slot until it is closed, whatever its window', function () {
      expect(slotCounts(order('pending'))).to.deep.equal({ paid: 0, held: 1, paidTotal: 0, itemsHeld: 1, itemsSold: 0 });
    });

    it('a paid order uses a slot and counts the money kept, net of partial refunds', function () {
      expect(slotCounts(order('paid'))).to.deep.equal({ paid: 1, held: 0, paidTotal: 150_000, itemsHeld: 0, itemsSold: 1 });
      expect(slotCounts(order('paid', 10_000))).to.deep.equal({ paid: 1, held: 0, paidTotal: 140_000, itemsHeld: 0, itemsSold: 1 });
    });

    for (const status of ['expired', 'cancelled', 'failed', 'refunded'] as const) {
      it(`a ${status} order frees its slot and counts no money`, function () {
        expect(slotCounts(order(status, status === 'refunded' ? 150_000 : 0))).to.deep.equal({ paid: 0, held: 0, paidTotal: 0, ...none });
      });
    }

    it('leaves the slots no paid or held order uses', function () {
      expect(slotsLeft({ usageLimit: 3 }, usage(1, 1))).to.equal(1);
      expect(slotsLeft({ usageLimit: 1 }, usage(2, 0))).to.equal(0);
      expect(slotsLeft({ usageLimit: null }, usage(9, 0))).to.equal(null);
    });

    it('moves the counters by the difference a change makes', function () {
      expect(slotCountsChange(null, order('pending'))).to.deep.equal({ paid: 0, held: 1, paidTotal: 0, itemsHeld: 1, itemsSold: 0 });
      expect(slotCountsChange(order('pending'), order('paid'))).to.deep.equal({ paid: 1, held: -1, paidTotal: 150_000, itemsHeld: -1, itemsSold: 1 });
      expect(slotCountsChange(order('paid'), order('paid', 10_000))).to.deep.equal({ paid: 0, held: 0, paidTotal: -10_000, ...none });
      expect(slotCountsChange(order('paid', 10_000), order('refunded', 150_000))).to.deep.equal({ paid: -1, held: 0, paidTotal: -140_000, itemsHeld: 0, itemsSold: -1 });
      expect(slotCountsChange(order('expired'), order('paid'))).to.deep.equal({ paid: 1, held: 0, paidTotal: 150_000, itemsHeld: 0, itemsSold: 1 });
    });

    it("an order's quantity is held against the stock while pending and sold once paid", function () {
      expect(slotCounts(order('pending', 0, 3))).to.deep.equal({ paid: 0, held: 1, paidTotal: 0, itemsHeld: 3, itemsSold: 0 });
      expect(slotCountsChange(order('pending', 0, 3), order('paid', 0, 3))).to.deep.equal({ paid: 1, held: -1, paidTotal: 150_000, itemsHeld: -3, itemsSold: 3 });
      expect(slotCountsChange(order('pending', 0, 3), order('expired', 0, 3))).to.deep.equal({ paid: 0, held: -1, paidTotal: 0, itemsHeld: -3, itemsSold: 0 });
    });

    it('leaves the stock no held or sold item uses, and refuses a quantity that would exceed it', function () {
      const link = { deletedAt: null, expiresAt: null, usageLimit: null, stock: 20 };
      expect(stockLeft(link, usage(3, 2, 12, 5))).to.equal(3);
      expect(stockLeft({ stock: null }, usage(3, 2))).to.equal(null);
      expect(reservationVerdict(link, usage(3, 2, 12, 5), NOW, 3)).to.deep.equal({ kind: 'ok' });
      expect(reservationVerdict(link, usage(3, 2, 12, 5), NOW, 4)).to.deep.equal({ kind: 'short', stockLeft: 3 });
      expect(reservationVerdict(link, usage(3, 2, 15, 5), NOW, 1)).to.deep.equal({ kind: 'refused', state: 'sold_out' });
      expect(reservationVerdict({ ...link, stock: null }, usage(3, 2), NOW, 999)).to.deep.equal({ kind: 'ok' });
    });
  });

  describe('fields', function () {
    it('tidies item names and keeps them to 1-50 characters', function () {
      expect(normalizeItemName('  Kaos\u00a0 Polos  ')).to.equal('Kaos Polos');
      expect(normalizeItemName('x'.repeat(50))).to.have.length(50);
      refuses(() => normalizeItemName('x'.repeat(51)), 'ITEM_NAME_INVALID');
      refuses(() => normalizeItemName('   '), 'ITEM_NAME_INVALID');
      refuses(() => normalizeItemName('a\u0007b'), 'ITEM_NAME_INVALID');
    });

    it('takes usage limits of 1 to 1,000,000, or unlimited', function () {
      expect(validateUsageLimit(1)).to.equal(1);
      expect(validateUsageLimit(1_000_000)).to.equal(1_000_000);
      expect(validateUsageLimit(null)).to.equal(null);
      for (const bad of [0, -1, 1.5, 1_000_001, Number.NaN]) refuses(() => validateUsageLimit(bad), 'USAGE_LIMIT_INVALID');
    });

    it('takes Order IDs of 1-36 characters of A-Z a-z 0-9 - _ . ~', function () {
      expect(validateOrderId('INV-001_a.b~c')).to.equal('INV-001_a.b~c');
      expect(validateOrderId('x'.repeat(36))).to.have.length(36);
      for (const bad of ['', 'x'.repeat(37), 'INV 001', 'INV/001', 'inv#1', '{"$gt":""}']) refuses(() => validateOrderId(bad), 'ORDER_ID_INVALID');
    });

    it('takes slugs of 3-50 characters of a-z 0-9 -, lower-casing them', function () {
      expect(validateSlug('Kaos-Hitam')).to.equal('kaos-hitam');
      expect(validateSlug('abc')).to.equal('abc');
      for (const bad of ['ab', 'x'.repeat(51), 'kaos_hitam', 'kaos hitam', 'kaos.hitam', 'kaós']) refuses(() => validateSlug(bad), 'SLUG_INVALID');
    });
  });

  describe('generated ids', function () {
    it('makes unguessable slugs of 12 characters of a-z 0-9', function () {
      const slugs = Array.from({ length: 2000 }, randomSlug);
      for (const slug of slugs) expect(slug).to.match(/^[a-z0-9]{12}$/);
      expect(new Set(slugs).size).to.equal(slugs.length);
    });

    it('makes readable Order IDs dated in WIB', function () {
      // 20:00 UTC on the 24th is already the 25th in Jakarta.
      expect(generatedOrderId(new Date('2026-11-24T20:00:00Z'))).to.match(/^INV-20261125-[2-9A-HJ-NP-Z]{4}$/);
      expect(generatedOrderId(NOW, 6)).to.match(/^INV-20261124-[2-9A-HJ-NP-Z]{6}$/);
    });
  });
});
