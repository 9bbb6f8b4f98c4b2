/**
 * `npm run bench:webhook`: Midtrans notifications per second through the
 * real tagih (started by src/main.ts in a child process, embedded store on
 * disk, synchronous=FULL), driven by autocannon from this process over
 * loopback. Signed settlement notifications for distinct pending orders, plus
 * 30% duplicates, with Get Status re-check off and on (against the simulator,
 * in a third process), then the same load on a naive handler written the
 * usual way (bench/support/naive-webhook-server.ts). Below tagih, the
 * yardstick (nothing stored) and the floor (the yardstick plus keeping each
 * body in the inbox, bench/support/floor-server.ts). A 2xx means the
 * notification is on disk; after each run the orders are counted as paid.
 *
 * Each server is warmed up with BENCH_WARMUP other orders first.
 *
 * Environment: BENCH_LINKS, BENCH_WEBHOOK_ORDERS, BENCH_WEBHOOK_VERIFIED_ORDERS,
 * BENCH_DUPLICATES, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_MAX_SECONDS,
 * BENCH_NAIVE, BENCH_LOG_LEVEL, BENCH_CPU_PROF (see bench/README.md).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SIMULATOR_DEV_KEY } from '../src/midtrans/simulator/simulator.ts';
import { judgeNaive, judgeRecheckOff, NAIVE_AIM, RECHECK_OFF_AIM } from './lib/aims.ts';
import { watch, type ChildServer, type Watched } from './lib/children.ts';
import { cpuPerAnswer, runLoad, type LoadResult } from './lib/load.ts';
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
  /** Distinct orders notified (with duplicates) before each measured run, not measured. */
  warmup: number;
}

export interface NotifyRun extends LoadResult, Watched {
  requests: number;
}

export interface WebhookRun extends NotifyRun {
  /** Orders notified / found paid afterwards. */
  orders: number;
  paid: number;
}

export interface WebhookFigures {
  links: number;
  /** bare-server.ts under the re-check-off load: what this machine does with no store and no framework. */
  bare: NotifyRun;
  /** floor-server.ts under the same load: the yardstick plus keeping each body in the store's inbox, nothing applied. */
  floor: NotifyRun;
  /** LinkService.create while preparing, on the store already holding `links`. */
  creationsPerSecond: number;
  idleRss: number;
  off: WebhookRun;
  on: WebhookRun;
  naive: WebhookRun | null;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'Veritrans' };

