/**
 * `npm run bench:store`: the link service on the embedded store, on disk with
 * durable commits. Creations and reservations per second (one link each, and
 * many customers on one link), then page and detail reads once the store
 * holds BENCH_LINKS links (default 1,000,000) of a store in use (lib/background.ts).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LinkService } from '../src/links/link-service.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { BUSY_MERCHANT, seedBackground } from './lib/background.ts';
import { memory, ms, perSecond, printTable, runConcurrently, sample, summarize, type Row } from './lib/measure.ts';

const CONCURRENCY = 256;
const OPERATIONS = 20_000;

export interface StoreBenchOptions {
  links: number;
}

export async function runStoreBench(options: StoreBenchOptions): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tagih-bench-store-'));
  const path = join(dir, 'tagih.db');
  const rows: Row[] = [];
  try {
    let store = openSqliteStore({ path });
    const service = (s: typeof store) =>
      new LinkService({ store: s, publicUrl: 'http://localhost:3000', merchantName: 'bench', paymentWindowMs: 3_600_000 });
    let links = service(store);
    const customer = (i: number) => ({ name: `Customer ${i}`, email: `c${i}@mail.com`, phone: '081234567890' });

    const created: string[] = [];
    const createMs = await runConcurrently(OPERATIONS, CONCURRENCY, async (i) => {
      const { link } = await links.create({ merchantId: `telegram:${i % 50}`, via: 'telegram', notifyChatId: '1', itemName: `Kaos ${i}`, price: 150_000 });
      created.push(link.slug);
    });
    rows.push({ benchmark: 'store: link creations (LinkService.create, durable)', result: perSecond(OPERATIONS, createMs), note: `${OPERATIONS} links, ${CONCURRENCY} at once` });

    const reserveMs = await runConcurrently(OPERATIONS, CONCURRENCY, (i) => links.reserve(created[i]!, customer(i)));
    rows.push({ benchmark: 'store: reservations, one per link', result: perSecond(OPERATIONS, reserveMs), note: `${OPERATIONS} links, ${CONCURRENCY} at once` });

    const { link: popular } = await links.create({ merchantId: 'telegram:0', via: 'telegram', notifyChatId: '1', itemName: 'Konser', price: 250_000, usageLimit: 1_000_000 });
    const contendedMs = await runConcurrently(OPERATIONS, CONCURRENCY, (i) => links.reserve(popular.slug, customer(i)));
    rows.push({ benchmark: 'store: reservations, all on one link', result: perSecond(OPERATIONS, contendedMs), note: `${OPERATIONS} customers in checkout at once` });

    const { link: scarce } = await links.create({ merchantId: 'telegram:0', via: 'telegram', notifyChatId: '1', itemName: 'Tiket', price: 250_000, usageLimit: 100 });
    let won = 0;
    const raceMs = await runConcurrently(5_000, CONCURRENCY, async (i) => {
      const reserved = await links.reserve(scarce.slug, customer(i)).then(
        () => true,
        () => false,
      );
      if (reserved) won += 1;
    });
    rows.push({ benchmark: 'store: 5,000 customers racing for 100 slots', result: perSecond(5_000, raceMs), note: `${won} reserved (exactly 100 expected)` });
    rows.push({ benchmark: 'store: memory after writes', result: memory() });
    await store.close();

    const seedStarted = Date.now();
    seedBackground(path, options.links);
    const seedSeconds = ((Date.now() - seedStarted) / 1000).toFixed(0);
    store = openSqliteStore({ path });
    links = service(store);
    const size = `${Math.round(statSync(path).size / 2 ** 20)} MiB`;
    const scale = `${options.links.toLocaleString('en-US')} links, ${(options.links * 2).toLocaleString('en-US')} orders, ${size}`;

    const pages = summarize(await sample(1000, (i) => links.list(BUSY_MERCHANT, { page: 1 + (i % 10), pageSize: 20, all: i % 2 === 0 })));
    rows.push({ benchmark: 'store: list one page of 20 links', result: `p50 ${ms(pages.p50)}, p99 ${ms(pages.p99)}`, note: `${scale}; merchant with ${(options.links / 10).toLocaleString('en-US')} links` });
    const details = summarize(
      await sample(1000, (i) => links.details(BUSY_MERCHANT, { kind: 'number', value: 1 + ((i * 7919) % (options.links / 10)) })),
    );
    rows.push({ benchmark: 'store: one link with stats and latest orders', result: `p50 ${ms(details.p50)}, p99 ${ms(details.p99)}`, note: scale });
    const checkout = summarize(await sample(1000, (i) => links.reserve(`bg-${(i * 104_729) % options.links}`, customer(i)).catch(() => null)));
    rows.push({ benchmark: 'store: one reservation on a full store', result: `p50 ${ms(checkout.p50)}, p99 ${ms(checkout.p99)}`, note: `${scale}; sequential, each durable` });
    rows.push({ benchmark: 'store: memory with the full store open', result: memory(), note: `seeded in ${seedSeconds} s` });
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const links = Number(process.env.BENCH_LINKS ?? 1_000_000);
  const rows = await runStoreBench({ links });
  printTable(`Store benchmark (embedded SQLite, ${links.toLocaleString('en-US')} links)`, rows);
}
