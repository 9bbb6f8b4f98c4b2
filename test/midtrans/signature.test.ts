import { expect } from 'chai';
import { hasValidSignature, signatureFor } from '../../src/midtrans/signature.ts';
import { NOTIFICATION_SAMPLES, signed, TEST_SERVER_KEY } from './fixtures/notifications.ts';

const VECTOR = {
  orderId: '1111',
  statusCode: '200',
  grossAmount: '100000.00',
  serverKey: 'askvnoibnosifnboseofinbofinfgbiufglnbfg',
  signature:
    'edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231',
};

describe('midtrans signature', () => {
  const body = { order_id: VECTOR.orderId, status_code: VECTOR.statusCode, gross_amount: VECTOR.grossAmount, signature_key: VECTOR.signature };

  it('matches the reference test vector', () => {
    expect(signatureFor(VECTOR.orderId, VECTOR.statusCode, VECTOR.grossAmount, VECTOR.serverKey)).to.equal(VECTOR.signature);
    expect(hasValidSignature(body, VECTOR.serverKey)).to.equal(true);
  });

  it('accepts an upper-case hex signature', () => {
    expect(hasValidSignature({ ...body, signature_key: VECTOR.signature.toUpperCase() }, VECTOR.serverKey)).to.equal(true);
  });

  it('refuses a body whose signed fields were changed', () => {
    for (const tampered of [
      { ...body, order_id: '1112' },
      { ...body, status_code: '201' },
      { ...body, gross_amount: '100000' },
      { ...body, gross_amount: '1000000.00' },
    ]) {
      expect(hasValidSignature(tampered, VECTOR.serverKey), JSON.stringify(tampered)).to.equal(false);
    }
    expect(hasValidSignature(body, `${VECTOR.serverKey}x`)).to.equal(false);
  });

  it('refuses, without throwing, signatures of any other length or alphabet', () => {
    for (const signature_key of ['', 'abc', VECTOR.signature.slice(0, -2), `${VECTOR.signature}00`, `${VECTOR.signature.slice(0, -1)}g`, 'é'.repeat(128)]) {
      expect(hasValidSignature({ ...body, signature_key }, VECTOR.serverKey), signature_key).to.equal(false);
    }
  });

  it('refuses bodies whose fields are not strings, or that are not objects', () => {
    for (const bad of [
      { ...body, gross_amount: 100000 },
      { ...body, status_code: 200 },
      { ...body, order_id: ['1111'] },
      { ...body, signature_key: null },
      { order_id: '1111' },
      null,
      undefined,
      'a string',
      [body],
    ]) {
      expect(hasValidSignature(bad, VECTOR.serverKey), JSON.stringify(bad)).to.equal(false);
    }
  });

  it('verifies re-signed reference samples, and not their originals under our key', () => {
    const sample = NOTIFICATION_SAMPLES.gopaySettlement;
    expect(hasValidSignature(sample, TEST_SERVER_KEY)).to.equal(false);
    expect(hasValidSignature(signed(sample, TEST_SERVER_KEY), TEST_SERVER_KEY)).to.equal(true);
  });
});
