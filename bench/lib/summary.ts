/**
 * The one table of `npm run bench`: every figure at each store size (a small
 * store that fits in the page cache, the base size and BENCH_SCALE times it),
 * the change from the smallest to the largest, and the issue-19 aims judged
 * at every size, as plain text for the terminal and as markdown for
 * bench/results.md. Figures are reported, never asserted.
 */
import type { PageFigures } from '../page.bench.ts';
import type { WebhookFigures, WebhookRun } from '../webhook.bench.ts';
import { judgeNaive, judgeRecheckOff, NAIVE_AIM, RECHECK_OFF_AIM } from './aims.ts';
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
  /** One per store size, in the order of the sizes. */
  cells: string[];
  /** From the first size to the last. */
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

/** Paid orders say every 2xx was applied; a run stopped by BENCH_MAX_SECONDS never notified the rest. */
function paidNote(run: WebhookRun): string {
  return `${run.paid}/${run.orders} orders paid${run.cut ? ' (run stopped at the time limit)' : ''}`;
}

export function summarize(sizes: readonly ScaleResults[], telegram: Outcome<Row[]> | null): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const add = (measure: string, read: (results: ScaleResults) => Cell, note = '') => {
    const cells = sizes.map(read);
    rows.push({ measure, cells: cells.map((c) => c.text), change: change(cells[0] ?? NONE, cells.at(-1) ?? NONE), note });
  };
  const paid = (results: ScaleResults, run: (w: WebhookFigures) => WebhookRun) => (results.webhook.ok ? paidNote(run(results.webhook.value)) : 'failed');
  const paidNotes = (run: (w: WebhookFigures) => WebhookRun) => sizes.map((r) => paid(r, run)).join(' / ');

  add('yardstick: bare node:http, JSON + SHA-512', (r) => pick(r.webhook, (w) => loadCell(w.bare)), 'same load and load generator, nothing stored: the ceiling for any handler in this run');
  add('floor: the yardstick + keeping each body in the inbox', (r) => pick(r.webhook, (w) => loadCell(w.floor)), 'one durable write per notification, nothing applied: the least any durable handler pays');
  add('webhook, re-check off', (r) => pick(r.webhook, (w) => loadCell(w.off)), paidNotes((w) => w.off));
  add(RECHECK_OFF_AIM, (r) => pick(r.webhook, judgeRecheckOff), 'CPU per answer, server process only: moves least when the machine is shared');
  add('webhook, re-check on (Get Status)', (r) => pick(r.webhook, (w) => loadCell(w.on)), paidNotes((w) => w.on));
  add('naive handler, Get Status via midtrans-client', (r) => pick(r.webhook, (w) => (w.naive ? loadCell(w.naive) : null)), 'commit per request, no inbox');
  add(NAIVE_AIM, (r) => pick(r.webhook, judgeNaive));
  add('payment page, GET /p/:slug', (r) => pick(r.page, (p) => loadCell(p.pages)));
  add('checkouts, POST /p/:slug → 303 to Snap', (r) => pick(r.page, (p) => loadCell(p.checkouts)), 'reservation + Snap at the simulator + attach');
  add('link creations, LinkService on the store', (r) => pick(r.webhook, (w) => ({ text: rate(w.creationsPerSecond), value: w.creationsPerSecond })), 'durable, 64 at once');
  add('store: link creations, empty store', (r) => pick(r.store, (s) => storeCell(s, 'store: link creations (LinkService.create, durable)')));
  add('store: one reservation', (r) => pick(r.store, (s) => storeCell(s, 'store: one reservation on a full store')), 'sequential, durable; change by p99');
  add('store: list one page of 20 links', (r) => pick(r.store, (s) => storeCell(s, 'store: list one page of 20 links')), 'change by p99');
  add('tagih RSS, idle', (r) => pick(r.webhook, (w) => bytesCell(w.idleRss)), 'started, nothing happening');
  add('tagih RSS, webhook load (peak)', (r) => pick(r.webhook, (w) => bytesCell(Math.max(w.off.peakRss, w.on.peakRss))), 'includes the page cache, SQLITE_CACHE_MIB at most');
  add('tagih RSS, page load (peak)', (r) => pick(r.page, (p) => bytesCell(Math.max(p.pages.peakRss, p.checkouts.peakRss))));

  const single = (measure: string, text: string, note = '') => rows.push({ measure, cells: [text, ...sizes.slice(1).map(() => '')], change: '', note });
  if (telegram === null) {
    single('telegram', 'not run', 'bench/telegram.bench.ts not found');
  } else if (!telegram.ok) {
    single('telegram', `failed: ${telegram.error.slice(0, 80)}`);
  } else {
    // The Telegram benchmark runs on a fresh store of its own: one column.
    for (const row of telegram.value.filter((r) => !r.benchmark.startsWith('memory'))) single(`telegram: ${row.benchmark}`, row.result, row.note ?? '');
  }
  return rows;
}

const headers = (sizes: readonly number[]): SummaryRow => ({
  measure: 'measure',
  cells: sizes.map((links) => `${links.toLocaleString('en-US')} links`),
  change: 'change',
  note: 'note',
});

export function toMarkdown(rows: readonly SummaryRow[], sizes: readonly number[]): string {
  const line = (r: SummaryRow) => `| ${[r.measure, ...r.cells, r.change, r.note].join(' | ')} |`;
  return [line(headers(sizes)), `|${'---|'.repeat(sizes.length + 3)}`, ...rows.map(line)].join('\n');
}

export function toText(rows: readonly SummaryRow[], sizes: readonly number[]): string {
  const all = [headers(sizes), ...rows];
  const columns = (r: SummaryRow) => [r.measure, ...r.cells, r.change];
  const widths = columns(all[0]!).map((_, i) => Math.max(...all.map((r) => columns(r)[i]!.length)));
  const line = (r: SummaryRow) => `| ${columns(r).map((text, i) => text.padEnd(widths[i]!)).join(' | ')} | ${r.note} |`;
  return [line(all[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} | --- |`, ...rows.map(line)].join('\n');
}
