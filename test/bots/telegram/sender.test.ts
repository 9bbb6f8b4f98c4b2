import { expect } from 'chai';
import { DeliveryError } from '../../../src/notify/delivery.ts';
import { linkShare, orderEvent } from '../../notify/fixtures.ts';
import { photoCaption } from '../../../bots/telegram/post.ts';
import { buttonsOf, startHarness, textOf, type Harness } from './harness.ts';

async function failure(work: Promise<void>): Promise<DeliveryError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('Telegram bot: the outbox sender', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness({ bot: { timeouts: { requestMs: 300, uploadMs: 300 } } });
  });

  afterEach(async function () {
    await h.close();
  });

  it('is the telegram channel, paced to about 1/s per chat and 30/s in all, ready once started', async function () {
    const { sender } = h.bot;
    expect(sender.channel).to.equal('telegram');
    expect(sender.pacing).to.deep.include({ perTargetGapMs: 1000, channelGapMs: 35, jitterMs: 5, perMinuteCap: null });
    // Groups (negative ids) 20 a minute: one every 3 s.
    expect(sender.pacing.slowTargets!.gapMs).to.equal(3000);
    expect(['-500', '-1001234567890', '100'].map((chat) => sender.pacing.slowTargets!.test(chat))).to.deep.equal([true, true, false]);
    expect(sender.isReady()).to.equal(true);
    await h.bot.stop();
    expect(sender.isReady()).to.equal(false);
  });

  it('sends a paid notice as plain text in the reader’s language, led by a bold “amount · item #n · customer”, with a Details button', async function () {
    const calls = await h.callsDuring(() => h.bot.sender.send('100', orderEvent('paid'), 'en', null));
    expect(calls.map((c) => c.method)).to.deep.equal(['sendMessage']);
    expect(calls[0]!.body.chat_id).to.equal('100');
    expect(calls[0]!.body).to.not.have.property('parse_mode');
    const headline = '✅ Rp150.000 · Kaos Polos Hitam #3 · Budi Santoso';
    expect(textOf(calls[0]!)).to.match(new RegExp(`^${headline}\nPayment received\n`)).and.include('INV-2026-0042-1').and.include('1/1');
    // Bold by an entity, measured in UTF-16 code units (the emoji ✅ is one, the text's own length).
    expect(calls[0]!.body.entities).to.deep.equal([{ type: 'bold', offset: 0, length: headline.length }]);
    expect(buttonsOf(calls[0]!)).to.deep.equal([{ text: 'Detail', callback_data: '/link 3' }]);
  });

  it('sends a link card with its QR as a photo', async function () {
    const calls = await h.callsDuring(() => h.bot.sender.send('200', linkShare(), 'id', null));
    expect(calls.map((c) => c.method)).to.deep.equal(['sendPhoto']);
    expect(calls[0]!.files[0]!.data.subarray(1, 4).toString()).to.equal('PNG');
    expect(buttonsOf(calls[0]!)).to.deep.equal([{ text: 'Bayar', url: 'https://pay.example.com/p/k7q2m9x4p1ab' }]);
  });

  it('429: rate limited, waiting what Telegram asked', async function () {
    h.fake.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const err = await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null));
    expect(err.failure).to.equal('rate_limited');
    expect(err.retryAfterMs).to.equal(3000);
    // Only that chat waits: the channel's own pace keeps the bot under 30 a second.
    expect(err.scope).to.equal('target');
  });

  it('counts the messages a notice becomes: a card whose text fits its caption is one, a photo and then its text two', async function () {
    const { sender } = h.bot;
    expect(sender.messagesIn!(linkShare())).to.equal(1);
    expect(sender.messagesIn!(orderEvent('paid'))).to.equal(1);
    const long = { ...linkShare(), merchantName: 'Toko '.repeat(220) };
    expect(sender.messagesIn!(long)).to.equal(2);
    const calls = await h.callsDuring(() => sender.send('200', long, 'id', null));
    expect(calls.map((c) => c.method)).to.deep.equal(['sendPhoto', 'sendMessage']);
    // Forwarded alone, the photo still says what it is for and where it leads (issue 16).
    expect(textOf(calls[0]!)).to.equal('Halo Siti,\nBarang: Kaos Polos Hitam\nHarga: Rp150.000\nBayar di sini: https://pay.example.com/p/k7q2m9x4p1ab');
    expect(textOf(calls[1]!)).to.include('Toko Toko');
  });

  it('a caption too long for Telegram keeps the lines that fit and ends with the link', function () {
    const url = 'https://pay.example.com/p/abc';
    const text = ['Kaos — Rp150.000', 'x'.repeat(1020), '', 'y'.repeat(900), 'z'.repeat(100), 'Order ID: INV-1'].join('\n');
    const caption = photoCaption(text, url);
    expect(caption).to.equal(`Kaos — Rp150.000\n\n${'y'.repeat(900)}\nOrder ID: INV-1\n${url}`);
    expect(caption.length).to.be.at.most(1024);
    expect(photoCaption('a\n'.repeat(600), url).length).to.be.at.most(1024);
    expect(photoCaption('a\n'.repeat(600), url).endsWith(url)).to.equal(true);
  });

  it('403 blocked and 400 chat not found: permanent', async function () {
    h.fake.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect((await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null))).failure).to.equal('permanent');
    h.fake.fail('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    const err = await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null));
    expect(err.failure).to.equal('permanent');
    expect(err.message).to.include('chat not found');
  });

  it('5xx, a dropped connection, a refused connection and a stalled server: transient', async function () {
    h.fake.fail('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect((await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null))).failure).to.equal('transient');
    h.fake.script('sendMessage', { drop: true });
    expect((await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null))).failure).to.equal('transient');

    h.fake.script('sendMessage', { hang: true });
    const started = Date.now();
    const stalled = await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null));
    expect(stalled.failure).to.equal('transient');
    expect(stalled.message).to.include('no answer within 300 ms');
    expect(Date.now() - started).to.be.below(2000);

    await h.fake.close();
    // One turn of the event loop, so the client's pooled keep-alive sockets hear that the server closed them.
    await new Promise((resolve) => setImmediate(resolve));
    const refused = await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null));
    expect(refused.failure).to.equal('transient');
    expect(refused.message).to.include('ECONNREFUSED');
    expect(refused.message).to.not.include(h.fake.token);
  });

  it('follows a group that became a supergroup, once, and remembers its new id', async function () {
    h.fake.fail('sendMessage', {
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1001234567890 },
    });
    const calls = await h.callsDuring(() => h.bot.sender.send('-500', orderEvent('paid'), 'id', null));
    expect(calls.map((c) => String(c.body.chat_id))).to.deep.equal(['-500', '-1001234567890']);
    const next = await h.callsDuring(() => h.bot.sender.send('-500', orderEvent('expired'), 'id', null));
    expect(next.map((c) => String(c.body.chat_id))).to.deep.equal(['-1001234567890']);
  });

  it('never puts the token into an error, even when a library quotes the URL', async function () {
    h.fake.script('sendMessage', { raw: '<html>502 from a proxy</html>' });
    const err = await failure(h.bot.sender.send('100', orderEvent('paid'), 'id', null));
    expect(err.failure).to.equal('transient');
    expect(err.message).to.include('invalid json').and.include('***');
    expect(err.message).to.not.include(h.fake.token);
  });
});
