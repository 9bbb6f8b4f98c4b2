/**
 * `npm run bench:webhook`: Midtrans notifications per second through the
 * real tagih (started by src/main.ts in a child process, embedded store on
 * disk, synchronous=FULL), driven by autocannon from this process over
 * loopback. Signed settlement notifications for distinct pending orders, plus
 * 30% duplicates, with Get Status re-check off and on (against the simulator,
 * in a third process), then the same load on a naive handler written the
 * usual way (bench/support/naive-webhook-server.ts). A 2xx means the
 * notification is on disk; after each run the orders are counted as paid.
 *
 * Environment: BENCH_LINKS, BENCH_WEBHOOK_ORDERS, BENCH_WEBHOOK_VERIFIED_ORDERS,
 * BENCH_DUPLICATES, BENCH_CONNECTIONS, BENCH_MAX_SECONDS, BENCH_NAIVE,
 * BENCH_LOG_LEVEL, BENCH_CPU_PROF (see bench/README.md).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SIMULATOR_DEV_KEY } from '../src/midtrans/simulator/simulator.ts';
import { watchPeakRss, type ChildServer } from './lib/children.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { mib, ms, perSecond, printTable, type Row } from './lib/measure.ts';
import { createLinks, paidAtMidtrans, reservedOnly, withDuplicates, type NotifiedOrders } from './lib/notified-orders.ts';
import { commonSettings, envNumber, type CommonSettings } from './lib/settings.ts';
import { startSink } from './lib/sink.ts';
import { idleRss, openWorld } from './lib/tagih-world.ts';

export interface WebhookBenchOptions extends CommonSettings {
  /** Distinct orders notified with re-check off. */
  orders: number;
  /** Distinct orders notified with re-check on, and at the naive handler. */
  verifiedOrders: number;
  /** Share of notifications sent twice. */
  duplicates: number;
  /** Also run the naive handler. */
  naive: boolean;
}

export interface WebhookRun extends LoadResult {
  requests: number;
  /** Orders notified / found paid afterwards. */
  orders: number;
  paid: number;
  peakRss: number;
}

export interface WebhookFigures {
  links: number;
  /** bare-server.ts under the re-check-off load: what this machine does with no store and no framework. */
  bare: LoadResult;
  /** LinkService.create while preparing, on the store already holding `links`. */
  creationsPerSecond: number;
  idleRss: number;
  off: WebhookRun;
  on: WebhookRun;
  naive: WebhookRun | null;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'Veritrans' };

async function notify(server: ChildServer, orders: NotifiedOrders, options: WebhookBenchOptions): Promise<LoadResult & { requests: number; peakRss: number }> {
  const bodies = withDuplicates(orders.bodies, options.duplicates);
  const watch = watchPeakRss(server);
  const load = await runLoad({
    url: server.url,
    connections: options.connections,
    amount: bodies.length,
    maxMs: options.maxSeconds * 1000,
    request: (i) => ({ method: 'POST', path: '/webhooks/midtrans', headers: JSON_HEADERS, body: bodies[i % bodies.length]! }),
  });
  return { ...load, requests: bodies.length, peakRss: await watch.stop() };
}

/** How many of `orderIds` the database at `path` holds as paid. */
function countPaid(path: string, orderIds: readonly string[]): number {
  const db = new Database(path, { readonly: true });
  try {
    const status = db.prepare<[string], { status: string }>('SELECT status FROM orders WHERE id = ?');
    return orderIds.filter((id) => status.get(id)?.status === 'paid').length;
  } finally {
    db.close();
  }
}

/** The naive handler's own table: the same orders pending, beside as many old ones as tagih's store holds. */
function naiveDatabase(path: string, links: number, pending: readonly string[]): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE orders (id TEXT PRIMARY KEY, status TEXT NOT NULL, amount INTEGER NOT NULL, updated_at INTEGER NOT NULL)');
  const insert = db.prepare<[string, string]>('INSERT INTO orders (id, status, amount, updated_at) VALUES (?, ?, 150000, 0)');
  db.transaction(() => {
    for (let i = 0; i < links; i++) {
      insert.run(`BG-${i}-1`, 'paid');
      insert.run(`BG-${i}-2`, 'expired');
    }
    for (const id of pending) insert.run(id, 'pending');
  })();
  db.close();
}

