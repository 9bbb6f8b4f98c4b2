/**
 * `/rekap`, `/ringkasan` and `/export` for every chat: the takings with their
 * chart, the daily summary's setting, and the CSV export written to a file
 * that the chat adapter then sends (a document) or names (the console).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Locale } from '../../src/domain/locale.ts';
import { formatWibDay } from '../../src/domain/time.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import type { TakingsChartInput } from '../../src/reports/chart.ts';
import { SummarySettings, type TimeOfDay } from '../../src/reports/daily-summary.ts';
import { writeOrdersCsv } from '../../src/reports/orders-csv.ts';
import { isOneDay, type Period } from '../../src/reports/period.ts';
import { readTakings } from '../../src/reports/takings.ts';
import { periodTitle } from '../../src/reports/takings-text.ts';
import type { KeyValueStore, OrderStore } from '../../src/store/ports.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import * as reply from './report-replies.ts';
import type { ChatTurn } from './run-command.ts';

/** Draws the takings chart as a PNG: the port the composition root wires to src/reports/chart.ts. */
export type TakingsChartRenderer = (input: TakingsChartInput) => Promise<Buffer>;

export interface ReportCommandsOptions {
  orders: Pick<OrderStore, 'ofMerchant'>;
  kv: KeyValueStore;
  chart: TakingsChartRenderer;
  /** Where export files are written (DATA_DIR/exports); files older than EXPORT_KEPT_MS are removed by the next export. */
  exportDir: string;
}

/** An export file is kept a day: long enough to send or open it, short enough that exports do not fill the disk. */
export const EXPORT_KEPT_MS = 24 * 60 * 60 * 1000;

export class ReportCommands {
  private readonly options: ReportCommandsOptions;
  private readonly settings: SummarySettings;
  constructor(options: ReportCommandsOptions) {
    this.options = options;
    this.settings = new SummarySettings(options.kv);
  }

  async report(turn: ChatTurn, period: Period, locale: Locale): Promise<OutgoingMessage[]> {
    const takings = await readTakings(this.options.orders, turn.merchantId, period);
    const w = wordsIn(locale).reports;
    const chart =
      takings.paidCount > 0
        ? await this.options.chart({
            title: w.chartTitle(periodTitle(period, locale)),
            buckets: takings.buckets,
            axisName: isOneDay(period) ? w.chartHours : null,
          })
        : null;
    return reply.takingsReport(takings, chart, locale);
  }

  async dailySummary(turn: ChatTurn, set: TimeOfDay | 'off' | null, locale: Locale): Promise<OutgoingMessage[]> {
    if (set === null) return [reply.dailySummaryStatus(await this.settings.get(turn.merchantId), locale)];
    if (set === 'off') {
      await this.settings.set(turn.merchantId, null);
      return [reply.dailySummarySet(null, locale)];
    }
    // Sent where the merchant's payment notices go: their own chat, even when typed inside a customer's.
    await this.settings.set(turn.merchantId, { ...set, channel: turn.channel, chatId: turn.notifyChatId });
    return [reply.dailySummarySet(set, locale)];
  }

  async export(turn: ChatTurn, period: Period, now: Date, locale: Locale): Promise<OutgoingMessage[]> {
    const made = await this.writeExport(turn, period, now);
    return [made === null ? reply.exportEmpty(period, locale) : reply.exportFile(made.file, made.rows, period, locale)];
  }

  private async writeExport(turn: ChatTurn, period: Period, now: Date): Promise<{ file: { path: string; fileName: string }; rows: number } | null> {
    const { exportDir } = this.options;
    await mkdir(exportDir, { recursive: true });
    // File times are the system's, whatever clock the runner is given.
    await removeOlderThan(exportDir, Date.now() - EXPORT_KEPT_MS);
    const fileName = `tagih-orders-${formatWibDay(period.firstDay)}_${formatWibDay(period.lastDay)}.csv`;
    // Unique on disk, so two exports at once never write into one file; the chat shows the plain name.
    const path = join(exportDir, `${now.getTime()}-${randomBytes(4).toString('hex')}-${fileName}`);
    const out = createWriteStream(path, { flags: 'wx' });
    let rows: number;
    try {
      rows = await writeOrdersCsv({ orders: this.options.orders, merchantId: turn.merchantId, period, out });
    } finally {
      out.end();
      await finished(out);
    }
    if (rows === 0) {
      await rm(path, { force: true });
      return null;
    }
    return { file: { path, fileName }, rows };
  }
}

async function removeOlderThan(dir: string, before: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && info.mtimeMs < before) await rm(path, { force: true });
  }
}
