import { expect } from 'chai';
import { ERRORS, floodError } from '../../support/fake-telegram.ts';
import {
  buttonsOf,
  pressUpdate,
  GROUP,
  MERCHANT,
  PUBLIC_URL,
  startHarness,
  textOf,
  textUpdate,
  type Harness,
} from './harness.ts';
import { readPngHeader } from '../../web/png.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Telegram bot: merchant commands', function () {
  let h: Harness;

  afterEach(async function () {
    await h.close();
  });

  describe('with the defaults', function () {
    beforeEach(async function () {
      h = await startHarness();
    });

    it('/newlink answers with the QR uploaded as a PNG, the details as its caption and Kirim lewat WhatsApp, Share, QR, Details, Delete buttons', async function () {
      const calls = await h.callsDuring(() => h.feed(textUpdate('/newlink Kaos Polos 150000 x2 exp 31/12')));
      expect(calls.map((c) => c.method)).to.deep.equal(['sendPhoto']);
      const [photo] = calls;
      expect(photo!.contentType).to.match(/^multipart\/form-data; boundary=/);
      expect(photo!.body.chat_id).to.equal(String(MERCHANT.id));
      expect(photo!.body).to.not.have.property('parse_mode');
      const [file] = photo!.files;
      expect(file!.field).to.equal('photo');
      expect(file!.size).to.be.greaterThan(200);
      expect(file!.data.subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);

      const { link } = (await h.links.list('telegram:100', { page: 1, pageSize: 5, all: false })).items[0]!;
      const caption = textOf(photo!);
      for (const fact of ['Kaos Polos', 'Rp150.000', 'Batas pemakaian: 2x', 'Berlaku sampai: 31/12', `Order ID: ${link.orderId}`, `${PUBLIC_URL}/p/${link.slug}`]) {
        expect(caption).to.include(fact);
      }
      const [whatsapp, ...rest] = buttonsOf(photo!);
      expect(whatsapp!.text).to.equal('💬 Kirim lewat WhatsApp');
      const draft = new URL(whatsapp!.url!);
      expect(draft.origin + draft.pathname).to.equal('https://wa.me/');
      expect(draft.searchParams.get('text')).to.include('*Kaos Polos*').and.include('*Rp150.000*').and.include(`${PUBLIC_URL}/p/${link.slug}`);
      expect(rest).to.deep.equal([
        { text: '📤 Bagikan', switch_inline_query: link.slug },
        { text: 'QR', callback_data: '/qr 1' },
        { text: 'Detail', callback_data: '/link 1' },
        { text: '🗑 Hapus', callback_data: '/delete 1' },
      ]);
    });

    it('/qr captions the photo with merchant, item, price, link and expiry, so forwarding the photo alone is enough (issue 16)', async function () {
      await h.feed(textUpdate('/newlink Kaos Polos 150000 exp 31/12'));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      const [photo] = await h.callsDuring(() => h.feed(textUpdate('/qr 1')));
      expect(photo!.method).to.equal('sendPhoto');
      expect(textOf(photo!)).to.match(
        new RegExp(`^Toko Budi: Kaos Polos — Rp150\\.000\nBayar di sini: ${PUBLIC_URL}/p/${link.slug}\nBerlaku sampai: 31/12/\\d{4} 23:59 WIB$`),
      );
    });

    it('/qr 1 cetak uploads the printable card as a document (multipart, not recompressed): an A6 PNG at 300 dpi, captioned like the QR photo (issue 16)', async function () {
      await h.feed(textUpdate('/newlink Kaos Polos 150000'));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      const calls = await h.callsDuring(() => h.feed(textUpdate('/qr 1 cetak')));
      expect(calls.map((c) => c.method)).to.deep.equal(['sendDocument']);
      const [card] = calls;
      expect(card!.answer).to.equal(200);
      expect(card!.contentType).to.match(/^multipart\/form-data/);
      expect(card!.body.disable_content_type_detection).to.equal('true');
      const [file] = card!.files;
      expect(file!.field).to.equal('document');
      expect(file!.filename).to.equal(`tagih-${link.slug}.png`);
      expect(readPngHeader(file!.data)).to.include({ width: 1240, height: 1748 });
      expect(textOf(card!)).to.equal(`Toko Budi: Kaos Polos — Rp150.000\nBayar di sini: ${PUBLIC_URL}/p/${link.slug}`);
    });

    it('/newlink with every field at its longest still captions its photo with item, price and link, within 1024 characters', async function () {
      const item = 'K'.repeat(50);
      const email = `${'b'.repeat(60)}@${'m'.repeat(60)}.${'c'.repeat(60)}.com`;
      await h.feed(textUpdate(`/newlink ${item} 999999999 nama ${'N'.repeat(50)} hp 081234567890 email ${email} id ${'I'.repeat(36)} slug ${'s'.repeat(50)}`));
      const [photo] = h.fake.callsTo('sendPhoto');
      const caption = textOf(photo!);
      expect(caption.length).to.be.at.most(1024);
      expect(caption).to.include(`${item} — Rp999.999.999`).and.include(`${PUBLIC_URL}/p/${'s'.repeat(50)}`);
    });

    it('/qr sends the same picture again by file_id, without uploading it', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [first] = h.fake.callsTo('sendPhoto');
      const calls = await h.callsDuring(() => h.feed(textUpdate('/qr 1')));
      expect(calls).to.have.length(1);
      expect(calls[0]!.contentType).to.match(/^application\/json/);
      expect(calls[0]!.files).to.have.length(0);
      expect(calls[0]!.body.photo).to.be.a('string').and.match(/^AgACAgQAAx-photo-/);
      expect(textOf(calls[0]!)).to.include('Toko Budi: Kaos — Rp150.000');
      expect(first!.files).to.have.length(1);
    });

    it('/qr keeps a good file_id when a send fails for another reason (403 blocked): no upload, and the id stays', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      h.fake.fail('sendPhoto', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      const failed = await h.callsDuring(() => h.feed(textUpdate('/qr 1')));
      expect(failed.map((c) => [c.files.length, c.answer])).to.deep.equal([[0, 403]]);
      const calls = await h.callsDuring(() => h.feed(textUpdate('/qr 1')));
      expect(calls.map((c) => c.files.length)).to.deep.equal([0]);
      expect(calls[0]!.body.photo).to.match(/^AgACAgQAAx-photo-/);
    });

    it('/qr uploads the picture again when Telegram says the file_id is wrong', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      h.fake.fail('sendPhoto', ERRORS.wrongFileId);
      const calls = await h.callsDuring(() => h.feed(textUpdate('/qr 1')));
      expect(calls.map((c) => c.files.length)).to.deep.equal([0, 1]);
      expect(calls.map((c) => c.answer)).to.deep.equal([400, 200]);
    });

    it('/links pages with Previous and Next buttons that run the next /links', async function () {
      for (let i = 1; i <= 12; i++) await h.feed(textUpdate(`/newlink Barang ${i} ${i}000`));
      const [page1] = await h.callsDuring(() => h.feed(textUpdate('/links')));
      expect(textOf(page1!)).to.include('#12 Barang 12').and.include('halaman 1');
      const next = buttonsOf(page1!).find((b) => b.text === 'Berikutnya ▶');
      expect(next).to.deep.equal({ text: 'Berikutnya ▶', callback_data: '/links 2' });
      expect(buttonsOf(page1!)[0]).to.deep.equal({ text: '#12 Barang 12', callback_data: '/link 12' });

      // Paging edits the list in place rather than adding a message per page.
      const calls = await h.callsDuring(() => h.feed(pressUpdate(page1!, 'Berikutnya ▶')));
      expect(calls.map((c) => c.method)).to.deep.equal(['answerCallbackQuery', 'editMessageText']);
      const listId = (page1!.result as { message_id: number }).message_id;
      expect(calls[1]!.body).to.include({ chat_id: String(MERCHANT.id), message_id: listId });
      expect(calls[1]!.answer).to.equal(200);
      expect(textOf(calls[1]!)).to.include('halaman 2').and.include('#1 Barang 1');
      expect(buttonsOf(calls[1]!).map((b) => b.text)).to.include('◀ Sebelumnya').and.not.include('Berikutnya ▶');
      expect(h.fake.message(`${MERCHANT.id}:${listId}`)!.text).to.include('halaman 2');
    });

    it('/link shows every detail and the Telegram deep link for customers', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [reply] = await h.callsDuring(() => h.feed(textUpdate('/link 1')));
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      expect(textOf(reply!)).to.include('Link #1: Kaos').and.include(`Payment Link ID: ${link.slug}`);
      expect(textOf(reply!)).to.include(`https://t.me/${h.fake.bot.username}?start=${link.slug}`);
    });

    it('/newlink under Rp1.000 asks first, and one tap on its button makes the link (issue 16)', async function () {
      const [question] = await h.callsDuring(() => h.feed(textUpdate('/newlink Kaos 150')));
      expect(question!.method).to.equal('sendMessage');
      expect(textOf(question!)).to.include('Rp150.000?');
      expect(buttonsOf(question!)).to.deep.equal([
        { text: 'Ya, Rp150', callback_data: 'ya' },
        { text: 'Batal', callback_data: '/cancel' },
      ]);
      expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(0);

      const calls = await h.callsDuring(() => h.feed(pressUpdate(question!, 'Ya, Rp150')));
      expect(calls.map((c) => c.method)).to.deep.equal(['answerCallbackQuery', 'sendPhoto']);
      expect(textOf(calls[1]!)).to.include('Link #1 dibuat').and.include('Kaos — Rp150');
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).link.price).to.equal(150);
      // Pressed again, the question is already answered: nothing more is made.
      const again = await h.callsDuring(() => h.feed(pressUpdate(question!, 'Ya, Rp150')));
      expect(again.map((c) => c.method)).to.deep.equal(['answerCallbackQuery']);
      expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(1);
    });

    it('/delete asks first, and its confirm button deletes', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [question] = await h.callsDuring(() => h.feed(textUpdate('/delete 1')));
      expect(textOf(question!)).to.match(/^Hapus link #1 Kaos/);
      const confirm = buttonsOf(question!).find((b) => b.text === 'Ya, hapus')!;
      expect(confirm.callback_data).to.equal('/delete 1 ya');
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');

      const calls = await h.callsDuring(() => h.feed(pressUpdate(question!, 'Ya, hapus')));
      expect(calls.map((c) => c.method)).to.deep.equal(['answerCallbackQuery', 'editMessageText']);
      expect(textOf(calls[1]!)).to.include('Link #1 Kaos dihapus');
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('deleted');
      // The prompt became the answer, and its buttons are gone: "Ya, hapus" cannot be pressed again.
      const promptId = (question!.result as { message_id: number }).message_id;
      expect(h.fake.message(`${MERCHANT.id}:${promptId}`)).to.deep.equal({ text: textOf(calls[1]!), markup: 'null' });
    });

    it('the delete prompt’s Cancel keeps the link and turns the prompt into “Dibatalkan.” without buttons', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [question] = await h.callsDuring(() => h.feed(textUpdate('/delete 1')));
      const calls = await h.callsDuring(() => h.feed(pressUpdate(question!, 'Batal')));
      expect(calls.map((c) => c.method)).to.deep.equal(['answerCallbackQuery', 'editMessageText']);
      expect(textOf(calls[1]!)).to.equal('Dibatalkan.');
      expect(calls[1]!.body).to.not.have.property('reply_markup');
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');
    });

    it('typing ya after the delete prompt deletes, and takes the prompt’s buttons off', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [question] = await h.callsDuring(() => h.feed(textUpdate('/delete 1')));
      const promptKey = `${MERCHANT.id}:${(question!.result as { message_id: number }).message_id}`;
      // Something else typed: the prompt still waits, buttons and all.
      const [reminder] = await h.callsDuring(() => h.feed(textUpdate('eh?')));
      expect(textOf(reminder!)).to.equal('Ketik ya untuk menghapus link #1, atau /cancel untuk membatalkan.');
      expect(JSON.parse(h.fake.message(promptKey)!.markup)).to.not.equal(null);
      const calls = await h.callsDuring(() => h.feed(textUpdate('ya')));
      expect(calls.map((c) => c.method)).to.deep.equal(['sendMessage', 'editMessageReplyMarkup']);
      expect(textOf(calls[0]!)).to.include('Link #1 Kaos dihapus');
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('deleted');
      expect(h.fake.message(promptKey)!.markup, '"Ya, hapus" is no longer live').to.equal('null');
    });

    it('/cancel typed after the delete prompt cancels it and takes its buttons off', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [question] = await h.callsDuring(() => h.feed(textUpdate('/delete 1')));
      const calls = await h.callsDuring(() => h.feed(textUpdate('/cancel')));
      expect(calls.map((c) => c.method)).to.deep.equal(['sendMessage', 'editMessageReplyMarkup']);
      expect(textOf(calls[0]!)).to.equal('Dibatalkan.');
      expect(h.fake.message(`${MERCHANT.id}:${(question!.result as { message_id: number }).message_id}`)!.markup).to.equal('null');
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');
    });

    it('/send to an email says email is not set up when it is not', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [reply] = await h.callsDuring(() => h.feed(textUpdate('/send 1 siti@mail.com')));
      expect(textOf(reply!)).to.include('Email belum aktif');
      expect(await h.store.outbox.list({ limit: 10 })).to.have.length(0);
    });

    it('/send to a phone with WhatsApp off tells the merchant to forward the link', async function () {
      await h.feed(textUpdate('/newlink Kaos 150000'));
      const [reply] = await h.callsDuring(() => h.feed(textUpdate('/send 1 081234567890')));
      expect(textOf(reply!)).to.include('WhatsApp belum aktif').and.include('+6281234567890').and.include(`${PUBLIC_URL}/p/`);
    });

    it('/help, /start and /lang en answer in the merchant’s language, which sticks', async function () {
      const [help] = await h.callsDuring(() => h.feed(textUpdate('/help')));
      expect(textOf(help!)).to.include('link pembayaran Midtrans dari chat');
      const [start] = await h.callsDuring(() => h.feed(textUpdate('/start')));
      expect(textOf(start!)).to.include('/newlink <nama barang> <harga>');
      const [lang] = await h.callsDuring(() => h.feed(textUpdate('/lang en')));
      expect(textOf(lang!)).to.equal('Language switched to English.');
      const [helpEn] = await h.callsDuring(() => h.feed(textUpdate('/help')));
      expect(textOf(helpEn!)).to.include('Midtrans payment links from chat');
      expect(await h.preferences.locale('telegram:100')).to.equal('en');
    });

    it('a mistake gets the grammar’s message; plain chat outside a conversation gets nothing', async function () {
      const [error] = await h.callsDuring(() => h.feed(textUpdate('/newlink Kaos')));
      expect(textOf(error!)).to.match(/^❌/);
      expect(await h.callsDuring(() => h.feed(textUpdate('halo apa kabar')))).to.have.length(0);
    });

    it('/newlink@AnotherBot is not for us', async function () {
      expect(await h.callsDuring(() => h.feed(textUpdate('/newlink@another_bot Kaos 150000')))).to.have.length(0);
      const calls = await h.callsDuring(() => h.feed(textUpdate(`/newlink@${h.fake.bot.username} Kaos 150000`)));
      expect(calls.map((c) => c.method)).to.deep.equal(['sendPhoto']);
    });

    it('/newlink typed in a group posts the customer’s card there and tells the merchant’s own chat about payments', async function () {
      const [card] = await h.callsDuring(() => h.feed(textUpdate('/newlink Kaos 150000', MERCHANT, GROUP)));
      expect(card!.method).to.equal('sendPhoto');
      expect(card!.body.chat_id).to.equal(String(GROUP.id));
      expect(textOf(card!)).to.include('Toko Budi mengirim link pembayaran');
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      expect(link.notifyChatId).to.equal(String(MERCHANT.id));
      expect(link.recipient).to.deep.equal({ channel: 'telegram', chatId: String(GROUP.id) });
    });

    it('the same message delivered twice is handled once', async function () {
      const update = textUpdate('/newlink Kaos 150000');
      await h.feed(update);
      await h.feed(update);
      expect(h.fake.callsTo('sendPhoto')).to.have.length(1);
      expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(1);
    });
  });

  it('a reply that hit 429 is sent again after retry_after, three tries at most', async function () {
    const slept: number[] = [];
    h = await startHarness({ bot: { sleep: async (ms) => void slept.push(ms) } });
    h.fake.fail('sendMessage', floodError(3));
    const calls = await h.callsDuring(() => h.feed(textUpdate('/help')));
    expect(calls.map((c) => c.answer)).to.deep.equal([429, 200]);
    expect(textOf(calls[1]!)).to.include('/newlink');
    expect(slept).to.deep.equal([3000]);

    h.fake.fail('sendMessage', floodError(1), 3);
    const bounded = await h.callsDuring(() => h.feed(textUpdate('/help')));
    expect(bounded.map((c) => c.answer)).to.deep.equal([429, 429, 429]);
    h.fake.fail('sendMessage', floodError(600));
    const tooLong = await h.callsDuring(() => h.feed(textUpdate('/help')));
    expect(tooLong.map((c) => c.answer)).to.deep.equal([429]);
  });

  it('/send to an email queues it when email is on', async function () {
    h = await startHarness({ delivery: { emailEnabled: true } });
    await h.feed(textUpdate('/newlink Kaos 150000'));
    const [reply] = await h.callsDuring(() => h.feed(textUpdate('/send 1 siti@mail.com')));
    expect(textOf(reply!)).to.include('dikirim lewat email ke siti@mail.com');
    const queued = await h.store.outbox.list({ channel: 'email', limit: 10 });
    expect(queued.map((e) => e.target)).to.deep.equal(['siti@mail.com']);
  });

  it('/send redelivered to another process queues the email once (the message id is the intent)', async function () {
    h = await startHarness({ delivery: { emailEnabled: true } });
    const other = await startHarness({ delivery: { emailEnabled: true }, store: h.store, fake: h.fake });
    await h.feed(textUpdate('/newlink Kaos 150000'));
    const send = textUpdate('/send 1 siti@mail.com');
    await h.feed(send);
    await other.feed(send);
    expect(await h.store.outbox.list({ channel: 'email', limit: 10 })).to.have.length(1);
    await other.close({ store: true, fake: true });
  });

  it('/newlink redelivered after a restart or to another instance creates one link, and answers with it again', async function () {
    h = await startHarness();
    const update = textUpdate('/newlink Kaos 150000');
    await h.feed(update);
    // A restart (nothing in memory) and, at once, a second instance on the same store: both get the same update.
    const restarted = await startHarness({ store: h.store, fake: h.fake });
    const other = await startHarness({ store: h.store, fake: h.fake });
    await Promise.all([restarted.feed(update), other.feed(update)]);
    const { items } = await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true });
    expect(items).to.have.length(1);
    const cards = h.fake.callsTo('sendPhoto').map(textOf);
    expect(cards).to.have.length(3);
    for (const card of cards) expect(card).to.include('Link #1 dibuat').and.include(`/p/${items[0]!.link.slug}`);
    // A different message with the same words is a new link.
    await other.feed(textUpdate('/newlink Kaos 150000'));
    expect((await h.links.list('telegram:100', { page: 1, pageSize: 5, all: true })).items).to.have.length(2);
    await restarted.close({ store: true, fake: true });
    await other.close({ store: true, fake: true });
  });

  it('the guided /newlink carries on after a restart (a new bot on the same store)', async function () {
    h = await startHarness();
    await h.feed(textUpdate('/newlink'));
    const [askKind] = await h.callsDuring(() => h.feed(textUpdate('Kaos Polos')));
    expect(textOf(askKind!)).to.include('Jenis link?');
    const [askPrice] = await h.callsDuring(() => h.feed(textUpdate('1')));
    expect(textOf(askPrice!)).to.include('Harganya berapa?');
    const store = h.store;
    await h.close({ store: true });

    h = await startHarness({ store });
    const [askOptions] = await h.callsDuring(() => h.feed(textUpdate('150rb')));
    expect(textOf(askOptions!)).to.include('Rp150.000').and.include('Opsi tambahan?');
    const [created] = await h.callsDuring(() => h.feed(textUpdate('lewati')));
    expect(created!.method).to.equal('sendPhoto');
    expect(textOf(created!)).to.include('Link #1 dibuat').and.include('Kaos Polos — Rp150.000');
  });
});
