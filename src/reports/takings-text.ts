/**
 * The takings in words: the same lines in `/rekap` and in the daily summary,
 * in the reader's language, amounts as `Rp1.250.000`.
 */
import type { Locale } from '../domain/locale.ts';
import { formatRupiah } from '../domain/money.ts';
import { describePaymentMethod } from '../notify/payment-method.ts';
import { wordsIn } from '../text/catalog.ts';
import type { WibDate } from '../domain/time.ts';
import type { Period } from './period.ts';
import type { Takings } from './takings.ts';

/** What the text needs of the takings: plain JSON, so a queued daily summary holds it as is. */
export type TakingsSummary = Omit<Takings, 'period' | 'buckets'>;

/** Lines listed per link and per method before "…and N more", to keep a chat message short. */
const MAX_LINES = 8;

const pad = (n: number) => String(n).padStart(2, '0');

/** `02/12/2026`, as dates are shown elsewhere (formatWib). */
export function formatDay({ year, month, day }: WibDate): string {
  return `${pad(day)}/${pad(month)}/${year}`;
}

/** "hari ini (02/12/2026)", "minggu ini (30/11/2026–02/12/2026)", "01/11/2026–15/11/2026". */
export function periodTitle(period: Pick<Period, 'kind' | 'firstDay' | 'lastDay'>, locale: Locale): string {
  const w = wordsIn(locale).reports;
  const first = formatDay(period.firstDay);
  const last = formatDay(period.lastDay);
  switch (period.kind) {
    case 'today':
      return w.today(last);
    case 'yesterday':
      return w.yesterday(last);
    case 'week':
      return w.week(first, last);
    case 'month':
      return w.month(first, last);
    case 'range':
      return w.range(first, last);
  }
}

function listed<T>(items: readonly T[], line: (item: T) => string, locale: Locale): string[] {
  const shown = items.slice(0, MAX_LINES).map(line);
  return items.length > MAX_LINES ? [...shown, wordsIn(locale).reports.moreLines(items.length - MAX_LINES)] : shown;
}

/** The body under a heading: totals, then per link and per method. */
export function takingsLines(takings: TakingsSummary, locale: Locale): string[] {
  const w = wordsIn(locale).reports;
  if (takings.paidCount === 0 && takings.pendingCount === 0) return [w.nothing];
  const lines = [w.paid(takings.paidCount, formatRupiah(takings.gross))];
  if (takings.refunded > 0) lines.push(w.refunded(formatRupiah(takings.refunded)));
  lines.push(w.net(formatRupiah(takings.net)));
  if (takings.pendingCount > 0) lines.push(w.pending(takings.pendingCount, formatRupiah(takings.pendingAmount)));
  if (takings.byLink.length > 0) {
    lines.push('', w.byLink, ...listed(takings.byLink, (l) => w.line(`#${l.number} ${l.itemName}`, l.paidCount, formatRupiah(l.net)), locale));
  }
  if (takings.byMethod.length > 0) {
    const name = (method: string | null) => describePaymentMethod(method, null, locale) ?? w.unknownMethod;
    lines.push('', w.byMethod, ...listed(takings.byMethod, (m) => w.line(name(m.method), m.paidCount, formatRupiah(m.net)), locale));
  }
  return lines;
}

/** Only what the text needs, so a notice does not carry the chart's buckets. */
export function takingsSummary({ period: _period, buckets: _buckets, ...summary }: Takings): TakingsSummary {
  return summary;
}

/** The daily summary: a subject without emoji (a preview, an email) and the lines, its day as the headline. */
export function dailySummaryText(notice: { day: string; takings: TakingsSummary }, locale: Locale): { subject: string; lines: string[] } {
  const [year, month, day] = notice.day.split('-').map(Number);
  const subject = wordsIn(locale).reports.dailyHeadline(formatDay({ year: year!, month: month!, day: day! }));
  return { subject, lines: [`🗓 ${subject}`, ...takingsLines(notice.takings, locale)] };
}
