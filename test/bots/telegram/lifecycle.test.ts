import { createHook } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { WEBHOOK_PATH, type Update } from '../../../bots/telegram/telegram-bot.ts';
import { isAppError, type AppError } from '../../../src/domain/errors.ts';
import { FakeTelegram, type RecordedCall } from '../../support/fake-telegram.ts';
import { MERCHANT, OTHER_MERCHANT, PUBLIC_URL, startHarness, STRANGER, telegramConfig, textOf, textUpdate, type Harness } from './harness.ts';

const FAST_RETRY = { attempts: 3, baseMs: 20, maxMs: 50 };

/** Into the fake's getUpdates queue, numbered by the fake like Telegram numbers updates. */
function queue(fake: FakeTelegram, update: Update): void {
  fake.pushUpdate({ ...update, update_id: undefined });
}

/** Timers created by the bot (our code, telegraf, node-fetch) that are still pending: records creation stacks while on. */
function watchBotTimers(): { stop(): void; live(): string[] } {
  const live = new Map<number, string>();
  const ours = /(?<!test\/)bots\/telegram\/|node_modules\/(telegraf|node-fetch)\//;
  const hook = createHook({
    init(id, type) {
      if (type !== 'Timeout') return;
      const stack = new Error().stack ?? '';
      if (ours.test(stack)) live.set(id, stack);
    },
    destroy(id) {
      live.delete(id);
    },
  });
  hook.enable();
  return { stop: () => hook.disable(), live: () => [...live.values()] };
}

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Telegram bot: running', function () {
  let h: Harness;

  afterEach(async function () {
    await h.close();
  });

  describe('long polling', function () {
    it('deletes any webhook, then answers updates it fetches with getUpdates', async function () {
      h = await startHarness();
      queue(h.fake, textUpdate('/help'));
      const reply = await h.fake.waitFor('sendMessage');
      expect(textOf(reply)).to.include('/newlink');
      expect(h.fake.callsTo('deleteWebhook')).to.have.length(1);
    });

    it('keeps polling after an update whose handling fails', async function () {
      h = await startHarness();
      h.fake.fail('sendMessage', { error_code: 400, description: 'Bad Request: message text is empty' });
      h.fake.script('sendMessage', { raw: '<html>502 from a proxy</html>' });
      queue(h.fake, textUpdate('/help'));
      queue(h.fake, textUpdate('/lang id', MERCHANT));
      h.fake.pushUpdate({ message: { message_id: 77, date: 1, chat: { id: 100, type: 'private' }, text: '/help' } });
      h.fake.pushUpdate({ my_chat_member: { chat: { id: 100, type: 'private' } } });
      queue(h.fake, textUpdate('/links'));
      const reply = await h.fake.waitFor('sendMessage', (call) => textOf(call).includes('Belum ada link'));
      expect(reply.body.chat_id).to.equal(String(MERCHANT.id));
      const logs = h.logs.join('');
      expect(logs).to.include('handling an update failed').and.include('message text is empty').and.include('invalid json');
      expect(logs).to.include('***').and.not.include(h.fake.token);
    });

    it('logs a 409 conflict loudly and polls again', async function () {
      const fake = await FakeTelegram.start();
      fake.fail('getUpdates', { error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
      h = await startHarness({ fake, bot: { pollingRetry: FAST_RETRY } });
      await until(() => h.logs.join('').includes('TELEGRAM POLLING CONFLICT'), 'the conflict log line');
      queue(h.fake, textUpdate('/help'));
      await h.fake.waitFor('sendMessage');
      const line = h.logs.find((l) => l.includes('TELEGRAM POLLING CONFLICT'))!;
      expect(JSON.parse(line).level).to.equal(50);
      expect(h.fake.callsTo('deleteWebhook').length).to.be.at.least(2);
    });

    it('waits out getUpdates failures and carries on', async function () {
      const fake = await FakeTelegram.start();
      fake.fail('getUpdates', { error_code: 502, description: 'Bad Gateway' });
      fake.fail('getUpdates', { error_code: 429, description: 'Too Many Requests: retry after 0', parameters: { retry_after: 0 } });
      h = await startHarness({ fake });
      queue(h.fake, textUpdate('/help'));
      await h.fake.waitFor('sendMessage');
      expect(h.logs.join('')).to.include('getUpdates failed; polling again after a pause');
    });

    it('stops cleanly, confirms handled updates and leaves no timers', async function () {
      const timers = watchBotTimers();
      h = await startHarness();
      const { fake } = h;
      queue(fake, textUpdate('/help'));
      await fake.waitFor('sendMessage');
      const started = Date.now();
      await h.close({ fake: true });
      expect(Date.now() - started).to.be.below(1000);
      // A cleared timer is destroyed a tick later.
      await new Promise((resolve) => setImmediate(resolve));
      timers.stop();
      expect(timers.live()).to.deep.equal([]);
      // A restart on the same token answers what came after, never the handled update again:
      // Telegram returns updates in order, and polling stops only once a batch is handled.
      h = await startHarness({ fake });
      queue(fake, textUpdate('/help'));
      await fake.waitForCount('sendMessage', 2);
      await h.close();
      expect(fake.callsTo('sendMessage')).to.have.length(2);
    });
  });

  describe('start-up calls', function () {
    it('gives everyone /start and /help only, and each merchant their whole menu in their chat and language, again after /lang', async function () {
      h = await startHarness();
      const commandsOf = (call: RecordedCall) => (call.body.commands as Array<{ command: string; description: string }>).map((c) => c.command);
      const [id, en, budi, ani] = await h.fake.waitForCount('setMyCommands', 4);
      expect(id!.body).to.not.have.property('language_code');
      expect(id!.body).to.not.have.property('scope');
      expect(en!.body.language_code).to.equal('en');
      expect(commandsOf(id!)).to.deep.equal(['start', 'help']);
      expect(commandsOf(en!)).to.deep.equal(['start', 'help']);
      for (const [call, user] of [[budi!, MERCHANT], [ani!, OTHER_MERCHANT]] as const) {
        expect(call.body.scope).to.deep.equal({ type: 'chat', chat_id: String(user.id) });
        expect(commandsOf(call)).to.include.members(['newlink', 'links', 'link', 'qr', 'send', 'delete', 'rekap', 'export', 'ringkasan', 'refund', 'staff', 'notif', 'lang', 'cancel', 'help']);
        expect((call.body.commands as Array<{ description: string }>)[0]!.description).to.match(/^Buat link/);
      }

      await h.feed(textUpdate('/lang en'));
      const after = h.fake.callsTo('setMyCommands').at(-1)!;
      expect(after.body.scope).to.deep.equal({ type: 'chat', chat_id: String(MERCHANT.id) });
      expect((after.body.commands as Array<{ description: string }>)[0]!.description).to.match(/^Create a link/);
      expect(h.fake.callsTo('setMyCommands')).to.have.length(5);
    });

    it('sets the owner’s menu once they claim the bot with the setup code', async function () {
      h = await startHarness({ merchantIds: [] });
      await h.fake.waitForCount('setMyCommands', 2);
      await h.feed(textUpdate(`/start ${h.bot.setupCode}`, STRANGER));
      const owner = h.fake.callsTo('setMyCommands').at(-1)!;
      expect(owner.body.scope).to.deep.equal({ type: 'chat', chat_id: String(STRANGER.id) });
      expect((owner.body.commands as Array<{ command: string }>).map((c) => c.command)).to.include('newlink');
    });

    it('retries the command menu when Telegram fails, without stopping the bot', async function () {
      const fake = await FakeTelegram.start();
      fake.fail('setMyCommands', { error_code: 500, description: 'Internal Server Error' }, 2);
      h = await startHarness({ fake, bot: { setupRetry: FAST_RETRY } });
      await h.fake.waitForCount('setMyCommands', 6);
      expect(h.logs.join('')).to.include('setting the command menu failed; will retry');
      const reply = await h.callsDuring(() => h.feed(textUpdate('/help')));
      expect(reply).to.have.length(1);
    });

    it('connect() fails clearly when the token is rejected, without the token in the error', async function () {
      const fake = await FakeTelegram.start();
      fake.fail('getMe', { error_code: 401, description: 'Unauthorized' });
      const err = await startHarness({ fake }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.message).to.equal('getMe: 401 Unauthorized');
      h = await startHarness({ fake });
    });

    it('start() keeps trying getMe in the background after a failed first try, and then works', async function () {
      const fake = await FakeTelegram.start();
      fake.fail('getMe', { error_code: 502, description: 'Bad Gateway' }, 2);
      h = await startHarness({ fake, keepTrying: true, bot: { startRetry: { attempts: Infinity, baseMs: 20, maxMs: 50 } } });
      expect(h.bot.username, 'start() resolved after the first, failed try').to.equal(null);
      await h.fake.waitForCount('getMe', 3);
      // The menu goes out once connected.
      await h.fake.waitForCount('setMyCommands', 1);
      expect(h.bot.username).to.be.a('string');
      expect(h.logs.join('')).to.include('telegram bot could not start');
      const reply = await h.callsDuring(() => h.feed(textUpdate('/help')));
      expect(reply).to.have.length(1);
    });

    it('refuses at start a PUBLIC_URL Telegram would refuse (http, or a port other than 443/80/88/8443), saying what to set', async function () {
      const fake = await FakeTelegram.start();
      // Against Telegram's own API (refused before any call is made); a local Bot API server (--local) would take these.
      const official = { ...telegramConfig(fake, { mode: 'webhook' }), apiRoot: 'https://api.telegram.org' };
      const refusals = [
        ['http://pay.example.com', 'TELEGRAM_WEBHOOK_NOT_HTTPS'],
        ['https://pay.example.com:3000', 'TELEGRAM_WEBHOOK_PORT_REFUSED'],
        ['http://localhost:3000', 'TELEGRAM_WEBHOOK_NOT_HTTPS'],
      ] as const;
      for (const [publicUrl, code] of refusals) {
        const err = await startHarness({ fake, mode: 'webhook', bot: { publicUrl, config: official } }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(isAppError(err, code), publicUrl).to.equal(true);
        expect((err as AppError).say('id'), publicUrl).to.match(/^TELEGRAM_MODE=webhook: .*Set PUBLIC_URL ke alamat https di port 443, 80, 88 atau 8443/);
        expect((err as AppError).say('en'), publicUrl).to.match(/^TELEGRAM_MODE=webhook: .*Set PUBLIC_URL to an https address on port 443, 80, 88 or 8443/);
      }
      expect(fake.calls).to.have.length(0);
      for (const publicUrl of ['https://pay.example.com', 'https://pay.example.com:8443', 'https://pay.example.com:88/shop']) {
        h = await startHarness({ fake, mode: 'webhook', bot: { publicUrl } });
        await h.fake.waitFor('setWebhook', (call) => String(call.body.url).startsWith(publicUrl));
        await h.close({ fake: true });
      }
      // The fake refuses what Telegram refuses, with Telegram's words: the check above is what keeps tagih from meeting it.
      const refused = await fetch(`${fake.apiRoot}/bot${fake.token}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://pay.example.com:3000/webhooks/telegram' }),
      });
      expect(await refused.json()).to.deep.include({ ok: false, error_code: 400, description: 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443' });
      h = await startHarness({ fake });
    });
  });

  describe('webhook mode', function () {
    let server: import('node:http').Server;
    let url: string;

    async function serve(app: express.Express): Promise<void> {
      server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
    }

    const post = (update: unknown, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });

    afterEach(async function () {
      await new Promise((resolve) => server.close(resolve));
    });

    it('sets the webhook with the secret and answers only requests that carry it', async function () {
      h = await startHarness({ mode: 'webhook', webhookSecret: 'hook-secret_123' });
      const app = express();
      app.post(WEBHOOK_PATH, h.bot.webhook!);
      await serve(app);
      const set = await h.fake.waitFor('setWebhook');
      expect(set.body).to.deep.include({ url: `${PUBLIC_URL}/webhooks/telegram`, secret_token: 'hook-secret_123' });
      expect(h.fake.callsTo('deleteWebhook')).to.have.length(0);

      expect((await post(textUpdate('/help'))).status).to.equal(404);
      expect((await post(textUpdate('/help'), { 'x-telegram-bot-api-secret-token': 'wrong' })).status).to.equal(404);
      expect(h.fake.chatCalls()).to.have.length(0);
      const res = await post(textUpdate('/help'), { 'x-telegram-bot-api-secret-token': 'hook-secret_123' });
      expect(res.status).to.equal(200);
      expect(textOf(h.fake.callsTo('sendMessage')[0]!)).to.include('/newlink');
    });

    it('works behind a JSON body parser, answers 200 even when handling fails, and 503 once stopped', async function () {
      h = await startHarness({ mode: 'webhook', webhookSecret: 'hook-secret_123' });
      const app = express();
      app.use(express.json());
      app.post(WEBHOOK_PATH, h.bot.webhook!);
      await serve(app);
      const headers = { 'x-telegram-bot-api-secret-token': 'hook-secret_123' };
      h.fake.fail('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
      expect((await post(textUpdate('/help'), headers)).status).to.equal(200);
      expect((await post(textUpdate('/links'), headers)).status).to.equal(200);
      expect(textOf(h.fake.callsTo('sendMessage')[1]!)).to.include('Belum ada link');
      await h.bot.stop();
      expect((await post(textUpdate('/help'), headers)).status).to.equal(503);
    });
  });
});
