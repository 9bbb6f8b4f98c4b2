/**
 * The stretch of time a report or an export covers, as merchants name it:
 * today so far (the default), yesterday, this week (from Monday), this month,
 * or a range of days (`1/11-15/11`, `2026-11-01..2026-11-15`). Days are WIB
 * calendar days (domain/time.ts); a period never reaches past `now`.
 */
import { ValidationError } from '../domain/errors.ts';
import { startOfDayWib, wibDateOf, type WibDate } from '../domain/time.ts';
import type { Phrase } from '../text/catalog.ts';

export type PeriodErrorCode = 'PERIOD_INVALID' | 'PERIOD_IN_FUTURE' | 'PERIOD_REVERSED' | 'PERIOD_TOO_LONG';

/** An export or report covers at most this many days, so one request cannot read the whole history at once. */
export const MAX_PERIOD_DAYS = 93;

export type PeriodKind = 'today' | 'yesterday' | 'week' | 'month' | 'range';

export interface Period {
  kind: PeriodKind;
  /** First instant inside the period. */
  from: Date;
  /** First instant after it (exclusive): the end of its last day, or `now` when that is earlier. */
  until: Date;
  /** Its first and last WIB calendar day. */
  firstDay: WibDate;
  lastDay: WibDate;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The words of each named period, lower-case, as one phrase. */
const NAMED: Readonly<Record<Exclude<PeriodKind, 'range'>, readonly string[]>> = {
  today: ['hari ini', 'today', 'hariini'],
  yesterday: ['kemarin', 'yesterday'],
  week: ['minggu ini', 'this week', 'week', 'pekan ini'],
  month: ['bulan ini', 'this month', 'month'],
};

function addDays(day: WibDate, days: number): WibDate {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function sameDay(a: WibDate, b: WibDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** Whole days from `a` to `b`, counting both. */
export function daysIn(period: Pick<Period, 'firstDay' | 'lastDay'>): number {
  const ms = Date.UTC(period.lastDay.year, period.lastDay.month - 1, period.lastDay.day) - Date.UTC(period.firstDay.year, period.firstDay.month - 1, period.firstDay.day);
  return Math.round(ms / DAY_MS) + 1;
}

/** Every WIB day of the period, first to last. */
export function daysOf(period: Pick<Period, 'firstDay' | 'lastDay'>): WibDate[] {
  return Array.from({ length: daysIn(period) }, (_, i) => addDays(period.firstDay, i));
}

function between(kind: PeriodKind, firstDay: WibDate, lastDay: WibDate, now: Date): Period {
  const end = startOfDayWib(addDays(lastDay, 1));
  return { kind, from: startOfDayWib(firstDay), until: end.getTime() < now.getTime() ? end : now, firstDay, lastDay };
}

function isRealDate({ year, month, day }: WibDate): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * One day as typed: `2026-11-01`, `1/11/2026`, `1/11/26` or `1/11`. A day
 * without a year is the latest such day not after today (a report looks back).
 */
function readDay(text: string, today: WibDate): WibDate | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const local = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$/.exec(text);
  let date: WibDate | null = null;
  if (iso) date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  else if (local) {
    const day = Number(local[1]);
    const month = Number(local[2]);
    const yearText = local[3];
    let year = yearText === undefined ? today.year : Number(yearText.length === 2 ? `20${yearText}` : yearText);
    if (yearText === undefined && (month > today.month || (month === today.month && day > today.day))) year -= 1;
    date = { year, month, day };
  }
  return date !== null && isRealDate(date) ? date : null;
}

function periodError(code: PeriodErrorCode, input: string): ValidationError<PeriodErrorCode> {
  const shown = input.length > 30 ? `${input.slice(0, 30)}…` : input;
  const phrases: Readonly<Record<PeriodErrorCode, Phrase>> = {
    PERIOD_INVALID: (w) => w.reports.periodInvalid(shown),
    PERIOD_IN_FUTURE: (w) => w.reports.periodInFuture(shown),
    PERIOD_REVERSED: (w) => w.reports.periodReversed(shown),
    PERIOD_TOO_LONG: (w) => w.reports.periodTooLong(shown, MAX_PERIOD_DAYS),
  };
  return new ValidationError(code, phrases[code], { input: shown });
}

/** Words and marks between the first and last day of a range. */
const RANGE_SEPARATORS: readonly string[] = ['..', ' - ', '–', '—', ' sampai ', ' hingga ', ' s/d ', ' to ', ' until '];

/** `a..b`, `a - b`, `a sampai b`; a bare `-` only between two `d/m` days, since ISO days hold dashes themselves. */
function splitRange(text: string): string[] {
  for (const separator of RANGE_SEPARATORS) if (text.includes(separator)) return text.split(separator).map((part) => part.trim());
  const local = /^(\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)-(\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)$/.exec(text);
  return local ? [local[1]!, local[2]!] : [text];
}

/**
 * Reads the period words after `/rekap` or `/export`; empty text is today so
 * far. Throws ValidationError (PeriodErrorCode) for anything else, so a typo
 * never silently reports another stretch of time.
 */
export function parsePeriod(input: string, now: Date): Period {
  const text = input.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  const today = wibDateOf(now);
  if (text === '') return between('today', today, today, now);
  for (const [kind, phrases] of Object.entries(NAMED) as Array<[keyof typeof NAMED, readonly string[]]>) {
    if (!phrases.includes(text)) continue;
    switch (kind) {
      case 'today':
        return between('today', today, today, now);
      case 'yesterday': {
        const yesterday = addDays(today, -1);
        return between('yesterday', yesterday, yesterday, now);
      }
      case 'week': {
        // Monday is the first day of the week in Indonesia (ISO 8601): getUTCDay() is 0 on Sunday.
        const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
        return between('week', addDays(today, -((weekday + 6) % 7)), today, now);
      }
      case 'month':
        return between('month', { ...today, day: 1 }, today, now);
    }
  }
  const parts = splitRange(text);
  if (parts.length > 2) throw periodError('PERIOD_INVALID', input);
  const firstDay = readDay(parts[0]!, today);
  const lastDay = parts.length === 2 ? readDay(parts[1]!, today) : firstDay;
  if (firstDay === null || lastDay === null) throw periodError('PERIOD_INVALID', input);
  if (startOfDayWib(firstDay).getTime() > now.getTime()) throw periodError('PERIOD_IN_FUTURE', input);
  if (startOfDayWib(lastDay).getTime() < startOfDayWib(firstDay).getTime()) throw periodError('PERIOD_REVERSED', input);
  const last = startOfDayWib(lastDay).getTime() > now.getTime() ? today : lastDay;
  if (daysIn({ firstDay, lastDay: last }) > MAX_PERIOD_DAYS) throw periodError('PERIOD_TOO_LONG', input);
  return between(sameDay(firstDay, last) && sameDay(last, today) ? 'today' : 'range', firstDay, last, now);
}

/** True when the period is one day: its chart goes by the hour. */
export function isOneDay(period: Pick<Period, 'firstDay' | 'lastDay'>): boolean {
  return sameDay(period.firstDay, period.lastDay);
}
