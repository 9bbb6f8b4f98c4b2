import { expect } from 'chai';
import { loadConfig } from '../src/config.ts';
import { isAppError, type AppError } from '../src/domain/errors.ts';

function refused(env: Record<string, string>): { variable: unknown; message: string } {
  try {
    loadConfig(env);
  } catch (err) {
    if (!isAppError(err, 'CONFIG_INVALID')) throw err;
    return { variable: err.details.variable, message: err.say('en') };
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('configuration', function () {
  it('starts with nothing set: embedded store, simulator, console chat, no bots', function () {
    const config = loadConfig({});
    expect(config.http).to.deep.equal({ port: 3000, host: '0.0.0.0', publicUrl: 'http://localhost:3000' });
    expect(config.mongodbUri).to.equal(null);
    expect(config.midtrans).to.deep.include({ mode: 'simulator', environment: 'sandbox', serverKey: null, verifyStatus: true, simulatorHost: '127.0.0.1' });
    expect(config.telegram).to.equal(null);
    expect(config.whatsapp.enabled).to.equal(false);
    expect(config.email).to.equal(null);
    expect(config.locale).to.equal('id');
    expect(config.console).to.equal('auto');
  });

  it('reads every variable of the contract', function () {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://pay.tokobudi.id/',
      DATA_DIR: '/var/lib/tagih',
      MONGODB_URI: 'mongodb://db/tagih',
      MERCHANT_NAME: 'Toko Budi',
      LOCALE: 'en',
      MIDTRANS_SERVER_KEY: 'Mid-server-abc',
      MIDTRANS_CLIENT_KEY: 'Mid-client-abc',
      MIDTRANS_ENV: 'production',
      MIDTRANS_API_BASE_URL: 'http://127.0.0.1:9000',
      MIDTRANS_SNAP_BASE_URL: 'http://127.0.0.1:9000/snap/v1',
      MIDTRANS_VERIFY_STATUS: 'false',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'rahasia_123',
      MERCHANT_TELEGRAM_IDS: '111, 222',
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_PAIRING_NUMBER: '0812 3456 7890',
      MERCHANT_WHATSAPP_NUMBERS: '081234567890,+6281111111111',
      WHATSAPP_WEB_VERSION: '2,3000,1027934701',
      SMTP_URL: 'smtps://user:pw@smtp.example.com:465',
      MAIL_FROM: 'Toko Budi <toko@example.com>',
      LOG_LEVEL: 'debug',
    });
    expect(config.http).to.deep.equal({ port: 8080, host: '127.0.0.1', publicUrl: 'https://pay.tokobudi.id' });
    expect(config.dataDir).to.equal('/var/lib/tagih');
    expect(config.mongodbUri).to.equal('mongodb://db/tagih');
    expect(config.midtrans).to.deep.include({ mode: 'production', apiBaseUrl: 'http://127.0.0.1:9000', verifyStatus: false });
    expect(config.telegram).to.deep.equal({
      token: '123:abc',
      apiRoot: 'http://127.0.0.1:8081',
      mode: 'webhook',
      webhookSecret: 'rahasia_123',
      merchantIds: ['111', '222'],
    });
    expect(config.whatsapp).to.deep.equal({
      enabled: true,
      pairingNumber: '6281234567890',
      merchantNumbers: ['6281234567890', '6281111111111'],
      webVersion: [2, 3000, 1027934701],
    });
    expect(config.email).to.deep.equal({ smtpUrl: 'smtps://user:pw@smtp.example.com:465', from: 'Toko Budi <toko@example.com>' });
    expect(config.locale).to.equal('en');
    expect(config.logLevel).to.equal('debug');
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['PORT', { PORT: 'http' }],
    ['PORT', { PORT: '70000' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'pay.example.com' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://pay.example.com' }],
    ['LOCALE', { LOCALE: 'fr' }],
    ['MIDTRANS_ENV', { MIDTRANS_ENV: 'staging' }],
    ['MIDTRANS_VERIFY_STATUS', { MIDTRANS_VERIFY_STATUS: 'maybe' }],
    ['TELEGRAM_MODE', { TELEGRAM_MODE: 'push' }],
    ['TELEGRAM_WEBHOOK_SECRET', { TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_MODE: 'webhook' }],
    ['MERCHANT_TELEGRAM_IDS', { MERCHANT_TELEGRAM_IDS: '123,@budi' }],
    ['MERCHANT_WHATSAPP_NUMBERS', { MERCHANT_WHATSAPP_NUMBERS: '0812, 12' }],
    ['WHATSAPP_WEB_VERSION', { WHATSAPP_WEB_VERSION: '2.3000.1' }],
    ['SMTP_URL', { SMTP_URL: 'https://mail.example.com', MAIL_FROM: 'a@b.co' }],
    ['MAIL_FROM', { SMTP_URL: 'smtp://localhost:25' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
  ];
  for (const [variable, env] of bad) {
    it(`stops on a bad ${variable}, naming it and what it accepts`, function () {
      const error = refused(env);
      expect(error.variable).to.equal(variable);
      expect(error.message).to.contain(variable);
    });
  }

  it('says what is wrong in one language at a time', function () {
    const english = /\b(got|is not valid|whole number|one of|a URL|required|comma-separated|such as|true or false)\b/;
    const indonesian = /\b(Variabel|tidak|isinya|atau|dari|sampai|wajib|misalnya|dipisah|salah satu|bilangan)\b/;
    for (const [variable, env] of bad) {
      let refusal: AppError | null = null;
      try {
        loadConfig(env);
      } catch (err) {
        if (isAppError(err, 'CONFIG_INVALID')) refusal = err;
      }
      expect(refusal, variable).to.not.equal(null);
      expect(refusal!.say('id'), `${variable} in Indonesian`).to.not.match(english);
      expect(refusal!.say('en'), `${variable} in English`).to.not.match(indonesian);
    }
    expect(refused({ PORT: 'abc' }).message).to.equal('PORT is not valid (got "abc"): a whole number from 0 to 65535.');
  });

  describe('the built-in simulator', function () {
    it('listens on this machine only unless SIMULATOR_HOST opens it', function () {
      expect(loadConfig({}).midtrans.simulatorHost).to.equal('127.0.0.1');
      expect(loadConfig({ SIMULATOR_HOST: '0.0.0.0' }).midtrans.simulatorHost).to.equal('0.0.0.0');
    });

    it('plays Midtrans without a key where no customer can arrive: this machine, or the local network', function () {
      for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://192.168.1.20:3000', 'http://10.0.0.5', 'http://toko.local:3000', 'http://[::1]:3000']) {
        expect(loadConfig({ PUBLIC_URL: url }).midtrans.mode, url).to.equal('simulator');
      }
    });

    it('a PUBLIC_URL facing the internet without a key refuses to start, naming the missing key', function () {
      for (const url of ['https://pay.tokobudi.id', 'http://203.0.113.7:3000', 'https://tagih.example.com']) {
        const error = refused({ PUBLIC_URL: url });
        expect(error.variable, url).to.equal('MIDTRANS_SERVER_KEY');
        expect(error.message).to.contain('MIDTRANS_SIMULATOR=true');
      }
    });

    it('a misspelt key variable never turns a shop facing the internet into a simulated one', function () {
      expect(refused({ PUBLIC_URL: 'https://pay.tokobudi.id', MIDTRANS_SERVERKEY: 'Mid-server-abc' }).variable).to.equal('MIDTRANS_SERVER_KEY');
    });

    it('MIDTRANS_SIMULATOR=true asks for it explicitly, also facing the internet', function () {
      expect(loadConfig({ PUBLIC_URL: 'https://pay.tokobudi.id', MIDTRANS_SIMULATOR: 'true' }).midtrans.mode).to.equal('simulator');
    });

    it('MIDTRANS_SIMULATOR=true with a key, or false without one, is refused', function () {
      expect(refused({ MIDTRANS_SIMULATOR: 'true', MIDTRANS_SERVER_KEY: 'SB-Mid-server-abc' }).variable).to.equal('MIDTRANS_SIMULATOR');
      expect(refused({ MIDTRANS_SIMULATOR: 'false' }).variable).to.equal('MIDTRANS_SERVER_KEY');
      expect(loadConfig({ MIDTRANS_SIMULATOR: 'false', MIDTRANS_SERVER_KEY: 'SB-Mid-server-abc' }).midtrans.mode).to.equal('sandbox');
    });

    it('trying Telegram on a laptop stays one variable away', function () {
      const config = loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' });
      expect(config.midtrans.mode).to.equal('simulator');
      expect(config.telegram?.token).to.equal('123:abc');
    });
  });

  it('never repeats a secret back in an error', function () {
    expect(refused({ SMTP_URL: 'ftp://user:hunter2@mail', MAIL_FROM: 'a@b.co' }).message).to.not.contain('hunter2');
  });
});
