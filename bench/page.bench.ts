/**
 * `npm run bench:page`: the customer's side of the real tagih (started by
 * src/main.ts in a child process, embedded store on disk), driven by
 * autocannon from this process over loopback. GET /p/:slug over a few slugs,
 * then full checkouts: POST /p/:slug with a new customer each time, which
 * reserves a slot, opens a Snap transaction at the simulator (a third
 * process) and answers 303 to it.
 *
 * The payment form's rate limit (10 attempts a minute per address and link)
 * and the per-client rules (one unpaid checkout per link and three in all per
 * address and per browser) are left on, as in production. Each checkout is a
 * customer of their own, as behind a reverse proxy: tagih trusts loopback
 * (TRUST_PROXY) and each request names its own address in X-Forwarded-For.
 * The checkouts are also spread over links (BENCH_CHECKOUTS_PER_LINK,
 * default 5). A 409 or 429 would show in the answers.
 *
 * Both are warmed up first (BENCH_WARMUP).
 *
 * Then the QR flood: one client holds BENCH_QR_FLOOD_CONNECTIONS (128)
 * connections on GET /p/:slug/qr.png for BENCH_QR_FLOOD_SECONDS while
 * Midtrans's notifications arrive at a steady BENCH_QR_FLOOD_WEBHOOK_RATE a
 * second (re-check off, so only tagih is measured); the same notification
 * rate without the flood comes first, for comparison.
 *
 * Environment: BENCH_LINKS, BENCH_PAGE_SLUGS, BENCH_PAGE_SECONDS,
 * BENCH_CHECKOUTS, BENCH_CHECKOUTS_PER_LINK, BENCH_WARMUP, BENCH_QR_FLOOD_*,
 * BENCH_CONNECTIONS, BENCH_MAX_SECONDS, BENCH_LOG_LEVEL, BENCH_CPU_PROF (see
 * bench/README.md).
 */
import { pathToFileURL } from 'node:url';
import { watch, type Watched } from './lib/children.ts';
import { cpuPerAnswer, runLoad, type LoadRequest, type LoadResult } from './lib/load.ts';
import { mib, ms, perSecond, printTable, type Row } from './lib/measure.ts';
import { createLinks, reservedOnly } from './lib/notified-orders.ts';
import { commonSettings, envNumber, type CommonSettings } from './lib/settings.ts';
import { idleRss, openWorld } from './lib/tagih-world.ts';

export interface PageBenchOptions extends CommonSettings {
  /** Links whose page is requested in turn. */
  slugs: number;
  /** How long the page requests run. */
  pageSeconds: number;
  checkouts: number;
  /** Checkouts per link, below the payment form's rate limit. */
  checkoutsPerLink: number;
  /** Before measuring: a few seconds of page views and a quarter as many checkouts as this. */
  warmup: number;
  /** The one flooding client's connections on qr.png. */
  qrFloodConnections: number;
  /** How long the notifications run, with and without the flood. */
  qrFloodSeconds: number;
  /** Notifications a second meanwhile. */
  qrFloodWebhookRate: number;
}

const WARMUP_SECONDS = 3;

export type PageRun = LoadResult & Watched;

export interface QrFlood {
  /** The webhook at the steady rate, nothing else going on. */
  quiet: LoadResult;
  /** The same, while one client floods qr.png. */
  flooded: LoadResult;
  /** What the flooding client got. */
  flood: LoadResult;
}

export interface PageFigures {
  links: number;
  idleRss: number;
  pages: PageRun;
  checkouts: PageRun & { requests: number; snapTransactions: number };
  qrFlood: QrFlood;
}

/** A settlement notification as Midtrans sends one; reservedOnly makes one per order, signed for it. */
const SETTLEMENT = JSON.stringify({
  transaction_time: '2026-11-25 10:00:00',
  transaction_status: 'settlement',
  status_message: 'midtrans payment notification',
  status_code: '200',
  payment_type: 'qris',
  gross_amount: '150000.00',
  fraud_status: 'accept',
  currency: 'IDR',
});

