import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import { Preferences } from '../../../bots/commands/preferences.ts';
import { ReportCommands } from '../../../bots/commands/reports.ts';
import { CommandRunner, type ChatTurn } from '../../../bots/commands/run-command.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import type { OutgoingMessage } from '../../../src/notify/message.ts';
import type { TakingsChartInput } from '../../../src/reports/chart.ts';
import { DailySummary } from '../../../src/reports/daily-summary.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { makeOrder, type OrderPlan } from '../../reports/fixtures.ts';

// Wednesday 2 December 2026, 17:00 WIB.
const NOW = new Date('2026-12-02T10:00:00.000Z');
const wib = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);

describe('CommandRunner: /rekap, /ringkasan and /export (issue 18)', function () {
  let store: Store;
  let links: LinkService;
  let exportDir: string;
  let charts: TakingsChartInput[];
  let withReports: boolean;

  const budi: ChatTurn = { channel: 'telegram', merchantId: 'telegram:100', chatId: '100', notifyChatId: '100', customerChat: null, messageId: null };

  function runner(): CommandRunner {
    const reports = new ReportCommands({
      orders: store.orders,
      kv: store.kv,
      chart: async (input) => {
        charts.push(input);
        return Buffer.from('png of the chart');
      },
      exportDir,
    });
    return new CommandRunner({
      links,
      outbox: store.outbox,
      kv: store.kv,
      guided: new GuidedNewLink(store.kv, () => NOW),
      preferences: new Preferences(store.kv, 'id'),
      delivery: { emailEnabled: false },
      ...(withReports ? { reports } : {}),
      merchantName: 'Toko Budi',
      logger: pino({ level: 'silent' }),
      clock: () => NOW,
    });
  }

  async function say(text: string, turn: ChatTurn = budi): Promise<OutgoingMessage[]> {
    const replies = await runner().handle(text, turn);
    expect(replies, `no reply to ${text}`).to.be.an('array');
    return replies!;
  }

  async function sale(itemName: string, price: number, at: Date, plan: Omit<OrderPlan, 'at'> = {}) {
    const existing = (await links.list('telegram:100', { page: 1, pageSize: 50, all: true })).items.find((v) => v.link.itemName === itemName);
    const view =
      existing ??
      (await links.create({ merchantId: 'telegram:100', via: 'telegram', notifyChatId: '100', itemName, price, usageLimit: null, customer: null, expiresAt: null, orderId: null, slug: null, recipient: null }));
    return makeOrder(store, view.link, { ...plan, at });
  }

  beforeEach(function () {
    store = openSqliteStore({ path: ':memory:' });
    links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000, clock: () => NOW });
    exportDir = mkdtempSync(join(tmpdir(), 'tagih-exports-'));
    charts = [];
    withReports = true;
  });

  afterEach(async function () {
    await store.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  describe('/rekap', function () {
    it("answers today's takings in words, then the chart by the hour as a photo", async function () {
      await sale('Kaos', 150_000, wib('2026-12-02 09:15'));
      await sale('Kaos', 150_000, wib('2026-12-02 10:40'), { refunded: 50_000, method: 'bank_transfer' });
      await sale('Topi', 1_100_000, wib('2026-12-02 16:00'), { status: 'pending' });
      const [summary, chart, ...rest] = await say('/rekap');
      expect(rest).to.deep.equal([]);
      expect(summary!.text.split('\n')).to.deep.equal([
        '📊 Rekap hari ini (02/12/2026)',
        '',
        'Order lunas: 2 · bruto Rp300.000',
        'Dikembalikan (refund): Rp50.000',
        'Bersih: Rp250.000',
        'Menunggu pembayaran: 1 checkout (Rp1.100.000)',
        '',
        'Per link:',
        '• #1 Kaos: 2× · Rp250.000',
        '',
        'Per metode pembayaran:',
        '• QRIS: 1× · Rp150.000',
        '• Virtual Account: 1× · Rp100.000',
        '',
        'Unduh semua order periode ini: /export',
      ]);
      expect(chart!.photo).to.deep.equal({ png: Buffer.from('png of the chart'), fileName: 'rekap.png' });
      expect(chart!.text).to.equal('📈 Pemasukan bersih hari ini (02/12/2026)');
      expect(charts).to.have.length(1);
      expect(charts[0]!.axisName).to.equal('jam (WIB)');
      expect(charts[0]!.buckets.filter((b) => b.net > 0)).to.deep.equal([
        { key: '09', net: 150_000 },
        { key: '10', net: 100_000 },
      ]);
    });

    it('reads the period after it, /summary and English too, and goes by the day over a week', async function () {
      await sale('Kaos', 150_000, wib('2026-12-01 12:00'));
      const [yesterday] = await say('/summary kemarin');
      expect(yesterday!.text).to.contain('Rekap kemarin (01/12/2026)').and.contain('Bersih: Rp150.000');
      await say('/lang en');
      const [week] = await say('/rekap this week');
      expect(week!.text).to.contain('📊 Takings this week (30/11/2026–02/12/2026)').and.contain('Net: Rp150.000');
      expect(charts.at(-1)!.buckets.map((b) => b.key)).to.deep.equal(['2026-11-30', '2026-12-01', '2026-12-02']);
      expect(charts.at(-1)!.axisName).to.equal(null);
    });

    it('says there is nothing yet, without a chart, for a quiet period', async function () {
      const replies = await say('/rekap');
      expect(replies).to.have.length(1);
      expect(replies[0]!.text).to.contain('Belum ada order di periode ini.');
      expect(charts).to.deep.equal([]);
    });

    it('refuses a period it cannot read, with an example, and reads nothing', async function () {
      const [reply] = await say('/rekap lusa');
      expect(reply!.text).to.contain('❌ Periode "lusa" tidak dikenali').and.contain('Contoh: /rekap kemarin');
      const [tooLong] = await say('/rekap 2026-01-01..2026-12-01');
      expect(tooLong!.text).to.contain('paling lama 93 hari');
    });

    it('says it is not available on an installation without reports', async function () {
      withReports = false;
      expect((await say('/rekap'))[0]!.text).to.equal('Rekap dan ekspor belum tersedia di tagih ini.');
    });
  });

  describe('/ringkasan', function () {
    it('is off until set; then the daily summary goes to the chat it was set from, until turned off', async function () {
      expect((await say('/ringkasan'))[0]!.text).to.contain('sedang mati');
      const inCustomersChat: ChatTurn = { ...budi, channel: 'whatsapp', chatId: '628555@s.whatsapp.net', notifyChatId: '628111@s.whatsapp.net' };
      expect((await say('/ringkasan 21.30', inCustomersChat))[0]!.text).to.contain('setiap hari pukul 21:30 WIB');
      expect((await say('/ringkasan'))[0]!.text).to.contain('pukul 21:30 WIB');
      const daily = new DailySummary({ kv: store.kv, orders: store.orders, outbox: store.outbox, logger: pino({ level: 'silent' }) });
      expect(await daily.round(wib('2026-12-02 21:30'))).to.equal(1);
      expect((await store.outbox.list({ limit: 5 })).map((e) => [e.channel, e.target])).to.deep.equal([['whatsapp', '628111@s.whatsapp.net']]);
      expect((await say('/ringkasan off'))[0]!.text).to.contain('dimatikan');
      expect(await daily.round(wib('2026-12-03 22:00'))).to.equal(0);
    });

    it('refuses a time it cannot read', async function () {
      expect((await say('/ringkasan 25:00'))[0]!.text).to.contain('❌ Jam "25:00" tidak dikenali').and.contain('Contoh: /ringkasan 21:00');
      expect((await say('/ringkasan'))[0]!.text).to.contain('sedang mati');
    });
  });

  describe('/export', function () {
    it('writes the period as a CSV file and hands it over as a document', async function () {
      const first = await sale('Kaos', 150_000, wib('2026-11-05 10:00'), { customer: { name: '@Budi, "Jr"' } });
      await sale('Kaos', 150_000, wib('2026-11-20 10:00'));
      const [reply, ...rest] = await say('/export 1/11-15/11');
      expect(rest).to.deep.equal([]);
      expect(reply!.text).to.equal('📄 1 order, 01/11/2026–15/11/2026 (CSV, UTF-8). Buka di Excel, Google Sheets atau LibreOffice.');
      expect(reply!.document).to.deep.include({ fileName: 'tagih-orders-2026-11-01_2026-11-15.csv', mime: 'text/csv' });
      const csv = readFileSync(reply!.document!.path, 'utf8');
      const lines = csv.split('\r\n');
      expect(lines[0]!.startsWith('\uFEFForder_id,time_wib,')).to.equal(true);
      expect(lines[1]).to.match(new RegExp(`^${first},2026-11-05T10:00:00\\+07:00,#1 Kaos,Kaos,1,150000,paid,qris,.*,"'@Budi, ""Jr""",`));
      expect(lines.slice(2)).to.deep.equal(['']);
    });

    it('says so, and leaves no file, when the period has no orders', async function () {
      const [reply] = await say('/export kemarin');
      expect(reply!.text).to.contain('Tidak ada order kemarin (01/12/2026)');
      expect(reply!.document).to.equal(undefined);
      expect(readdirSync(exportDir)).to.deep.equal([]);
    });

    it('is bounded: a period over 93 days is refused and says how long one may be', async function () {
      const [reply] = await say('/export 2026-01-01..2026-12-01');
      expect(reply!.text).to.contain('paling lama 93 hari').and.contain('Contoh: /export bulan ini');
    });
  });

  it('lists the commands in /help, in both languages', async function () {
    const [help] = await say('/help');
    expect(help!.text).to.contain('/rekap [periode]').and.contain('/ringkasan 21:00').and.contain('/export [periode]');
    const [topic] = await say('/help export');
    expect(topic!.text).to.contain('paling lama 93 hari');
  });
});
