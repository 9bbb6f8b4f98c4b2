import { expect } from 'chai';
import { pino } from 'pino';
import type { Link } from '../../src/domain/link.ts';
import { createReceiptRef } from '../../src/payments/receipt-refs.ts';
import { Browser, CUSTOMER, type Harness, MINUTE, postForm, postJson, SERVER_KEY, startHarness, startPayment } from './harness.ts';

const PAGE_LIMIT_BYTES = 30 * 1024;

async function get(h: Harness, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; res: Response }> {
  const res = await fetch(`${h.url}${path}`, { headers: { 'accept-language': 'id-ID,id;q=0.9', ...headers }, redirect: 'manual' });
  return { status: res.status, body: await res.text(), res };
}

function snapCreates(h: Harness): number {
  return h.sim.requests().filter((r) => r.method === 'POST' && r.path === '/snap/v1/transactions').length;
}

describe('payment page', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness();
  });

  afterEach(async function () {
    await h.close();
  });

  describe('GET /p/:slug', function () {
    it('shows the merchant, item and price with the customer form', async function () {
      const link = await h.createLink({ itemName: 'Kaos Hitam', price: 150_000 });
      const { status, body, res } = await get(h, `/p/${link.slug}`);
      expect(status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(body).to.contain('Toko Budi').and.contain('Kaos Hitam').and.contain('Rp150.000');
      for (const field of ['name', 'phone', 'email']) expect(body).to.match(new RegExp(`<input[^>]+name="${field}"[^>]+required`));
      expect(body).to.contain('<html lang="id">').and.contain('Bayar Rp150.000');
      expect(body).not.to.contain('<script');
    });

    it('answers each unavailable state with its own page and status', async function () {
      const expired = await h.createLink({ expiresAt: new Date(h.now().getTime() + MINUTE) });
      const soldOut = await h.createLink({ usageLimit: 1 });
      await startPayment(h, soldOut);
      const deleted = await h.createLink();
      await h.links.delete('telegram:100', { kind: 'text', value: deleted.slug });
      h.advance(2 * MINUTE);

      const cases: Array<[string, number, string, string]> = [
        [`/p/${expired.slug}`, 410, 'expired', 'Link sudah kedaluwarsa'],
        [`/p/${soldOut.slug}`, 409, 'sold_out', 'Kuota sudah habis'],
        [`/p/${deleted.slug}`, 410, 'deleted', 'tidak tersedia lagi'],
        ['/p/no-such-link-here', 404, 'unknown', 'Link tidak ditemukan'],
        ['/p/%3Cscript%3E', 404, 'unknown', 'Link tidak ditemukan'],
      ];
      for (const [path, code, state, words] of cases) {
        const { status, body, res } = await get(h, path);
        expect(status, path).to.equal(code);
        expect(body, path).to.contain(`data-state="${state}"`).and.contain(words);
        expect(body, path).not.to.contain('id="pay-form"');
        expect(res.headers.get('cache-control'), path).to.equal('no-store');
      }
      // A held slot may come back: the sold-out page says so.
      expect((await get(h, `/p/${soldOut.slug}`)).body).to.contain('kuota akan dibuka lagi');
    });

    it('escapes everything a merchant typed', async function () {
      const link = await h.createLink({ itemName: '<script>alert(1)</script>' });
      const { body } = await get(h, `/p/${link.slug}`);
      expect(body).not.to.contain('<script>alert(1)</script>');
      expect(body).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');

      const evil = await startHarness({ merchantName: '"><img src=x onerror=alert(1)>' });
      try {
        const other = await evil.createLink({ itemName: `Tas "Kulit" & <b>Dompet</b>` });
        const page = (await get(evil, `/p/${other.slug}`)).body;
        expect(page).not.to.contain('<img src=x').and.not.to.contain('<b>Dompet</b>');
        expect(page).to.contain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;').and.contain('Tas &quot;Kulit&quot; &amp; &lt;b&gt;Dompet&lt;/b&gt;');
      } finally {
        await evil.close();
      }
    });

    it('speaks English on ?lang=en or a browser preferring English, Indonesian otherwise', async function () {
      const link = await h.createLink();
      const english = (await get(h, `/p/${link.slug}`, { 'accept-language': 'en-US,en;q=0.9,id;q=0.5' })).body;
      expect(english).to.contain('<html lang="en">').and.contain('Pay Rp150.000').and.contain('Full name');
      expect((await get(h, `/p/${link.slug}?lang=en`)).body).to.contain('Pay Rp150.000');
      expect((await get(h, `/p/${link.slug}?lang=id`, { 'accept-language': 'en' })).body).to.contain('Bayar Rp150.000');
      expect((await get(h, `/p/${link.slug}`, { 'accept-language': 'id,en;q=0.8' })).body).to.contain('Bayar Rp150.000');
      expect((await get(h, `/p/${link.slug}`, { 'accept-language': 'fr-FR' })).body).to.contain('Bayar Rp150.000');
      const noHeader = await fetch(`${h.url}/p/${link.slug}`);
      expect(await noHeader.text()).to.contain('Bayar Rp150.000');
      // The switch keeps the page and says the other language.
      expect((await get(h, `/p/${link.slug}?lang=en`)).body).to.contain(`href="/p/${link.slug}?lang=id"`);
      // A language picked with ?lang= is carried by the form.
      expect((await get(h, `/p/${link.slug}?lang=en`)).body).to.contain(`action="/p/${link.slug}?lang=en"`);
    });

    it('sends strict security headers and stays under 30 KB', async function () {
      const link = await h.createLink({ itemName: 'x'.repeat(50), usageLimit: 10, expiresAt: new Date(h.now().getTime() + 86_400_000) });
      const { res, body } = await get(h, `/p/${link.slug}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).to.contain("default-src 'none'").and.contain("frame-ancestors 'none'").and.contain("base-uri 'none'");
      expect(csp).to.match(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.to.contain('unsafe-inline').and.not.to.contain('script-src');
      expect(csp).to.contain(`form-action 'self' ${h.sim.url}`);
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('x-frame-options')).to.equal('DENY');
      // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with our own form.
      expect(res.headers.get('referrer-policy')).to.equal('same-origin');
      expect(res.headers.get('x-powered-by')).to.equal(null);
      expect(res.headers.get('cache-control')).to.equal('no-store');
      expect(Buffer.byteLength(body)).to.be.below(PAGE_LIMIT_BYTES);
      // No inline script and no style attribute: nothing the CSP would have to allow.
      expect(body).not.to.match(/<script|\sstyle=|\son[a-z]+=/i);
    });
  });

  describe('POST /p/:slug', function () {
    it('reserves a slot, opens Snap for the order and answers 303 to Snap', async function () {
      const link = await h.createLink({ itemName: 'Kaos Hitam', price: 150_000 });
      const res = await postForm(`${h.url}/p/${link.slug}`, CUSTOMER);
      expect(res.status).to.equal(303);
      const [order] = await h.store.orders.listByLink(link.id, 5);
      expect(order!.id).to.equal(`${link.orderId}-1`);
      expect(order!.customer).to.deep.equal({ name: 'Siti Rahayu', phone: '6281234567890', email: 'siti@mail.com' });
      expect(order!.snap).not.to.equal(null);
      expect(res.headers.get('location')).to.equal(order!.snap!.redirectUrl);
      expect(order!.snap!.redirectUrl.startsWith(`${h.sim.url}/snap/v3/redirection/`)).to.equal(true);

      const request = h.sim.transaction(order!.id)!.request;
      expect(request.transaction_details).to.deep.equal({ order_id: order!.id, gross_amount: 150_000 });
      expect(request.item_details).to.deep.equal([{ id: link.orderId, name: 'Kaos Hitam', price: 150_000, quantity: 1 }]);
      expect(request.customer_details).to.deep.equal({ first_name: 'Siti Rahayu', email: 'siti@mail.com', phone: '+6281234567890' });
      expect(request.callbacks?.finish).to.equal(`${h.url}/p/${link.slug}/done?order=${order!.id}`);
      expect(request.page_expiry).to.deep.equal({ duration: 30, unit: 'minute' });
      expect(request.expiry?.duration).to.equal(30);
    });

    it('gives a customer who submits again from the same browser their own Snap page, without a second slot or Snap call', async function () {
      const link = await h.createLink({ usageLimit: 3 });
      const siti = new Browser(h);
      const first = await siti.post(`/p/${link.slug}`, CUSTOMER);
      const again = await siti.post(`/p/${link.slug}`, { ...CUSTOMER, email: 'siti@mail.com ' });
      expect(again.status).to.equal(303);
      expect(again.headers.get('location')).to.equal(first.headers.get('location'));
      // A double click: both requests at once still make one order and one Snap transaction.
      const other = await h.createLink();
      const [a, b] = await Promise.all([siti.post(`/p/${other.slug}`, CUSTOMER), siti.post(`/p/${other.slug}`, CUSTOMER)]);
      expect([a.status, b.status]).to.deep.equal([303, 303]);
      expect(a.headers.get('location')).to.equal(b.headers.get('location'));
      expect(await h.store.orders.listByLink(link.id, 10)).to.have.length(1);
      expect(await h.store.orders.listByLink(other.id, 10)).to.have.length(1);
      expect(snapCreates(h)).to.equal(2);
    });

    it('re-renders the form with the values and a clear error per field (422), writing nothing', async function () {
      const link = await h.createLink();
      const res = await postForm(`${h.url}/p/${link.slug}`, { name: '  ', phone: '12345', email: 'siti<at>mail' });
      expect(res.status).to.equal(422);
      const body = await res.text();
      expect(body).to.contain('Nama wajib diisi.');
      expect(body).to.contain('Nomor telepon &quot;12345&quot; tidak valid');
      expect(body).to.contain('Alamat email &quot;siti&lt;at&gt;mail&quot; tidak valid');
      expect(body).to.match(/id="phone"[^>]*value="12345"[^>]*aria-invalid="true"/);
      expect(body).to.contain('value="siti&lt;at&gt;mail"');
      expect(await h.store.orders.listByLink(link.id, 10)).to.have.length(0);
      expect(snapCreates(h)).to.equal(0);

      const english = await postForm(`${h.url}/p/${link.slug}?lang=en`, { name: 'Siti', phone: '', email: 'siti@mail.com' });
      expect(english.status).to.equal(422);
      expect(await english.text()).to.contain('Please enter your phone number.').and.contain('value="Siti"');
      // Every field is required, the email too.
      const noEmail = await postForm(`${h.url}/p/${link.slug}`, { name: 'Siti', phone: '081234567890' });
      expect(noEmail.status).to.equal(422);
      expect(await noEmail.text()).to.contain('Email wajib diisi.');
    });

    it('refuses control characters in every field (an email with ESC and BEL) with 422 saying so, writing nothing and calling no Snap', async function () {
      const link = await h.createLink();
      const dirty: Array<[string, Record<string, string>]> = [
        ['email', { ...CUSTOMER, email: 'siti\u001b[31m\u0007@mail.com' }],
        ['name', { ...CUSTOMER, name: 'Siti\u001b]0;owned\u0007' }],
        ['phone', { ...CUSTOMER, phone: '0812\t3456\r\n7890' }],
        ['name', { ...CUSTOMER, name: 'Siti\u009b2J' }],
      ];
      for (const [field, fields] of dirty) {
        const res = await postForm(`${h.url}/p/${link.slug}`, fields);
        expect(res.status, field).to.equal(422);
        expect(await res.text(), field).to.match(new RegExp(`id="${field}-error"[^>]*>[^<]*berisi karakter kontrol`));
      }
      expect(await h.store.orders.listByLink(link.id, 10)).to.have.length(0);
      expect(snapCreates(h)).to.equal(0);
    });

    it('shows a named customer instead of the form and goes straight on with one button', async function () {
      const link = await h.createLink({ customer: { name: 'Budi Santoso', phone: '081298765432', email: 'budi@mail.com' } });
      const page = await get(h, `/p/${link.slug}`);
      expect(page.body).to.contain('Budi Santoso').and.contain('Tagihan untuk');
      expect(page.body).not.to.contain('name="phone"');
      expect(page.body).to.match(/<form method="post" action="\/p\/[a-z0-9]+" id="pay-form">/);
      expect(page.body).to.contain('+62812•••••432').and.contain('bu••@mail.com');

      // The form's fields, if anyone posts some, are ignored: the link pays as its customer.
      const res = await postForm(`${h.url}/p/${link.slug}`, { name: 'Someone Else' });
      expect(res.status).to.equal(303);
      const [order] = await h.store.orders.listByLink(link.id, 1);
      expect(order!.customer).to.deep.equal({ name: 'Budi Santoso', phone: '6281298765432', email: 'budi@mail.com' });
    });

    it('a link made for a phone (untuk 0812…) shows no name and gives Snap none: a phone is not a name (issue 16)', async function () {
      const link = await h.createLink({ customer: { phone: '+6281234567890' } });
      const page = await get(h, `/p/${link.slug}`);
      expect(page.body).to.contain('+62812•••••890').and.not.contain('Nama lengkap').and.not.contain('6281234567890');
      expect((await postForm(`${h.url}/p/${link.slug}`, {})).status).to.equal(303);
      const [order] = await h.store.orders.listByLink(link.id, 1);
      expect(order!.customer).to.deep.equal({ name: null, phone: '6281234567890', email: null });
      expect(h.sim.transaction(order!.id)!.request.customer_details).to.deep.equal({ phone: '+6281234567890' });
    });

    it('shows a friendly retry page (503) when Midtrans fails, and releases the slot', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      h.sim.failNext('snap', { status: 500 });
      const res = await postForm(`${h.url}/p/${link.slug}`, CUSTOMER);
      expect(res.status).to.equal(503);
      const body = await res.text();
      expect(body).to.contain('Pembayaran belum bisa dimulai').and.contain('Tidak ada dana yang ditarik');
      expect(body).to.contain('id="retry"').and.contain('name="email" value="Siti@Mail.com"');
      const [failed] = await h.store.orders.listByLink(link.id, 1);
      expect(failed!.status).to.equal('failed');
      expect((await h.links.publicLink(link.slug))!.state).to.equal('active');
      // Retrying takes the slot afresh and works.
      const retry = await postForm(`${h.url}/p/${link.slug}`, CUSTOMER);
      expect(retry.status).to.equal(303);
      expect(await h.outbox()).to.have.length(0);

      // A dropped connection is the same to the customer.
      const other = await h.createLink({ usageLimit: 1 });
      h.sim.failNext('snap', { drop: true });
      expect((await postForm(`${h.url}/p/${other.slug}?lang=en`, CUSTOMER)).status).to.equal(503);
      expect((await h.store.orders.listByLink(other.id, 1))[0]!.status).to.equal('failed');
    });

    it('answers a sold-out, expired or unknown link with its page, not a Snap page', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      await startPayment(h, link);
      const res = await postForm(`${h.url}/p/${link.slug}`, { name: 'Other', phone: '081311112222', email: 'other@mail.com' });
      expect(res.status).to.equal(409);
      expect(await res.text()).to.contain('data-state="sold_out"');
      expect((await postForm(`${h.url}/p/nope-nope-nope`, CUSTOMER)).status).to.equal(404);
    });

    it('rate-limits payment attempts per IP and link with a friendly 429 page', async function () {
      const limited = await startHarness({ rateLimit: { windowMs: 60_000, limit: 3 } });
      try {
        const link = await limited.createLink({ usageLimit: null });
        const other = await limited.createLink({ usageLimit: null });
        const statuses: number[] = [];
        // One browser trying again and again (its own checkout comes back each time) until the limit.
        const siti = new Browser(limited);
        for (let i = 0; i < 5; i++) {
          const res = await siti.post(`/p/${link.slug}`, CUSTOMER);
          statuses.push(res.status);
          if (res.status === 429) expect(await res.text()).to.contain('Terlalu banyak percobaan');
        }
        expect(statuses).to.deep.equal([303, 303, 303, 429, 429]);
        expect(await limited.store.orders.listByLink(link.id, 10)).to.have.length(1);
        // Another link is counted on its own.
        expect((await siti.post(`/p/${other.slug}`, CUSTOMER)).status).to.equal(303);
      } finally {
        await limited.close();
      }
    });

    it('refuses oversized and malformed forms with a page, not a crash', async function () {
      const link = await h.createLink();
      const big = await postForm(`${h.url}/p/${link.slug}`, { name: 'x'.repeat(20_000), phone: '', email: '' });
      expect(big.status).to.equal(413);
      expect(await big.text()).to.contain('Data terlalu besar');
      const json = await fetch(`${h.url}/p/${link.slug}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(json.status).to.equal(422);
    });
  });

  describe('receipts for chat customers', function () {
    it('carries an opaque ref from the page to the order, and the paid order queues a receipt to that chat', async function () {
      const link = await h.createLink();
      const ref = await createReceiptRef(h.store, { channel: 'telegram', chatId: '777' });
      expect(ref).to.match(/^[A-Za-z0-9_-]{22}$/);
      expect(await createReceiptRef(h.store, { channel: 'telegram', chatId: '777' })).not.to.equal(ref);

      const page = await get(h, `/p/${link.slug}?ref=${ref}`);
      expect(page.body).to.contain(`<input type="hidden" name="ref" value="${ref}">`);
      expect(page.body).not.to.contain('777');
      expect((await get(h, `/p/${link.slug}?ref=%22%3E%3Cx`)).body).not.to.contain('name="ref"');

      const res = await postForm(`${h.url}/p/${link.slug}`, { ...CUSTOMER, ref });
      expect(res.status).to.equal(303);
      const [order] = await h.store.orders.listByLink(link.id, 1);
      expect(order!.receiptTo).to.deep.equal({ channel: 'telegram', chatId: '777' });
      await h.sim.pay(order!.id);
      await h.sim.idle();
      const entries = await h.outbox();
      expect(entries.map((e) => [e.key, e.channel, e.target])).to.have.deep.members([
        [`${order!.id}:paid:merchant`, 'telegram', '100'],
        [`${order!.id}:paid:receipt`, 'telegram', '777'],
      ]);
    });

    it('ignores a ref that is unknown or malformed', async function () {
      const link = await h.createLink({ usageLimit: 2 });
      expect((await new Browser(h).post(`/p/${link.slug}`, { ...CUSTOMER, ref: 'A'.repeat(22) })).status).to.equal(303);
      expect((await new Browser(h).post(`/p/${link.slug}`, { ...CUSTOMER, email: 'b@mail.com', ref: 'not a ref' })).status).to.equal(303);
      for (const order of await h.store.orders.listByLink(link.id, 5)) expect(order.receiptTo).to.equal(null);
    });
  });

  describe('GET /p/:slug/done', function () {
    let link: Link;
    let orderId: string;
    let siti: Browser;

    beforeEach(async function () {
      link = await h.createLink({ itemName: 'Kaos <b>Hitam</b>' });
      siti = new Browser(h);
      orderId = await startPayment(h, link, CUSTOMER, siti);
    });

    it('shows a pending order as waiting, refreshing itself, whatever the query string claims', async function () {
      const res = await siti.get(`/p/${link.slug}/done?order=${orderId}&status_code=200&transaction_status=settlement`);
      const { status } = res;
      const body = await res.text();
      expect(status).to.equal(200);
      expect(body).to.contain('data-status="pending"').and.contain('Menunggu pembayaran');
      expect(body).to.contain('<meta http-equiv="refresh" content="3">');
      expect(body).to.contain('id="continue"');
      expect(body).not.to.contain('Pembayaran berhasil');
      expect(body).to.contain('Kaos &lt;b&gt;Hitam&lt;/b&gt;');
      expect(res.headers.get('cache-control')).to.equal('no-store');
      expect(Buffer.byteLength(body)).to.be.below(PAGE_LIMIT_BYTES);
    });

    it('shows paid once our database says paid, and a failed order with a way to try again', async function () {
      await h.sim.pay(orderId);
      await h.sim.idle();
      const paid = await get(h, `/p/${link.slug}/done?order=${orderId}&lang=en`);
      expect(paid.body).to.contain('data-status="paid"').and.contain('Payment received').and.contain('Toko Budi has received');
      expect(paid.body).not.to.contain('http-equiv="refresh"');

      const other = await h.createLink({ usageLimit: 1 });
      const second = await startPayment(h, other);
      // Inside the window an expired attempt is not the end of the order (the customer may try again).
      h.advance(31 * MINUTE);
      await h.sim.expireTx(second);
      await h.sim.idle();
      const expired = await get(h, `/p/${other.slug}/done?order=${second}`);
      expect(expired.body).to.contain('data-status="expired"').and.contain('Waktu pembayaran habis').and.contain(`href="/p/${other.slug}"`);
    });

    it('shows only orders of this link', async function () {
      const other = await h.createLink();
      for (const path of [`/p/${other.slug}/done?order=${orderId}`, `/p/${link.slug}/done?order=nope`, `/p/${link.slug}/done`, `/p/unknown-slug/done?order=${orderId}`]) {
        const { status, body } = await get(h, path);
        expect(status, path).to.equal(404);
        expect(body, path).not.to.contain('id="order-id"').and.not.to.contain('Hitam');
      }
    });
  });

  describe('GET /p/:slug/qr.png', function () {
    it('serves the QR code of a link as a cacheable PNG with a strong ETag, and 304 to a browser that has it', async function () {
      const link = await h.createLink();
      const res = await fetch(`${h.url}/p/${link.slug}/qr.png`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('image/png');
      expect(res.headers.get('cache-control')).to.equal('public, max-age=86400');
      const etag = res.headers.get('etag')!;
      expect(etag).to.match(/^"[A-Za-z0-9_-]{27}"$/);
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(1, 4).toString()).to.equal('PNG');

      const again = await fetch(`${h.url}/p/${link.slug.toUpperCase()}/qr.png`);
      expect(again.headers.get('etag')).to.equal(etag);
      expect(Buffer.from(await again.arrayBuffer()).equals(png)).to.equal(true);
      // As a browser revalidates (fetch() would add "no-cache" to a conditional request of its own).
      const cached = await fetch(`${h.url}/p/${link.slug}/qr.png`, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
      expect(cached.status).to.equal(304);
      expect(await cached.text()).to.equal('');
      const stale = await fetch(`${h.url}/p/${link.slug}/qr.png`, { headers: { 'if-none-match': '"something-else"', 'cache-control': 'max-age=0' } });
      expect(stale.status).to.equal(200);
      // Another link, another image.
      const other = await h.createLink();
      expect((await fetch(`${h.url}/p/${other.slug}/qr.png`)).headers.get('etag')).not.to.equal(etag);
      expect((await fetch(`${h.url}/p/unknown-slug/qr.png`)).status).to.equal(404);
    });

    it('is rate-limited per address, across links, with a small 429 (held back a second, so a flood slows down)', async function () {
      const limited = await startHarness({ qrRateLimit: { windowMs: 60_000, limit: 3 } });
      try {
        const link = await limited.createLink();
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/p/${link.slug}/qr.png`)).status);
        expect(statuses).to.deep.equal([200, 200, 200, 429]);
        const refused = await fetch(`${limited.url}/p/${link.slug}/qr.png`);
        expect(refused.headers.get('retry-after')).to.equal('60');
        expect(refused.headers.get('cache-control')).to.equal('no-store');
        const other = await limited.createLink();
        expect((await fetch(`${limited.url}/p/${other.slug}/qr.png`)).status).to.equal(429);
        // Another customer (behind the harness's trusted proxy) is not held back by the flood.
        expect((await fetch(`${limited.url}/p/${link.slug}/qr.png`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).to.equal(200);
      } finally {
        await limited.close();
      }
    });
  });

  it('keeps every page under 30 KB, whatever its state', async function () {
    const long = { itemName: 'W'.repeat(50), usageLimit: 99, expiresAt: new Date(h.now().getTime() + 86_400_000) };
    const link = await h.createLink(long);
    const soldOut = await h.createLink({ ...long, usageLimit: 1 });
    await startPayment(h, soldOut);
    const orderId = (await h.store.orders.listByLink(soldOut.id, 1))[0]!.id;
    const invalid = await postForm(`${h.url}/p/${link.slug}`, { name: 'x'.repeat(300), phone: '9'.repeat(300), email: '@'.repeat(300) });
    h.sim.failNext('snap', { status: 500 });
    const failed = await postForm(`${h.url}/p/${link.slug}`, { name: 'x'.repeat(50), phone: '081234567890', email: `${'a'.repeat(60)}@mail.com` });
    const pages = [
      ['payment', await fetch(`${h.url}/p/${link.slug}`)],
      ['sold out', await fetch(`${h.url}/p/${soldOut.slug}`)],
      ['waiting', await fetch(`${h.url}/p/${soldOut.slug}/done?order=${orderId}`)],
      ['unknown', await fetch(`${h.url}/p/unknown-slug`)],
      ['form errors', invalid],
      ['payment could not start', failed],
    ] as const;
    for (const [what, res] of pages) {
      const size = Buffer.byteLength(await res.text());
      expect(size, what).to.be.below(PAGE_LIMIT_BYTES);
    }
    expect([invalid.status, failed.status]).to.deep.equal([422, 503]);
  });

  it('answers an unknown address with a 404 page', async function () {
    const { status, body } = await get(h, '/nope');
    expect(status).to.equal(404);
    expect(body).to.contain('Halaman tidak ditemukan');
  });
});

describe('logs', function () {
  it('never carry the server key, whatever fails', async function () {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const h = await startHarness({ logger });
    try {
      const link = await h.createLink({ usageLimit: null });
      h.sim.failNext('snap', { status: 401 });
      await postForm(`${h.url}/p/${link.slug}`, CUSTOMER);
      h.sim.failNext('snap', { drop: true });
      await postForm(`${h.url}/p/${link.slug}`, CUSTOMER);
      const orderId = await startPayment(h, link);
      h.sim.failNext('status', { status: 500 });
      await h.sim.pay(orderId);
      await h.sim.idle();
      await h.notifications.drain();
      await postJson(`${h.url}/webhooks/midtrans`, { order_id: orderId, status_code: '200', gross_amount: '150000.00', signature_key: 'f'.repeat(128) });
      await h.reconciler.runOnce();
    } finally {
      await h.close();
    }
    const all = lines.join('\n');
    expect(lines.length).to.be.above(5);
    for (const form of [SERVER_KEY, Buffer.from(`${SERVER_KEY}:`).toString('base64')]) expect(all).not.to.contain(form);
  });
});

describe('GET /healthz', function () {
  it('is 200 with the store kind while the store answers, 503 once it does not', async function () {
    const h = await startHarness();
    try {
      const ok = await fetch(`${h.url}/healthz`);
      expect(ok.status).to.equal(200);
      expect(await ok.json()).to.include({ status: 'ok', store: 'sqlite' });
      await h.store.close();
      const down = await fetch(`${h.url}/healthz`);
      expect(down.status).to.equal(503);
      expect(await down.json()).to.include({ status: 'unavailable' });
    } finally {
      await h.close();
    }
  });
});
