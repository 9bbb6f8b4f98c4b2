/** What may be refunded, and how much (issue 18): the rules before Midtrans is asked. */
import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import type { Order, PaymentInfo } from '../../src/domain/order.ts';
import { isRefundableMethod, refundableLeft, refundAmount } from '../../src/refunds/refund-rules.ts';

function paid(payment: Partial<PaymentInfo> = {}, order: Partial<Order> = {}): Order {
  return {
    id: 'INV-1-1',
    linkId: 'l1',
    seq: 1,
    customer: { name: 'Ani', phone: null, email: null },
    customerKey: 'k',
    amount: 150_000,
    quantity: 1,
    answers: [],
    status: 'paid',
    reservedUntil: new Date(0),
    snap: null,
    payment: { method: 'qris', channel: null, transactionId: 'tx', amountReceived: 150_000, grossAmountRaw: '150000.00', transactionStatus: 'settlement', fraudStatus: 'accept', at: new Date(0), ...payment },
    receiptTo: null,
    client: null,
    transactionIds: ['tx'],
    refundedAmount: 0,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...order,
  };
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (err) {
    return isAppError(err) ? err.code : 'not an AppError';
  }
}

describe('refund rules (issue 18)', function () {
  it('takes the methods Midtrans’s Refund API documents, and no VA or store', function () {
    for (const method of ['credit_card', 'gopay', 'shopeepay', 'dana', 'ovo', 'qris', 'kredivo', 'akulaku']) expect(isRefundableMethod(method), method).to.equal(true);
    for (const method of ['bank_transfer', 'echannel', 'permata', 'cstore', null]) expect(isRefundableMethod(method), String(method)).to.equal(false);
  });

  it('refunds what is left by default, a part when asked, and never more', function () {
    expect(refundAmount(paid(), null, 0)).to.equal(150_000);
    expect(refundAmount(paid(), 50_000, 0)).to.equal(50_000);
    const partly = paid({ transactionStatus: 'partial_refund' }, { refundedAmount: 50_000 });
    expect(refundAmount(partly, null, 0)).to.equal(100_000);
    expect(refundAmount(partly, null, 30_000), 'minus a refund sent but not yet confirmed').to.equal(70_000);
    expect(codeOf(() => refundAmount(partly, 100_001, 0))).to.equal('REFUND_TOO_MUCH');
    expect(refundableLeft(partly, 200_000)).to.equal(0);
    expect(codeOf(() => refundAmount(partly, null, 100_000))).to.equal('REFUND_NOTHING_LEFT');
  });

  it('refuses what Midtrans would: an unpaid order, a card capture not settled yet, a VA', function () {
    expect(codeOf(() => refundAmount(paid({}, { status: 'pending' }), null, 0))).to.equal('REFUND_NOT_PAID');
    expect(codeOf(() => refundAmount(paid({ method: 'credit_card', transactionStatus: 'capture' }), null, 0))).to.equal('REFUND_NOT_SETTLED');
    expect(codeOf(() => refundAmount(paid({ method: 'bank_transfer', channel: 'bca' }), null, 0))).to.equal('REFUND_METHOD_UNSUPPORTED');
  });
});
