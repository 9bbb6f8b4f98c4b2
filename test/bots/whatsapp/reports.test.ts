import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportCommands } from '../../../bots/commands/reports.ts';
import { renderTakingsChart } from '../../../src/reports/chart.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../src/store/ports.ts';
import { makeOrder } from '../../reports/fixtures.ts';
import { readPngHeader } from '../../web/png.ts';
import { Harness, SHOP, SHOP_JID, textMessage } from './harness.ts';

describe('WhatsApp: /rekap and /export (issue 18)', function () {
  this.timeout(20_000);
  let h: Harness;
  let store: Store;
  let exportDir: string;
  let charts: number;

  beforeEach(async function () {
    exportDir = mkdtempSync(join(tmpdir(), 'tagih-exports-'));
    store = openSqliteStore({ path: ':memory:' });
    charts = 0;
    const chart = async () => {
      charts += 1;
      // A real chart, so the image message carries what it would in use.
      return renderTakingsChart({ title: 'Rekap', buckets: [{ key: '09', net: 150_000 }], axisName: null });
    };
    h = await Harness.create({ store, reports: new ReportCommands({ orders: store.orders, kv: store.kv, chart, exportDir }) });
    await h.connect();
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos Polos 150000 bebas')]);
    await h.settleUntil(() => h.wa.last.sent.length >= 1, 'the new link card');
    const { link } = await h.links.find(`whatsapp:${SHOP}`, { kind: 'number', value: 1 });
    await makeOrder(store, link, { at: new Date(h.clock.now() - 60_000), customer: { name: '=SUM(A1)' } });
  });

  afterEach(async function () {
    await h.close();
    await store.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('/rekap answers the takings as text with a bold heading, then the chart as an image', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, 'rekap')]);
    await h.settleUntil(() => h.wa.last.sent.length >= 3, 'the takings and the chart');
    const [, summary, chart] = h.wa.last.sent;
    if (!('text' in summary!.content)) throw new Error('expected a text');
    expect(summary!.content.text).to.match(/^\*📊 Rekap hari ini \(24\/11\/2026\)\*\n/).and.contain('Bersih: Rp150.000');
    if (!('image' in chart!.content)) throw new Error('expected an image');
    expect(chart!.content.mimetype).to.equal('image/png');
    expect(readPngHeader(chart!.content.image)).to.deep.include({ width: 1080, height: 720 });
    expect(chart!.content.caption).to.equal('📈 Pemasukan bersih hari ini (24/11/2026)');
    expect(charts).to.equal(1);
  });

  it('/export sends a CSV document read from its file, with its name and text/csv', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/export')]);
    await h.settleUntil(() => h.wa.last.sent.length >= 2, 'the export');
    const [, sent] = h.wa.last.sent;
    if (!('document' in sent!.content) || Buffer.isBuffer(sent!.content.document)) throw new Error('expected a document by path');
    expect(sent!.content).to.deep.include({ fileName: 'tagih-orders-2026-11-24_2026-11-24.csv', mimetype: 'text/csv' });
    expect(sent!.content.caption).to.match(/^📄 1 order, hari ini \(24\/11\/2026\)/);
    const bytes = sent!.media!;
    expect(bytes.equals(readFileSync(sent!.content.document.url))).to.equal(true);
    const csv = bytes.toString('utf8');
    expect(csv.startsWith('\uFEFForder_id,')).to.equal(true);
    expect(csv).to.contain(",'=SUM(A1),");
  });
});
