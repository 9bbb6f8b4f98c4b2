import { expect } from 'chai';
import { parsePeriod } from '../../src/reports/period.ts';
import { readTakings } from '../../src/reports/takings.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/ports.ts';
import { makeLink, makeOrder, MERCHANT } from './fixtures.ts';

// Wednesday 2 December 2026, 17:00 WIB.
const NOW = new Date('2026-12-02T10:00:00Z');
const at = (iso: string) => new Date(iso);

describe('reports: takings', function () {
  let store: Store;

  beforeEach(function () {
    store = openSqliteStore({ path: ':memory:' });
  });

  afterEach(async function () {
    await store.close();
  });

  it('adds up paid orders, refunds and net, by link and by method, with pending checkouts apart', async function () {
    const kaos = await makeLink(store, 'Kaos', 150_000);
    const topi = await makeLink(store, 'Topi', 50_000);
    const other = await makeLink(store, 'Lain', 999_000, 'telegram:200');
    await makeOrder(store, kaos, { at: at('2026-12-02T01:10:00Z') }); // 08:10 WIB
    await makeOrder(store, kaos, { at: at('2026-12-02T01:50:00Z'), refunded: 50_000, method: 'bank_transfer' });
    await makeOrder(store, topi, { at: at('2026-12-02T06:00:00Z'), status: 'refunded' }); // 13:00 WIB
    await makeOrder(store, topi, { at: at('2026-12-02T07:00:00Z'), status: 'pending' });
    await makeOrder(store, topi, { at: at('2026-12-02T07:30:00Z'), status: 'expired' });
    await makeOrder(store, other, { at: at('2026-12-02T02:00:00Z') });
    await makeOrder(store, kaos, { at: at('2026-12-01T16:59:00Z') }); // 23:59 WIB yesterday

    const today = await readTakings(store.orders, MERCHANT, parsePeriod('', NOW));
    expect(today).to.deep.include({ paidCount: 3, gross: 350_000, refunded: 100_000, net: 250_000, pendingCount: 1, pendingAmount: 50_000 });
    expect(today.byLink).to.deep.equal([
      { number: kaos.number, itemName: 'Kaos', paidCount: 2, net: 250_000 },
      { number: topi.number, itemName: 'Topi', paidCount: 1, net: 0 },
    ]);
    expect(today.byMethod).to.deep.equal([
      { method: 'qris', paidCount: 2, net: 150_000 },
      { method: 'bank_transfer', paidCount: 1, net: 100_000 },
    ]);
    // One day goes by the WIB hour, all 24 of them.
    expect(today.buckets).to.have.length(24);
    expect(today.buckets.filter((b) => b.net !== 0)).to.deep.equal([{ key: '08', net: 250_000 }]);

    const yesterday = await readTakings(store.orders, MERCHANT, parsePeriod('kemarin', NOW));
    expect(yesterday).to.deep.include({ paidCount: 1, net: 150_000 });
  });

  it('goes by the day over several days, empty days included', async function () {
    const kaos = await makeLink(store, 'Kaos', 150_000);
    await makeOrder(store, kaos, { at: at('2026-11-30T01:00:00Z') });
    await makeOrder(store, kaos, { at: at('2026-12-02T01:00:00Z') });
    const week = await readTakings(store.orders, MERCHANT, parsePeriod('minggu ini', NOW));
    expect(week.buckets).to.deep.equal([
      { key: '2026-11-30', net: 150_000 },
      { key: '2026-12-01', net: 0 },
      { key: '2026-12-02', net: 150_000 },
    ]);
  });
});
