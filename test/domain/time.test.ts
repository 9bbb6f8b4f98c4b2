import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { endOfDayWib, formatMidtransTime, formatWib, parseExpiry } from '../../src/domain/time.ts';

// 10:00 WIB on 24 November 2026.
const NOW = new Date('2026-11-24T03:00:00.000Z');

describe('time in WIB', function () {
  it('ends a day at 23:59:59.999 WIB, which is 16:59:59.999 UTC', function () {
    expect(endOfDayWib({ year: 2026, month: 12, day: 31 }).toISOString()).to.equal('2026-12-31T16:59:59.999Z');
  });

  it('shows times in WIB and in Midtrans’s format', function () {
    expect(formatWib(new Date('2026-12-31T16:59:59.999Z'))).to.equal('31/12/2026 23:59 WIB');
    expect(formatMidtransTime(NOW)).to.equal('2026-11-24 10:00:00 +0700');
  });

  describe('parseExpiry', function () {
    const cases: Array<[string, string]> = [
      ['2026-12-31', '2026-12-31T16:59:59.999Z'],
      ['31/12/2026', '2026-12-31T16:59:59.999Z'],
      ['31-12-2026', '2026-12-31T16:59:59.999Z'],
      ['31/12/26', '2026-12-31T16:59:59.999Z'],
      ['31/12', '2026-12-31T16:59:59.999Z'],
      ['24/11', '2026-11-24T16:59:59.999Z'],
      ['1/1', '2027-01-01T16:59:59.999Z'],
      ['3d', '2026-11-27T03:00:00.000Z'],
      ['12h', '2026-11-24T15:00:00.000Z'],
      ['7 hari', '2026-12-01T03:00:00.000Z'],
      ['12 jam', '2026-11-24T15:00:00.000Z'],
      ['2 minggu', '2026-12-08T03:00:00.000Z'],
      ['30 menit', '2026-11-24T03:30:00.000Z'],
      ['1 day', '2026-11-25T03:00:00.000Z'],
    ];
    for (const [input, iso] of cases) {
      it(`${input} → ${iso}`, function () {
        expect(parseExpiry(input, NOW).toISOString()).to.equal(iso);
      });
    }

    const refused: Array<[string, string]> = [
      ['kapan-kapan', 'EXPIRY_INVALID'],
      ['2026-02-30', 'EXPIRY_INVALID'],
      ['31/13', 'EXPIRY_INVALID'],
      ['0d', 'EXPIRY_INVALID'],
      ['3x', 'EXPIRY_INVALID'],
      ['2026-11-23', 'EXPIRY_IN_PAST'],
      ['23/11/2026', 'EXPIRY_IN_PAST'],
      ['2028-01-01', 'EXPIRY_TOO_FAR'],
      ['400d', 'EXPIRY_TOO_FAR'],
    ];
    for (const [input, code] of refused) {
      it(`refuses ${input} with ${code}`, function () {
        expect(() => parseExpiry(input, NOW)).to.throw().that.satisfies((e: unknown) => isAppError(e, code));
      });
    }
  });
});
