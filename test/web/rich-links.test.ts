/**
 * Issue 17's link kinds end to end over HTTP: our payment page, the Snap
 * simulator (which checks the body as Midtrans does), its signed
 * notification to our webhook, and the notices and pages that follow. One
 * test per kind: an open amount, several items, a quantity with stock,
 * chosen payment methods, questions, and the thank-you with its redirect.
 */
import { expect } from 'chai';
import type { Link } from '../../src/domain/link.ts';
import type { NewLinkInput } from '../../src/links/link-service.ts';
import type { SimMethod } from '../../src/midtrans/simulator/methods.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import { storedNotice } from '../../src/notify/notices.ts';
import { Browser, CUSTOMER, type Harness, startHarness } from './harness.ts';

/** The paid notice to the merchant (and the receipt, when there is one), as the chat shows them. */
async function noticesOf(h: Harness, orderId: string): Promise<Record<string, string>> {
  const entries = (await h.outbox()).filter((e) => e.key.startsWith(`${orderId}:`));
  return Object.fromEntries(entries.map((e) => [e.key.slice(orderId.length + 1), renderNotice(storedNotice(e.notice), 'id').text]));
}

/** Posts the page's form from `browser`; returns the answer and, when it went to Snap, the order it opened. */
async function submit(h: Harness, link: Link, fields: Record<string, string>, browser = new Browser(h)) {
  const res = await browser.post(`/p/${link.slug}`, fields);
  const body = await res.text();
  const location = res.headers.get('location');
  const [order] = res.status === 303 ? await h.store.orders.listByLink(link.id, 1) : [];
  return { res, body, location, order: order ?? null, browser };
}

/** The customer pays on the simulator's page with `method`; returns once our webhook has taken the notification. */
async function pay(h: Harness, orderId: string, method: SimMethod = 'qris'): Promise<void> {
  await h.sim.pay(orderId, method);
  await h.sim.idle();
  await h.notifications.drain();
}

