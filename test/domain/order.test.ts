import { expect } from 'chai';
import { decideTransition, type MidtransObservation, type Order, type OrderStatus, type PaymentInfo } from '../../src/domain/order.ts';

const AT = new Date('2026-11-24T03:00:00Z');
/** The payment window is still open at AT… */
const OPEN = new Date(AT.getTime() + 60_000);
/** …or over. */
const OVER = new Date(AT.getTime() - 60_000);

function says(transactionStatus: string, extra: Partial<MidtransObservation> = {}): MidtransObservation {
  return {
    transactionStatus,
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '150000.00',
    paymentType: 'qris',
    transactionId: 'tx',
    channel: null,
    currency: 'IDR',
    refundAmount: null,
    ...extra,
  };
}

function paidBy(transactionId: string, extra: Partial<PaymentInfo> = {}): PaymentInfo {
  return {
    method: 'credit_card',
    channel: 'bni',
    transactionId,
    amountReceived: 150_000,
    grossAmountRaw: '150000.00',
    transactionStatus: 'capture',
    fraudStatus: 'accept',
    at: AT,
    ...extra,
  };
}

type Current = Pick<Order, 'status' | 'amount' | 'refundedAmount' | 'reservedUntil' | 'payment'>;
function order(status: OrderStatus, extra: Partial<Current> = {}): Current {
  return { status, amount: 150_000, refundedAmount: 0, reservedUntil: OPEN, payment: status === 'paid' ? paidBy('tx') : null, ...extra };
}

type Expected = { to: OrderStatus; event: string; notify: boolean; refundedAmount?: number } | { ignore: string };

