/**
 * Outbox keys are the outbox's idempotency: an entry whose key is already held
 * is dropped. They are stored, so their formats are part of the database: a
 * changed format would send again every notice queued before an upgrade.
 */
import { expect } from 'chai';
import { linkShareKey, merchantNoticeKey, receiptKey } from '../../src/notify/outbox-keys.ts';

describe('outbox keys', function () {
  it("the merchant's notice: one per order and event, in the stored format", function () {
    expect(merchantNoticeKey({ id: 'INV-7-1', refundedAmount: 0 }, 'paid')).to.equal('INV-7-1:paid:merchant');
    expect(merchantNoticeKey({ id: 'INV-7-1', refundedAmount: 50_000 }, 'refunded')).to.equal('INV-7-1:refunded:merchant');
  });

  it('a repeatable event is news again at each new amount, and the same at the same amount', function () {
    const first = merchantNoticeKey({ id: 'INV-7-1', refundedAmount: 20_000 }, 'partially_refunded');
    const second = merchantNoticeKey({ id: 'INV-7-1', refundedAmount: 50_000 }, 'partially_refunded');
    expect(first).to.equal('INV-7-1:partially_refunded:20000:merchant');
    expect(second).to.not.equal(first);
    expect(merchantNoticeKey({ id: 'INV-7-1', refundedAmount: 20_000 }, 'partially_refunded')).to.equal(first);
    expect(merchantNoticeKey({ id: 'INV-7-1', refundedAmount: 30_000 }, 'partially_charged_back')).to.equal(
      'INV-7-1:partially_charged_back:30000:merchant',
    );
  });

  it("the customer's receipt: one per order", function () {
    expect(receiptKey('INV-7-1')).to.equal('INV-7-1:paid:receipt');
  });

  it('a shared link: one per request, so the same request twice sends once and a new request sends again', function () {
    const key = linkShareKey('lnk1', 'email', 'budi@mail.com', '42');
    expect(key).to.equal('share:lnk1:email:budi@mail.com:42');
    expect(linkShareKey('lnk1', 'email', 'budi@mail.com', '43')).to.not.equal(key);
    expect(linkShareKey('lnk1', 'whatsapp', '6281234567890@s.whatsapp.net', '42')).to.equal('share:lnk1:whatsapp:6281234567890@s.whatsapp.net:42');
  });
});
