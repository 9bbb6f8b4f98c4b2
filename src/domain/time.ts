/**
 * Time is stored in UTC and shown in WIB (Asia/Jakarta, UTC+7, no daylight
 * saving), so the offset is a constant rather than a time-zone database lookup.
 */
import { ValidationError } from './errors.ts';
import type { Phrase } from '../text/catalog.ts';

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Midtrans keeps a payment link at most a year; so do we. */
export const MAX_EXPIRY_MS = 366 * DAY_MS;

export type ExpiryErrorCode = 'EXPIRY_INVALID' | 'EXPIRY_IN_PAST' | 'EXPIRY_TOO_FAR';

/** A calendar day in WIB. */
export interface WibDate {
  year: number;
  month: number;
  day: number;
}

function wibParts(at: Date): WibDate & { hour: number; minute: number } {
  const shifted = new Date(at.getTime() + WIB_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** The WIB calendar day an instant falls on. */
export function wibDateOf(at: Date): WibDate {
  const { year, month, day } = wibParts(at);
  return { year, month, day };
}

/** The WIB hour (0–23) an instant falls in. */
export function wibHourOf(at: Date): number {
  return wibParts(at).hour;
}

/** The first millisecond of that calendar day in WIB, as a UTC instant. */
export function startOfDayWib({ year, month, day }: WibDate): Date {
  return new Date(Date.UTC(year, month - 1, day) - WIB_OFFSET_MS);
}

/** `2026-12-31T23:59:59+07:00`: ISO 8601 in WIB, for files people open in a spreadsheet. */
export function formatWibIso(at: Date): string {
  const shifted = new Date(at.getTime() + WIB_OFFSET_MS);
  return `${shifted.toISOString().slice(0, 19)}+07:00`;
}

/** `2026-12-31`: a WIB day as ISO 8601. */
export function formatWibDay({ year, month, day }: WibDate): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The last millisecond of that calendar day in WIB, as a UTC instant. */
export function endOfDayWib({ year, month, day }: WibDate): Date {
  return new Date(Date.UTC(year, month - 1, day + 1) - WIB_OFFSET_MS - 1);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `31/12/2026 23:59 WIB` */
export function formatWib(at: Date): string {
  const p = wibParts(at);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)} WIB`;
}

/** `2026-12-31 23:59:59 +0700`: the format Midtrans wants for `start_time`. */
export function formatMidtransTime(at: Date): string {
  const shifted = new Date(at.getTime() + WIB_OFFSET_MS);
  const iso = shifted.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0700`;
}

function isRealDate({ year, month, day }: WibDate): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function expiryError(code: ExpiryErrorCode, input: string): ValidationError<ExpiryErrorCode> {
  const shown = input.slice(0, 30);
  const phrases: Record<ExpiryErrorCode, Phrase> = {
    EXPIRY_INVALID: (w) => w.rules.expiryInvalid(shown),
    EXPIRY_IN_PAST: (w) => w.rules.expiryInPast(shown),
    EXPIRY_TOO_FAR: (w) => w.rules.expiryTooFar(shown),
  };
  return new ValidationError(code, phrases[code], { input: shown });
}

const DURATION_UNITS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:m|min|mnt|menit|minutes?)$/, 60 * 1000],
  [/^(?:h|j|jam|hours?)$/, HOUR_MS],
  [/^(?:d|hari|days?)$/, DAY_MS],
  [/^(?:w|mg|minggu|weeks?)$/, 7 * DAY_MS],
];

/**
 * Reads an expiry as merchants write it: a last day (`2026-12-31`,
 * `31/12/2026`, `31/12`, meaning the end of that day in WIB; a day without a
 * year is the next such day) or a duration from now (`3d`, `12h`, `7 hari`).
 */
export function parseExpiry(input: string, now: Date): Date {
  const text = input.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  let at: Date | null = null;

  const duration = /^(\d{1,4}) ?([a-z]+)$/.exec(text);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const local = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(text);
  if (duration) {
    const unit = DURATION_UNITS.find(([re]) => re.test(duration[2]!));
    const amount = Number(duration[1]);
    if (unit && amount > 0) at = new Date(now.getTime() + amount * unit[1]);
  } else if (iso) {
    const date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    if (isRealDate(date)) at = endOfDayWib(date);
  } else if (local) {
    const today = wibParts(now);
    const yearText = local[3];
    const day = Number(local[1]);
    const month = Number(local[2]);
    let year = yearText === undefined ? today.year : Number(yearText.length === 2 ? `20${yearText}` : yearText);
    if (yearText === undefined && (month < today.month || (month === today.month && day < today.day))) year += 1;
    const date = { year, month, day };
    if (isRealDate(date)) at = endOfDayWib(date);
  }

  if (at === null) throw expiryError('EXPIRY_INVALID', input);
  if (at.getTime() <= now.getTime()) throw expiryError('EXPIRY_IN_PAST', input);
  if (at.getTime() - now.getTime() > MAX_EXPIRY_MS) throw expiryError('EXPIRY_TOO_FAR', input);
  return at;
}
