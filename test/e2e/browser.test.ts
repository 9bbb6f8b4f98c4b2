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
import { type BrowserContext, chromium } from 'playwright-core';
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
});
