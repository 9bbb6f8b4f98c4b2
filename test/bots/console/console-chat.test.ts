/**
 * The console chat as a merchant at a terminal sees it: a line typed in, the
 * reply printed, its actions written out as what to type or open.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { CONSOLE_MERCHANT_ID, ConsoleChat } from '../../../bots/console/console-chat.ts';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import { CommandRunner } from '../../../bots/commands/run-command.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import { Preferences } from '../../../src/merchants/preferences.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

const NOW = new Date('2026-11-24T03:00:00.000Z');

describe('ConsoleChat', function () {
  let store: Store;
  let links: LinkService;
  let chat: ConsoleChat;
  let input: PassThrough;
  let output: PassThrough;
  let printed: string;

  beforeEach(function () {
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
      logger: pino({ level: 'silent' }),
      clock: () => NOW,
    });
    input = new PassThrough();
    output = new PassThrough();
    printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    chat = new ConsoleChat({ runner, input, output, interactive: false, logger: pino({ level: 'silent' }) });
    chat.start();
  });

  afterEach(async function () {
    await chat.stop();
    await store.close();
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
});
