/**
 * The money rules over generated input: whatever text a merchant types as a
 * price, the parser either gives whole rupiah within Midtrans's range or
 * refuses with a ValidationError that says why (and quotes at most a short
 * piece of the input); every amount it can show, it reads back to the same
 * amount; Midtrans's gross_amount strings are read without rounding.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { ValidationError } from '../../src/domain/errors.ts';
import { assertPrice, formatRupiah, MAX_PRICE, MIN_PRICE, parseGrossAmount, parseRupiah } from '../../src/domain/money.ts';
import { runs, TROUBLEMAKERS } from './support.ts';

const PRICE_CODES = ['PRICE_INVALID', 'PRICE_FRACTIONAL', 'PRICE_TOO_LOW', 'PRICE_TOO_HIGH'];

/** Runs `parse` and returns the amount, or the ValidationError it threw; anything else thrown fails the property. */
function outcome(parse: () => number): number | ValidationError {
  try {
    return parse();
  } catch (err) {
    expect(err, `threw ${String(err)}`).to.be.instanceOf(ValidationError);
    return err as ValidationError;
  }
}

function expectPriceVerdict(result: number | ValidationError, input: string): void {
  if (typeof result === 'number') {
    expect(Number.isSafeInteger(result), `${JSON.stringify(input)} → ${result}`).to.equal(true);
    expect(result).to.be.within(MIN_PRICE, MAX_PRICE);
    return;
  }
  expect(PRICE_CODES).to.include(result.code);
  for (const text of [result.say('id'), result.say('en')]) {
    expect(text.trim()).to.not.equal('');
    // The input is quoted, cut to 30 characters, so a pasted essay never becomes a wall of error text.
    expect(text.length).to.be.below(300);
  }
}

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 });
const priceish = fc
  .tuple(
    fc.constantFrom('', 'Rp', 'Rp ', 'rp.', 'IDR ', '-', '+', ' '),
    fc.array(fc.oneof(digits, fc.constantFrom('.', ',', '000', '.000', ',00', ',-', ' ', '٫', '１', '٣')), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('', 'rb', 'ribu', 'k', 'K', 'jt', 'juta', 'miliar', 'milyar', ' rb', 'e3', '%', 'rbjt'),
  )
  .map(([prefix, body, suffix]) => `${prefix}${body.join('')}${suffix}`);
const anyPriceText = fc.oneof(priceish, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...TROUBLEMAKERS));

describe('fuzz: money', function () {
  this.timeout(30_000);

  it('parseRupiah gives whole rupiah in range, or a ValidationError that says why', function () {
    fc.assert(
      fc.property(anyPriceText, (input) => expectPriceVerdict(outcome(() => parseRupiah(input)), input)),
      runs(3_000),
    );
  });

  it('parseRupiah reads every amount formatRupiah shows, and the ways merchants write it, back to the same amount', function () {
    const amount = fc.oneof(fc.integer({ min: MIN_PRICE, max: MAX_PRICE }), fc.constantFrom(MIN_PRICE, 999, 1_000, 999_999, 1_000_000, MAX_PRICE));
    fc.assert(
      fc.property(amount, (n) => {
        const shown = formatRupiah(n);
        expect(shown).to.match(/^Rp\d{1,3}(?:\.\d{3})*$/);
        for (const written of [shown, String(n), shown.replace('Rp', 'Rp '), shown.slice(2), `${shown},-`, `${shown},00`, `IDR ${n}`]) {
          expect(parseRupiah(written), written).to.equal(n);
        }
        if (n % 1_000 === 0) expect(parseRupiah(`${n / 1_000}rb`)).to.equal(n);
        expect(formatRupiah(parseRupiah(shown))).to.equal(shown);
      }),
      runs(2_000),
    );
  });

  it('parseRupiah refuses amounts just outside the range by name', function () {
    expect(outcome(() => parseRupiah('0'))).to.have.property('code', 'PRICE_TOO_LOW');
    expect(outcome(() => parseRupiah(formatRupiah(MAX_PRICE + 1)))).to.have.property('code', 'PRICE_TOO_HIGH');
    expect(outcome(() => parseRupiah('1,5'))).to.have.property('code', 'PRICE_FRACTIONAL');
  });

  it('parseRupiah answers quickly even for a huge paste', function () {
    for (const input of ['1'.repeat(100_000), `${'1.'.repeat(50_000)}1`, `${'1,000'.repeat(20_000)}x`, ' '.repeat(100_000), `Rp${'0'.repeat(100_000)}1`]) {
      const started = performance.now();
      expectPriceVerdict(outcome(() => parseRupiah(input)), input.slice(0, 20));
      // Backtracking gone wrong on 100 000 characters takes minutes; a busy machine running the suite in parallel, a few hundred ms.
      expect(performance.now() - started, `${input.slice(0, 10)}…`).to.be.below(2_000);
    }
  });

  it('assertPrice accepts exactly the safe whole numbers in range', function () {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -10, max: MAX_PRICE + 10 }), fc.constantFrom(NaN, Infinity, -0, 0.5, 2 ** 53)), (value) => {
        const result = outcome(() => assertPrice(value));
        const valid = Number.isSafeInteger(value) && value >= MIN_PRICE && value <= MAX_PRICE;
        if (valid) expect(result).to.equal(value);
        else expect(result).to.be.instanceOf(ValidationError);
      }),
      runs(2_000),
    );
  });

  it('parseGrossAmount reads Midtrans strings as whole rupiah or not at all, never rounding', function () {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.tuple(digits, fc.constantFrom('', '.00', '.0', '.50', '.01', '.000', '.')).map(([d, f]) => d + f)), (raw) => {
        const amount = parseGrossAmount(raw);
        if (amount === null) return;
        expect(Number.isSafeInteger(amount)).to.equal(true);
        expect(amount).to.be.at.least(0);
        // What was read is exactly what was written, with only zero cents dropped.
        expect(raw.replace(/\.0{1,2}$/, '').replace(/^0+(?=\d)/, '')).to.equal(String(amount));
      }),
      runs(2_000),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_999 }), (n) => {
        expect(parseGrossAmount(`${n}.00`)).to.equal(n);
        expect(parseGrossAmount(String(n))).to.equal(n);
      }),
      runs(500),
    );
  });
});
