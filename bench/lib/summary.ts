/**
 * The one table of `npm run bench`: every figure at the base store size and
 * at BENCH_SCALE times as many links and orders, with the change between
 * them, as plain text for the terminal and as markdown for bench/results.md.
 */
import type { PageFigures } from '../page.bench.ts';
import type { WebhookFigures, WebhookRun } from '../webhook.bench.ts';
import type { Watched } from './children.ts';
import { cpuPerAnswer, type LoadResult } from './load.ts';
import { mib, ms, type Row } from './measure.ts';

/** One benchmark's outcome at one scale: figures, or why there are none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ScaleResults {
  links: number;
  store: Outcome<Row[]>;
  webhook: Outcome<WebhookFigures>;
  page: Outcome<PageFigures>;
}

export interface SummaryRow {
  measure: string;
  base: string;
  scaled: string;
  change: string;
  note: string;
}

/** A cell's text and the number its change is computed from (a rate, a p99 or bytes). */
type Cell = { text: string; value: number | null };

const NONE: Cell = { text: '—', value: null };
const rate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
const loadCell = (run: LoadResult & Watched): Cell => ({
  text: `${rate(run.perSecond)}; p50 ${ms(run.p50)}, p99 ${ms(run.p99)}; ${Math.round(cpuPerAnswer(run))} µs CPU/req`,
  value: run.perSecond,
});
const bytesCell = (bytes: number): Cell => ({ text: mib(bytes), value: bytes });

function pick<T>(outcome: Outcome<T>, read: (value: T) => Cell | null): Cell {
  if (!outcome.ok) return { text: `failed: ${outcome.error.slice(0, 80)}`, value: null };
  return read(outcome.value) ?? NONE;
}

/** The number a printed store figure is compared by: its rate, or its p99. */
function storeCell(rows: Row[], name: string): Cell | null {
  const row = rows.find((r) => r.benchmark === name);
  if (!row) return null;
  const p99 = /p99 ([\d.]+) ms/.exec(row.result);
  const perSecond = /^([\d,]+)\/s/.exec(row.result);
  const value = p99 ? Number(p99[1]) : perSecond ? Number(perSecond[1]!.replace(/,/g, '')) : null;
  return { text: row.result, value };
}

