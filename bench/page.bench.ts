/**
 * `npm run bench:page`: the customer's side of the real tagih (started by
 * src/main.ts in a child process, embedded store on disk), driven by
 * autocannon from this process over loopback. GET /p/:slug over a few slugs,
 * then full checkouts: POST /p/:slug with a new customer each time, which
 * reserves a slot, opens a Snap transaction at the simulator (a third
 * process) and answers 303 to it.
 *
 * The payment form's rate limit (10 attempts a minute per address and link)
 * is left on, as in production; it cannot be raised through the environment,
 * so the checkouts are spread over enough links (BENCH_CHECKOUTS_PER_LINK,
 * default 5) that it never trips. A 429 would show in the answers.
 *
 * Both are warmed up first (BENCH_WARMUP).
 *
 * Environment: BENCH_LINKS, BENCH_PAGE_SLUGS, BENCH_PAGE_SECONDS,
 * BENCH_CHECKOUTS, BENCH_CHECKOUTS_PER_LINK, BENCH_WARMUP, BENCH_CONNECTIONS,
 * BENCH_MAX_SECONDS, BENCH_LOG_LEVEL, BENCH_CPU_PROF (see bench/README.md).
 */
import { pathToFileURL } from 'node:url';
import { watch, type Watched } from './lib/children.ts';
import { cpuPerAnswer, runLoad, type LoadRequest, type LoadResult } from './lib/load.ts';
import { mib, ms, perSecond, printTable, type Row } from './lib/measure.ts';
import { createLinks } from './lib/notified-orders.ts';
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
}

const WARMUP_SECONDS = 3;

export type PageRun = LoadResult & Watched;

export interface PageFigures {
  links: number;
  idleRss: number;
  pages: PageRun;
  checkouts: PageRun & { requests: number; snapTransactions: number };
}

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
    await world.closeServices();

    const tagih = await world.startTagih('tagih-page', {});
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
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
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
    return { links: options.links, idleRss: idle, pages, checkouts: { ...checkouts, requests: options.checkouts, snapTransactions: opened } };
  } finally {
    await world.close();
  }
}

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
  };
}

export async function runPageBench(options: PageBenchOptions): Promise<Row[]> {
  return pageRows(await measurePage(options), options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runPageBench(pageOptions());
  printTable('Payment page benchmark (tagih in a child process, autocannon here, simulator in a third process; loopback)', rows);
}
