/**
 * What `/rekap`, `/ringkasan` and `/export` answer. The words come from the
 * catalog (src/text, sections `reports` and `exports`); the takings lines are
 * shared with the daily summary (src/reports/takings-text.ts).
 */
import type { Locale } from '../../src/domain/locale.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { formatTimeOfDay, type TimeOfDay } from '../../src/reports/daily-summary.ts';
import type { Period } from '../../src/reports/period.ts';
import type { Takings } from '../../src/reports/takings.ts';
import { periodTitle, takingsLines } from '../../src/reports/takings-text.ts';
import { wordsIn } from '../../src/text/catalog.ts';

const text = (line: string): OutgoingMessage => ({ text: line, actions: [] });

/** A catalog sentence in every language, for tables that hold them as `Text`. */
/** `/rekap`: the takings in words, then (when anything was paid) the chart as a photo. */
export function takingsReport(takings: Takings, chart: Buffer | null, locale: Locale): OutgoingMessage[] {
  const w = wordsIn(locale).reports;
  const title = periodTitle(takings.period, locale);
  const lines = [w.heading(title), '', ...takingsLines(takings, locale)];
  if (takings.paidCount > 0 || takings.pendingCount > 0) lines.push('', w.exportHint);
  const summary: OutgoingMessage = { text: lines.join('\n'), headline: true, actions: [] };
  if (chart === null) return [summary];
  return [summary, { text: w.chartCaption(title), photo: { png: chart, fileName: 'rekap.png' }, actions: [] }];
}

export const reportsUnavailable = (locale: Locale): OutgoingMessage => text(wordsIn(locale).reports.unavailable);

/** `/ringkasan 21:00`, `/ringkasan off`, `/ringkasan`. */
export function dailySummarySet(time: TimeOfDay | null, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).reports;
  return text(time === null ? w.summaryOff : w.summaryOn(formatTimeOfDay(time)));
}

export function dailySummaryStatus(time: TimeOfDay | null, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).reports;
  return text(time === null ? w.summaryStatusOff : w.summaryStatusOn(formatTimeOfDay(time)));
}

/** `/export`: the file, captioned with what it holds. */
export function exportFile(file: { path: string; fileName: string }, rows: number, period: Period, locale: Locale): OutgoingMessage {
  return {
    text: wordsIn(locale).exports.caption(periodTitle(period, locale), rows),
    document: { path: file.path, fileName: file.fileName, mime: 'text/csv' },
    actions: [],
  };
}

export function exportEmpty(period: Period, locale: Locale): OutgoingMessage {
  return text(wordsIn(locale).exports.empty(periodTitle(period, locale)));
}
