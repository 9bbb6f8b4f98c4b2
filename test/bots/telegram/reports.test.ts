import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportCommands } from '../../../bots/commands/reports.ts';
import { renderTakingsChart } from '../../../src/reports/chart.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { makeOrder } from '../../reports/fixtures.ts';
import { readPngHeader } from '../../web/png.ts';
import { startHarness, textOf, textUpdate, type Harness } from './harness.ts';

describe('Telegram bot: /rekap and /export (issue 18)', function () {
  this.timeout(20_000);
  let h: Harness;
  let exportDir: string;

  beforeEach(async function () {
    exportDir = mkdtempSync(join(tmpdir(), 'tagih-exports-'));
    const store = openSqliteStore({ path: ':memory:' });
    h = await startHarness({ store, reports: new ReportCommands({ orders: store.orders, kv: store.kv, chart: renderTakingsChart, exportDir }) });
    await h.feed(textUpdate('/newlink Kaos Polos 150000 bebas'));
    const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
    // Paid a moment ago: today's, as the bot's own clock sees it.
    await makeOrder(h.store, link, { at: new Date(Date.now() - 1_000), customer: { name: 'Ani, "si Kaos"' } });
  });

  afterEach(async function () {
    await h.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('/rekap answers the takings as text, then the chart uploaded as a PNG photo of 1080×720', async function () {
    const calls = await h.callsDuring(() => h.feed(textUpdate('/rekap')));
    expect(calls.map((c) => c.method)).to.deep.equal(['sendMessage', 'sendPhoto']);
    const [summary, chart] = calls;
    expect(textOf(summary!)).to.match(/^📊 Rekap hari ini/).and.contain('Bersih: Rp150.000');
    // The heading is bold by entity, not by markup.
    expect(summary!.body).to.not.have.property('parse_mode');
    expect(chart!.contentType).to.match(/^multipart\/form-data/);
    expect(textOf(chart!)).to.match(/^📈 Pemasukan bersih hari ini/);
    const [file] = chart!.files;
    expect(file!.field).to.equal('photo');
    expect(readPngHeader(file!.data)).to.deep.include({ width: 1080, height: 720 });
  });

  it('/export uploads the CSV as a document streamed from its file, captioned with what it holds', async function () {
    const calls = await h.callsDuring(() => h.feed(textUpdate('/export')));
    expect(calls.map((c) => c.method)).to.deep.equal(['sendDocument']);
    const [upload] = calls;
    expect(upload!.answer).to.equal(200);
    expect(upload!.body.disable_content_type_detection).to.equal('true');
    expect(textOf(upload!)).to.match(/^📄 1 order, hari ini/);
    const [file] = upload!.files;
    expect(file!.field).to.equal('document');
    expect(file!.filename).to.match(/^tagih-orders-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = file!.data.toString('utf8');
    expect(csv.startsWith('\uFEFForder_id,')).to.equal(true);
    expect(csv).to.contain('"Ani, ""si Kaos"""');
    // What Telegram received is the file on disk, byte for byte.
    const [saved] = readdirSync(exportDir);
    expect(file!.data.equals(readFileSync(join(exportDir, saved!)))).to.equal(true);
  });
});