describe('order state machine', function () {
  const table: Array<[Current, string, MidtransObservation, Expected]> = [
    [order('pending'), 'settlement pays', says('settlement'), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'card capture accepted pays', says('capture', { paymentType: 'credit_card' }), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'settlement without fraud status (Indomaret) pays', says('settlement', { fraudStatus: null }), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'capture under fraud review asks the merchant, and the order keeps its slot', says('capture', { fraudStatus: 'challenge', statusCode: '201' }), { to: 'pending', event: 'challenge', notify: true }],
    [order('pending', { payment: paidBy('tx', { fraudStatus: 'challenge' }) }), 'the same challenge again asks nothing new', says('capture', { fraudStatus: 'challenge' }), { ignore: 'unchanged' }],
    [order('pending', { payment: paidBy('tx', { fraudStatus: 'challenge' }) }), 'the challenge approved pays', says('capture', { fraudStatus: 'accept' }), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'capture denied by fraud check ends the attempt while the window is open', says('capture', { fraudStatus: 'deny' }), { ignore: 'attempt_ended' }],
    [order('pending'), 'pending again is not final', says('pending', { statusCode: '201' }), { ignore: 'not_final' }],
    [order('pending'), 'authorize is not final', says('authorize'), { ignore: 'not_final' }],
    [order('pending'), 'a declined card while the window is open ends one attempt, not the order', says('deny', { statusCode: '202' }), { ignore: 'attempt_ended' }],
    [order('pending'), 'a failure while the window is open ends one attempt', says('failure', { statusCode: '202' }), { ignore: 'attempt_ended' }],
    [order('pending'), 'an expired VA while the window is open ends one attempt', says('expire', { statusCode: '407' }), { ignore: 'attempt_ended' }],
    [order('pending'), 'a cancel while the window is open ends one attempt', says('cancel', { statusCode: '202' }), { ignore: 'attempt_ended' }],
    [order('pending', { reservedUntil: OVER }), 'expire after the window expires and tells the merchant', says('expire', { statusCode: '202' }), { to: 'expired', event: 'expired', notify: true }],
    [order('pending', { reservedUntil: OVER }), 'cancel after the window cancels quietly', says('cancel', { statusCode: '202' }), { to: 'cancelled', event: 'cancelled', notify: false }],
    [order('pending', { reservedUntil: OVER }), 'deny after the window fails quietly', says('deny', { statusCode: '202' }), { to: 'failed', event: 'failed', notify: false }],
    [order('pending', { reservedUntil: OVER }), 'a late settlement after the window still pays', says('settlement'), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'less money than the price is underpaid, never paid', says('settlement', { grossAmount: '100000.00' }), { to: 'failed', event: 'underpaid', notify: true }],
    [order('pending'), 'an unreadable amount is never paid', says('settlement', { grossAmount: '150000.50' }), { to: 'failed', event: 'underpaid', notify: true }],
    [order('pending'), 'more money than the price (fee imposition) is paid', says('settlement', { grossAmount: '152000.00' }), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'a settlement in another currency is never paid', says('settlement', { currency: 'USD' }), { ignore: 'foreign_currency' }],
    [order('pending'), 'a settlement without a currency is read as rupiah', says('settlement', { currency: null }), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'an unknown status changes nothing', says('weird'), { ignore: 'unknown_status' }],
    [order('pending'), 'a refund seen before its payment pays first (the money was taken)', says('refund'), { to: 'paid', event: 'paid', notify: true }],
    [order('pending'), 'a partial refund seen before its payment pays first', says('partial_refund', { refundAmount: 10_000 }), { to: 'paid', event: 'paid', notify: true }],
    [order('expired'), 'a chargeback of an order we had closed pays it late first', says('chargeback'), { to: 'paid', event: 'paid_late', notify: true }],
    [order('paid'), 'a second settlement changes nothing', says('settlement'), { ignore: 'unchanged' }],
    [order('paid'), 'a late pending never un-pays', says('pending', { statusCode: '201' }), { ignore: 'late' }],
    [order('paid'), 'a late expire never un-pays', says('expire', { statusCode: '202' }), { ignore: 'late' }],
    [order('paid'), 'settlement then deny is a reversal', says('deny', { statusCode: '202' }), { to: 'failed', event: 'reversed', notify: true }],
    [order('paid'), 'capture then cancel (a void) un-pays and tells the merchant', says('cancel'), { to: 'cancelled', event: 'voided', notify: true }],
    [order('paid'), 'a deny of an earlier attempt never touches the payment', says('deny', { transactionId: 'tx-first-try', statusCode: '202' }), { ignore: 'other_transaction' }],
    [order('paid'), 'a cancel of an earlier attempt never touches the payment', says('cancel', { transactionId: 'tx-first-try' }), { ignore: 'other_transaction' }],
    [order('paid'), 'a refund refunds everything', says('refund'), { to: 'refunded', event: 'refunded', notify: true, refundedAmount: 150_000 }],
    [order('paid'), 'a partial refund keeps the order paid with the amount given back', says('partial_refund', { refundAmount: 10_000 }), { to: 'paid', event: 'partially_refunded', notify: true, refundedAmount: 10_000 }],
    [order('paid', { refundedAmount: 10_000 }), 'the same partial refund again changes nothing', says('partial_refund', { refundAmount: 10_000 }), { ignore: 'unchanged' }],
    [order('paid', { refundedAmount: 10_000 }), 'a second partial refund adds up', says('partial_refund', { refundAmount: 30_000 }), { to: 'paid', event: 'partially_refunded', notify: true, refundedAmount: 30_000 }],
    [order('paid', { refundedAmount: 30_000 }), 'an older partial refund arriving late changes nothing', says('partial_refund', { refundAmount: 10_000 }), { ignore: 'late' }],
    [order('paid', { refundedAmount: 10_000 }), 'a full refund after a partial one still refunds', says('refund'), { to: 'refunded', event: 'refunded', notify: true, refundedAmount: 150_000 }],
    [order('paid'), 'a partial refund of everything is a refund', says('partial_refund', { refundAmount: 150_000 }), { to: 'refunded', event: 'refunded', notify: true, refundedAmount: 150_000 }],
    [order('paid'), 'a partial refund without its amount is not guessed', says('partial_refund'), { ignore: 'unknown_status' }],
    [order('paid'), 'a chargeback is reported as a chargeback', says('chargeback'), { to: 'refunded', event: 'charged_back', notify: true, refundedAmount: 150_000 }],
    [order('paid'), 'a partial chargeback keeps the order paid', says('partial_chargeback', { refundAmount: 50_000 }), { to: 'paid', event: 'partially_charged_back', notify: true, refundedAmount: 50_000 }],
    [order('expired'), 'money arriving after our expiry still pays, told as late', says('settlement'), { to: 'paid', event: 'paid_late', notify: true }],
    [order('expired'), 'a second expire changes nothing', says('expire'), { ignore: 'unchanged' }],
    [order('expired'), 'a late pending changes nothing', says('pending'), { ignore: 'late' }],
    [order('expired'), 'a capture held for review on a closed order still asks the merchant', says('capture', { fraudStatus: 'challenge' }), { to: 'expired', event: 'challenge', notify: true }],
    [order('cancelled'), 'a settlement after cancel still pays, told as late', says('settlement'), { to: 'paid', event: 'paid_late', notify: true }],
    [order('failed'), 'a settlement after a deny pays the failed order (another attempt in the Snap session)', says('settlement', { transactionId: 'tx-2' }), { to: 'paid', event: 'paid_late', notify: true }],
    [order('failed'), 'an underpaid order seen underpaid again changes nothing', says('settlement', { grossAmount: '100000.00' }), { ignore: 'unchanged' }],
    [order('refunded'), 'nothing moves a refunded order', says('settlement'), { ignore: 'late' }],
    [order('refunded'), 'not even a second refund', says('refund'), { ignore: 'late' }],
  ];

  for (const [current, name, observation, expected] of table) {
    it(`${current.status}: ${name}`, function () {
      const decision = decideTransition(current, observation, AT);
      if ('ignore' in expected) {
        expect(decision).to.deep.equal({ kind: 'ignore', reason: expected.ignore });
      } else {
        const { refundedAmount = current.refundedAmount, ...rest } = expected;
        expect(decision).to.deep.include({ kind: 'apply', ...rest, refundedAmount });
      }
    });
  }

  it('records what Midtrans said about the money', function () {
    const decision = decideTransition(
      order('pending'),
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
      fraudStatus: 'accept',
      at: AT,
    });
  });
});