async function notify(server: ChildServer, orders: NotifiedOrders, options: WebhookBenchOptions): Promise<NotifyRun> {
  const bodies = withDuplicates(orders.bodies, options.duplicates);
  const load = await watch(server, () =>
    runLoad({
      url: server.url,
      connections: options.connections,
      amount: bodies.length,
      maxMs: options.maxSeconds * 1000,
      request: (i) => ({ method: 'POST', path: '/webhooks/midtrans', headers: JSON_HEADERS, body: bodies[i % bodies.length]! }),
    }),
  );
  return { ...load, requests: bodies.length };
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

/** The first `count` orders warm a server up; the rest are measured. */
function split(orders: NotifiedOrders, count: number): { warmup: NotifiedOrders; measured: NotifiedOrders } {
  const part = (from: number, to?: number) => ({ orderIds: orders.orderIds.slice(from, to), bodies: orders.bodies.slice(from, to) });
  return { warmup: part(0, count), measured: part(count) };
}

export async function measureWebhook(options: WebhookBenchOptions): Promise<WebhookFigures> {
  const sink = await startSink();
  const world = await openWorld({ name: 'webhook', links: options.links, notificationUrl: sink.url, logLevel: options.logLevel, cpuProfileDir: options.cpuProfileDir });
  try {
    const { warmup } = options;
    const created = await createLinks(world.services, options.orders + options.verifiedOrders + 2 * warmup, 'webhook');
    const verifiedCount = options.verifiedOrders + warmup;
    const paid = await paidAtMidtrans(world.services, sink, created.slugs.slice(0, verifiedCount));
    const verified = split(paid, warmup);
    const unverified = split(await reservedOnly(world.services, created.slugs.slice(verifiedCount), paid.bodies[0]!), warmup);
    await world.closeServices();

    /** Warms the server up (JIT, caches, connections), then measures; counts the measured orders paid. */
    const measure = async (server: ChildServer, set: typeof verified, dbPath: string): Promise<WebhookRun> => {
      if (warmup > 0) await notify(server, set.warmup, options);
      const load = await notify(server, set.measured, options);
      await server.stop();
      return { ...load, orders: set.measured.orderIds.length, paid: countPaid(dbPath, set.measured.orderIds) };
    };
    const bareServer = await world.startServer('bench/support/bare-server.ts', 'bare', {});
    if (warmup > 0) await notify(bareServer, unverified.warmup, options);
    const bare = await notify(bareServer, unverified.measured, options);
    await bareServer.stop();
    const floorServer = await world.startServer('bench/support/floor-server.ts', 'floor', { FLOOR_DB: join(world.dir, 'floor.db') });
    if (warmup > 0) await notify(floorServer, unverified.warmup, options);
    const floor = await notify(floorServer, unverified.measured, options);
    await floorServer.stop();

    const offServer = await world.startTagih('tagih-recheck-off', { MIDTRANS_VERIFY_STATUS: 'false' });
    const idle = await idleRss(offServer);
    const off = await measure(offServer, unverified, world.dbPath);
    const on = await measure(await world.startTagih('tagih-recheck-on', { MIDTRANS_VERIFY_STATUS: 'true' }), verified, world.dbPath);

    let naive: WebhookRun | null = null;
    if (options.naive) {
      const naiveDb = join(world.dir, 'naive.db');
      naiveDatabase(naiveDb, options.links, paid.orderIds);
      const server = await world.startServer('bench/support/naive-webhook-server.ts', 'naive', {
        NAIVE_DB: naiveDb,
        MIDTRANS_API_BASE_URL: world.simulator.url,
        MIDTRANS_SERVER_KEY: SIMULATOR_DEV_KEY,
      });
      naive = await measure(server, verified, naiveDb);
    }
    const creationsPerSecond = (created.slugs.length / created.ms) * 1000;
    return { links: options.links, bare, floor, creationsPerSecond, idleRss: idle, off, on, naive };
  } finally {
    await world.close();
    await sink.close();
  }
}

const latency = (run: LoadResult) => `p50 ${ms(run.p50)}, p99 ${ms(run.p99)}`;
const cpu = (run: LoadResult & Watched) => `${Math.round(cpuPerAnswer(run))} µs CPU each`;

function runNote(run: WebhookRun, options: WebhookBenchOptions): string {
  const answered = Object.entries(run.statuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(' ');
  const cut = run.cut ? `; stopped at ${options.maxSeconds} s` : '';
  return `${run.requests} requests (${run.orders} orders + ${Math.round(options.duplicates * 100)}% duplicates), ${options.connections} connections; answers ${answered}; ${run.paid}/${run.orders} orders paid; peak RSS ${mib(run.peakRss)}${cut}`;
}

export function webhookRows(figures: WebhookFigures, options: WebhookBenchOptions): Row[] {
  const scale = `store with ${figures.links.toLocaleString('en-US')} links`;
  const rate = (run: NotifyRun) => `${perSecond(run.ok, run.seconds * 1000)}, ${latency(run)}, ${cpu(run)}`;
  const rows: Row[] = [
    { benchmark: 'yardstick: bare node:http, JSON + SHA-512, nothing stored', result: rate(figures.bare), note: 'the re-check-off load; says how fast the machine is right now' },
    {
      benchmark: 'floor: the yardstick + keeping each body in the inbox, nothing applied',
      result: rate(figures.floor),
      note: `${(cpuPerAnswer(figures.floor) / cpuPerAnswer(figures.bare)).toFixed(1)}× the yardstick's CPU: the store's inbox.add alone, one durable write per notification`,
    },
    { benchmark: 'webhook, re-check off', result: rate(figures.off), note: `${scale}; ${runNote(figures.off, options)}` },
    { benchmark: RECHECK_OFF_AIM, result: judgeRecheckOff(figures).text, note: 'CPU per answer of the server process, against the yardstick in the same run' },
    { benchmark: 'webhook, re-check on (Get Status at the simulator)', result: rate(figures.on), note: runNote(figures.on, options) },
  ];
  if (figures.naive) {
    rows.push({ benchmark: 'naive handler (notification() + commit per request)', result: rate(figures.naive), note: runNote(figures.naive, options) });
    rows.push({ benchmark: NAIVE_AIM, result: judgeNaive(figures)?.text ?? '' });
  }
  rows.push({ benchmark: 'link creations (LinkService.create, durable)', result: perSecond(figures.creationsPerSecond, 1000), note: `64 at once, ${scale}` });
  rows.push({ benchmark: 'tagih RSS, idle / under webhook load', result: `${mib(figures.idleRss)} / ${mib(Math.max(figures.off.peakRss, figures.on.peakRss))}` });
  return rows;
}

export function webhookOptions(): WebhookBenchOptions {
  return {
    ...commonSettings(),
    orders: envNumber('BENCH_WEBHOOK_ORDERS', 15_000),
    verifiedOrders: envNumber('BENCH_WEBHOOK_VERIFIED_ORDERS', 6_000),
    duplicates: envNumber('BENCH_DUPLICATES', 0.3),
    naive: envNumber('BENCH_NAIVE', 1) !== 0,
    warmup: envNumber('BENCH_WARMUP', 1_500),
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