function change(base: Cell, scaled: Cell): string {
  if (base.value === null || scaled.value === null || base.value === 0) return '';
  const percent = Math.round((scaled.value / base.value - 1) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

function met(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

/** Paid orders say every 2xx was applied; a run stopped by BENCH_MAX_SECONDS never notified the rest. */
function paidNote(run: WebhookRun): string {
  return `${run.paid}/${run.orders} orders paid${run.cut ? ' (run stopped at the time limit)' : ''}`;
}

function webhookTarget(run: WebhookRun): string {
  return `target ≥ 5,000/s with p99 < 20 ms: ${met(run.perSecond >= 5000 && run.p99 < 20)}; ${paidNote(run)}`;
}

function ratio(figures: WebhookFigures): Cell | null {
  if (!figures.naive) return null;
  const value = figures.on.perSecond / figures.naive.perSecond;
  return { text: `${value.toFixed(1)}x`, value };
}

export function summarize(base: ScaleResults, scaled: ScaleResults, telegram: Outcome<Row[]> | null): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const add = (measure: string, read: (results: ScaleResults) => Cell, note = '') => {
    const [b, s] = [read(base), read(scaled)];
    rows.push({ measure, base: b.text, scaled: s.text, change: change(b, s), note });
  };
  const baseWebhook = base.webhook.ok ? base.webhook.value : null;

  add('yardstick: bare node:http, JSON + SHA-512', (r) => pick(r.webhook, (w) => loadCell(w.bare)), 'same load and load generator, nothing stored: the ceiling for any handler in this run');
  add('webhook, re-check off', (r) => pick(r.webhook, (w) => loadCell(w.off)), baseWebhook ? webhookTarget(baseWebhook.off) : '');
  add('webhook, re-check on (Get Status)', (r) => pick(r.webhook, (w) => loadCell(w.on)), baseWebhook ? paidNote(baseWebhook.on) : '');
  add('naive handler, Get Status via midtrans-client', (r) => pick(r.webhook, (w) => (w.naive ? loadCell(w.naive) : null)), 'commit per request, no inbox; base size only');
  add('ours / naive, both with Get Status', (r) => pick(r.webhook, ratio), baseWebhook?.naive ? `target ≥ 2x: ${met(baseWebhook.on.perSecond >= 2 * baseWebhook.naive.perSecond)}` : '');
  add('payment page, GET /p/:slug', (r) => pick(r.page, (p) => loadCell(p.pages)));
  add('checkouts, POST /p/:slug → 303 to Snap', (r) => pick(r.page, (p) => loadCell(p.checkouts)), 'reservation + Snap at the simulator + attach');
  add('link creations, LinkService on the store', (r) => pick(r.webhook, (w) => ({ text: rate(w.creationsPerSecond), value: w.creationsPerSecond })), 'durable, 64 at once');
  add('store: link creations, empty store', (r) => pick(r.store, (s) => storeCell(s, 'store: link creations (LinkService.create, durable)')));
  add('store: one reservation', (r) => pick(r.store, (s) => storeCell(s, 'store: one reservation on a full store')), 'sequential, durable; change by p99');
  add('store: list one page of 20 links', (r) => pick(r.store, (s) => storeCell(s, 'store: list one page of 20 links')), 'change by p99');
  add('tagih RSS, idle', (r) => pick(r.webhook, (w) => bytesCell(w.idleRss)), 'started, nothing happening');
  add('tagih RSS, webhook load (peak)', (r) => pick(r.webhook, (w) => bytesCell(Math.max(w.off.peakRss, w.on.peakRss))));
  add('tagih RSS, page load (peak)', (r) => pick(r.page, (p) => bytesCell(Math.max(p.pages.peakRss, p.checkouts.peakRss))));

  if (telegram === null) {
    rows.push({ measure: 'telegram', base: 'not run', scaled: '', change: '', note: 'bench/telegram.bench.ts not found' });
  } else if (!telegram.ok) {
    rows.push({ measure: 'telegram', base: `failed: ${telegram.error.slice(0, 80)}`, scaled: '', change: '', note: '' });
  } else {
    // The Telegram benchmark runs on a fresh store of its own: one column.
    for (const row of telegram.value.filter((r) => !r.benchmark.startsWith('memory'))) {
      rows.push({ measure: `telegram: ${row.benchmark}`, base: row.result, scaled: '', change: '', note: row.note ?? '' });
    }
  }
  return rows;
}

const HEADERS = (base: number, scaled: number): SummaryRow => ({
  measure: 'measure',
  base: `${base.toLocaleString('en-US')} links`,
  scaled: `${scaled.toLocaleString('en-US')} links`,
  change: 'change',
  note: 'note',
});

export function toMarkdown(rows: readonly SummaryRow[], base: number, scaled: number): string {
  const line = (r: SummaryRow) => `| ${[r.measure, r.base, r.scaled, r.change, r.note].join(' | ')} |`;
  return [line(HEADERS(base, scaled)), '|---|---|---|---|---|', ...rows.map(line)].join('\n');
}

export function toText(rows: readonly SummaryRow[], base: number, scaled: number): string {
  const all = [HEADERS(base, scaled), ...rows];
  const keys = ['measure', 'base', 'scaled', 'change'] as const;
  const widths = keys.map((key) => Math.max(...all.map((r) => r[key].length)));
  const line = (r: SummaryRow) => `| ${keys.map((key, i) => r[key].padEnd(widths[i]!)).join(' | ')} | ${r.note} |`;
  return [line(all[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} | --- |`, ...rows.map(line)].join('\n');
}
