/**
 * A start that fails on configuration names the variable and what it
 * accepts, and never repeats a secret: not the value of a secret variable
 * (server key, bot token, webhook secret, SMTP URL, MongoDB URI), and not a
 * password written into any URL variable. A MongoDB URI with a password that
 * leads nowhere fails without the password in the error or the logs.
 */
import { expect } from 'chai';
import { loadConfig, type Env } from '../../src/config.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { MidtransGateway } from '../../src/midtrans/gateway.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import { unusedPort } from '../midtrans/helpers.ts';
import { captureLogs, everyRendering, leaks } from './capture.ts';

const CANARY = 'Canary5ecretValue9xQ';

/** What loadConfig threw for `env`, rendered every way it could be shown. */
function refusal(env: Env): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(isAppError(err, 'CONFIG_INVALID'), String(err)).to.equal(true);
    return everyRendering(err);
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('secrets: configuration errors', function () {
  const cases: Array<[string, Env]> = [
    ['TELEGRAM_WEBHOOK_SECRET', { TELEGRAM_BOT_TOKEN: `123456789:${CANARY}AAAAAAAAAAAAAAAA`, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: `bad secret ${CANARY}!` }],
    ['SMTP_URL', { SMTP_URL: `ftp://toko:${CANARY}@mail.example.com`, MAIL_FROM: 'toko@example.com' }],
    ['SMTP_URL', { SMTP_URL: `smtp://toko:${CANARY}@[bad`, MAIL_FROM: 'toko@example.com' }],
    ['TELEGRAM_API_ROOT', { TELEGRAM_BOT_TOKEN: `123456789:${CANARY}AAAAAAAAAAAAAAAA`, TELEGRAM_API_ROOT: `ftp://bot:${CANARY}@bots.example.com` }],
    ['PUBLIC_URL', { PUBLIC_URL: `ftp://user:${CANARY}@pay.example.com` }],
    ['PUBLIC_URL', { PUBLIC_URL: `ftp://user:p@${CANARY}@pay.example.com` }],
    ['MIDTRANS_API_BASE_URL', { MIDTRANS_API_BASE_URL: `ftp://proxy:${CANARY}@proxy.example.com` }],
    ['MIDTRANS_SNAP_BASE_URL', { MIDTRANS_SNAP_BASE_URL: `ws://proxy:${CANARY}@proxy.example.com/snap` }],
  ];
  for (const [variable, env] of cases) {
    it(`names ${variable} without repeating the secret in it`, function () {
      const shown = refusal(env);
      expect(shown).to.contain(variable);
      expect(leaks(shown, [CANARY], 8)).to.deep.equal([]);
    });
  }

  it('refuses a server key for the other environment without repeating it', function () {
    for (const [serverKey, environment] of [[`SB-Mid-server-${CANARY}`, 'production'], [`Mid-server-${CANARY}`, 'sandbox']] as const) {
      const err = (() => {
        try {
          return new MidtransGateway({ serverKey, clientKey: 'c', environment, apiBaseUrl: 'http://x', snapBaseUrl: 'http://x', timeoutMs: 1_000 });
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(isAppError(err, 'MIDTRANS_KEY_ENV_MISMATCH')).to.equal(true);
      expect(leaks(everyRendering(err), [CANARY], 8)).to.deep.equal([]);
    }
  });

  it('fails to open a MongoDB URI that leads nowhere without its password in the error or the logs', async function () {
    this.timeout(10_000);
    const log = captureLogs('trace');
    const uri = `mongodb://tagih:${CANARY}@127.0.0.1:${await unusedPort()}/tagih?authSource=admin`;
    const err = await openMongoStore({ uri, logger: log.logger, serverSelectionTimeoutMs: 300 }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(isAppError(err, 'STORE_UNAVAILABLE')).to.equal(true);
    expect(leaks(everyRendering(err) + log.text(), [CANARY], 8)).to.deep.equal([]);
  });
});
