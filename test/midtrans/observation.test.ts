import { expect } from 'chai';
import type { MidtransObservation } from '../../src/domain/order.ts';
import { toObservation } from '../../src/midtrans/observation.ts';
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
  },
  gopaySettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '154600.00',
    paymentType: 'gopay',
    transactionId: '513f1f01-c9da-474c-9fc9-d5c64364b709',
    channel: null,
  },
  qrisSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '5539.00',
    paymentType: 'qris',
    transactionId: '513f1f01-c9da-474c-9fc9-d5c64364b709',
    channel: 'gopay',
  },
  bcaVaSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '100000.00',
    paymentType: 'bank_transfer',
    transactionId: '9aed5972-5b6a-401e-894b-a32c91ed1a3a',
    channel: 'bca',
  },
  permataVaSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '185000.00',
    paymentType: 'bank_transfer',
    transactionId: '6fd88567-62da-43ff-8fe6-5717e430ffc7',
    channel: 'permata',
  },
  echannelSettlement: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '30000.00',
    paymentType: 'echannel',
    transactionId: '883af6a4-c1b4-4d39-9bd8-b148fcebe853',
    channel: null,
  },
  bcaVaPending: {
    transactionStatus: 'pending',
    fraudStatus: 'accept',
    statusCode: '201',
    grossAmount: '256000.00',
    paymentType: 'bank_transfer',
    transactionId: 'ecb79e2b-cf59-4e9e-b84d-480f4c77e6ce',
    channel: 'bca',
  },
  bcaVaSettlementAfterPending: {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '256000.00',
    paymentType: 'bank_transfer',
    transactionId: 'ecb79e2b-cf59-4e9e-b84d-480f4c77e6ce',
    channel: 'bca',
  },
  permataVaPending: {
    transactionStatus: 'pending',
    fraudStatus: 'accept',
    statusCode: '201',
    grossAmount: '3000.00',
    paymentType: 'bank_transfer',
    transactionId: '24f6d4d8-314f-4d23-ba3d-01a0824469d4',
    channel: 'permata',
  },
  permataVaExpire: {
    transactionStatus: 'expire',
    fraudStatus: 'accept',
    statusCode: '202',
    grossAmount: '3000.00',
    paymentType: 'bank_transfer',
    transactionId: '24f6d4d8-314f-4d23-ba3d-01a0824469d4',
    channel: 'permata',
  },
  echannelCancel: {
    transactionStatus: 'cancel',
    fraudStatus: 'accept',
    statusCode: '202',
    grossAmount: '10000000.00',
    paymentType: 'echannel',
    transactionId: '98478d64-4df9-4513-ad48-8ce173120fbd',
    channel: null,
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
