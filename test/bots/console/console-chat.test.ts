/**
 * The console chat as a merchant at a terminal sees it: a line typed in, the
 * reply printed, its actions written out as what to type or open. It prints
 * stored text (items, customers' names and emails) into a terminal, which acts
 * on control characters: an email holding ESC and BEL could retitle the window
 * or rewrite the screen. Everything is shown, nothing is acted on.
 */
import { CONSOLE_MERCHANT_ID, ConsoleChat, forTerminal } from '../../../bots/console/console-chat.ts';
import { CommandRunner } from '../../../bots/commands/run-command.ts';
import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { orderEvent } from '../../notify/fixtures.ts';
import { once } from 'node:events';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import { Preferences } from '../../../bots/commands/preferences.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { renderPrintCard } from '../../../src/web/cards/print-card.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPngHeader } from '../../web/png.ts';

const NOW = new Date('2026-11-24T03:00:00.000Z');

describe('console chat: replies', function () {
  let store: Store;
  let links: LinkService;
  let chat: ConsoleChat;
  let input: PassThrough;
  let output: PassThrough;
  let printed: string;
  let printsDir: string;

  beforeEach(function () {
    printsDir = mkdtempSync(join(tmpdir(), 'tagih-console-'));
    store = openSqliteStore({ path: ':memory:' });
    links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000, clock: () => NOW });
    const runner = new CommandRunner({
      links,
      outbox: store.outbox,
      kv: store.kv,
      guided: new GuidedNewLink(store.kv, () => NOW),
      preferences: new Preferences(store.kv, 'id'),
      delivery: { emailEnabled: false },
      merchantName: 'Toko Budi',
      printableCard: renderPrintCard,
      logger: pino({ level: 'silent' }),
      clock: () => NOW,
    });
    input = new PassThrough();
    output = new PassThrough();
    printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    chat = new ConsoleChat({ runner, input, output, interactive: false, printsDir, logger: pino({ level: 'silent' }), localeOf: async () => 'id' });
    chat.start();
  });

  afterEach(async function () {
    await chat.stop();
    await store.close();
    rmSync(printsDir, { recursive: true, force: true });
  });

  /** Types a line and waits for the one reply message it prints. */
  async function type(line: string): Promise<string> {
    const before = printed.length;
    const reply = once(output, 'data');
    input.write(`${line}\n`);
    await reply;
    return printed.slice(before);
  }

  it('prints the new link with "Kirim lewat WhatsApp" and its wa.me link to open (issue 16)', async function () {
    const reply = await type('/newlink Kaos 150000 untuk 081234567890');
    const { link } = await links.find(CONSOLE_MERCHANT_ID, { kind: 'number', value: 1 });
    const line = reply.split('\n').find((l) => l.includes('Kirim lewat WhatsApp'));
    expect(line, reply).to.match(/^ {2}→ 💬 Kirim lewat WhatsApp: https:\/\/wa\.me\/6281234567890\?text=/);
    const text = new URL(line!.slice(line!.indexOf('https://'))).searchParams.get('text');
    expect(text).to.contain('*Kaos*').and.contain('*Rp150.000*').and.contain(links.url(link));
    expect(reply).to.contain('  → /qr 1  (QR)');
  });

  it('saves /qr 1 cetak as an A6 PNG at 300 dpi in the prints folder and prints where (issue 16)', async function () {
    await type('/newlink Kaos 150000');
    const { link } = await links.find(CONSOLE_MERCHANT_ID, { kind: 'number', value: 1 });
    const reply = await type('/qr 1 cetak');
    const path = join(printsDir, `tagih-${link.slug}.png`);
    expect(reply).to.contain(`Toko Budi: Kaos — Rp150.000\nBayar di sini: ${links.url(link)}`);
    expect(reply).to.contain(`🖨 Kartu cetak (PNG, A6 300 dpi) disimpan: ${path}`);
    expect(readPngHeader(readFileSync(path))).to.include({ width: 1240, height: 1748 });
  });

  it('says what to check when the card cannot be saved, and keeps answering', async function () {
    await type('/newlink Kaos 150000');
    rmSync(printsDir, { recursive: true, force: true });
    const reply = await type('/qr 1 cetak');
    expect(reply).to.match(/Kartu cetak tidak bisa disimpan di .*tagih-console-.*\.png \(ENOENT\)\. Periksa izin tulis folder DATA_DIR/);
    expect(await type('/qr 1')).to.contain('Bayar di sini');
  });
});

describe('console chat', function () {
  describe('stored text in the terminal', function () {
    it('shows control characters escaped, visibly, and keeps lines and tabs', function () {
      expect(forTerminal('ani\x1b]0;pwned\x07@mail.com')).to.equal('ani\\x1B]0;pwned\\x07@mail.com');
      expect(forTerminal('Kaos\x1b[2J\r\x9b31m\x7f')).to.equal('Kaos\\x1B[2J\\x0D\\x9B31m\\x7F');
      expect(forTerminal('gpj.\u202Eexe')).to.equal('gpj.\\u202Eexe');
      expect(forTerminal('Kaos Hitam\n\tRp150.000 · ✅ Ani')).to.equal('Kaos Hitam\n\tRp150.000 · ✅ Ani');
    });

    it('prints a paid notice whose customer fields hold escape sequences without a single control character', async function () {
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      // The sender never reaches the runner; the chat is built as main.ts builds it.
      const chat = new ConsoleChat({
        runner: {} as CommandRunner,
        input: new PassThrough(),
        output,
        interactive: false,
        printsDir: tmpdir(),
        logger: pino({ level: 'silent' }),
        localeOf: async () => 'id',
      });
      const notice = orderEvent('paid', {
        link: { itemName: 'Kaos\x1b[2J' },
        order: { customer: { name: 'Ani\x1b]0;pwned\x07', phone: '6281234567890', email: 'ani\x1b[31m@mail.com\x07' } },
      });
      await chat.sender.send('console', notice, 'id', 'console:owner');
      expect(printed).to.contain('Kaos\\x1B[2J').and.contain('Ani\\x1B]0;pwned\\x07').and.contain('ani\\x1B[31m@mail.com\\x07');
      expect(printed).to.not.match(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    });
  });
});
