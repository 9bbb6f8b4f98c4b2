/**
 * Whatever a customer (or a script) posts as the amount, the quantity or the
 * answers, the offer's rules either give a value within the link's bounds or
 * refuse with a ValidationError naming the form field: never anything else,
 * never an answer with a control character in it.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { ValidationError } from '../../src/domain/errors.ts';
import { ANSWER_MAX_CHARS, openAmount, orderAnswers, orderQuantity, validateQuestions, validateRedirectUrl } from '../../src/domain/link-offer.ts';
import { parseRupiah } from '../../src/domain/money.ts';

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('25000', '25.000', '25rb', 'Rp25.000', '0', '-5', '1e9', '9999999999999', '3', ' 3 ', '<script>', '\u001b[31m', '\u202E', 'L\nM', 'a\u0000b'),
);

/** Runs a rule; a ValidationError for `field` counts as a refusal, anything else thrown fails the property. */
function outcome<T>(rule: () => T, field: RegExp): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: rule() };
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    expect(String((err as ValidationError).details['field'])).to.match(field);
    return { ok: false };
  }
}

describe('link offers under any input', function () {
  it('an open amount is whole rupiah within the bounds, read as chat reads a price', function () {
    const pricing = { kind: 'open' as const, min: 10_000, max: 5_000_000, presets: [] };
    fc.assert(
      fc.property(fc.oneof(hostile, fc.integer({ min: -10, max: 10_000_000 }).map(String)), (typed) => {
        const read = outcome(() => openAmount(pricing, typed), /^amount$/);
        if (!read.ok) return;
        expect(Number.isSafeInteger(read.value)).to.equal(true);
        expect(read.value).to.be.within(10_000, 5_000_000);
        expect(read.value).to.equal(parseRupiah(typed));
      }),
      { numRuns: 500 },
    );
  });

  it('a quantity is a whole number within the range', function () {
    fc.assert(
      fc.property(hostile, (typed) => {
        const read = outcome(() => orderQuantity({ min: 2, max: 5 }, typed), /^quantity$/);
        if (read.ok) expect(read.value).to.be.oneOf([2, 3, 4, 5]);
      }),
      { numRuns: 300 },
    );
  });

  it('answers are one per question, bounded, free of control characters', function () {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostile, fc.constant(undefined)), { maxLength: 4 }), (typed) => {
        const read = outcome(() => orderAnswers(['Ukuran', 'Alamat', 'Catatan'], typed), /^answer[123]$/);
        if (!read.ok) return;
        expect(read.value).to.have.length(3);
        for (const answer of read.value) {
          expect(answer.length).to.be.within(1, ANSWER_MAX_CHARS);
          expect(/\p{Cc}/u.test(answer)).to.equal(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('questions and redirects the merchant types are refused or clean', function () {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 4 }), hostile, (questions, url) => {
        const asked = outcome(() => validateQuestions(questions), /^questions$/);
        if (asked.ok) for (const q of asked.value) expect(/\p{Cc}/u.test(q)).to.equal(false);
        const redirect = outcome(() => validateRedirectUrl(url), /^redirectUrl$/);
        if (redirect.ok && redirect.value !== null) expect(redirect.value.startsWith('https://')).to.equal(true);
      }),
      { numRuns: 300 },
    );
  });
});
