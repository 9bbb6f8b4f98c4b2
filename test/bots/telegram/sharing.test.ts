import { storedNotice } from '../../../src/notify/notices.ts';
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

    it('posts a new link’s card without a payment URL, creates the link when Telegram reports the choice (once), then edits the card into the real one', async function () {
      const { results } = await inline('Kaos Polos 150000 x2');
      const offer = results[0]!;
      expect(offer.title).to.equal('➕ Buat link baru: Kaos Polos — Rp150.000');
      // What Telegram posts at once into the customer's chat: nothing a customer could tap and find missing.
      const posted = offer.input_message_content.message_text;
      expect(posted).to.match(/^⏳ Link pembayaran sedang dibuat…\nKaos Polos — Rp150\.000/);
      expect(posted).to.not.include(PUBLIC_URL);
      const buttons = offer.reply_markup.inline_keyboard.flat();
      expect(buttons.map((b) => b.text)).to.deep.equal(['🧾 Bukti bayar via Telegram']);
      const slug = new URL(buttons[0]!.url!).searchParams.get('start')!;
      expect(await h.links.publicLink(slug)).to.equal(null);

      h.fake.knowMessage('inl-1', posted, offer.reply_markup);
      const calls = await h.callsDuring(async () => {
        await h.feed(chosenUpdate(offer.id, 'Kaos Polos 150000 x2', MERCHANT, 'inl-1'));
        await h.feed(chosenUpdate(offer.id, 'Kaos Polos 150000 x2', MERCHANT, 'inl-1'));
      });
      const view = await h.links.publicLink(slug);
      expect(view!.link).to.deep.include({ merchantId: 'telegram:100', itemName: 'Kaos Polos', price: 150_000, usageLimit: 2, notifyChatId: '100' });
      expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(1);
      expect(calls.map((c) => [c.method, c.answer])).to.deep.equal([['editMessageText', 200], ['sendMessage', 200]]);
      // The link existed before the URL appeared.
      expect(calls[0]!.body.inline_message_id).to.equal('inl-1');
      const card = h.fake.message('inl-1')!;
      expect(card.text).to.include('Toko Budi mengirim link pembayaran').and.include(`${PUBLIC_URL}/p/${slug}`);
      expect(JSON.parse(card.markup).inline_keyboard[0][0]).to.deep.equal({ text: 'Bayar', url: `${PUBLIC_URL}/p/${slug}` });
      expect(textOf(calls[1]!)).to.include('Link dari mode inline dibuat: #1 Kaos Polos');
    });

    it('tells the merchant when the new link’s card could not be completed, and still makes the link', async function () {
      const { results } = await inline('Kaos 150000');
      // Telegram does not know this inline message (the customer deleted it at once).
      const calls = await h.callsDuring(() => h.feed(chosenUpdate(results[0]!.id, 'Kaos 150000', MERCHANT, 'inl-gone')));
      expect(calls.map((c) => [c.method, c.answer])).to.deep.equal([['editMessageText', 400], ['sendMessage', 200]]);
      expect(textOf(calls[1]!)).to.include('Link dari mode inline dibuat: #1 Kaos').and.include('Kartu di chat pelanggan belum bisa diperbarui');
      expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(1);
    });

    it('edits a card posted into a customer’s chat to “✅ Lunas” once its link is paid, by the paid notice’s outbox entry, once', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      const { results } = await inline(link.slug);
      h.fake.knowMessage('inl-7', results[0]!.input_message_content.message_text, results[0]!.reply_markup);
      await h.feed(chosenUpdate(results[0]!.id, link.slug, MERCHANT, 'inl-7'));

      const { order } = await h.links.reserve(link.slug, { name: 'Siti', email: 'siti@mail.com' }, { receiptTo: null });
      await h.links.applyObservation(order.id, settlement);
      const [paid] = (await h.store.outbox.list({ channel: 'telegram', limit: 10 })).filter((e) => e.notice.kind === 'order_event');
      const calls = await h.callsDuring(() => h.bot.sender.send(paid!.target, storedNotice(paid!.notice), 'id', paid!.merchantId));
      expect(calls.map((c) => c.method)).to.deep.equal(['editMessageText', 'sendMessage']);
      expect(h.fake.message('inl-7')).to.deep.equal({ text: '✅ Lunas\nKaos — Rp150.000\nToko Budi', markup: 'null' });
      // The entry tried again (a crash before it was marked sent): the card already says so, and nothing else changes.
      const again = await h.callsDuring(() => h.bot.sender.send(paid!.target, storedNotice(paid!.notice), 'id', paid!.merchantId));
      expect(again.map((c) => [c.method, c.answer])).to.deep.equal([['editMessageText', 400], ['sendMessage', 200]]);
      expect(h.fake.message('inl-7')!.text).to.match(/^✅ Lunas/);
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

    it('answers a customer who writes to the bot with how to pay, their link again and their receipt, and nothing of anyone else', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      const [card] = await h.callsDuring(() => h.feed(textUpdate(`/start ${link.slug}`, CUSTOMER)));
      const pay = buttonsOf(card!).find((b) => b.url)!.url!;

      const before = await h.callsDuring(() => h.feed(textUpdate('halo, cara bayarnya gimana?', CUSTOMER)));
      expect(before.map((c) => c.method)).to.deep.equal(['sendMessage', 'sendPhoto']);
      expect(textOf(before[0]!)).to.include('Untuk membayar, buka link pembayaran').and.include('Link pembayaran Anda ada di bawah ini lagi');
      expect(textOf(before[0]!)).to.not.match(/hanya untuk penjual/);
      expect(buttonsOf(before[1]!).find((b) => b.url)!.url, 'the same link, with their receipt reference').to.equal(pay);

      // They pay; the outbox sends their receipt; later they ask again.
      const receiptTo = await resolveReceiptRef(h.store, new URL(pay).searchParams.get('ref'));
      const { order } = await h.links.reserve(link.slug, { name: 'Siti', email: 'siti@mail.com' }, { receiptTo });
      await h.links.applyObservation(order.id, settlement);
      const [receipt] = (await h.store.outbox.list({ channel: 'telegram', limit: 10 })).filter((e) => e.notice.kind === 'receipt');
      await h.bot.sender.send(receipt!.target, storedNotice(receipt!.notice), 'id', receipt!.merchantId);
      const after = await h.callsDuring(() => h.feed(textUpdate('/help', CUSTOMER)));
      const texts = after.map(textOf);
      expect(texts[0]).to.include('Bukti bayar terakhir Anda juga ada di bawah');
      expect(texts.at(-1)).to.match(/^🧾 Bukti bayar terakhir Anda:\n✅ Terima kasih, Siti!/).and.include(order.id);

      // Another customer, in English, who came by no link: how to pay, and nothing of Siti's.
      const stranger = await h.callsDuring(() => h.feed(textUpdate('hello?', STRANGER)));
      expect(stranger).to.have.length(1);
      expect(textOf(stranger[0]!)).to.include('To pay, open the payment link').and.not.include('Siti').and.not.include(order.id).and.not.include('Kaos');
      // In a group, a customer's command gets only the general help, never their own receipt in front of others.
      const group = await h.callsDuring(() => h.feed(textUpdate('/help', CUSTOMER, { id: -700, type: 'group' })));
      expect(group.map(textOf)).to.deep.equal([textOf(before[0]!).split('\n\n')[0]]);
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
