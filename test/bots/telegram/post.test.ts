/**
 * ChatPoster over the real telegraf client against the fake Bot API: how one
 * OutgoingMessage with a printable card becomes Telegram messages.
 */
import { expect } from 'chai';
import QRCode from 'qrcode';
import { ChatPoster, messagesOf } from '../../../bots/telegram/post.ts';
import { QrPhotos } from '../../../bots/telegram/qr.ts';
import { TelegrafTransport } from '../../../bots/telegram/telegraf-client.ts';
import type { OutgoingMessage } from '../../../src/notify/message.ts';
import { FakeTelegram, LIMITS } from '../../support/fake-telegram.ts';
import { textOf } from './harness.ts';

describe('Telegram: posting a printable card', function () {
  let fake: FakeTelegram;
  let poster: ChatPoster;
  const url = 'https://pay.example.com/p/k7q2m9x4p1ab';

  beforeEach(async function () {
    fake = await FakeTelegram.start();
    const transport = new TelegrafTransport({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 2_000, uploadTimeoutMs: 2_000 });
    poster = new ChatPoster(transport.api, new QrPhotos());
  });

  afterEach(async function () {
    await fake.close();
  });

  async function card(text: string): Promise<OutgoingMessage> {
    return { text, printable: { png: await QRCode.toBuffer(url), fileName: 'tagih-k7q2m9x4p1ab.png', url }, actions: [] };
  }

  it('is one document, captioned with the whole text, when the text fits a caption', async function () {
    const message = await card(`Toko Budi: Kaos — Rp150.000\nBayar di sini: ${url}`);
    expect(messagesOf(message)).to.equal(1);
    await poster.post('100', message);
    expect(fake.chatCalls().map((c) => [c.method, c.answer])).to.deep.equal([['sendDocument', 200]]);
    expect(textOf(fake.chatCalls()[0]!)).to.equal(message.text);
  });

  it('keeps an over-long caption within 1024 characters with the link, then sends the whole text', async function () {
    const message = await card(`${'Toko '.repeat(220)}\nKaos — Rp150.000\nBayar di sini: ${url}`);
    expect(messagesOf(message)).to.equal(2);
    await poster.post('100', message);
    const calls = fake.chatCalls();
    expect(calls.map((c) => [c.method, c.answer])).to.deep.equal([
      ['sendDocument', 200],
      ['sendMessage', 200],
    ]);
    expect(textOf(calls[0]!)).to.equal(`Kaos — Rp150.000\nBayar di sini: ${url}`);
    expect(textOf(calls[0]!).length).to.be.at.most(LIMITS.captionUtf16);
    expect(textOf(calls[1]!)).to.equal(message.text);
  });

  it('is never edited in place: a card cannot replace a text message', async function () {
    expect(await poster.edit('100', 1, await card('Kaos'))).to.equal(false);
    expect(fake.chatCalls()).to.deep.equal([]);
  });
});
