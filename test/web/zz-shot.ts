import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHarness, postForm } from '/work/main/test/web/harness.ts';

const h = await startHarness();
const link = await h.createLink({ itemName: 'Kaos Polos Hitam Premium', price: 150000, usageLimit: 5, expiresAt: new Date(Date.now() + 3 * 86400000) });
const named = await h.createLink({ itemName: 'Jasa Desain Logo', price: 750000, customer: { name: 'Budi Santoso', phone: '081234567890', email: 'budi@mail.com' } });
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chr-')), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: process.argv[3] ?? 'id-ID',
});
const page = await ctx.newPage();
const which = process.argv[2] ?? 'pay';
if (which === 'pay') await page.goto(`${h.url}/p/${link.slug}`);
if (which === 'named') await page.goto(`${h.url}/p/${named.slug}?lang=en`);
if (which === 'errors') { await page.goto(`${h.url}/p/${link.slug}`); await page.fill('#name', 'S'); await page.fill('#phone', '12'); await page.fill('#email', 'x@'); await page.click('#pay'); }
if (which === 'done') { await page.goto(`${h.url}/p/${link.slug}`); await page.fill('#name', 'Siti'); await page.fill('#phone', '081234567890'); await page.fill('#email', 'siti@mail.com'); await page.click('#pay'); const u = new URL(page.url()); const o = (await h.store.orders.listByLink(link.id,1))[0]!; await page.goto(`${h.url}/p/${link.slug}/done?order=${o.id}`); }
if (which === 'gone') { await page.goto(`${h.url}/p/nonexistent-slug`); }
await page.screenshot({ path: `/tmp/shot-${which}.png`, fullPage: true });
await ctx.close();
await h.close();
