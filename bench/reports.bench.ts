/**
 * /rekap and /export on a big month: BENCH_ORDERS orders (default 100,000,
 * half of them paid) of one merchant in the embedded store on disk, then the
 * month's takings and its CSV export, timed, with the heap and resident
 * memory they add. Reported, never asserted. `node --import tsx bench/reports.bench.ts`
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { plainOffer } from '../src/domain/link-offer.ts';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeOrdersCsv } from '../src/reports/orders-csv.ts';
import { parsePeriod } from '../src/reports/period.ts';
import { readTakings } from '../src/reports/takings.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const MERCHANT = 'telegram:100';
const NOW = new Date('2026-11-30T16:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'tagih-bench-reports-'));
const store = openSqliteStore({ path: join(dir, 'tagih.db') });
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

try {
  const links = [];
  for (let i = 0; i < 20; i += 1) {
    links.push(
      await store.links.create({
        id: `lnk_${i}`, merchantId: MERCHANT, orderId: `INV-${i}`, slug: `slug-${i}`, itemName: `Barang ${i}`, price: 10_000 + i * 1_000,
        usageLimit: null, customer: null, expiresAt: null, createdVia: 'telegram', notifyChatId: '100', recipient: null,
        createdAt: new Date('2026-11-01T00:00:00Z'), deletedAt: null, ...plainOffer(`Barang ${i}`, 10_000 + i * 1_000),
      }),
    );
  }
  const start = Date.parse('2026-11-01T00:00:00+07:00');
  const span = NOW.getTime() - start;
  const fill = performance.now();
  const pending: Array<Promise<unknown>> = [];
  for (let i = 0; i < ORDERS; i += 1) {
    const link = links[i % links.length]!;
    const at = new Date(start + Math.floor((i / ORDERS) * span));
    pending.push(
      store.orders
        .reserve({ linkId: link.id, customer: { name: `Pelanggan ${i}`, phone: '6281234567890', email: `c${i}@mail.com` }, customerKey: `k${i}`, amount: link.price, now: at, holdUntil: new Date(at.getTime() + 3_600_000), receiptTo: null })
        .then((r) => {
          if (r.kind !== 'reserved' || i % 2 === 1) return;
          return store.orders.transition({
            orderId: r.order.id, from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0,
            payment: { method: 'qris', channel: null, transactionId: `tx${i}`, amountReceived: link.price, grossAmountRaw: `${link.price}.00`, transactionStatus: 'settlement', fraudStatus: null, at },
            outbox: () => [], now: at,
          });
        }),
    );
    if (pending.length >= 500) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  console.log(`filled ${ORDERS} orders in ${((performance.now() - fill) / 1000).toFixed(1)} s`);

  const month = parsePeriod('1/11/2026-30/11/2026', NOW);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const takings = await readTakings(store.orders, MERCHANT, month);
  console.log(`takings of the month: ${takings.paidCount} paid, net ${takings.net}, in ${(performance.now() - t).toFixed(0)} ms`);

  t = performance.now();
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
  const path = join(dir, 'export.csv');
  const out = createWriteStream(path);
  const rows = await writeOrdersCsv({ orders: store.orders, merchantId: MERCHANT, period: month, out });
  out.end();
  await finished(out);
  clearInterval(sampler);
  console.log(
    `export: ${rows} rows, ${mib(statSync(path).size)} in ${((performance.now() - t) / 1000).toFixed(2)} s; heap peak +${mib(Math.max(0, peakHeap - heap0))}, RSS +${mib(process.memoryUsage().rss - rss0)}`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