export async function measureWebhook(options: WebhookBenchOptions): Promise<WebhookFigures> {
  const sink = await startSink();
  const world = await openWorld({ name: 'webhook', links: options.links, notificationUrl: sink.url, logLevel: options.logLevel, cpuProfileDir: options.cpuProfileDir });
  try {
    const created = await createLinks(world.services, options.orders + options.verifiedOrders, 'webhook');
    const verified = await paidAtMidtrans(world.services, sink, created.slugs.slice(options.orders));
    const unverified = await reservedOnly(world.services, created.slugs.slice(0, options.orders), verified.bodies[0]!);
    await world.closeServices();

    const run = async (label: string, verifyStatus: boolean, orders: NotifiedOrders) => {
      const tagih = await world.startTagih(label, { MIDTRANS_VERIFY_STATUS: String(verifyStatus) });
      const idle = await idleRss(tagih);
      const load = await notify(tagih, orders, options);
      await tagih.stop();
      return { idle, run: { ...load, orders: orders.orderIds.length, paid: countPaid(world.dbPath, orders.orderIds) } };
    };
    const bareServer = await world.startServer('bench/support/bare-server.ts', 'bare', {});
    const bare = await notify(bareServer, unverified, options);
    await bareServer.stop();
    const off = await run('tagih-recheck-off', false, unverified);
    const on = await run('tagih-recheck-on', true, verified);

    let naive: WebhookRun | null = null;
    if (options.naive) {
      const naiveDb = join(world.dir, 'naive.db');
      naiveDatabase(naiveDb, options.links, verified.orderIds);
      const server = await world.startServer('bench/support/naive-webhook-server.ts', 'naive', {
        NAIVE_DB: naiveDb,
        MIDTRANS_API_BASE_URL: world.simulator.url,
        MIDTRANS_SERVER_KEY: SIMULATOR_DEV_KEY,
      });
      const load = await notify(server, verified, options);
      await server.stop();
      naive = { ...load, orders: verified.orderIds.length, paid: countPaid(naiveDb, verified.orderIds) };
    }
    const creationsPerSecond = (created.slugs.length / created.ms) * 1000;
    return { links: options.links, bare, creationsPerSecond, idleRss: off.idle, off: off.run, on: on.run, naive };
  } finally {
    await world.close();
    await sink.close();
  }
}

const latency = (run: LoadResult) => `p50 ${ms(run.p50)}, p99 ${ms(run.p99)}`;

function runNote(run: WebhookRun, options: WebhookBenchOptions): string {
  const answered = Object.entries(run.statuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(' ');
  const cut = run.cut ? `; stopped at ${options.maxSeconds} s` : '';
  return `${run.requests} requests (${run.orders} orders + ${Math.round(options.duplicates * 100)}% duplicates), ${options.connections} connections; answers ${answered}; ${run.paid}/${run.orders} orders paid; peak RSS ${mib(run.peakRss)}${cut}`;
}

export function webhookRows(figures: WebhookFigures, options: WebhookBenchOptions): Row[] {
  const scale = `store with ${figures.links.toLocaleString('en-US')} links`;
  const rate = (run: LoadResult) => `${perSecond(run.ok, run.seconds * 1000)}, ${latency(run)}`;
  const rows: Row[] = [
    { benchmark: 'yardstick: bare node:http, JSON + SHA-512, nothing stored', result: rate(figures.bare), note: 'the re-check-off load; says how fast the machine is right now' },
    { benchmark: 'webhook, re-check off', result: rate(figures.off), note: `${scale}; ${runNote(figures.off, options)}` },
    { benchmark: 'webhook, re-check on (Get Status at the simulator)', result: rate(figures.on), note: runNote(figures.on, options) },
  ];
  if (figures.naive) {
    rows.push({ benchmark: 'naive handler (notification() + commit per request)', result: rate(figures.naive), note: runNote(figures.naive, options) });
    rows.push({ benchmark: 'ours / naive, both with Get Status', result: `${(figures.on.perSecond / figures.naive.perSecond).toFixed(1)}x` });
  }
  rows.push({ benchmark: 'link creations (LinkService.create, durable)', result: perSecond(figures.creationsPerSecond, 1000), note: `64 at once, ${scale}` });
  rows.push({ benchmark: 'tagih RSS, idle / under webhook load', result: `${mib(figures.idleRss)} / ${mib(Math.max(figures.off.peakRss, figures.on.peakRss))}` });
  return rows;
}

export function webhookOptions(): WebhookBenchOptions {
  return {
    ...commonSettings(),
    orders: envNumber('BENCH_WEBHOOK_ORDERS', 30_000),
    verifiedOrders: envNumber('BENCH_WEBHOOK_VERIFIED_ORDERS', 15_000),
    duplicates: envNumber('BENCH_DUPLICATES', 0.3),
    naive: envNumber('BENCH_NAIVE', 1) !== 0,
  };
}

export async function runWebhookBench(options: WebhookBenchOptions): Promise<Row[]> {
  return webhookRows(await measureWebhook(options), options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = webhookOptions();
  const rows = await runWebhookBench(options);
  printTable('Webhook benchmark (tagih in a child process, autocannon here, simulator in a third process; loopback)', rows);
}
