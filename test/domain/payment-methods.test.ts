import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { METHOD_WORDS, methodsWords, methodWord, parsePaymentMethods, PAYMENT_METHODS } from '../../src/domain/payment-methods.ts';
import { SNAP_PAYMENT_NAMES } from '../../src/midtrans/simulator/snap-validation.ts';
import { methodsEnabledBy } from '../../src/midtrans/simulator/methods.ts';

function refusal(words: string[]): { code: string; en: string } {
  try {
    parsePaymentMethods(words);
  } catch (err) {
    if (isAppError(err)) return { code: err.code, en: err.say('en') };
    throw err;
  }
  return expect.fail('expected a refusal');
}

describe('payment methods', function () {
  it('names only methods Snap’s enabled_payments takes (checked against the simulator’s own list)', function () {
    for (const name of PAYMENT_METHODS) expect(SNAP_PAYMENT_NAMES.has(name), name).to.equal(true);
  });

  it('every method the simulator offers can be chosen', function () {
    expect(methodsEnabledBy([...PAYMENT_METHODS])).to.deep.equal(methodsEnabledBy(null));
  });

  it('reads the words merchants type, expanding groups, without repeats, in one order', function () {
    expect(parsePaymentMethods(['qris', 'gopay'])).to.deep.equal(['other_qris', 'gopay']);
    expect(parsePaymentMethods(['gopay', 'QRIS', 'gopay'])).to.deep.equal(['other_qris', 'gopay']);
    expect(parsePaymentMethods(['va'])).to.include.members(['bca_va', 'bni_va', 'bri_va', 'permata_va', 'echannel']);
    expect(parsePaymentMethods(['ewallet'])).to.deep.equal(['gopay', 'shopeepay', 'dana', 'ovo']);
    expect(parsePaymentMethods(['gerai'])).to.deep.equal(['indomaret', 'alfamart']);
    expect(parsePaymentMethods(['kartu'])).to.deep.equal(['credit_card']);
  });

  it('refuses an unknown method with the list, and an empty list', function () {
    const unknown = refusal(['qris', 'bitcoin']);
    expect(unknown.code).to.equal('PAYMENT_METHOD_UNKNOWN');
    expect(unknown.en).to.contain('bitcoin').and.to.contain('qris').and.to.contain('ewallet');
    expect(refusal([' ']).code).to.equal('PAYMENT_METHODS_EMPTY');
  });

  it('shows QRIS as merchants say it', function () {
    expect(methodWord('other_qris')).to.equal('qris');
    expect(METHOD_WORDS).to.include('qris').and.not.to.include('other_qris');
  });
});

describe('payment methods as shown', function () {
  it('shortens whole groups to the word merchants type', function () {
    expect(methodsWords(parsePaymentMethods(['qris', 'va']))).to.deep.equal(['qris', 'va']);
    expect(methodsWords(parsePaymentMethods(['gopay', 'bca_va']))).to.deep.equal(['gopay', 'bca_va']);
    expect(methodsWords(parsePaymentMethods(['ewallet', 'kartu']))).to.deep.equal(['credit_card', 'ewallet']);
  });
});
