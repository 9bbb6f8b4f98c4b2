/**
 * The whole of tagih, started with startTagih as `npm start` does, with
 * known secret values: a Midtrans server key the Midtrans stand-in refuses,
 * a Telegram bot token and webhook secret (against the fake Bot API), and an
 * SMTP password for a server that is down. Failing paths are driven from
 * outside (a forged webhook, a payment Midtrans refuses, a link emailed to
 * nobody, a Telegram update with the wrong secret, replies Telegram refuses),
 * then everything tagih wrote (the log file, the terminal, every HTTP answer)
 * is searched for every secret.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startTagih, type RunningTagih } from '../../src/main.ts';
import { startSimulator, type Simulator } from '../../src/midtrans/simulator/simulator.ts';
import { NOTIFICATION_SAMPLES, signed } from '../midtrans/fixtures/notifications.ts';
import { unusedPort } from '../midtrans/helpers.ts';
import { textUpdate } from '../bots/telegram/harness.ts';
import { scratchDir } from '../fuzz/support.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { CUSTOMER, postForm, postJson } from '../web/harness.ts';
import { leaks } from './capture.ts';

const SERVER_KEY = 'SB-Mid-server-CANARY-main-4d1f0b7e9a2c';
const BOT_TOKEN = '7098765432:AAF-CanaryMainToken_0123456789abcdefg';
const WEBHOOK_SECRET = 'Canary_hook-secret-5e8d2b';
const SMTP_PASSWORD = 'CanarySmtpPa55-main-71c3';
const SECRETS = [
  SERVER_KEY,
  Buffer.from(`${SERVER_KEY}:`).toString('base64'),
  BOT_TOKEN,
  BOT_TOKEN.split(':')[1]!,
  WEBHOOK_SECRET,
  SMTP_PASSWORD,
  Buffer.from(SMTP_PASSWORD).toString('base64'),
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('secrets: the whole app, started as npm start starts it', function () {
  this.timeout(60_000);
  let dir: ReturnType<typeof scratchDir>;
  let sim: Simulator;
  let fake: FakeTelegram;
  let running: RunningTagih;
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let terminal = '';
  /** Every HTTP answer tagih gave in this test, headers and body. */
  const answers: string[] = [];

  async function keep(res: Response): Promise<Response> {
    answers.push(`${res.status} ${JSON.stringify([...res.headers])}\n${await res.clone().text()}`);
    return res;
  }

  /** Types a command into the console chat and waits for its answer. */
  async function type(command: string, answered: RegExp): Promise<string> {
    const from = terminal.length;
    stdin.write(`${command}\n`);
    await until(() => answered.test(terminal.slice(from)), `the console's answer to ${command}`);
    return terminal.slice(from);
  }

  before(async function () {
    dir = scratchDir('main-secrets');
    // Midtrans as a server that knows another key: every call tagih makes is refused with 401.
    sim = await startSimulator({ serverKey: 'SB-Mid-server-the-one-midtrans-knows' });
    fake = await FakeTelegram.start({ token: BOT_TOKEN });
    stdout.on('data', (chunk: Buffer) => (terminal += chunk.toString('utf8')));
    running = await startTagih(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir.path,
        CONSOLE: 'on',
        LOG_LEVEL: 'trace',
        MERCHANT_NAME: 'Toko Budi',
        MIDTRANS_SERVER_KEY: SERVER_KEY,
        MIDTRANS_CLIENT_KEY: 'SB-Mid-client-main',
        MIDTRANS_API_BASE_URL: sim.apiBaseUrl,
        MIDTRANS_SNAP_BASE_URL: sim.snapBaseUrl,
        MIDTRANS_TIMEOUT_MS: '1000',
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        MERCHANT_TELEGRAM_IDS: '100',
        SMTP_URL: `smtp://toko:${SMTP_PASSWORD}@127.0.0.1:${await unusedPort()}`,
        MAIL_FROM: 'Toko Budi <toko@example.com>',
      },
      { stdin, stdout },
    );
    await until(() => terminal.includes('tagih is running'), 'the banner');
    // PUBLIC_URL is not set, so customer links use the default port; the pages are at the real address.
    running.config.http.publicUrl = running.url;
  });

  after(async function () {
    await running?.stop();
    await fake?.close();
    await sim?.close();
    dir?.remove();
  });

  it('refuses a forged notification (401) and stores a signed one for an unknown order', async function () {
    const forged = await keep(await postJson(`${running.url}/webhooks/midtrans`, { ...NOTIFICATION_SAMPLES.qrisSettlement, signature_key: 'a'.repeat(128) }));
    expect(forged.status).to.equal(401);
    const unknown = await keep(await postJson(`${running.url}/webhooks/midtrans`, signed(NOTIFICATION_SAMPLES.qrisSettlement, SERVER_KEY, { order_id: 'INV-NOBODY-1' })));
    expect(unknown.status).to.equal(200);
  });

  it('tells a customer the payment cannot start when Midtrans refuses the key (503)', async function () {
    const card = await type('/newlink Kaos 150000 x3', /\/p\/[a-z0-9]+/);
    const slug = /\/p\/([a-z0-9]+)/.exec(card)![1]!;
    const res = await keep(await postForm(`${running.url}/p/${slug}`, CUSTOMER));
    expect(res.status).to.equal(503);
    await until(() => answers.length > 0, 'the answer');
  });

  it('keeps a link for an email customer queued while the SMTP server is down', async function () {
    await type('/newlink Topi 50000 ke siti@mail.com', /siti@mail\.com/);
    await until(() => readLog().includes('SMTP'), 'an SMTP failure in the log');
  });

  it('refuses a Telegram update with the wrong secret, and survives replies Telegram refuses', async function () {
    await until(() => fake.callsTo('setWebhook').length > 0, 'setWebhook');
    const update = textUpdate('/help', { id: 100, is_bot: false, first_name: 'Budi' });
    const wrong = await keep(
      await fetch(`${running.url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': `${WEBHOOK_SECRET}x` },
        body: JSON.stringify(update),
      }),
    );
    expect(wrong.status).to.be.within(400, 499);
    fake.fail('sendMessage', { error_code: 401, description: 'Unauthorized' });
    fake.script('sendMessage', { drop: true });
    for (const text of ['/help', '/links']) {
      const res = await keep(
        await fetch(`${running.url}/webhooks/telegram`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
          body: JSON.stringify(textUpdate(text, { id: 100, is_bot: false, first_name: 'Budi' })),
        }),
      );
      expect(res.status).to.equal(200);
    }
    await until(() => readLog().includes('sendMessage'), 'the refused reply in the log');
  });

  function readLog(): string {
    running.logger.flush();
    try {
      return readFileSync(join(dir.path, 'tagih.log'), 'utf8');
    } catch {
      return '';
    }
  }

  it('wrote none of the secrets anywhere: log file, terminal, HTTP answers', async function () {
    await sleep(200);
    const log = readLog();
    expect(log.split('\n').length).to.be.greaterThan(8);
    expect(log).to.contain('MIDTRANS_UNAUTHORIZED');
    expect(leaks(log, SECRETS), 'log file').to.deep.equal([]);
    expect(leaks(terminal, SECRETS), 'terminal').to.deep.equal([]);
    expect(leaks(answers.join('\n'), SECRETS), 'HTTP answers').to.deep.equal([]);
  });
});
