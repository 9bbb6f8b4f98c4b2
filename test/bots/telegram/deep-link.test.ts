import { expect } from 'chai';
import { pino } from 'pino';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import { Preferences } from '../../../bots/commands/preferences.ts';
import { CommandRunner, type ChatTurn } from '../../../bots/commands/run-command.ts';
import { DeepLinks } from '../../../bots/telegram/deep-link.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

/**
 * main.ts builds the deep links before the command runner and hands them to
 * it; the bot fills in its username only once getMe answers, which may be
 * long after the first command (Telegram down at start). The runner must
 * answer meanwhile, just without the deep link.
 */
describe('Telegram deep links, handed to the command runner before the bot knows its name', function () {
  let store: Store;
  let deepLinks: DeepLinks;
  let runner: CommandRunner;
  const budi: ChatTurn = { channel: 'console', merchantId: 'console:local', chatId: 'local', notifyChatId: 'local', customerChat: null, messageId: null };

  async function say(text: string): Promise<string> {
    const replies = await runner.handle(text, budi);
    expect(replies, `no reply to ${text}`).to.be.an('array').with.length(1);
    return replies![0]!.text;
  }

  beforeEach(function () {
    store = openSqliteStore({ path: ':memory:' });
    const links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000 });
    deepLinks = new DeepLinks({ links, store, merchantName: 'Toko Budi' });
    runner = new CommandRunner({
      links,
      outbox: store.outbox,
      kv: store.kv,
      guided: new GuidedNewLink(store.kv),
      preferences: new Preferences(store.kv, 'id'),
      delivery: { emailEnabled: false, telegramDeepLink: (slug) => deepLinks.urlOnceKnown(slug) },
      merchantName: 'Toko Budi',
      logger: pino({ level: 'silent' }),
    });
  });

  afterEach(async function () {
    await store.close();
  });

  it('/link before getMe answered shows the link without a deep link, and with it once the bot knows its name', async function () {
    await say('/newlink Kaos 150000 slug kaos');
    const before = await say('/link kaos');
    expect(before).to.contain('Link #1: Kaos').and.not.contain('t.me');

    deepLinks.setBotUsername('TokoBudiBot');
    expect(await say('/link kaos')).to.contain('https://t.me/TokoBudiBot?start=kaos');
  });

  it('knows no URL until the username is set', function () {
    expect(deepLinks.urlOnceKnown('kaos')).to.equal(null);
    expect(() => deepLinks.url('kaos')).to.throw(/has not started yet/);
    deepLinks.setBotUsername('TokoBudiBot');
    expect(deepLinks.urlOnceKnown('kaos 1')).to.equal('https://t.me/TokoBudiBot?start=kaos%201');
  });
});
