import { expect } from 'chai';
import type { MidtransObservation } from '../../src/domain/order.ts';
import { isConsistent, toObservation } from '../../src/midtrans/observation.ts';
import { NOTIFICATION_SAMPLES, type SampleName, signedSamples } from './fixtures/notifications.ts';

const EXPECTED: Record<SampleName, MidtransObservation> = {
  cardCapture: {
    transactionStatus: 'capture',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '10000.00',
    paymentType: 'credit_card',
    transactionId: '57d5293c-e65f-4a29-95e4-5959c3fa335b',
    channel: 'bni',
    currency: 'IDR',
    refundAmount: null,
  },
  gopaySettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '154600.00',
    paymentType: 'gopay',
    transactionId: '513f1f01-c9da-474c-9fc9-d5c64364b709',
    channel: null,
    currency: 'IDR',
    refundAmount: null,
  },
  qrisSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '5539.00',
    paymentType: 'qris',
    transactionId: '513f1f01-c9da-474c-9fc9-d5c64364b709',
    channel: 'gopay',
    currency: 'IDR',
    refundAmount: null,
  },
  bcaVaSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '100000.00',
    paymentType: 'bank_transfer',
    transactionId: '9aed5972-5b6a-401e-894b-a32c91ed1a3a',
    channel: 'bca',
    currency: 'IDR',
    refundAmount: null,
  },
  permataVaSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '185000.00',
    paymentType: 'bank_transfer',
    transactionId: '6fd88567-62da-43ff-8fe6-5717e430ffc7',
    channel: 'permata',
    currency: 'IDR',
    refundAmount: null,
  },
  echannelSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '30000.00',
    paymentType: 'echannel',
    transactionId: '883af6a4-c1b4-4d39-9bd8-b148fcebe853',
    channel: null,
    currency: 'IDR',
    refundAmount: null,
  },
  bcaVaPending: {
    transactionStatus: 'pending',
    fraudStatus: 'accept',
    statusCode: '201',
    grossAmount: '256000.00',
    paymentType: 'bank_transfer',
    transactionId: 'ecb79e2b-cf59-4e9e-b84d-480f4c77e6ce',
    channel: 'bca',
    currency: 'IDR',
    refundAmount: null,
  },
  bcaVaSettlementAfterPending: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '256000.00',
    paymentType: 'bank_transfer',
    transactionId: 'ecb79e2b-cf59-4e9e-b84d-480f4c77e6ce',
    channel: 'bca',
    currency: 'IDR',
    refundAmount: null,
  },
  permataVaPending: {
    transactionStatus: 'pending',
    fraudStatus: 'accept',
    statusCode: '201',
    grossAmount: '3000.00',
    paymentType: 'bank_transfer',
    transactionId: '24f6d4d8-314f-4d23-ba3d-01a0824469d4',
    channel: 'permata',
    currency: 'IDR',
    refundAmount: null,
  },
  permataVaExpire: {
    transactionStatus: 'expire',
    fraudStatus: 'accept',
    statusCode: '202',
    grossAmount: '3000.00',
    paymentType: 'bank_transfer',
    transactionId: '24f6d4d8-314f-4d23-ba3d-01a0824469d4',
    channel: 'permata',
    currency: 'IDR',
    refundAmount: null,
  },
  echannelCancel: {
    transactionStatus: 'cancel',
    fraudStatus: 'accept',
    statusCode: '202',
    grossAmount: '10000000.00',
    paymentType: 'echannel',
    transactionId: '98478d64-4df9-4513-ad48-8ce173120fbd',
    channel: null,
    currency: 'IDR',
    refundAmount: null,
  },
};

