import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { formatWibDay } from '../../src/domain/time.ts';
import { MAX_PERIOD_DAYS, parsePeriod, type Period } from '../../src/reports/period.ts';

// Wednesday 2 December 2026, 10:30 WIB.
const NOW = new Date('2026-12-02T03:30:00.000Z');

function days(period: Period): [string, string] {
  return [formatWibDay(period.firstDay), formatWibDay(period.lastDay)];
}

function refusal(input: string): string {
  try {
    parsePeriod(input, NOW);
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
  throw new Error(`"${input}" was accepted`);
}

describe('reports: periods', function () {
  it('is today so far when nothing is said: from WIB midnight to now', function () {
    const today = parsePeriod('', NOW);
    expect(today.kind).to.equal('today');
    expect(today.from.toISOString()).to.equal('2026-12-01T17:00:00.000Z');
    expect(today.until).to.deep.equal(NOW);
    expect(parsePeriod('hari ini', NOW)).to.deep.equal(today);
    expect(parsePeriod('Today', NOW)).to.deep.equal(today);
  });

  it('reads yesterday as the whole WIB day before', function () {
    for (const word of ['kemarin', 'yesterday', 'KEMARIN']) {
      const period = parsePeriod(word, NOW);
      expect(period.kind).to.equal('yesterday');
      expect(days(period)).to.deep.equal(['2026-12-01', '2026-12-01']);
      expect(period.from.toISOString()).to.equal('2026-11-30T17:00:00.000Z');
      expect(period.until.toISOString()).to.equal('2026-12-01T17:00:00.000Z');
    }
  });

  it('starts this week on Monday and this month on the first, both up to now', function () {
    const week = parsePeriod('minggu ini', NOW);
    expect(days(week)).to.deep.equal(['2026-11-30', '2026-12-02']);
    expect(week.until).to.deep.equal(NOW);
    expect(parsePeriod('this week', NOW)).to.deep.equal(week);
    // On a Sunday the week began six days before.
    expect(days(parsePeriod('minggu ini', new Date('2026-12-06T10:00:00Z')))).to.deep.equal(['2026-11-30', '2026-12-06']);
    expect(days(parsePeriod('bulan ini', NOW))).to.deep.equal(['2026-12-01', '2026-12-02']);
    expect(days(parsePeriod('this month', NOW))).to.deep.equal(['2026-12-01', '2026-12-02']);
  });

  it('reads date ranges as merchants type them, a day without a year being the latest one not after today', function () {
    expect(days(parsePeriod('1/11-15/11', NOW))).to.deep.equal(['2026-11-01', '2026-11-15']);
    expect(days(parsePeriod('2026-11-01..2026-11-15', NOW))).to.deep.equal(['2026-11-01', '2026-11-15']);
    expect(days(parsePeriod('1/11 - 15/11', NOW))).to.deep.equal(['2026-11-01', '2026-11-15']);
    expect(days(parsePeriod('25/12', NOW))).to.deep.equal(['2025-12-25', '2025-12-25']);
    expect(days(parsePeriod('20/11/2026', NOW))).to.deep.equal(['2026-11-20', '2026-11-20']);
    const range = parsePeriod('1/11-15/11', NOW);
    expect(range.until.toISOString()).to.equal('2026-11-15T17:00:00.000Z');
  });

  it('cuts a range that reaches past today at now', function () {
    const period = parsePeriod('1/12/2026-31/12/2026', NOW);
    expect(days(period)).to.deep.equal(['2026-12-01', '2026-12-02']);
    expect(period.until).to.deep.equal(NOW);
  });

  it(`refuses what it cannot read, a period not begun, a reversed one and one over ${MAX_PERIOD_DAYS} days`, function () {
    expect(refusal('besok lusa')).to.equal('PERIOD_INVALID');
    expect(refusal('31/2/2026')).to.equal('PERIOD_INVALID');
    expect(refusal('1/11-2/11-3/11')).to.equal('PERIOD_INVALID');
    expect(refusal('2027-01-01')).to.equal('PERIOD_IN_FUTURE');
    expect(refusal('15/11/2026-1/11/2026')).to.equal('PERIOD_REVERSED');
    expect(refusal('2026-01-01..2026-12-01')).to.equal('PERIOD_TOO_LONG');
    expect(days(parsePeriod('2026-09-01..2026-12-02', NOW))).to.deep.equal(['2026-09-01', '2026-12-02']);
  });
});