describe('rich links end to end (issue 17)', function () {
  this.timeout(20_000);
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness();
  });

  afterEach(async function () {
    await h.close();
  });

  const make = (input: Partial<NewLinkInput>) => h.createLink({ usageLimit: null, ...input });

  it('open amount: the customer types it like a chat price, Snap charges it, paid is checked against it', async function () {
    const link = await make({ itemName: 'Donasi', price: null, offer: { open: { min: 10_000, max: 5_000_000, presets: [25_000, 50_000] } } });
    const page = await (await new Browser(h).get(`/p/${link.slug}`)).text();
    expect(page).to.contain('id="amount"').and.contain('Nominal bebas').and.contain('Rp10.000–Rp5.000.000');
    expect(page).to.match(/<a class="btn secondary" id="preset-25000" href="\?amount=25000">Rp25.000<\/a>/);
    // A forwarded link previews as what it is, never as a price of Rp0.
    expect(page).to.contain('<meta property="og:title" content="Donasi · Nominal bebas">').and.not.contain('Rp0');
    // A preset link fills the amount in; it starts nothing.
    const preset = await (await new Browser(h).get(`/p/${link.slug}?amount=25000`)).text();
    expect(preset).to.match(/name="amount" value="25000"/);
    expect(await h.store.orders.listByLink(link.id, 10)).to.deep.equal([]);

    const low = await submit(h, link, { ...CUSTOMER, amount: '9.999' });
    expect(low.res.status).to.equal(422);
    expect(low.body).to.match(/id="amount-error"[^>]*>Nominal minimal Rp10.000/);
    expect(await h.store.orders.listByLink(link.id, 10), 'nothing written for a bad amount').to.deep.equal([]);

    const { res, order } = await submit(h, link, { ...CUSTOMER, amount: '25rb' });
    expect(res.status).to.equal(303);
    expect(order).to.deep.include({ amount: 25_000, quantity: 1 });
    const tx = h.sim.transaction(order!.id)!;
    expect(tx.request.transaction_details.gross_amount).to.equal(25_000);
    expect(tx.request.item_details).to.deep.equal([{ id: link.orderId, name: 'Donasi', price: 25_000, quantity: 1 }]);

    await pay(h, order!.id);
    const paid = (await h.links.order(order!.id))!;
    expect(paid.status).to.equal('paid');
    expect(paid.payment).to.include({ amountReceived: 25_000 });
    expect((await noticesOf(h, order!.id))['paid:merchant']).to.contain('✅ Rp25.000 · Donasi').and.contain('Jumlah: Rp25.000 (nominal bebas)');
  });

  it('several items: the page lists them with the total, Snap gets one line each, the notice names each', async function () {
    const items = [
      { name: 'Kaos', price: 150_000 },
      { name: 'Topi', price: 50_000 },
      { name: 'Ongkir', price: 20_000 },
    ];
    const link = await make({ itemName: 'Kaos', price: null, offer: { items } });
    const page = await (await new Browser(h).get(`/p/${link.slug}`)).text();
    expect(page).to.contain('id="items"').and.contain('<th scope="row">Topi</th><td>Rp50.000</td>');
    expect(page).to.contain('id="price">Rp220.000').and.contain('Bayar Rp220.000');

    const { order } = await submit(h, link, { ...CUSTOMER });
    expect(order!.amount).to.equal(220_000);
    expect(h.sim.transaction(order!.id)!.request.item_details).to.deep.equal([
      { id: `${link.orderId}/1`, name: 'Kaos', price: 150_000, quantity: 1 },
      { id: `${link.orderId}/2`, name: 'Topi', price: 50_000, quantity: 1 },
      { id: `${link.orderId}/3`, name: 'Ongkir', price: 20_000, quantity: 1 },
    ]);
    await pay(h, order!.id);
    expect((await noticesOf(h, order!.id))['paid:merchant']).to.contain('Barang: Kaos + Topi + Ongkir').and.contain('Rincian: Kaos Rp150.000 · Topi Rp50.000 · Ongkir Rp20.000');
  });

  it('quantity with stock: the server works out the total, Snap charges quantity × price, the stock is never oversold', async function () {
    const link = await make({ itemName: 'Kaos', price: 50_000, offer: { quantity: { min: 1, max: 5 }, stock: 4 } });
    const page = await (await new Browser(h).get(`/p/${link.slug}`)).text();
    expect(page).to.match(/name="quantity" value="1"[^>]* min="1" max="5"/);
    expect(page).to.contain('id="quantity"').and.contain('Rp50.000 per barang').and.contain('Stok tinggal 4').and.contain('id="total">Total Rp50.000');

    // "Hitung total" without JavaScript: the page again with the total, nothing reserved, nothing sent.
    const total = await submit(h, link, { quantity: '3', action: 'total' });
    expect(total.res.status).to.equal(200);
    expect(total.body).to.contain('id="total">Total Rp150.000').and.contain('Bayar Rp150.000').and.not.contain('id="name-error"');
    expect(await h.store.orders.listByLink(link.id, 10)).to.deep.equal([]);

    const first = await submit(h, link, { ...CUSTOMER, quantity: '3' });
    expect(first.order).to.deep.include({ amount: 150_000, quantity: 3 });
    expect(h.sim.transaction(first.order!.id)!.request.item_details).to.deep.equal([{ id: link.orderId, name: 'Kaos', price: 50_000, quantity: 3 }]);

    // 3 of 4 are held: 2 more do not fit, 1 does.
    const short = await submit(h, link, { name: 'Budi', phone: '081298765432', email: 'budi@mail.com', quantity: '2' });
    expect(short.res.status).to.equal(409);
    expect(short.body).to.match(/id="quantity-error"[^>]*>Stok tinggal 1/);
    expect(await h.store.orders.listByLink(link.id, 10)).to.have.length(1);
    const last = await submit(h, link, { name: 'Budi', phone: '081298765432', email: 'budi@mail.com', quantity: '1' });
    expect(last.res.status).to.equal(303);
    expect((await h.links.publicLink(link.slug))!.state).to.equal('sold_out');

    await pay(h, first.order!.id);
    const notice = (await noticesOf(h, first.order!.id))['paid:merchant']!;
    expect(notice.split('\n')[0]).to.equal('✅ Rp150.000 · 3 × Kaos #1 · Siti Rahayu');
    expect(notice).to.contain('Barang: 3 × Kaos (link #1)');
  });

  it('a browser with a live checkout gets it back for the same terms, and cannot hold a second one by changing them', async function () {
    const link = await make({ itemName: 'Kaos', price: 50_000, offer: { quantity: { min: 1, max: 5 }, stock: 10 } });
    const first = await submit(h, link, { ...CUSTOMER, quantity: '2' });
    const again = await submit(h, link, { ...CUSTOMER, quantity: '2' }, first.browser);
    expect(again.location).to.equal(first.location);
    const changed = await submit(h, link, { ...CUSTOMER, quantity: '5' }, first.browser);
    expect(changed.res.status).to.equal(409);
    expect(changed.body).to.contain('id="continue"');
    const orders = await h.store.orders.listByLink(link.id, 10);
    expect(orders.map((o) => o.quantity)).to.deep.equal([2]);
    expect((await h.links.publicLink(link.slug))!.usage.itemsHeld).to.equal(2);
  });

  it('payment methods: Snap gets enabled_payments, and its page offers only those', async function () {
    const link = await make({ offer: { methods: ['qris', 'gopay'] } });
    const { order, location } = await submit(h, link, { ...CUSTOMER });
    expect(h.sim.transaction(order!.id)!.request.enabled_payments).to.deep.equal(['other_qris', 'gopay']);
    const snapPage = await (await fetch(location!)).text();
    const offered = [...snapPage.matchAll(/id="method-([a-z_]+)"/g)].map((m) => m[1]);
    expect(offered).to.deep.equal(['qris', 'gopay']);
    await pay(h, order!.id, 'gopay');
    expect((await h.links.order(order!.id))!.payment).to.include({ method: 'gopay' });
  });

  it('questions and asked fields: only what the link asks is on the page, required, and the answers reach the paid notice', async function () {
    const link = await make({ offer: { questions: ['Ukuran (S/M/L)', 'Alamat kirim'], asks: { name: false, phone: true, email: false } } });
    const page = await (await new Browser(h).get(`/p/${link.slug}`)).text();
    expect(page).to.contain('<label for="answer1">Ukuran (S/M/L)</label>').and.contain('<label for="answer2">Alamat kirim</label>');
    expect(page).to.contain('name="phone"').and.not.contain('name="name"').and.not.contain('name="email"');

    const missing = await submit(h, link, { phone: '081234567890', answer1: 'L' });
    expect(missing.res.status).to.equal(422);
    expect(missing.body).to.match(/id="answer2-error"[^>]*>Isi jawaban untuk &quot;Alamat kirim&quot;/);
    expect(await h.store.orders.listByLink(link.id, 10)).to.deep.equal([]);

    // Fields the link does not ask are not taken, even when a script posts them.
    const { order } = await submit(h, link, { phone: '081234567890', name: 'Not Asked', answer1: ' L ', answer2: 'Jl. Melati 5,\r\nBandung' });
    expect(order).to.deep.include({ answers: ['L', 'Jl. Melati 5, Bandung'] });
    expect(order!.customer).to.deep.equal({ name: null, phone: '6281234567890', email: null });
    await pay(h, order!.id);
    expect((await noticesOf(h, order!.id))['paid:merchant']).to.contain('Ukuran (S/M/L): L\nAlamat kirim: Jl. Melati 5, Bandung');
  });

  it("thank-you and redirect: shown once paid, on the done page and in the receipt; Snap's finish stays our own page", async function () {
    const link = await make({
      offer: { thanks: 'Terima kasih! Dikirim besok.', redirectUrl: 'https://tokobudi.id/terima-kasih' },
      recipient: { channel: 'telegram', chatId: '555' },
    });
    const { order, browser } = await submit(h, link, { ...CUSTOMER });
    const finish = h.sim.transaction(order!.id)!.request.callbacks!.finish!;
    expect(finish).to.match(new RegExp(`^${h.url}/p/${link.slug}/done\\?order=`));

    const pending = await (await browser.get(`/p/${link.slug}/done?order=${order!.id}`)).text();
    expect(pending).not.to.contain('tokobudi.id').and.not.contain('id="thanks"');

    await pay(h, order!.id);
    const done = await (await browser.get(`/p/${link.slug}/done?order=${order!.id}`)).text();
    expect(done).to.contain('data-status="paid"').and.contain('id="thanks"').and.contain('Terima kasih! Dikirim besok.');
    expect(done).to.contain('<a class="btn" id="back-to-shop" href="https://tokobudi.id/terima-kasih">');
    expect(done).to.contain('<meta http-equiv="refresh" content="8;url=https://tokobudi.id/terima-kasih">');
    expect((await noticesOf(h, order!.id))['paid:receipt']).to.contain('Pesan penjual: Terima kasih! Dikirim besok.');
  });
});
