import { expect } from 'chai';
import type { MidtransObservation } from '../../../src/domain/order.ts';
import { resolveReceiptRef } from '../../../src/payments/receipt-refs.ts';
import {
  buttonsOf,
  chosenUpdate,
  CUSTOMER,
  inlineQueryUpdate,
  MERCHANT,
  OTHER_MERCHANT,
  PUBLIC_URL,
  startHarness,
  STRANGER,
  textOf,
  textUpdate,
  type Harness,
} from './harness.ts';

interface Article {
  type: string;
  id: string;
  title: string;
  description: string;
  input_message_content: { message_text: string };
  reply_markup: { inline_keyboard: Array<Array<{ text: string; url?: string }>> };
}

const settlement: MidtransObservation = {
  transactionStatus: 'settlement',
  fraudStatus: 'accept',
  statusCode: '200',
  grossAmount: '150000.00',
  paymentType: 'qris',
  transactionId: 'tx-1',
  channel: 'gopay',
  currency: 'IDR',
  refundAmount: null,
};

describe('Telegram bot: into the customer’s chat', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness();
  });

  afterEach(async function () {
    await h.close();
  });

  async function inline(query: string, from = MERCHANT): Promise<{ results: Article[]; body: Record<string, unknown> }> {
    const calls = await h.callsDuring(() => h.feed(inlineQueryUpdate(query, from)));
    expect(calls.map((c) => c.method)).to.deep.equal(['answerInlineQuery']);
    const body = calls[0]!.body;
    return { results: body.results as Article[], body };
  }

  describe('inline mode', function () {
    it('offers the merchant’s active links as cards with a Pay button, personal and briefly cached', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      await h.feed(textUpdate('/newlink Topi 50000 x3'));
      await h.feed(textUpdate('/newlink Lama 10000'));
      await h.feed(textUpdate('/delete 3 ya'));
      const { results, body } = await inline('');
      expect(body.is_personal).to.equal(true);
      expect(body.cache_time).to.be.at.most(10);
      expect(results.map((r) => r.title)).to.deep.equal(['Topi — Rp50.000', 'Kaos — Rp150.000']);
      const kaos = results[1]!;
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      expect(kaos.type).to.equal('article');
      expect(kaos.description).to.equal('#1 · dibayar 0/1');
      expect(kaos.input_message_content.message_text).to.include('Toko Budi mengirim link pembayaran').and.include(`${PUBLIC_URL}/p/${link.slug}`);
      expect(kaos.reply_markup.inline_keyboard.flat()).to.deep.equal([
        { text: 'Bayar', url: `${PUBLIC_URL}/p/${link.slug}` },
        { text: '🧾 Bukti bayar via Telegram', url: `https://t.me/${h.fake.bot.username}?start=${link.slug}` },
      ]);
    });

    it('the Share button’s query (the slug) narrows the results to that link', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      await h.feed(textUpdate('/newlink Topi 50000'));
      const [created] = h.fake.callsTo('sendPhoto');
      const share = buttonsOf(created!).find((b) => 'switch_inline_query' in b)!;
      const { results } = await inline(share.switch_inline_query!);
      expect(results.map((r) => r.title)).to.deep.equal(['Kaos — Rp150.000']);
    });

    it('gives strangers nothing and other merchants only their own links', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      expect((await inline('', STRANGER)).results).to.deep.equal([]);
      expect((await inline('Kaos', OTHER_MERCHANT)).results).to.deep.equal([]);
    });

    it('creates the offered link with the promised slug and Order ID when the merchant sends it, once', async function () {
      const { results } = await inline('Kaos Polos 150000 x2');
      const offer = results[0]!;
      expect(offer.title).to.equal('➕ Buat link baru: Kaos Polos — Rp150.000');
      const card = offer.input_message_content.message_text;
      const url = /https:\/\/pay\.example\.com\/p\/([a-z0-9]+)/.exec(card)!;
      expect(await h.links.publicLink(url[1]!)).to.equal(null);

      const notices = await h.callsDuring(async () => {
        await h.feed(chosenUpdate(offer.id, 'Kaos Polos 150000 x2'));
        await h.feed(chosenUpdate(offer.id, 'Kaos Polos 150000 x2'));
      });
      const view = await h.links.publicLink(url[1]!);
      expect(view!.link).to.deep.include({ merchantId: 'telegram:100', itemName: 'Kaos Polos', price: 150_000, usageLimit: 2, notifyChatId: '100' });
      expect(offer.reply_markup.inline_keyboard[0]![0]).to.deep.equal({ text: 'Bayar', url: url[0] });
      expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(1);
      expect(notices).to.have.length(1);
      expect(textOf(notices[0]!)).to.include('Link dari mode inline dibuat: #1 Kaos Polos');
    });

    it('a stranger reporting a chosen offer creates nothing', async function () {
      const { results } = await inline('Kaos 150000');
      await h.feed(chosenUpdate(results[0]!.id, 'Kaos 150000', STRANGER));
      expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(0);
      expect((await h.links.list('telegram:300', { page: 1, pageSize: 5, all: true })).items).to.have.length(0);
    });
  });

  describe('deep links', function () {
    it('gives a customer who opens one the card and the QR, with a receipt reference for their chat', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      expect(h.bot.deepLink(link.slug)).to.equal(`https://t.me/${h.fake.bot.username}?start=${link.slug}`);

      const calls = await h.callsDuring(() => h.feed(textUpdate(`/start ${link.slug}`, CUSTOMER)));
      expect(calls.map((c) => c.method)).to.deep.equal(['sendPhoto']);
      const [card] = calls;
      expect(card!.body.chat_id).to.equal(String(CUSTOMER.id));
      expect(card!.files[0]!.size).to.be.greaterThan(200);
      const pay = buttonsOf(card!).find((b) => b.url)!;
      const ref = new URL(pay.url!).searchParams.get('ref');
      expect(pay.url).to.equal(`${PUBLIC_URL}/p/${link.slug}?ref=${ref}`);
      expect(textOf(card!)).to.include('Kaos').and.include('Rp150.000').and.include(pay.url!);
      expect(await resolveReceiptRef(h.store, ref)).to.deep.equal({ channel: 'telegram', chatId: String(CUSTOMER.id) });

      // The same chat keeps one reference, so the QR is sent again without an upload.
      const again = await h.callsDuring(() => h.feed(textUpdate(`/start ${link.slug}`, CUSTOMER)));
      expect(again[0]!.files).to.have.length(0);
      expect(buttonsOf(again[0]!).find((b) => b.url)!.url).to.equal(pay.url);
    });

    it('the reference routes the receipt to the customer’s chat once they pay', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      const [card] = await h.callsDuring(() => h.feed(textUpdate(`/start ${link.slug}`, CUSTOMER)));
      const ref = new URL(buttonsOf(card!).find((b) => b.url)!.url!).searchParams.get('ref');

      // What the payment page does with ?ref=: resolve it and reserve with it.
      const receiptTo = await resolveReceiptRef(h.store, ref);
      const { order } = await h.links.reserve(link.slug, { name: 'Siti', email: 'siti@mail.com' }, { receiptTo });
      await h.links.applyObservation(order.id, settlement);
      const queued = await h.store.outbox.list({ channel: 'telegram', limit: 10 });
      expect(queued.map((e) => [e.notice.kind, e.target]).sort()).to.deep.equal([
        ['order_event', String(MERCHANT.id)],
        ['receipt', String(CUSTOMER.id)],
      ]);
    });

    it('says plainly when the link can no longer be paid', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      await h.feed(textUpdate('/delete 1 ya'));
      const [reply] = await h.callsDuring(() => h.feed(textUpdate(`/start ${link.slug}`, STRANGER)));
      expect(textOf(reply!)).to.equal('This payment link is no longer available. Ask the seller for a new link.');
    });
  });
});
