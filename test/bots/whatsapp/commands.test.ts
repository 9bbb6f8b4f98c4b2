import { expect } from 'chai';
import { isAppError } from '../../../src/domain/errors.ts';
import { flush } from './fake-scheduler.ts';
import {
  ALLOWED,
  ALLOWED_JID,
  CUSTOMER,
  CUSTOMER_JID,
  Harness,
  SHOP,
  SHOP_JID,
  SHOP_LID,
  STRANGER_JID,
  textMessage,
} from './harness.ts';
import { readPngHeader } from '../../web/png.ts';

describe('WhatsApp commands', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await Harness.create();
    await h.connect();
  });

  afterEach(async function () {
    await h.close();
  });

  it('answers /newlink in the account\'s own chat with the card as a QR image and hints', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos Polos 150000')]);
    await h.settle();

    const [sent, ...rest] = h.wa.last.sent;
    expect(rest).to.have.length(0);
    expect(sent!.jid).to.equal(SHOP_JID);
    if (!('image' in sent!.content)) throw new Error('expected an image');
    expect(sent!.content.mimetype).to.equal('image/png');
    expect(sent!.content.image.subarray(1, 4).toString()).to.equal('PNG');
    expect(sent!.content.caption).to.match(/Link #1 dibuat/);
    expect(sent!.content.caption).to.include('Kaos Polos — Rp150.000');
    expect(sent!.content.caption).to.match(/https:\/\/pay\.example\.com\/p\/[a-z0-9]{10,}/);
    expect(sent!.content.caption).to.include('Ketik /qr 1 → QR');
    expect(sent!.content.caption).to.match(/Ketik \/send [a-z0-9]+ <nomor HP> → 📤 Bagikan/);

    const list = await h.links.list(`whatsapp:${SHOP}`, { page: 1, pageSize: 5, all: true });
    expect(list.items).to.have.length(1);
    expect(list.items[0]!.link).to.deep.include({ createdVia: 'whatsapp', notifyChatId: SHOP_JID, recipient: null, itemName: 'Kaos Polos' });
  });

  it('answers /qr 1 cetak with the printable card as a document: an A6 PNG at 300 dpi under its file name, captioned for the customer (issue 16)', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos Polos 150000')]);
    await h.settleUntil(() => h.wa.last.sent.length >= 1, 'the new link card');
    const { link } = await h.links.find(`whatsapp:${SHOP}`, { kind: 'number', value: 1 });
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/qr 1 cetak')]);
    await h.settleUntil(() => h.wa.last.sent.length >= 2, 'the printable card');

    const [, sent, ...rest] = h.wa.last.sent;
    expect(rest).to.have.length(0);
    expect(sent!.jid).to.equal(SHOP_JID);
    if (!('document' in sent!.content) || !Buffer.isBuffer(sent!.content.document)) throw new Error('expected a document from memory');
    expect(sent!.content.mimetype).to.equal('image/png');
    expect(sent!.content.fileName).to.equal(`tagih-${link.slug}.png`);
    expect(readPngHeader(sent!.content.document)).to.include({ width: 1240, height: 1748 });
    expect(sent!.content.caption).to.equal(`Toko Budi: Kaos Polos — Rp150.000\nBayar di sini: https://pay.example.com/p/${link.slug}`);
  });

  it('recognises the own chat addressed by LID, and answers without a slash too', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_LID, fromMe: true }, 'links')]);
    await h.settle();
    expect(h.wa.last.textsTo(SHOP_JID)).to.have.length(1);
    expect(h.wa.last.textsTo(SHOP_JID)[0]).to.match(/link/i);
  });

  it('recognises the own chat by a LID the session was not told about, through the LID mapping', async function () {
    h.wa.last.lidMap.set('121212121212@lid', `${SHOP}:0@s.whatsapp.net`);
    h.wa.last.receive([textMessage({ remoteJid: '121212121212@lid', fromMe: true }, '/help')]);
    await h.settle();
    expect(h.wa.last.sent.map((s) => s.jid)).to.deep.equal([SHOP_JID]);
  });

  it('walks a merchant through the guided /newlink in the own chat', async function () {
    const say = async (text: string) => {
      h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, text)]);
      await h.settle();
    };
    await say('/newlink');
    await say('Kaos');
    await say('1');
    await say('150rb');
    await say('lewati');
    const texts = h.wa.last.textsTo(SHOP_JID);
    expect(texts).to.have.length(5);
    expect(texts[4]).to.match(/Link #1 dibuat/);
  });

  it('takes commands from an allowed number and answers in that chat, as that merchant', async function () {
    h.wa.last.receive([textMessage({ remoteJid: ALLOWED_JID }, '/newlink Topi 50000')]);
    await h.settle();
    expect(h.wa.last.sent.map((s) => s.jid)).to.deep.equal([ALLOWED_JID]);
    const list = await h.links.list(`whatsapp:${ALLOWED}`, { page: 1, pageSize: 5, all: true });
    expect(list.items.map((i) => i.link.notifyChatId)).to.deep.equal([ALLOWED_JID]);
  });

  it('maps a LID sender to an allowed number (remoteJidAlt, then the LID mapping store)', async function () {
    h.wa.last.receive([textMessage({ remoteJid: '111122223333@lid', remoteJidAlt: ALLOWED_JID }, '/help')]);
    await h.settle();
    expect(h.wa.last.textsTo(ALLOWED_JID)).to.have.length(1);

    h.wa.last.lidMap.set('444455556666@lid', `${ALLOWED}:3@s.whatsapp.net`);
    h.wa.last.receive([textMessage({ remoteJid: '444455556666@lid' }, '/help')]);
    await h.settle();
    expect(h.wa.last.textsTo(ALLOWED_JID)).to.have.length(2);

    h.wa.last.receive([textMessage({ remoteJid: '777788889999@lid' }, '/help')]);
    await h.settle();
    expect(h.wa.last.sent).to.have.length(2);
  });

  it('ignores strangers, groups, status updates, channels and broadcasts without a word', async function () {
    h.wa.last.receive([
      textMessage({ remoteJid: STRANGER_JID }, '/newlink Kaos 150000'),
      textMessage({ remoteJid: STRANGER_JID }, 'help'),
      textMessage({ remoteJid: '120363025555555555@g.us', fromMe: true }, '/newlink Kaos 150000'),
      { ...textMessage({ remoteJid: '120363025555555555@g.us' }, '/links'), key: { remoteJid: '120363025555555555@g.us', participant: ALLOWED_JID, id: 'G1' } },
      textMessage({ remoteJid: 'status@broadcast', fromMe: true }, '/links'),
      textMessage({ remoteJid: '120363000000000000@newsletter' }, '/links'),
      textMessage({ remoteJid: '1234567890@broadcast', fromMe: true }, '/links'),
    ]);
    await h.settle();
    expect(h.wa.last.sent).to.deep.equal([]);
    expect((await h.store.links.list({ merchantId: `whatsapp:${SHOP}`, activeOnly: false, offset: 0, limit: 5, now: new Date() })).items).to.have.length(0);
  });

  it('ignores its own echoes and a message delivered twice', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/help')]);
    await h.settle();
    expect(h.wa.last.sent).to.have.length(1);
    // The fake already echoed the reply as rc14 does (an `append` upsert); the same id as `notify` too:
    const echo = h.wa.last.sent[0]!;
    h.wa.last.receive([{ key: { remoteJid: SHOP_JID, fromMe: true, id: echo.id }, message: { conversation: '/help' } }]);
    const twice = textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos 150000');
    h.wa.last.receive([twice]);
    h.wa.last.receive([twice]);
    await h.settle();
    expect(h.wa.last.sent).to.have.length(2);
  });

  it('answers commands typed while tagih was offline (upsert `append`), once each, and says so for ones too old to act on', async function () {
    const now = h.clock.now();
    const recent = textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos 150000', now - 20 * 60_000);
    const fromAllowed = textMessage({ remoteJid: ALLOWED_JID }, '/newlink Topi 50000', now - 3 * 60 * 60_000);
    const stale = textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Sandal 75000', now - 30 * 60 * 60_000);
    const staleNote = textMessage({ remoteJid: SHOP_JID, fromMe: true }, 'beli sabun', now - 30 * 60 * 60_000);
    h.wa.last.deliverOffline([recent, fromAllowed, stale, staleNote]);
    h.wa.last.deliverOffline([recent]);
    await h.settle(60_000);

    const titles = async (merchantId: string) =>
      (await h.links.list(merchantId, { page: 1, pageSize: 5, all: true })).items.map((i) => i.link.itemName);
    expect(await titles(`whatsapp:${SHOP}`)).to.deep.equal(['Kaos']);
    expect(await titles(`whatsapp:${ALLOWED}`)).to.deep.equal(['Topi']);
    const own = h.wa.last.textsTo(SHOP_JID);
    // The card for Kaos, then a plain word about the old /newlink instead of acting on it a day later.
    expect(own).to.have.length(2);
    expect(own[0]).to.match(/Link #1/);
    expect(own[1]).to.match(/lebih dari 24 jam[\s\S]*\/newlink Sandal 75000/);
    expect(h.wa.last.textsTo(ALLOWED_JID)).to.have.length(1);
  });

  describe('typed inside a customer\'s chat', function () {
    it('posts the card (text + QR) into that chat and makes the customer the recipient', async function () {
      h.wa.last.receive([textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, '/newlink Kaos 150000')]);
      await h.settle();

      expect(h.wa.last.sent.map((s) => s.jid)).to.deep.equal([CUSTOMER_JID]);
      const card = h.wa.last.sent[0]!.content;
      if (!('image' in card)) throw new Error('expected an image');
      expect(card.caption).to.include('Toko Budi mengirim link pembayaran untuk Anda.');
      expect(card.caption).to.include('Harga: Rp150.000');
      expect(card.caption).not.to.match(/Ketik|Order ID|dibuat/);

      const [item] = (await h.links.list(`whatsapp:${SHOP}`, { page: 1, pageSize: 5, all: true })).items;
      expect(item!.link.recipient).to.deep.equal({ channel: 'whatsapp', chatId: CUSTOMER_JID });
      expect(item!.link.notifyChatId).to.equal(SHOP_JID);
    });

    it('uses the chat as WhatsApp addressed it, LID included', async function () {
      h.wa.last.receive([textMessage({ remoteJid: '555566667777@lid', fromMe: true }, '/newlink Kaos 150000')]);
      await h.settle();
      expect(h.wa.last.sent.map((s) => s.jid)).to.deep.equal(['555566667777@lid']);
    });

    it('keeps ordinary chat with the customer (no slash) away from the bot', async function () {
      h.wa.last.receive([
        textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, 'kirim ya kak, link nya nanti saya kirim'),
        textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, 'newlink Kaos 150000'),
        textMessage({ remoteJid: CUSTOMER_JID }, '/newlink Kaos 1000'),
      ]);
      await h.settle();
      expect(h.wa.last.sent).to.deep.equal([]);
    });

    it('answers other commands and mistakes in the merchant\'s own chat, never in front of the customer', async function () {
      h.wa.last.receive([
        textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, '/links'),
        textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, '/newlink Kaos'),
        textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, '/newlink'),
      ]);
      await h.settle();
      expect(h.wa.last.sent.map((s) => s.jid)).to.deep.equal([SHOP_JID, SHOP_JID, SHOP_JID]);
      expect(h.wa.last.textsTo(SHOP_JID)[1]).to.match(/^❌/);
    });
  });

  describe('/send', function () {
    it('checks the number is on WhatsApp, queues the link for that chat and sets the recipient', async function () {
      h.wa.last.directory.set(`${CUSTOMER}@s.whatsapp.net`, [{ jid: CUSTOMER_JID, exists: true }]);
      h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos 150000')]);
      await h.settle();
      h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/send 1 0812-0000-0003')]);
      await h.settle();

      expect(h.wa.last.lookups).to.deep.equal([`${CUSTOMER}@s.whatsapp.net`]);
      expect(h.wa.last.textsTo(SHOP_JID)[1]).to.equal(`📨 Link #1 dikirim lewat WhatsApp ke +${CUSTOMER}.`);
      const queued = await h.store.outbox.list({ channel: 'whatsapp', limit: 10 });
      expect(queued.map((e) => [e.target, e.notice.kind])).to.deep.equal([[CUSTOMER_JID, 'link_share']]);
      const [item] = (await h.links.list(`whatsapp:${SHOP}`, { page: 1, pageSize: 5, all: true })).items;
      expect(item!.link.recipient).to.deep.equal({ channel: 'whatsapp', chatId: CUSTOMER_JID });

      // A second send to the same number is answered from the cache.
      h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/send 1 081200000003')]);
      await h.settle();
      expect(h.wa.last.lookups).to.have.length(1);
    });

    it('refuses with a clear message when WhatsApp cannot be asked (closed socket, no answer)', async function () {
      h.wa.last.refuse(408);
      await flush();
      const closed = await h.reach.chatFor(CUSTOMER).then(() => null, (err: unknown) => err);
      expect(isAppError(closed, 'WHATSAPP_UNAVAILABLE')).to.equal(true);

      await h.clock.advance(3_000);
      h.wa.last.loginSucceeds();
      await flush();
      h.wa.last.onWhatsApp = () => new Promise(() => undefined);
      const asking = h.reach.chatFor(CUSTOMER).then(() => null, (err: unknown) => err);
      await h.clock.advance(15_000);
      expect(isAppError(await asking, 'WHATSAPP_UNAVAILABLE')).to.equal(true);
    });

    it('ends a lookup still waiting for WhatsApp when the bot stops, with the same clear message', async function () {
      h.wa.last.onWhatsApp = () => new Promise(() => undefined);
      const asking = h.reach.chatFor(CUSTOMER).then(() => null, (err: unknown) => err);
      await h.bot.stop();
      expect(isAppError(await asking, 'WHATSAPP_UNAVAILABLE')).to.equal(true);
      expect(h.reach.socket).to.equal(null);
    });

    it('says so when the number is not on WhatsApp', async function () {
      h.wa.last.directory.set(`${CUSTOMER}@s.whatsapp.net`, undefined);
      h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos 150000')]);
      await h.settle();
      h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, `/send 1 +${CUSTOMER}`)]);
      await h.settle();
      expect(h.wa.last.textsTo(SHOP_JID)[1]).to.match(new RegExp(`Nomor \\+${CUSTOMER} tidak terdaftar di WhatsApp`));
      expect(await h.store.outbox.list({ channel: 'whatsapp', limit: 10 })).to.deep.equal([]);
    });
  });

  it('replies in English after /lang en, hints included', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/lang en')]);
    await h.settle();
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos 150000')]);
    await h.settle();
    expect(h.wa.last.textsTo(SHOP_JID)[1]).to.match(/Link #1 created[\s\S]*Type \/qr 1 → QR/);
  });
});
