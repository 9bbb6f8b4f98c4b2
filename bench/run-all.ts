/**
 * `npm run bench`: every benchmark of the project, at a small store that fits
 * in SQLite's page cache (BENCH_SMALL_LINKS, default 20,000 links), at a base
 * store size (BENCH_LINKS, default 100,000 links with two orders each) and at
 * BENCH_SCALE (default 10) times that, then one table, printed and written
 * to bench/results.md. The store and Telegram benchmarks run as their own
 * processes; the webhook and page benchmarks start their servers in child
 * processes and drive them from here. Each step is bounded; a failed step
 * shows as "failed" in the table and the others still run.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { runBenchProcess } from './lib/bench-process.ts';
import { REPO_ROOT } from './lib/children.ts';
import type { Row } from './lib/measure.ts';
import { envNumber, envText } from './lib/settings.ts';
import { summarize, toMarkdown, toText, type Outcome, type ScaleResults } from './lib/summary.ts';
import { measurePage, pageOptions, pageRows } from './page.bench.ts';
import { measureWebhook, webhookOptions, webhookRows } from './webhook.bench.ts';

const STEP_TIMEOUT_MS = 15 * 60_000;
const TELEGRAM_BENCH = 'bench/telegram.bench.ts';

/** BENCH_SKIP: benchmarks left out, e.g. `telegram,store`. */
const skipped = new Set(envText('BENCH_SKIP', '').split(',').map((name) => name.trim()));

async function attempt<T>(name: string, what: string, step: () => Promise<T>): Promise<Outcome<T>> {
  if (skipped.has(name)) return { ok: false, error: 'skipped (BENCH_SKIP)' };
  const started = Date.now();
  process.stderr.write(`… ${what}\n`);
  try {
    const value = await step();
    process.stderr.write(`  done in ${Math.round((Date.now() - started) / 1000)} s\n`);
    return { ok: true, value };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    process.stderr.write(`  failed: ${error}\n`);
    return { ok: false, error: error.split('\n')[0]! };
  }
}

const webhook = webhookOptions();
const page = pageOptions();
const baseLinks = envNumber('BENCH_LINKS', 100_000);
const sizes = [envNumber('BENCH_SMALL_LINKS', 20_000), baseLinks, Math.round(baseLinks * envNumber('BENCH_SCALE', 10))];

async function atScale(links: number): Promise<ScaleResults> {
  const size = `${links.toLocaleString('en-US')} links`;
  return {
    links,
    store: await attempt('store', `store benchmark, ${size}`, () => runBenchProcess('bench/store.bench.ts', { BENCH_LINKS: String(links) }, STEP_TIMEOUT_MS)),
    // The naive handler runs at every size: the aim (≥ 2x its rate) holds at every size.
    webhook: await attempt('webhook', `webhook benchmark, ${size}`, () => measureWebhook({ ...webhook, links })),
    page: await attempt('page', `payment page benchmark, ${size}`, () => measurePage({ ...page, links })),
  };
}

function details(results: ScaleResults): Row[] {
  return [
    ...(results.store.ok ? results.store.value : []),
    ...(results.webhook.ok ? webhookRows(results.webhook.value, { ...webhook, links: results.links }) : []),
    ...(results.page.ok ? pageRows(results.page.value, { ...page, links: results.links }) : []),
  ];
}

const detailTable = (rows: readonly Row[]) =>
  ['| benchmark | result | note |', '|---|---|---|', ...rows.map((r) => `| ${r.benchmark} | ${r.result} | ${r.note ?? ''} |`)].join('\n');

const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');
const startedAt = new Date();
const loadBefore = load();

const results: ScaleResults[] = [];
for (const links of sizes) results.push(await atScale(links));
const telegram = existsSync(join(REPO_ROOT, TELEGRAM_BENCH))
  ? await attempt('telegram', 'telegram benchmark', () => runBenchProcess(TELEGRAM_BENCH, {}, STEP_TIMEOUT_MS))
  : null;
const loadAfter = load();
const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);

const rows = summarize(results, telegram);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const context = `load average (1, 5, 15 min) ${loadBefore} at the start, ${loadAfter} at the end; ${minutes} min in all`;
console.log(`\ntagih benchmarks, ${startedAt.toISOString()} (${machine})\n${context}\n`);
console.log(toText(rows, sizes));

const markdown = `# Benchmarks

\`npm run bench\`, ${startedAt.toISOString()}, on ${machine}; ${context}.
Servers run in child processes started like \`npm start\` (embedded store on disk, synchronous=FULL),
autocannon drives them from the benchmark's process, the Midtrans simulator runs in a third process; loopback only.
Each size is a store already holding that many links with two orders each (plus their inbox and outbox rows).
Knobs and method: bench/README.md.

${toMarkdown(rows, sizes)}

${results.map((r) => `## Details, ${r.links.toLocaleString('en-US')} links\n\n${detailTable(details(r))}\n`).join('\n')}`;
writeFileSync(join(REPO_ROOT, 'bench', 'results.md'), markdown);
console.log('\nwritten to bench/results.md');
