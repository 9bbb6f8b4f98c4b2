import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import { Preferences } from '../../../bots/commands/preferences.ts';
import { ReportCommands } from '../../../bots/commands/reports.ts';
import { CommandRunner } from '../../../bots/commands/run-command.ts';
import { CONSOLE_MERCHANT_ID, ConsoleChat } from '../../../bots/console/console-chat.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import { renderTakingsChart } from '../../../src/reports/chart.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { waitFor } from '../../notify/helpers.ts';
import { makeOrder } from '../../reports/fixtures.ts';
import { readPngHeader } from '../../web/png.ts';

const NOW = new Date('2026-11-24T03:00:00.000Z');

describe('console chat: /rekap and /export (issue 18)', function () {
  this.timeout(20_000);
  let store: Store;
  let chat: ConsoleChat;
  let input: PassThrough;
  let printed: string;
  let dataDir: string;

  beforeEach(async function () {
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-console-'));
    store = openSqliteStore({ path: ':memory:' });
    const links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000, clock: () => NOW });
    const runner = new CommandRunner({
      links,
      outbox: store.outbox,
      kv: store.kv,
      guided: new GuidedNewLink(store.kv, () => NOW),
      preferences: new Preferences(store.kv, 'id'),
      delivery: { emailEnabled: false },
      reports: new ReportCommands({ orders: store.orders, kv: store.kv, chart: renderTakingsChart, exportDir: join(dataDir, 'exports') }),
      merchantName: 'Toko Budi',
      logger: pino({ level: 'silent' }),
      clock: () => NOW,
    });
    input = new PassThrough();
    const output = new PassThrough();
    printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    chat = new ConsoleChat({ runner, input, output, interactive: false, printsDir: dataDir, logger: pino({ level: 'silent' }), localeOf: async () => 'id' });
    chat.start();
    const view = await links.create({ merchantId: CONSOLE_MERCHANT_ID, via: 'console', notifyChatId: 'console', itemName: 'Kaos', price: 150_000, usageLimit: null, customer: null, expiresAt: null, orderId: null, slug: null, recipient: null });
    await makeOrder(store, view.link, { at: new Date(NOW.getTime() - 60_000) });
  });

  afterEach(async function () {
    await chat.stop();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function type(line: string, until: RegExp): Promise<string> {
    const before = printed.length;
    input.write(`${line}\n`);
    await waitFor(() => until.test(printed.slice(before)), 15_000, until.source);
    return printed.slice(before);
  }

  it('/rekap prints the takings and saves the chart as a PNG, printing where', async function () {
    const reply = await type('/rekap', /disimpan: .*\n/);
    expect(reply).to.contain('📊 Rekap hari ini (24/11/2026)').and.contain('Bersih: Rp150.000');
    const path = join(dataDir, 'rekap.png');
    expect(reply).to.contain(`📈 Grafik (PNG) disimpan: ${path}`);
    expect(readPngHeader(readFileSync(path))).to.deep.include({ width: 1080, height: 720 });
  });

  it('/export writes the CSV file and prints its path', async function () {
    const reply = await type('/export', /File CSV disimpan: .*\n/);
    expect(reply).to.contain('📄 1 order, hari ini (24/11/2026)');
    const path = /File CSV disimpan: (.*)\n/.exec(reply)![1]!;
    expect(path.startsWith(join(dataDir, 'exports'))).to.equal(true);
    expect(readFileSync(path, 'utf8')).to.match(/^\uFEFForder_id,/);
  });
});