/** A distinct address per customer, from the benchmarking range 198.18.0.0/15. */
const customerAddress = (i: number) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The simulator's own count of Snap transactions, from its health answer. */
async function snapTransactions(simulatorUrl: string): Promise<number> {
  const health = (await (await fetch(`${simulatorUrl}/healthz`)).json()) as { transactions?: unknown };
  return Number(health.transactions);
}

export async function measurePage(options: PageBenchOptions): Promise<PageFigures> {
  const world = await openWorld({ name: 'page', links: options.links, logLevel: options.logLevel, cpuProfileDir: options.cpuProfileDir });
  try {
    const pageSlugs = (await createLinks(world.services, options.slugs, 'page')).slugs;
    const warmupCheckouts = Math.round(options.warmup / 4);
    const linksFor = (checkouts: number) => Math.ceil(checkouts / options.checkoutsPerLink);
    const checkoutSlugs = (await createLinks(world.services, linksFor(warmupCheckouts) + linksFor(options.checkouts), 'checkout', null)).slugs;
    const notified = Math.round(options.qrFloodWebhookRate * options.qrFloodSeconds);
    const floodOrders = await reservedOnly(world.services, (await createLinks(world.services, 2 * notified, 'qr')).slugs, SETTLEMENT);
    await world.closeServices();

    const tagih = await world.startTagih('tagih-page', { TRUST_PROXY: 'loopback' });
    const idle = await idleRss(tagih);
    const viewPages = (seconds: number) =>
      runLoad({
        url: tagih.url,
        connections: options.connections,
        maxMs: seconds * 1000,
        request: (i) => ({ method: 'GET', path: `/p/${pageSlugs[i % pageSlugs.length]!}` }),
      });
    if (options.warmup > 0) await viewPages(WARMUP_SECONDS);
    const pages = await watch(tagih, () => viewPages(options.pageSeconds));

    /** Checkouts from `first` on: a new customer each, `checkoutsPerLink` on each link in turn. */
    const checkOut = (first: number, amount: number) =>
      runLoad({
        url: tagih.url,
        connections: options.connections,
        amount,
        maxMs: options.maxSeconds * 1000,
        expect: (status) => status === 303,
        request: (n): LoadRequest => {
          const i = first + (n % amount);
          return {
            method: 'POST',
            path: `/p/${checkoutSlugs[Math.floor(i / options.checkoutsPerLink)]!}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': customerAddress(i) },
            body: new URLSearchParams({ name: `Pembeli ${i}`, phone: '081234567890', email: `pembeli${i}@mail.com` }).toString(),
          };
        },
      });
    // The warm-up's links come first and are never used again.
    if (warmupCheckouts > 0) await checkOut(0, warmupCheckouts);
    const first = linksFor(warmupCheckouts) * options.checkoutsPerLink;
    const before = await snapTransactions(world.simulator.url);
    const checkouts = await watch(tagih, () => checkOut(first, options.checkouts));
    const opened = (await snapTransactions(world.simulator.url)) - before;
    await tagih.stop();

    const qrTagih = await world.startTagih('tagih-qr-flood', { MIDTRANS_VERIFY_STATUS: 'false' });
    const notify = (bodies: readonly string[]) =>
      runLoad({
        url: qrTagih.url,
        connections: 4,
        amount: bodies.length,
        rate: options.qrFloodWebhookRate,
        maxMs: options.maxSeconds * 1000,
        request: (i) => ({ method: 'POST', path: '/webhooks/midtrans', headers: { 'content-type': 'application/json', 'user-agent': 'Veritrans' }, body: bodies[i]! }),
      });
    const quiet = await notify(floodOrders.bodies.slice(0, notified));
    // The flood starts first and outlasts the notifications by a second on each side.
    const flooding = runLoad({
      url: qrTagih.url,
      connections: options.qrFloodConnections,
      maxMs: (options.qrFloodSeconds + 2) * 1000,
      expect: (status) => status === 200,
      request: (i) => ({ method: 'GET', path: `/p/${pageSlugs[i % pageSlugs.length]!}/qr.png` }),
    });
    await sleep(1_000);
    const flooded = await notify(floodOrders.bodies.slice(notified));
    const flood = await flooding;
    await qrTagih.stop();
    return {
      links: options.links,
      idleRss: idle,
      pages,
      checkouts: { ...checkouts, requests: options.checkouts, snapTransactions: opened },
      qrFlood: { quiet, flooded, flood },
    };
  } finally {
    await world.close();
  }
}

/** Every answer, whatever its status. */
const allAnswers = (run: LoadResult) => Object.values(run.statuses).reduce((sum, count) => sum + count, 0);

const answers = (run: LoadResult) =>
  Object.entries(run.statuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(' ');

export function pageRows(figures: PageFigures, options: PageBenchOptions): Row[] {
  const scale = `store with ${figures.links.toLocaleString('en-US')} links`;
  const rate = (run: PageRun) => `${perSecond(run.ok, run.seconds * 1000)}, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, ${Math.round(cpuPerAnswer(run))} µs CPU each`;
  const { pages, checkouts } = figures;
  return [
    {
      benchmark: 'payment page, GET /p/:slug',
      result: rate(pages),
      note: `${scale}; ${options.slugs} slugs, ${options.connections} connections, ${options.pageSeconds} s; answers ${answers(pages)}; peak RSS ${mib(pages.peakRss)}`,
    },
    {
      benchmark: 'checkouts, POST /p/:slug → 303 to Snap',
      result: rate(checkouts),
      note: `${checkouts.requests} customers, ${options.checkoutsPerLink} per link; answers ${answers(checkouts)}; ${checkouts.snapTransactions} Snap transactions opened${checkouts.cut ? `; stopped at ${options.maxSeconds} s` : ''}; peak RSS ${mib(checkouts.peakRss)}`,
    },
    {
      benchmark: `webhook during a qr.png flood (one client, ${options.qrFloodConnections} connections)`,
      result: `p50 ${ms(figures.qrFlood.flooded.p50)}, p99 ${ms(figures.qrFlood.flooded.p99)}, max ${ms(figures.qrFlood.flooded.max)}`,
      note:
        `${options.qrFloodWebhookRate} notifications/s, re-check off; without the flood p50 ${ms(figures.qrFlood.quiet.p50)}, p99 ${ms(figures.qrFlood.quiet.p99)}; ` +
        `webhook answers ${answers(figures.qrFlood.flooded)}; the flood got ${answers(figures.qrFlood.flood)} (${perSecond(allAnswers(figures.qrFlood.flood), figures.qrFlood.flood.seconds * 1000)}); target p99 < 100 ms`,
    },
    { benchmark: 'tagih RSS, idle / under page load', result: `${mib(figures.idleRss)} / ${mib(Math.max(pages.peakRss, checkouts.peakRss))}` },
  ];
}

export function pageOptions(): PageBenchOptions {
  return {
    ...commonSettings(),
    slugs: envNumber('BENCH_PAGE_SLUGS', 5),
    pageSeconds: envNumber('BENCH_PAGE_SECONDS', 10),
    checkouts: envNumber('BENCH_CHECKOUTS', 5_000),
    checkoutsPerLink: Math.max(1, Math.min(10, envNumber('BENCH_CHECKOUTS_PER_LINK', 5))),
    warmup: envNumber('BENCH_WARMUP', 1_500),
    qrFloodConnections: envNumber('BENCH_QR_FLOOD_CONNECTIONS', 128),
    qrFloodSeconds: envNumber('BENCH_QR_FLOOD_SECONDS', 10),
    qrFloodWebhookRate: envNumber('BENCH_QR_FLOOD_WEBHOOK_RATE', 50),
  };
}

export async function runPageBench(options: PageBenchOptions): Promise<Row[]> {
  return pageRows(await measurePage(options), options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runPageBench(pageOptions());
  printTable('Payment page benchmark (tagih in a child process, autocannon here, simulator in a third process; loopback)', rows);
}
