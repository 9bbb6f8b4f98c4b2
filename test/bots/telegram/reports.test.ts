import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { storedNotice } from '../../../src/notify/notices.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportCommands } from '../../../bots/commands/reports.ts';
import { renderTakingsChart } from '../../../src/reports/chart.ts';
import { DailySummary } from '../../../src/reports/daily-summary.ts';
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

  it('/ringkasan 21:00 sets the daily summary for this chat; the outbox delivers it as a message with a bold headline', async function () {
    const [set] = await h.callsDuring(() => h.feed(textUpdate('/ringkasan 21:00')));
    expect(textOf(set!)).to.contain('setiap hari pukul 21:00 WIB');
    const daily = new DailySummary({ kv: h.store.kv, orders: h.store.orders, outbox: h.store.outbox, logger: h.logger });
    // Late in the WIB day, whatever the machine's clock says now.
    const wibDay = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(await daily.round(new Date(`${wibDay}T23:59:00+07:00`))).to.equal(1);
    const [entry] = await h.store.outbox.list({ limit: 5 });
    expect(entry).to.deep.include({ channel: 'telegram', target: '100' });
    const [sent] = await h.callsDuring(() => h.bot.sender.send(entry!.target, storedNotice(entry!.notice), 'id', entry!.merchantId));
    expect(sent!.method).to.equal('sendMessage');
    expect(textOf(sent!)).to.match(/^🗓 Ringkasan harian \d{2}\/\d{2}\/\d{4}\nOrder lunas: 1 · bruto Rp150\.000\nBersih: Rp150\.000/);
    expect(sent!.body.entities).to.deep.equal([{ type: 'bold', offset: 0, length: textOf(sent!).split('\n')[0]!.length }]);
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
