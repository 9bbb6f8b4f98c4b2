import { expect } from 'chai';
import { checkWebhookUrl, isOfficialApi, WebhookUrlError } from '../../../bots/telegram/webhook-url.ts';
import { describeStartFailure } from '../../../src/start-failure.ts';

/** The error checkWebhookUrl throws for `publicUrl`, or null when Telegram would take it. */
function refusalOf(publicUrl: string): WebhookUrlError | null {
  try {
    checkWebhookUrl(publicUrl);
    return null;
  } catch (err) {
    if (err instanceof WebhookUrlError) return err;
    throw err;
  }
}

describe('Telegram webhook URL: what setWebhook on api.telegram.org would refuse, said at start', function () {
  it('takes https on the ports Telegram supports (443, 80, 88, 8443), with or without a path', function () {
    for (const url of ['https://pay.example.com', 'https://pay.example.com:443', 'https://pay.example.com:8443', 'https://pay.example.com:88/shop', 'https://pay.example.com:80']) {
      expect(refusalOf(url), url).to.equal(null);
    }
  });

  it('refuses http with a stable code, saying why and what to set, in Indonesian and in English', function () {
    const err = refusalOf('http://pay.example.com');
    expect(err?.code).to.equal('TELEGRAM_WEBHOOK_NOT_HTTPS');
    expect(err?.details).to.deep.equal({ variable: 'PUBLIC_URL', publicUrl: 'http://pay.example.com' });
    expect(err?.say('id')).to.equal(
      'TELEGRAM_MODE=webhook: Telegram hanya mengirim ke webhook https, sedangkan PUBLIC_URL memakai http. Set PUBLIC_URL ke alamat https di port 443, 80, 88 atau 8443 (mis. https://pay.tokobudi.id di balik reverse proxy atau tunnel), atau pakai TELEGRAM_MODE=polling.',
    );
    expect(err?.say('en')).to.equal(
      'TELEGRAM_MODE=webhook: Telegram only delivers to https webhooks, and PUBLIC_URL is http. Set PUBLIC_URL to an https address on port 443, 80, 88 or 8443 (e.g. https://pay.tokobudi.id behind a reverse proxy or tunnel), or use TELEGRAM_MODE=polling.',
    );
  });

  it('refuses another port, naming it', function () {
    const err = refusalOf('https://pay.example.com:3000/shop');
    expect(err?.code).to.equal('TELEGRAM_WEBHOOK_PORT_REFUSED');
    expect(err?.say('id')).to.match(/^TELEGRAM_MODE=webhook: Telegram menolak webhook di port 3000 \(PUBLIC_URL https:\/\/pay\.example\.com:3000\)\. Set PUBLIC_URL ke /);
    expect(err?.say('en')).to.match(/^TELEGRAM_MODE=webhook: Telegram refuses webhooks on port 3000 \(PUBLIC_URL https:\/\/pay\.example\.com:3000\)\. Set PUBLIC_URL to /);
  });

  it('refuses what is not a URL at all', function () {
    const err = refusalOf('pay.example.com');
    expect(err?.code).to.equal('TELEGRAM_WEBHOOK_URL_INVALID');
    expect(err?.say('id')).to.match(/^TELEGRAM_MODE=webhook: PUBLIC_URL "pay\.example\.com" bukan URL\. Set PUBLIC_URL ke /);
    expect(err?.say('en')).to.match(/^TELEGRAM_MODE=webhook: PUBLIC_URL "pay\.example\.com" is not a URL\. Set PUBLIC_URL to /);
  });

  it('reaches the operator as one line in their language, as every start failure does', function () {
    const err = refusalOf('http://localhost:3000');
    expect(describeStartFailure(err, 'id')).to.equal(err?.say('id')).and.not.include('\n');
    expect(describeStartFailure(err, 'en')).to.equal(err?.say('en'));
  });

  it('holds only Telegram’s own servers to these rules: a local Bot API server (--local) takes http and any port', function () {
    expect(isOfficialApi('https://api.telegram.org')).to.equal(true);
    expect(isOfficialApi('http://127.0.0.1:8081')).to.equal(false);
    expect(isOfficialApi('not a url')).to.equal(false);
  });
});