describe('midtrans toObservation', () => {
  const samples = signedSamples();
  for (const name of Object.keys(EXPECTED) as SampleName[]) {
    it(`reads the ${name} sample`, () => {
      expect(toObservation(samples[name])).to.deep.equal(EXPECTED[name]);
    });
  }

  it('falls back to the issuer, then the bank, then the store when no VA names a bank', () => {
    const { order_id, transaction_status, status_code, gross_amount } = NOTIFICATION_SAMPLES.gopaySettlement;
    const base = { order_id, transaction_status, status_code, gross_amount };
    expect(toObservation({ ...base, store: 'indomaret' })?.channel).to.equal('indomaret');
    expect(toObservation({ ...base, issuer: 'shopeepay', store: 'indomaret' })?.channel).to.equal('shopeepay');
    expect(toObservation({ ...base, va_numbers: [], bank: 'bni' })?.channel).to.equal('bni');
    expect(toObservation({ ...base, va_numbers: ['bca'], bank: 'bni' })?.channel).to.equal('bni');
  });

  it('reads a body without fraud_status (Indomaret) and keeps unknown fields out of the way', () => {
    const { fraud_status: _absent, ...body } = NOTIFICATION_SAMPLES.gopaySettlement;
    const observation = toObservation({ ...body, brand_new_field: { nested: true }, metadata: null });
    expect(observation?.fraudStatus).to.equal(null);
    expect(observation?.transactionStatus).to.equal('settlement');
  });

  it('gives null when a required field is missing or not a string', () => {
    const body = NOTIFICATION_SAMPLES.bcaVaSettlement;
    for (const field of ['order_id', 'transaction_status', 'status_code', 'gross_amount'] as const) {
      const { [field]: _dropped, ...missing } = body;
      expect(toObservation(missing), `without ${field}`).to.equal(null);
      for (const wrong of [150000, null, ['x'], { v: 'x' }, '']) {
        expect(toObservation({ ...body, [field]: wrong }), `${field}=${JSON.stringify(wrong)}`).to.equal(null);
      }
    }
  });

  it('gives null for things that are not bodies', () => {
    for (const notABody of [null, undefined, 'settlement', 42, [NOTIFICATION_SAMPLES.bcaVaSettlement]]) {
      expect(toObservation(notABody)).to.equal(null);
    }
  });

  it('treats optional fields of the wrong type as absent', () => {
    const observation = toObservation({ ...NOTIFICATION_SAMPLES.qrisSettlement, payment_type: 7, issuer: ['gopay'], transaction_id: null });
    expect(observation).to.include({ paymentType: null, channel: null, transactionId: null });
  });
});

describe('isConsistent: unsigned fields against the signed status_code', function () {
  const obs = (transactionStatus: string, statusCode: string, fraudStatus: string | null = 'accept'): MidtransObservation => ({
    transactionStatus,
    fraudStatus,
    statusCode,
    grossAmount: '150000.00',
    paymentType: 'qris',
    transactionId: 'tx',
    channel: null,
    currency: 'IDR',
    refundAmount: null,
  });
  const cases: Array<[MidtransObservation, boolean, string]> = [
    [obs('settlement', '200'), true, 'settlement comes with 200'],
    [obs('settlement', '200', null), true, 'settlement without a fraud status (Indomaret)'],
    [obs('settlement', '201'), false, 'a signed pending (201) rewritten to settlement'],
    [obs('capture', '200'), true, 'capture accepted comes with 200'],
    [obs('capture', '201', 'challenge'), true, 'capture under review comes with 201'],
    [obs('capture', '201', 'accept'), false, 'a signed challenge (201) with fraud_status rewritten to accept'],
    [obs('capture', '202', 'deny'), true, 'capture denied by fraud detection'],
    [obs('settlement', '200', 'challenge'), false, 'a settlement never carries a challenge'],
    [obs('pending', '201'), true, 'pending comes with 201'],
    [obs('pending', '200'), false, 'pending never comes with 200'],
    [obs('deny', '202'), true, 'deny comes with 202'],
    [obs('expire', '202'), true, 'expire comes with 202 in notifications'],
    [obs('expire', '407'), true, 'and 407 from the Core API'],
    [obs('cancel', '202'), true, 'cancel notifications come with 202'],
    [obs('partial_refund', '200'), true, 'refunds come with 200'],
    [obs('constructor', '200'), false, 'an unknown status is never consistent'],
  ];
  for (const [observation, consistent, name] of cases) {
    it(name, function () {
      expect(isConsistent(observation)).to.equal(consistent);
    });
  }
});

describe('toObservation: what Midtrans sends beyond the status', function () {
  it('reads DANA’s upper-case statuses, the currency and the amount refunded so far', function () {
    const observed = toObservation({
      order_id: 'x',
      transaction_status: 'PARTIAL_REFUND',
      status_code: '200',
      gross_amount: '150000.00',
      fraud_status: 'ACCEPT',
      currency: 'idr',
      refund_amount: '10000.00',
    });
    expect(observed).to.include({ transactionStatus: 'partial_refund', fraudStatus: 'accept', currency: 'IDR', refundAmount: 10_000 });
  });

  it('adds up the refunds list when no total is given, and refuses to guess an unreadable one', function () {
    const base = { order_id: 'x', transaction_status: 'partial_refund', status_code: '200', gross_amount: '150000.00' };
    expect(toObservation({ ...base, refunds: [{ refund_amount: '10000.00' }, { refund_amount: '5000.00' }] })!.refundAmount).to.equal(15_000);
    expect(toObservation({ ...base, refunds: [{ refund_amount: 'lots' }] })!.refundAmount).to.equal(null);
    expect(toObservation(base)!.refundAmount).to.equal(null);
  });
});
