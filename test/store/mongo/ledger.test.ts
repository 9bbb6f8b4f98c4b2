import { expect } from 'chai';
import { activeLinksFilter, explainRefusal, liveHolds, reserveFilter, reservePipeline, usageOf } from '../../../src/store/mongo/ledger.ts';
import type { HoldDoc, LinkDoc } from '../../../src/store/mongo/models.ts';

const T0 = new Date('2026-11-24T03:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

function hold(seq: number, customerKey: string, untilMs: number): HoldDoc {
  return { seq, customerKey, until: at(untilMs) };
}

function linkDoc(overrides: Partial<LinkDoc> = {}): LinkDoc {
  return {
    _id: 'l1',
    merchantId: 'telegram:100',
    number: 1,
    orderId: 'INV-1',
    slug: 'kaos',
    itemName: 'Kaos',
    price: 150_000,
    usageLimit: 2,
    customer: null,
    expiresAt: null,
    createdVia: 'telegram',
    notifyChatId: '100',
    recipient: null,
    createdAt: T0,
    deletedAt: null,
    seq: 0,
    paidCount: 0,
    paidTotal: 0,
    holds: [],
    applied: [],
    ...overrides,
  };
}

describe('MongoDB store: the link ledger', function () {
  describe('usage', function () {
    it('counts every hold, even past its window (Midtrans may still take the money); only live ones are handed back', function () {
      const holds = [hold(1, 'a', -1), hold(2, 'b', 0), hold(3, 'c', 1)];
      expect(liveHolds(holds, T0).map((h) => h.seq)).to.deep.equal([3]);
      expect(usageOf(linkDoc({ seq: 3, paidCount: 1, paidTotal: 150_000, holds }))).to.deep.equal({
        orders: 3,
        paid: 1,
        paidTotal: 150_000,
        held: 3,
      });
    });
  });

  describe('why a reservation was refused', function () {
    it('says unknown for a missing link and deleted before anything else', function () {
      expect(explainRefusal(null, 'email:a', T0)).to.deep.equal({ kind: 'refused', state: 'unknown' });
      const deleted = linkDoc({ deletedAt: T0, holds: [hold(1, 'email:a', MINUTE)] });
      expect(explainRefusal(deleted, 'email:a', T0)).to.deep.equal({ kind: 'refused', state: 'deleted' });
    });

    it('hands the customer their own live hold even on a full or expired link', function () {
      const full = linkDoc({ usageLimit: 1, seq: 1, holds: [hold(1, 'email:a', MINUTE)] });
      expect(explainRefusal(full, 'email:a', T0)).to.deep.equal({ kind: 'own', hold: hold(1, 'email:a', MINUTE) });
      const expired = linkDoc({ expiresAt: at(-1), holds: [hold(1, 'email:a', MINUTE)] });
      expect(explainRefusal(expired, 'email:a', T0).kind).to.equal('own');
    });

    it('does not hand back a hold whose window ended, though it still takes its slot', function () {
      const link = linkDoc({ usageLimit: 1, holds: [hold(1, 'email:a', -1)] });
      expect(explainRefusal(link, 'email:a', T0)).to.deep.equal({ kind: 'refused', state: 'sold_out' });
      expect(explainRefusal(linkDoc({ usageLimit: 2, holds: [hold(1, 'email:a', -1)] }), 'email:a', T0)).to.deep.equal({ kind: 'retry' });
    });

    it('says expired, then sold out from paid + live holds', function () {
      expect(explainRefusal(linkDoc({ expiresAt: T0 }), 'email:a', T0)).to.deep.equal({ kind: 'refused', state: 'expired' });
      const full = linkDoc({ usageLimit: 2, paidCount: 1, holds: [hold(2, 'email:b', MINUTE)] });
      expect(explainRefusal(full, 'email:a', T0)).to.deep.equal({ kind: 'refused', state: 'sold_out' });
    });

    it('asks to try again when the link has room: it changed after the update missed', function () {
      expect(explainRefusal(linkDoc({ usageLimit: null, paidCount: 50 }), 'email:a', T0)).to.deep.equal({ kind: 'retry' });
    });
  });

  describe('the reservation update', function () {
    const input = { linkId: 'l1', customerKey: '$paidCount', now: T0, holdUntil: at(30 * MINUTE) };

    it('matches the link id with $eq, so an object from outside cannot act as an operator', function () {
      const filter = reserveFilter({ ...input, linkId: { $gt: '' } as unknown as string });
      expect(filter._id).to.deep.equal({ $eq: { $gt: '' } });
      expect(filter).to.include({ deletedAt: null });
    });

    it('passes the customer key as a literal, so a key starting with $ is not a field path', function () {
      const text = JSON.stringify([reserveFilter(input), reservePipeline(input)]);
      const uses = text.match(/.{12}"\$paidCount"/g) ?? [];
      const asLiteral = uses.filter((use) => use.endsWith('{"$literal":"$paidCount"'));
      expect(asLiteral).to.have.length(2);
      // The one other mention is the real field, in the limit check.
      expect(uses.length - asLiteral.length).to.equal(1);
    });

    it('numbers the new hold with the incremented seq and keeps every hold (each goes when its order closes)', function () {
      const [stage] = reservePipeline(input);
      const set = (stage as { $set: { seq: unknown; holds: { $concatArrays: [unknown, Array<Record<string, unknown>>] } } }).$set;
      expect(set.seq).to.deep.equal({ $add: [{ $ifNull: ['$seq', 0] }, 1] });
      const [kept, added] = set.holds.$concatArrays;
      expect(kept).to.deep.equal({ $ifNull: ['$holds', []] });
      expect(added).to.deep.equal([{ seq: set.seq, customerKey: { $literal: '$paidCount' }, until: { $literal: at(30 * MINUTE) } }]);
    });

    it('lists as active exactly what is neither deleted, expired nor full', function () {
      const filter = activeLinksFilter('telegram:100', T0);
      expect(filter).to.deep.include({ merchantId: { $eq: 'telegram:100' }, deletedAt: null });
      expect(filter.$or).to.deep.equal([{ expiresAt: null }, { expiresAt: { $gt: T0 } }]);
      expect(filter.$expr).to.deep.equal((reserveFilter(input).$expr as { $and: unknown[] }).$and[1]);
    });
  });
});
