/**
 * The logger itself keeps secrets out, whatever a call site hands it: a raw
 * error carrying each kind of secret, logged through any field, as the
 * message, inside a cause, in a child logger's bindings or in an error's
 * extra fields, never shows the secret in the written line.
 */
import { expect } from 'chai';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { configuredSecrets, createLogger, serializeError } from '../../src/logger.ts';
import { leaks } from './capture.ts';

const SERVER_KEY = 'SB-Mid-server-CANARY-logger-8b2e61d0';
const PRODUCTION_KEY = 'Mid-server-CANARYprod93hf7Qx1';
const BOT_TOKEN = '7012345678:AAH-CanaryLoggerTok_0123456789abcd';
const SMTP_PASSWORD = 'CanarySmtp-logger-4c1a';
const WEBHOOK_SECRET = 'Canary_hook-logger-7d3f';
const EMAIL = 'canary.customer@example.co.id';
const BASIC = Buffer.from(`${SERVER_KEY}:`).toString('base64');

/** Each kind of secret as a library error would quote it. */
const CARRIERS: Array<{ kind: string; secret: string; text: string }> = [
  { kind: 'a bot token in a Bot API URL', secret: BOT_TOKEN, text: `invalid json response body at https://api.telegram.org/bot${BOT_TOKEN}/sendMessage` },
  { kind: 'a bare bot token', secret: BOT_TOKEN, text: `token ${BOT_TOKEN} was refused` },
  { kind: 'a sandbox server key', secret: SERVER_KEY, text: `Midtrans said: unknown key ${SERVER_KEY}` },
  { kind: 'a production server key', secret: PRODUCTION_KEY, text: `Midtrans said: unknown key ${PRODUCTION_KEY}` },
  { kind: 'Basic auth of the server key', secret: BASIC, text: `request failed; headers: Authorization: Basic ${BASIC}` },
  { kind: 'an SMTP URL password', secret: SMTP_PASSWORD, text: `connect smtp://mailer:${SMTP_PASSWORD}@smtp.example.com:587 ECONNREFUSED` },
  { kind: 'an e-mail address', secret: EMAIL, text: `550 5.1.1 <${EMAIL}>: unknown user` },
  { kind: 'a configured webhook secret', secret: WEBHOOK_SECRET, text: `secret ${WEBHOOK_SECRET} did not match` },
  { kind: 'a configured SMTP password, bare', secret: SMTP_PASSWORD, text: `auth failed for password ${SMTP_PASSWORD}` },
];

function capture(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void chunks.push(line) };
  return { logger: createLogger('trace', destination, [WEBHOOK_SECRET, SMTP_PASSWORD]), text: () => chunks.join('') };
}

/** Ways a call site could hand the logger an error or object holding `text`. */
const ROUTES: Array<{ how: string; log: (logger: ReturnType<typeof createLogger>, text: string) => void }> = [
  { how: 'as err', log: (logger, text) => logger.error({ err: new Error(text) }, 'failed') },
  { how: 'as error', log: (logger, text) => logger.error({ error: new Error(text) }, 'failed') },
  { how: 'as reason (a string)', log: (logger, text) => logger.warn({ reason: text }, 'failed') },
  { how: 'nested in an object and an array', log: (logger, text) => logger.info({ detail: { attempts: [{ why: text }] } }, 'failed') },
  { how: 'as the only argument', log: (logger, text) => logger.error(new Error(text)) },
  { how: 'as the message', log: (logger, text) => logger.error(`failed: ${text}`) },
  { how: 'as a cause', log: (logger, text) => logger.error({ err: new Error('outer', { cause: new TypeError(text) }) }, 'failed') },
  { how: 'in a child logger’s bindings', log: (logger, text) => logger.child({ context: text }).info('hello') },
  {
    how: 'in an error’s extra fields (an HTTP client error’s request config)',
    log: (logger, text) => logger.error({ err: Object.assign(new Error('Request failed with status code 401'), { config: { headers: { Authorization: text } }, response: { data: text } }) }, 'failed'),
  },
];

describe('secrets: the logger scrubs whatever it is given', function () {
  for (const carrier of CARRIERS) {
    for (const route of ROUTES) {
      it(`hides ${carrier.kind} logged ${route.how}`, function () {
        const { logger, text } = capture();
        route.log(logger, carrier.text);
        const written = text();
        expect(written, 'something was written').to.not.equal('');
        for (const line of written.trim().split('\n')) JSON.parse(line);
        expect(leaks(decodeURIComponent(written), [carrier.secret], 10)).to.deep.equal([]);
      });
    }
  }

  it('hides the password and the bot token of a URL object', function () {
    const { logger, text } = capture();
    logger.info({ url: new URL(`https://mailer:${SMTP_PASSWORD}@api.example.com/bot${BOT_TOKEN}/getMe`) }, 'calling');
    expect(text()).to.include('api.example.com');
    expect(leaks(text(), [SMTP_PASSWORD, BOT_TOKEN], 10)).to.deep.equal([]);
  });

  it('is handed every configured secret, the SMTP password as the server will see it', function () {
    const config = loadConfig({
      MIDTRANS_SERVER_KEY: SERVER_KEY,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: 'https://pay.example.com',
      SMTP_URL: `smtps://mailer:${encodeURIComponent('p@ss/word-1')}@smtp.example.com`,
      MAIL_FROM: 'Toko <toko@example.com>',
    });
    expect(configuredSecrets(config)).to.have.members([SERVER_KEY, BOT_TOKEN, WEBHOOK_SECRET, 'p@ss/word-1']);
  });

  it('keeps what describes an error: its type, message, code, and its causes by type and code', function () {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const err = Object.assign(new TypeError('fetch failed', { cause }), { config: { big: true } });
    const logged = serializeError(err) as Record<string, unknown>;
    expect(logged).to.include({ type: 'TypeError', message: 'fetch failed' });
    expect(logged['cause']).to.deep.equal({ type: 'Error', code: 'ECONNREFUSED' });
    expect(logged).to.not.have.property('config');
  });
});
