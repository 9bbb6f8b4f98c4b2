/**
 * The customer's whole journey in a real headless Chromium: our payment
 * page, the simulator's Snap page (a card declined first, then QRIS, in the
 * same Snap session), and back to our page showing paid.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { renderNotice } from '../../src/notify/texts.ts';
import { storedNotice } from '../../src/notify/notices.ts';
import { type Harness, startHarness } from '../web/harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/payment-page.png', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('end to end in a real browser', function () {
  this.timeout(30_000);
  let h: Harness;
  let browser: BrowserContext;
  let profile: string;
  /** Anything the browser complained about (a CSP violation would show up here). */
  const complaints: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    skipped: ${CHROMIUM} is not installed (apt-get install chromium; CI installs it)`);
      this.skip();
    }
    h = await startHarness();
    profile = mkdtempSync(join(tmpdir(), 'tagih-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      locale: 'id-ID',
    });
  });

  /** A new tab whose console errors (a CSP violation would be one) are collected. */
  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 404')) complaints.push(message.text());
    });
    return page;
  }

  /** Fills in the customer's details, pays with QRIS on the Snap page and waits for our page to say paid; returns the order id. */
  async function payWithQris(page: Page, slug: string, amountText: string): Promise<string> {
    await page.fill('#name', 'Siti Rahayu');
    await page.fill('#phone', '0812 3456 7890');
    await page.fill('#email', 'siti@mail.com');
    await Promise.all([page.waitForURL(`${h.sim.url}/snap/v3/redirection/**`), page.click('#pay')]);
    expect(await page.locator('#amount').textContent()).to.equal(amountText);
    const orderId = (await page.locator('#order-id').textContent())!;
    await page.check('#method-qris');
    await Promise.all([page.waitForURL(`${h.url}/p/${slug}/done?**`), page.click('#pay')]);
    await page.waitForSelector('#order-status[data-status="paid"]', { timeout: 15_000 });
    await h.sim.idle();
    await h.notifications.drain();
    return orderId;
  }

  async function paidNotice(orderId: string): Promise<string> {
    const entry = (await h.outbox()).find((e) => e.key === `${orderId}:paid:merchant`);
    return entry === undefined ? '' : renderNotice(storedNotice(entry.notice), 'id').text;
  }

  after(async function () {
    await browser?.close();
    await h?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('pays a link through the Snap page, a declined card first and then QRIS, and comes back to a paid order', async function () {
    // Nothing time-dependent on the page, so the screenshot only changes when the design does.
    const link = await h.createLink({ itemName: 'Kaos Polos Hitam Premium', price: 150_000, usageLimit: 5 });
    const page = await browser.newPage();
    page.on('console', (message) => {
      // Chromium reports CSP violations as console errors; the simulator's missing favicon is not ours.
      if (message.type() === 'error' && !message.text().includes('status of 404')) complaints.push(message.text());
    });

    await page.goto(`${h.url}/p/${link.slug}`);
    expect(await page.locator('#price').textContent()).to.equal('Rp150.000');
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    await page.fill('#name', 'Siti Rahayu');
    await page.fill('#phone', '0812 3456 7890');
    await page.fill('#email', 'siti@mail.com');
    await Promise.all([page.waitForURL(`${h.sim.url}/snap/v3/redirection/**`), page.click('#pay')]);
    expect(await page.locator('#amount').textContent()).to.equal('Rp150.000');
    const orderId = (await page.locator('#order-id').textContent())!;
    expect(orderId).to.equal(`${link.orderId}-1`);

    // The bank declines the card; Snap keeps the customer on its page for another attempt.
    await page.check('#method-credit_card');
    await Promise.all([page.waitForLoadState('load'), page.click('#deny')]);
    await page.waitForSelector('#status[data-status="deny"]');
    await h.sim.idle();
    await h.notifications.drain();
    const declined = (await h.links.order(orderId))!;
    expect(declined.status).to.equal('pending');
    expect((await h.links.publicLink(link.slug))!.usage.held).to.equal(1);

    await page.check('#method-qris');
    await Promise.all([page.waitForURL(`${h.url}/p/${link.slug}/done?**`), page.click('#pay')]);
    // Paid as soon as the notification is in; until then the page refreshes itself without JavaScript.
    await page.waitForSelector('#order-status[data-status="paid"]', { timeout: 15_000 });
    expect(await page.locator('h1').textContent()).to.equal('Pembayaran berhasil');

    const order = (await h.links.order(orderId))!;
    expect(order.status).to.equal('paid');
    expect(order.payment).to.include({ method: 'qris', amountReceived: 150_000 });
    // Both attempts of the session, the declined card and the QRIS payment.
    expect(order.transactionIds).to.have.length(2);
    const notices = (await h.outbox()).filter((e) => e.key.startsWith(`${orderId}:`));
    expect(notices.map((e) => [e.key, e.channel, e.target])).to.deep.equal([[`${orderId}:paid:merchant`, 'telegram', '100']]);
    expect(complaints).to.deep.equal([]);
  });

  it('pays an open amount picked from a preset button, and the merchant hears the amount the customer chose', async function () {
    const link = await h.createLink({ itemName: 'Donasi Masjid', price: null, usageLimit: null, offer: { open: { min: 10_000, max: null, presets: [25_000, 50_000, 100_000] } } });
    const page = await newPage();
    await page.goto(`${h.url}/p/${link.slug}`);
    expect(await page.locator('#price').textContent()).to.equal('Nominal bebas');
    await Promise.all([page.waitForLoadState('load'), page.click('#preset-50000')]);
    expect(await page.inputValue('#amount')).to.equal('50000');
    // The customer changes their mind and types it the way they would in a chat.
    await page.fill('#amount', '75rb');
    const orderId = await payWithQris(page, link.slug, 'Rp75.000');
    const order = (await h.links.order(orderId))!;
    expect(order).to.deep.include({ status: 'paid', amount: 75_000 });
    expect(await paidNotice(orderId)).to.contain('Jumlah: Rp75.000 (nominal bebas)');
    expect(complaints).to.deep.equal([]);
  });

  it('pays several items, and a quantity whose total the server works out, each through the Snap page', async function () {
    const bundle = await h.createLink({ itemName: 'Paket', price: null, usageLimit: null, offer: { items: [{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }, { name: 'Ongkir', price: 20_000 }] } });
    const page = await newPage();
    await page.goto(`${h.url}/p/${bundle.slug}`);
    expect(await page.locator('#items tr').count()).to.equal(3);
    expect(await page.locator('#price').textContent()).to.equal('Rp220.000');
    const bundleOrder = await payWithQris(page, bundle.slug, 'Rp220.000');
    expect(await paidNotice(bundleOrder)).to.contain('Rincian: Kaos Rp150.000 · Topi Rp50.000 · Ongkir Rp20.000');

    const shirts = await h.createLink({ itemName: 'Kaos', price: 50_000, usageLimit: null, offer: { quantity: { min: 1, max: 5 }, stock: 20 } });
    await page.goto(`${h.url}/p/${shirts.slug}`);
    await page.fill('#quantity', '3');
    // Without JavaScript the total comes from the server: "Hitung total" posts the form back and reserves nothing.
    await Promise.all([page.waitForLoadState('load'), page.click('#update-total')]);
    expect(await page.locator('#total').textContent()).to.equal('Total Rp150.000');
    expect(await h.store.orders.listByLink(shirts.id, 10)).to.deep.equal([]);
    const shirtsOrder = await payWithQris(page, shirts.slug, 'Rp150.000');
    expect((await h.links.order(shirtsOrder))!).to.deep.include({ status: 'paid', amount: 150_000, quantity: 3 });
    expect((await paidNotice(shirtsOrder)).split('\n')[0]).to.equal(`✅ Rp150.000 · 3 × Kaos #${shirts.number} · Siti Rahayu`);
    expect((await h.links.publicLink(shirts.slug))!.usage).to.deep.include({ itemsSold: 3, itemsHeld: 0 });
    expect(complaints).to.deep.equal([]);
  });
});
