import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { formatRupiah, parseGrossAmount, parseRupiah } from '../../src/domain/money.ts';

describe('money', function () {
  describe('parseRupiah reads prices the way merchants type them', function () {
    const accepted: Array<[string, number]> = [
      ['150000', 150_000],
      ['150.000', 150_000],
      ['150,000', 150_000],
      ['Rp150.000', 150_000],
      ['Rp 150.000', 150_000],
      ['rp150000', 150_000],
      ['Rp. 150.000', 150_000],
      ['IDR 150,000', 150_000],
      ['Rp 150.000,00', 150_000],
      ['Rp150.000,-', 150_000],
      ['1 miliar', 1_000_000_000],
      ['150000.00', 150_000],
      ['150,000.00', 150_000],
      ['1.500.000', 1_500_000],
      ['1,500,000', 1_500_000],
      ['150rb', 150_000],
      ['150 rb', 150_000],
      ['150ribu', 150_000],
      ['150k', 150_000],
      ['150K', 150_000],
      ['1,5jt', 1_500_000],
      ['1.5jt', 1_500_000],
      ['2 juta', 2_000_000],
      ['2jt', 2_000_000],
      ['1.250rb', 1_250_000],
      ['2,75jt', 2_750_000],
      ['1', 1],
      ['Rp1', 1],
      ['1.000.000.000', 1_000_000_000],
      ['1000jt', 1_000_000_000],
      ['  150000  ', 150_000],
      ['150\u00a0000', 150_000],
      ['１５００００', 150_000],
    ];
    for (const [input, rupiah] of accepted) {
      it(`${JSON.stringify(input)} → ${rupiah}`, function () {
        expect(parseRupiah(input)).to.equal(rupiah);
      });
    }

    const refused: Array<[string, string]> = [
      ['abc', 'PRICE_INVALID'],
      ['', 'PRICE_INVALID'],
      ['Rp', 'PRICE_INVALID'],
      ['1e9', 'PRICE_INVALID'],
      ['15O000', 'PRICE_INVALID'],
      ['1,50,000', 'PRICE_INVALID'],
      ['150.000.00.0', 'PRICE_INVALID'],
      ['1.5.00', 'PRICE_INVALID'],
      ['12345.678', 'PRICE_INVALID'],
      ['0x10', 'PRICE_INVALID'],
      ['150rbu', 'PRICE_INVALID'],
      ['0', 'PRICE_TOO_LOW'],
      ['Rp0', 'PRICE_TOO_LOW'],
      ['-5', 'PRICE_TOO_LOW'],
      ['-150.000', 'PRICE_TOO_LOW'],
      ['150.5', 'PRICE_FRACTIONAL'],
      ['150,50', 'PRICE_FRACTIONAL'],
      ['0,5', 'PRICE_FRACTIONAL'],
      ['1.000.000.001', 'PRICE_TOO_HIGH'],
      ['2 milyar', 'PRICE_TOO_HIGH'],
      ['1001jt', 'PRICE_TOO_HIGH'],
      ['99999999999999999999', 'PRICE_TOO_HIGH'],
    ];
    for (const [input, code] of refused) {
      it(`${JSON.stringify(input)} is refused with ${code}`, function () {
        let error: unknown;
        try {
          parseRupiah(input);
        } catch (err) {
          error = err;
        }
        expect(isAppError(error, code), String(error)).to.equal(true);
      });
    }

    it('says what was wrong and shows how to write it, in both languages', function () {
      try {
        parseRupiah('abc');
        expect.fail('should refuse');
      } catch (err) {
        if (!isAppError(err)) throw err;
        expect(err.say('id')).to.contain('"abc"').and.contain('150.000');
        expect(err.say('en')).to.contain('"abc"').and.contain('150rb');
      }
    });
  });

  describe('formatRupiah writes Rp with dots between thousands', function () {
    const cases: Array<[number, string]> = [
      [0, 'Rp0'],
      [1, 'Rp1'],
      [999, 'Rp999'],
      [1000, 'Rp1.000'],
      [150_000, 'Rp150.000'],
      [1_500_000, 'Rp1.500.000'],
      [1_000_000_000, 'Rp1.000.000.000'],
      [-5000, '-Rp5.000'],
    ];
    for (const [amount, text] of cases) {
      it(`${amount} → ${text}`, function () {
        expect(formatRupiah(amount)).to.equal(text);
      });
    }
  });

  describe('parseGrossAmount reads Midtrans amounts without rounding', function () {
    const cases: Array<[string, number | null]> = [
      ['150000.00', 150_000],
      ['150000', 150_000],
      ['150000.0', 150_000],
      ['150000.50', null],
      ['1.500.000', null],
      ['abc', null],
      ['', null],
      ['-1.00', null],
    ];
    for (const [raw, rupiah] of cases) {
      it(`${JSON.stringify(raw)} → ${rupiah}`, function () {
        expect(parseGrossAmount(raw)).to.equal(rupiah);
      });
    }
  });
});
