/**
 * The bot token is in every Bot API URL, and telegraf's errors quote URLs.
 * Whatever goes wrong between tagih and Telegram (a rejected token, a 5xx
 * gateway page, a refused or dropped connection, a call that never answers,
 * HTML where JSON was expected), the token reaches no log line, no thrown
 * error and no outbox error text. The bot is built with createTelegramBot,
 * as main.ts builds it, against the fake Bot API.
 */
import { expect } from 'chai';
import { GuidedNewLink } from '../../bots/commands/guided.ts';
import { CommandRunner } from '../../bots/commands/run-command.ts';
import { DeepLinks } from '../../bots/telegram/deep-link.ts';
import { createTelegramBot, type TelegramBot } from '../../bots/telegram/telegram-bot.ts';
import { LinkService } from '../../src/links/link-service.ts';
import { Preferences } from '../../bots/commands/preferences.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { unusedPort } from '../midtrans/helpers.ts';
import { orderEvent } from '../notify/fixtures.ts';
import { textUpdate } from '../bots/telegram/harness.ts';
import { FakeTelegram, type Scripted } from '../support/fake-telegram.ts';
import { captureLogs, everyRendering, leaks, type CapturedLog } from './capture.ts';

/** Shaped like a real token (digits, colon, 35 URL-safe characters). */
const TOKEN = '7012345678:AAH-CanaryTok3n_Secret0123456789ab';
const SECRETS = [TOKEN, TOKEN.split(':')[1]!];

const FAILURES: Array<[string, Scripted]> = [
  ['401', { fail: { error_code: 401, description: 'Unauthorized' } }],
  ['500 page', { fail: { error_code: 502, description: 'Bad Gateway' } }],
  ['dropped connection', { drop: true }],
  ['no answer', { hang: true }],
  ['HTML instead of JSON', { raw: '<html><body>proxy error</body></html>' }],
];

describe('secrets: the Telegram bot token', function () {
  this.timeout(30_000);
  let fake: FakeTelegram;
  let store: Store;
  let log: CapturedLog;
  const seen: string[] = [];
  const bots: TelegramBot[] = [];

  function bot(apiRoot: string = fake.apiRoot, mode: 'polling' | 'webhook' = 'webhook'): TelegramBot {
    const links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko', paymentWindowMs: 60_000 });
    const preferences = new Preferences(store.kv, 'id');
    const runner = new CommandRunner({ links, outbox: store.outbox, kv: store.kv, guided: new GuidedNewLink(store.kv), preferences, delivery: { emailEnabled: false }, merchantName: 'Toko', logger: log.logger });
    const created = createTelegramBot({
      config: { token: TOKEN, apiRoot, mode, webhookSecret: mode === 'webhook' ? 'hook_secret-1' : null, merchantIds: ['100'] },
      runner,
      deepLinks: new DeepLinks({ links, store, merchantName: 'Toko' }),
      links,
      store,
      preferences,
      merchantName: 'Toko',
      publicUrl: 'https://pay.example.com',
      logger: log.logger.child({ component: 'telegram' }),
      timeouts: { requestMs: 300, uploadMs: 300 },
      setupRetry: { attempts: 2, baseMs: 10, maxMs: 20 },
      pollingRetry: { attempts: 2, baseMs: 10, maxMs: 20 },
      drainMs: 500,
    });
    bots.push(created);
    return created;
  }

  before(async function () {
    fake = await FakeTelegram.start({ token: TOKEN });
    store = openSqliteStore({ path: ':memory:' });
    log = captureLogs('trace');
  });

  after(async function () {
    await Promise.all(bots.map((b) => b.stop()));
    await fake.close();
    await store.close();
  });

  it('stays out of the error and the logs when the first call fails', async function () {
    for (const [what, answer] of FAILURES) {
      fake.script('getMe', answer);
      const err = await bot().connect().then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(err, what).to.be.instanceOf(Error);
      seen.push(everyRendering(err));
      expect(leaks(everyRendering(err), SECRETS), what).to.deep.equal([]);
    }
  });

  it('stays out of them when nothing listens at TELEGRAM_API_ROOT', async function () {
    const err = await bot(`http://127.0.0.1:${await unusedPort()}`).connect().then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(err).to.be.instanceOf(Error);
    seen.push(everyRendering(err));
    expect(everyRendering(err)).to.contain('ECONNREFUSED');
  });

  it('stays out of delivery errors (the outbox stores them) and of failed replies', async function () {
    const started = bot();
    await started.start();
    for (const [what, answer] of FAILURES) {
      fake.script('sendMessage', answer);
      const err = await started.sender.send('100', orderEvent('paid'), 'id', 'telegram:100').then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(err, what).to.be.instanceOf(Error);
      seen.push(everyRendering(err));
      fake.script('sendMessage', answer);
      await started.handleUpdate(textUpdate('/help', { id: 100, is_bot: false, first_name: 'Budi' }));
    }
    expect(log.text()).to.contain('sendMessage');
  });

  it('stays out of the logs when polling fails, however it fails', async function () {
    fake.script('deleteWebhook', { fail: { error_code: 502, description: 'Bad Gateway' } });
    for (const [, answer] of FAILURES.slice(1)) fake.script('getUpdates', answer);
    fake.script('getUpdates', { fail: { error_code: 401, description: 'Unauthorized' } }, 5);
    const polling = bot(fake.apiRoot, 'polling');
    await polling.start();
    const deadline = Date.now() + 5_000;
    while (!log.text().includes('polling') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500));
    await polling.stop();
  });

  it('appears in no log line of this whole run', function () {
    expect(log.lines().length).to.be.at.least(10);
    expect(leaks([log.text(), ...seen].join('\n'), SECRETS)).to.deep.equal([]);
  });
});
