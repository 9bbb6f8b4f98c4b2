import { expect } from 'chai';
import { decideTransition, type MidtransObservation, type OrderStatus } from '../../src/domain/order.ts';

const AT = new Date('2026-11-24T03:00:00Z');

function says(transactionStatus: string, extra: Partial<MidtransObservation> = {}): MidtransObservation {
  return {
    transactionStatus,
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '150000.00',
    paymentType: 'qris',
    transactionId: 'tx',
    channel: null,
    ...extra,
  };
}

type Expected = { to: OrderStatus; event: string; notify: boolean } | { ignore: string };

describe('order state machine', function () {
  const table: Array<[OrderStatus, string, MidtransObservation, Expected]> = [
    ['pending', 'settlement pays', says('settlement'), { to: 'paid', event: 'paid', notify: true }],
    ['pending', 'card capture accepted pays', says('capture', { paymentType: 'credit_card' }), { to: 'paid', event: 'paid', notify: true }],
    ['pending', 'settlement without fraud status (Indomaret) pays', says('settlement', { fraudStatus: null }), { to: 'paid', event: 'paid', notify: true }],
    ['pending', 'capture under fraud review is not final', says('capture', { fraudStatus: 'challenge' }), { ignore: 'not_final' }],
    ['pending', 'capture denied by fraud check fails', says('capture', { fraudStatus: 'deny' }), { to: 'failed', event: 'failed', notify: false }],
    ['pending', 'pending again is not final', says('pending', { statusCode: '201' }), { ignore: 'not_final' }],
    ['pending', 'authorize is not final', says('authorize'), { ignore: 'not_final' }],
    ['pending', 'expire expires and tells the merchant', says('expire', { statusCode: '202' }), { to: 'expired', event: 'expired', notify: true }],
    ['pending', 'cancel cancels quietly', says('cancel', { statusCode: '202' }), { to: 'cancelled', event: 'cancelled', notify: false }],
    ['pending', 'deny fails quietly', says('deny', { statusCode: '202' }), { to: 'failed', event: 'failed', notify: false }],
    ['pending', 'failure fails quietly', says('failure'), { to: 'failed', event: 'failed', notify: false }],
    ['pending', 'less money than the price is underpaid, never paid', says('settlement', { grossAmount: '100000.00' }), { to: 'failed', event: 'underpaid', notify: true }],
    ['pending', 'an unreadable amount is never paid', says('settlement', { grossAmount: '150000.50' }), { to: 'failed', event: 'underpaid', notify: true }],
    ['pending', 'more money than the price (fee imposition) is paid', says('settlement', { grossAmount: '152000.00' }), { to: 'paid', event: 'paid', notify: true }],
    ['pending', 'an unknown status changes nothing', says('weird'), { ignore: 'unknown_status' }],
    ['pending', 'a refund before payment is late news', says('refund'), { ignore: 'late' }],
    ['paid', 'a second settlement changes nothing', says('settlement'), { ignore: 'unchanged' }],
    ['paid', 'a late pending never un-pays', says('pending', { statusCode: '201' }), { ignore: 'late' }],
    ['paid', 'a late expire never un-pays', says('expire', { statusCode: '202' }), { ignore: 'late' }],
    ['paid', 'a late cancel never un-pays', says('cancel'), { ignore: 'late' }],
    ['paid', 'settlement then deny is a reversal', says('deny', { statusCode: '202' }), { to: 'failed', event: 'reversed', notify: true }],
    ['paid', 'a refund refunds', says('refund'), { to: 'refunded', event: 'refunded', notify: true }],
    ['paid', 'a partial refund refunds', says('partial_refund'), { to: 'refunded', event: 'refunded', notify: true }],
    ['paid', 'a chargeback refunds', says('chargeback'), { to: 'refunded', event: 'refunded', notify: true }],
    ['expired', 'money arriving after our expiry still pays', says('settlement'), { to: 'paid', event: 'paid', notify: true }],
    ['expired', 'a second expire changes nothing', says('expire'), { ignore: 'unchanged' }],
    ['expired', 'a late pending changes nothing', says('pending'), { ignore: 'late' }],
    ['cancelled', 'a settlement after cancel still pays', says('settlement'), { to: 'paid', event: 'paid', notify: true }],
    ['failed', 'nothing moves a failed order', says('settlement'), { ignore: 'late' }],
    ['refunded', 'nothing moves a refunded order', says('settlement'), { ignore: 'late' }],
    ['refunded', 'not even a second refund', says('refund'), { ignore: 'late' }],
  ];

  for (const [from, name, observation, expected] of table) {
    it(`${from}: ${name}`, function () {
      const decision = decideTransition({ status: from, amount: 150_000 }, observation, AT);
      if ('ignore' in expected) {
        expect(decision).to.deep.equal({ kind: 'ignore', reason: expected.ignore });
      } else {
        expect(decision).to.deep.include({ kind: 'apply', ...expected });
      }
    });
  }

  it('records what Midtrans said about the money', function () {
    const decision = decideTransition(
      { status: 'pending', amount: 150_000 },
      says('settlement', { grossAmount: '152000.00', paymentType: 'bank_transfer', channel: 'bca', transactionId: 'tx-9' }),
      AT,
    );
    expect(decision.kind === 'apply' && decision.payment).to.deep.equal({
      method: 'bank_transfer',
      channel: 'bca',
      transactionId: 'tx-9',
      amountReceived: 152_000,
      grossAmountRaw: '152000.00',
      transactionStatus: 'settlement',
      at: AT,
    });
  });
});
