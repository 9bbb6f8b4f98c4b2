import { expect } from 'chai';
import { PassThrough, Writable } from 'node:stream';
import { parsePeriod } from '../../src/reports/period.ts';
import { ORDER_COLUMNS, writeOrdersCsv } from '../../src/reports/orders-csv.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { MerchantOrdersQuery, Store } from '../../src/store/ports.ts';
import { makeLink, makeOrder, MERCHANT } from './fixtures.ts';

const NOW = new Date('2026-12-02T10:00:00Z');
const day = (iso: string) => new Date(iso);

async function csvOf(store: Store, period: string, pageSize?: number): Promise<{ text: string; bytes: Buffer; rows: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const rows = await writeOrdersCsv({ orders: store.orders, merchantId: MERCHANT, period: parsePeriod(period, NOW), out, ...(pageSize ? { pageSize } : {}) });
  out.end();
  const bytes = Buffer.concat(chunks);
  return { text: bytes.toString('utf8'), bytes, rows };
}

describe('reports: the orders CSV', function () {
  let store: Store;

  beforeEach(function () {
    store = openSqliteStore({ path: ':memory:' });
  });

  afterEach(async function () {
    await store.close();
  });

  it('starts with a UTF-8 BOM and the header, then one row per order of the period in WIB time', async function () {
    const kaos = await makeLink(store, 'Kaos, Hitam', 150_000);
    const paid = await makeOrder(store, kaos, { at: day('2026-12-01T02:00:00Z'), customer: { name: '=CMD("x")', phone: '6281234567890', email: 'ani@mail.com' } });
    const partly = await makeOrder(store, kaos, { at: day('2026-12-01T03:00:00Z'), refunded: 50_000, method: 'bank_transfer' });
    await makeOrder(store, kaos, { at: day('2026-12-02T02:00:00Z') }); // today: not yesterday's
    const { bytes, text, rows } = await csvOf(store, 'kemarin');
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(rows).to.equal(2);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).to.equal(ORDER_COLUMNS.map((c) => c.header).join(','));
    expect(lines[0]).to.equal('order_id,time_wib,link,items,quantity,amount,status,method,paid_at_wib,refunded,customer_name,customer_phone,customer_email,answers,created_by');
    expect(lines[1]).to.equal(
      `${paid},2026-12-01T09:00:00+07:00,"#1 Kaos, Hitam","Kaos, Hitam",1,150000,paid,qris,2026-12-01T09:01:00+07:00,0,"'=CMD(""x"")",6281234567890,ani@mail.com,,`,
    );
    expect(lines[2]).to.match(new RegExp(`^${partly},2026-12-01T10:00:00\\+07:00,.*,150000,paid,bank_transfer,.*,50000,`));
    expect(lines.slice(3)).to.deep.equal(['']);
  });

  it('writes what each order bought, its quantity, the answers to the link\'s questions and who made the link', async function () {
    const link = await makeLink(store, 'Tiket', 50_000);
    await makeOrder(store, link, { at: day('2026-12-01T02:00:00Z') });
    const [row] = await store.orders.ofMerchant({ merchantId: MERCHANT, from: day('2026-12-01T00:00:00Z'), until: NOW, after: null, limit: 1 });
    const cell = (header: string, r: typeof row) => ORDER_COLUMNS.find((c) => c.header === header)!.value(r!);
    expect([cell('items', row), cell('quantity', row), cell('answers', row), cell('created_by', row)]).to.deep.equal(['Tiket', '1', '', '']);
    const rich = {
      link: { ...row!.link, questions: ['Ukuran', 'Warna'], createdBy: { userId: 'telegram:7', name: 'Sari' } },
      order: { ...row!.order, amount: 150_000, quantity: 3, answers: ['XL', 'Hitam'] },
    };
    expect([cell('items', rich), cell('quantity', rich), cell('answers', rich), cell('created_by', rich)]).to.deep.equal(['3 × Tiket', '3', 'Ukuran: XL; Warna: Hitam', 'Sari']);
    const bundle = { link: { ...row!.link, itemName: 'Kaos + Topi', items: [{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }] }, order: { ...row!.order, amount: 200_000 } };
    expect(cell('items', bundle)).to.equal('Kaos + Topi');
  });

  it('reads the store in pages and writes every order once, however the pages fall', async function () {
    const link = await makeLink(store, 'Topi', 50_000);
    const made: string[] = [];
    for (let i = 0; i < 7; i += 1) made.push(await makeOrder(store, link, { at: day(`2026-12-01T0${i}:00:00Z`), status: i % 2 ? 'pending' : 'paid' }));
    const pages: MerchantOrdersQuery[] = [];
    const counting = { ofMerchant: (query: MerchantOrdersQuery) => (pages.push(query), store.orders.ofMerchant(query)) };
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const rows = await writeOrdersCsv({ orders: counting, merchantId: MERCHANT, period: parsePeriod('kemarin', NOW), out, pageSize: 3 });
    expect(rows).to.equal(7);
    expect(pages.map((p) => p.after?.id ?? null)).to.deep.equal([null, made[2], made[5]]);
    const ids = chunks.join('').split('\r\n').slice(1, -1).map((line) => line.split(',')[0]);
    expect(ids).to.deep.equal(made);
  });

  it('waits for a slow reader instead of buffering the whole export', async function () {
    const link = await makeLink(store, 'Topi', 50_000);
    for (let i = 0; i < 20; i += 1) await makeOrder(store, link, { at: day(`2026-12-01T01:${String(i).padStart(2, '0')}:00Z`) });
    let peak = 0;
    const slow = new Writable({
      highWaterMark: 256,
      write(_chunk: Buffer, _encoding, done) {
        peak = Math.max(peak, slow.writableLength);
        setImmediate(done);
      },
    });
    await writeOrdersCsv({ orders: store.orders, merchantId: MERCHANT, period: parsePeriod('kemarin', NOW), out: slow, pageSize: 5 });
    // Never more than one row past the high-water mark: each write waited for 'drain'.
    expect(peak).to.be.lessThan(256 + 400);
  });
});
