import { expect } from 'chai';
import { pino } from 'pino';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import QRCode from 'qrcode';
import { CommandRunner, type ChatTurn, type LinkDelivery, type PrintableCardRenderer } from '../../../bots/commands/run-command.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import { Preferences } from '../../../bots/commands/preferences.ts';
import type { OutgoingMessage } from '../../../src/notify/message.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { PrintCardInput } from '../../../src/web/cards/print-card.ts';

const NOW = new Date('2026-11-24T03:00:00.000Z');

describe('CommandRunner: the same commands in every chat', function () {
  let store: Store;
  let links: LinkService;
  let delivery: LinkDelivery;
  let queuedKicks: number;
  let printableCard: PrintableCardRenderer | undefined;

  const budi: ChatTurn = {
    channel: 'telegram',
    merchantId: 'telegram:100',
    chatId: '100',
    notifyChatId: '100',
    customerChat: null,
    messageId: null,
  };

  function runner(): CommandRunner {
    return new CommandRunner({
      links,
      outbox: store.outbox,
      kv: store.kv,
      guided: new GuidedNewLink(store.kv, () => NOW),
      preferences: new Preferences(store.kv, 'id'),
      delivery,
      ...(printableCard ? { printableCard } : {}),
      merchantName: 'Toko Budi',
      logger: pino({ level: 'silent' }),
      pageSize: 2,
      clock: () => NOW,
      onQueued: () => {
        queuedKicks += 1;
      },
    });
  }

  async function say(text: string, turn: ChatTurn = budi): Promise<OutgoingMessage> {
    const replies = await runner().handle(text, turn);
    expect(replies, `no reply to ${text}`).to.be.an('array').with.length(1);
    return replies![0]!;
  }

  beforeEach(function () {
    store = openSqliteStore({ path: ':memory:' });
    links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000, clock: () => NOW });
    delivery = { emailEnabled: false };
    queuedKicks = 0;
    printableCard = undefined;
  });

  afterEach(async function () {
    await store.close();
  });

  it('stays silent on plain chat', async function () {
    expect(await runner().handle('halo, apa kabar?', budi)).to.equal(null);
  });

  it('answers from the reading it is handed, so an adapter that read the message first does not read it again', async function () {
    const commands = runner();
    const help = commands.parse('/help', budi);
    expect(help).to.deep.include({ ok: true });
    const replies = await commands.handle('halo, apa kabar?', budi, help);
    expect(replies, 'the help, not the silence plain chat gets').to.deep.equal(await commands.handle('/help', budi));
  });

  it('creates a link and answers with its card, QR and actions', async function () {
    const card = await say('/newlink Kaos Polos 150rb x2 exp 31/12');
    const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
    const url = `https://pay.example.com/p/${link.slug}`;
    expect(card.text).to.contain('Link #1 dibuat').and.contain('Kaos Polos — Rp150.000').and.contain('2x').and.contain('31/12/2026 23:59 WIB').and.contain(url);
    expect(card.qrUrl).to.equal(url);
    expect(card.actions.map((a) => (a.kind === 'command' ? a.command : a.kind))).to.deep.equal(['url', 'share', '/qr 1', '/link 1', '/delete 1']);
    expect(link).to.deep.include({ notifyChatId: '100', createdVia: 'telegram', usageLimit: 2 });
  });

  describe('Kirim lewat WhatsApp (issue 16)', function () {
    const LABELS = ['💬 Kirim lewat WhatsApp', '💬 Send via WhatsApp'];

    function whatsappOf(message: OutgoingMessage): { number: string; text: string } | null {
      const action = message.actions.find((a) => a.kind === 'url' && LABELS.includes(a.label));
      if (!action || action.kind !== 'url') return null;
      const url = new URL(action.url);
      expect(url.origin).to.equal('https://wa.me');
      return { number: url.pathname.slice(1), text: url.searchParams.get('text') ?? '' };
    }

    it('offers the link as a WhatsApp draft to a chat WhatsApp asks for: merchant, item, price, link, expiry', async function () {
      const card = await say('/newlink Kaos Polos 150rb exp 31/12');
      const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
      const share = whatsappOf(card);
      expect(share).to.not.equal(null);
      expect(share!.number).to.equal('');
      for (const fact of ['*Toko Budi*', '*Kaos Polos*', '*Rp150.000*', links.url(link), 'Berlaku sampai: 31/12/2026 23:59 WIB']) {
        expect(share!.text, fact).to.contain(fact);
      }
      expect(share!.text).to.not.match(/<[a-z]/i);
    });

    it("opens the customer's own chat when the link names their phone", async function () {
      const card = await say('/newlink Kaos 150000 untuk 0812-3456-7890');
      expect(whatsappOf(card)!.number).to.equal('6281234567890');
    });

    it('writes the draft in the merchant’s language', async function () {
      await say('/lang en');
      const share = whatsappOf(await say('/newlink Kaos 150000'));
      expect(share!.text).to.contain('sent you a payment link').and.contain('Price: *Rp150.000*');
    });

    it('is in /link details while the link can be paid, and gone once it is deleted', async function () {
      await say('/newlink Kaos 150000 ke 081234567890');
      expect(whatsappOf(await say('/link 1'))!.number).to.equal('6281234567890');
      await say('/delete 1 ya');
      expect(whatsappOf(await say('/link 1'))).to.equal(null);
    });
  });

  it('answers a malformed command with what was wrong and an example', async function () {
    const reply = await say('/newlink Kaos');
    expect(reply.text).to.match(/^❌ /).and.contain('Contoh: /newlink');
  });

  it('pages through the merchant’s links', async function () {
    for (const item of ['A', 'B', 'C']) await say(`/newlink ${item} 1000`);
    const first = await say('/links');
    expect(first.text).to.contain('#3 C').and.contain('#2 B').and.not.contain('#1 A');
    expect(first.actions.map((a) => (a.kind === 'command' ? a.data : ''))).to.include('/links 2');
    const second = await say('/links 2');
    expect(second.text).to.contain('#1 A');
    expect(second.actions.map((a) => (a.kind === 'command' ? a.data : ''))).to.include('/links 1');
  });

  it('shows every detail of a link, with the Telegram deep link when the bot is on', async function () {
    delivery = { emailEnabled: false, telegramDeepLink: (slug) => `https://t.me/TagihBot?start=${slug}` };
    await say('/newlink Kaos 150000 x3 slug kaos-3 id INV-003');
    const details = await say('/link kaos-3');
    for (const fact of ['Link #1: Kaos', 'Rp150.000', 'aktif', '0/3', 'INV-003', 'kaos-3', 'https://t.me/TagihBot?start=kaos-3']) {
      expect(details.text).to.contain(fact);
    }
  });

  it('/link with the order id from a paid notice shows that order’s link and the order first (issue 16)', async function () {
    await say('/newlink Kaos 150000 x3');
    const { order } = await links.reserve((await links.find('telegram:100', { kind: 'number', value: 1 })).link.slug, {
      name: 'Ani',
      email: 'ani@mail.com',
      phone: '081234567890',
    });
    const details = await say(`/link ${order.id}`);
    expect(details.text).to.contain('Link #1: Kaos').and.contain(`Order yang dicari:\n• ${order.id} — Ani — Rp150.000 — menunggu pembayaran`);
    expect((await say('/link 1')).text).to.not.contain('Order yang dicari');
  });

  describe('a price under Rp1.000 is asked about first (issue 16)', function () {
    const linkCount = async () => (await links.list('telegram:100', { page: 1, pageSize: 10, all: true })).items.length;

    it('asks, with one-tap answers, and makes nothing until the merchant says ya', async function () {
      const question = await say('/newlink Kaos 150');
      expect(question.text).to.contain('Rp150').and.contain('Rp150.000?').and.contain('Ketik ya');
      expect(question.actions.map((a) => (a.kind === 'command' ? [a.label, a.data] : []))).to.deep.equal([
        ['Ya, Rp150', 'ya'],
        ['Batal', '/cancel'],
      ]);
      expect(await linkCount()).to.equal(0);
      expect((await say('hmm')).text).to.equal('Ketik ya untuk membuat link Kaos Rp150, atau /cancel untuk membatalkan.');
      expect(await linkCount()).to.equal(0);
      const card = await say('ya');
      expect(card.text).to.contain('Link #1 dibuat').and.contain('Kaos — Rp150');
      expect((await links.find('telegram:100', { kind: 'number', value: 1 })).link.price).to.equal(150);
      expect(await runner().handle('ya', budi)).to.equal(null);
    });

    it('keeps the options written with the small price, expiry included', async function () {
      await say('/newlink Kaos 500 x3 exp 31/12 ke 081234567890');
      await say('ya');
      const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
      expect(link).to.deep.include({ price: 500, usageLimit: 3 });
      expect(link.expiresAt?.toISOString()).to.equal('2026-12-31T16:59:59.999Z');
      expect(link.customer?.phone).to.equal('6281234567890');
    });

    it('/cancel drops it, and Rp1.000 itself is not asked about', async function () {
      await say('/newlink Kaos 150');
      expect((await say('/cancel')).text).to.equal('Dibatalkan.');
      expect(await linkCount()).to.equal(0);
      expect((await say('/newlink Kaos 1000')).text).to.contain('Link #1 dibuat');
    });

    it('asks in the guided conversation too', async function () {
      await say('/newlink');
      await say('Kaos');
      await say('1');
      await say('150');
      expect((await say('lewati')).text).to.contain('Rp150.000?');
      expect((await say('ya')).text).to.contain('Link #1 dibuat');
    });

    it('makes one link when the asking message is delivered again and ya is pressed twice', async function () {
      const asked = { ...budi, messageId: '77' };
      await say('/newlink Kaos 150', asked);
      await say('ya', { ...budi, messageId: 'cb:1' });
      await say('/newlink Kaos 150', asked);
      expect((await say('ya', { ...budi, messageId: 'cb:2' })).text).to.contain('Link #1 dibuat');
      expect(await linkCount()).to.equal(1);
    });
  });

  describe('/qr <ref> cetak: the printable counter card (issue 16)', function () {
    it('asks the card renderer for merchant, item, price and link, and hands the PNG over as a file with the QR caption', async function () {
      const asked: PrintCardInput[] = [];
      printableCard = async (facts) => {
        asked.push(facts);
        return QRCode.toBuffer(facts.url);
      };
      await say('/newlink Kaos Polos 150000');
      const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
      const card = await say('/qr 1 cetak');
      expect(asked).to.deep.equal([{ merchantName: 'Toko Budi', itemName: 'Kaos Polos', price: 150_000, priceText: 'Rp150.000', url: links.url(link), locale: 'id' }]);
      expect(card.printable!.fileName).to.equal(`tagih-${link.slug}.png`);
      expect(card.printable!.url).to.equal(links.url(link));
      expect(card.printable!.png.subarray(1, 4).toString()).to.equal('PNG');
      expect(card.text).to.equal(`Toko Budi: Kaos Polos — Rp150.000\nBayar di sini: ${links.url(link)}`);
      expect(card.qrUrl).to.equal(undefined);
    });

    it('prints an open amount as such, never as Rp0', async function () {
      const asked: PrintCardInput[] = [];
      printableCard = async (facts) => {
        asked.push(facts);
        return QRCode.toBuffer(facts.url);
      };
      await say('/newlink Donasi seikhlasnya');
      await say('/qr 1 cetak');
      expect(asked.map((facts) => facts.priceText)).to.deep.equal(['Nominal bebas']);
    });

    it('refuses a link that cannot be paid, and says so when no renderer is wired', async function () {
      await say('/newlink Kaos 150000');
      expect((await say('/qr 1 cetak')).text).to.contain('Kartu cetak belum tersedia');
      printableCard = async (facts) => QRCode.toBuffer(facts.url);
      await say('/delete 1 ya');
      const refused = await say('/qr 1 cetak');
      expect(refused.text).to.contain('Link #1 dihapus, jadi tidak dicetak');
      expect(refused.printable).to.equal(undefined);
    });
  });

  it('asks before deleting, then deletes', async function () {
    await say('/newlink Kaos 150000');
    const question = await say('/delete 1');
    expect(question.text).to.contain('Hapus link #1 Kaos');
    expect(question.actions.map((a) => (a.kind === 'command' ? a.data : ''))).to.deep.equal(['/delete 1 ya', '/cancel']);
    expect((await links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');
    expect((await say('/delete 1 ya')).text).to.contain('dihapus');
    expect((await links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('deleted');
  });

  it('after the delete prompt, typing ya deletes; anything else says what to type', async function () {
    await say('/newlink Kaos 150000');
    expect((await say('/delete 1')).text).to.contain('Ketik ya untuk menghapus, atau /cancel');
    expect((await say('hmm')).text).to.equal('Ketik ya untuk menghapus link #1, atau /cancel untuk membatalkan.');
    expect((await links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');
    expect((await say('Ya')).text).to.contain('🗑 Link #1 Kaos dihapus');
    expect((await links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('deleted');
    // Answered: a later "ya" is plain chat again.
    expect(await runner().handle('ya', budi)).to.equal(null);
  });

  it('/cancel after the delete prompt keeps the link and says so; the prompt is per chat', async function () {
    await say('/newlink Kaos 150000');
    await say('/delete 1');
    expect(await runner().handle('ya', { ...budi, chatId: '-500' })).to.equal(null);
    expect((await say('/cancel')).text).to.equal('Dibatalkan.');
    expect(await runner().handle('ya', budi)).to.equal(null);
    expect((await links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');
  });

  it('keeps each merchant to their own links', async function () {
    await say('/newlink Kaos 150000 slug punya-budi');
    const ani: ChatTurn = { ...budi, merchantId: 'telegram:200', chatId: '200', notifyChatId: '200' };
    for (const command of ['/link punya-budi', '/qr 1', '/delete punya-budi ya', '/send 1 ani@mail.com']) {
      expect((await say(command, ani)).text, command).to.contain('tidak ditemukan');
    }
    expect((await links.publicLink('punya-budi'))!.state).to.equal('active');
  });

  describe('/send', function () {
    beforeEach(async function () {
      await say('/newlink Kaos 150000');
    });

    it('says how to turn email on when it is off', async function () {
      expect((await say('/send 1 ani@mail.com')).text).to.contain('SMTP_URL');
      expect(await store.outbox.list({ limit: 10 })).to.deep.equal([]);
    });

    it('queues the link for email once per message', async function () {
      delivery = { emailEnabled: true };
      const turn = { ...budi, messageId: '42' };
      expect((await say('/send 1 ani@mail.com', turn)).text).to.contain('ani@mail.com');
      await say('/send 1 ani@mail.com', turn);
      const queued = await store.outbox.list({ limit: 10 });
      expect(queued.map((e) => [e.channel, e.target, e.notice.kind])).to.deep.equal([['email', 'ani@mail.com', 'link_share']]);
      expect(queuedKicks).to.equal(2);
    });

    it('says how to reach a phone when WhatsApp is off', async function () {
      expect((await say('/send 1 081234567890')).text).to.contain('+6281234567890').and.contain('WHATSAPP_ENABLED');
    });

    it('posts into the customer’s WhatsApp chat, or says the number is not on WhatsApp', async function () {
      delivery = { emailEnabled: false, whatsappChatFor: async (phone) => (phone === '6281234567890' ? `${phone}@s.whatsapp.net` : null) };
      expect((await say('/send 1 081111111111')).text).to.contain('tidak terdaftar di WhatsApp');
      expect((await say('/send 1 081234567890')).text).to.contain('WhatsApp');
      const queued = await store.outbox.list({ limit: 10 });
      expect(queued.map((e) => [e.channel, e.target])).to.deep.equal([['whatsapp', '6281234567890@s.whatsapp.net']]);
      const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
      expect(link.recipient).to.deep.equal({ channel: 'whatsapp', chatId: '6281234567890@s.whatsapp.net' });
    });

    it('refuses to send a link that can no longer be paid', async function () {
      delivery = { emailEnabled: true };
      await say('/delete 1 ya');
      expect((await say('/send 1 ani@mail.com')).text).to.contain('tidak aktif');
      expect(await store.outbox.list({ limit: 10 })).to.deep.equal([]);
    });
  });

  it('emails a link made for a customer with an email, when email is on', async function () {
    delivery = { emailEnabled: true };
    const card = await say('/newlink Kaos 150000 untuk ani@mail.com');
    expect(card.text).to.contain('ani@mail.com');
    expect((await store.outbox.list({ limit: 10 })).map((e) => [e.channel, e.target])).to.deep.equal([['email', 'ani@mail.com']]);
  });

  it('posts a customer-facing card when typed inside a customer’s chat', async function () {
    const inCustomerChat: ChatTurn = {
      channel: 'whatsapp',
      merchantId: 'whatsapp:6281',
      chatId: '6289@s.whatsapp.net',
      notifyChatId: '6281@s.whatsapp.net',
      customerChat: { channel: 'whatsapp', chatId: '6289@s.whatsapp.net' },
      messageId: 'm1',
    };
    const card = await say('/newlink Kaos 150000', inCustomerChat);
    expect(card.text).to.contain('Kaos').and.contain('Rp150.000').and.not.contain('Order ID');
    const { link } = await links.find('whatsapp:6281', { kind: 'number', value: 1 });
    expect(card.qrUrl).to.equal(links.url(link));
    expect(link).to.deep.include({ notifyChatId: '6281@s.whatsapp.net', recipient: { channel: 'whatsapp', chatId: '6289@s.whatsapp.net' } });
  });

  it('creates every kind of rich link from one message, and bad input creates nothing', async function () {
    await say('/newlink Donasi seikhlasnya min 10rb max 5jt pilihan 25rb,50rb bebas');
    await say('/newlink Kaos 150000 + Topi 50000 + Ongkir 20000');
    await say('/newlink Kaos 150000 jumlah 1-5 stok 20 metode qris,va tanya "Ukuran (S/M/L)" wajib nama,hp pesan "Terima kasih!" kembali https://tokobudi.id/ok');
    const [donasi, paket, kaos] = await Promise.all([1, 2, 3].map(async (value) => (await links.find('telegram:100', { kind: 'number', value })).link));
    expect(donasi).to.deep.include({ itemName: 'Donasi', price: 0, usageLimit: null, pricing: { kind: 'open', min: 10_000, max: 5_000_000, presets: [25_000, 50_000] } });
    expect(paket).to.deep.include({ itemName: 'Kaos + Topi + Ongkir', price: 220_000 });
    expect(paket!.items).to.have.length(3);
    expect(kaos).to.deep.include({
      quantity: { min: 1, max: 5 },
      stock: 20,
      questions: ['Ukuran (S/M/L)'],
      asks: { name: true, phone: true, email: false },
      thanks: 'Terima kasih!',
      redirectUrl: 'https://tokobudi.id/ok',
    });
    expect(kaos!.methods).to.include.members(['other_qris', 'bca_va']);

    expect((await say('/help newlink')).text).to.contain('seikhlasnya').and.contain('stok 20');
    const refused = await say('/newlink Kaos 150000 metode bitcoin');
    expect(refused.text).to.contain('bitcoin').and.contain('qris').and.contain('Contoh:');
    expect((await links.list('telegram:100', { page: 1, pageSize: 10, all: true })).items).to.have.length(3);
  });

  it('shows a rich link’s offer on its card, in /links and /link, with each order’s quantity and answers', async function () {
    const card = await say('/newlink Kaos 150000 jumlah 1-5 stok 10 tanya "Ukuran" bebas');
    expect(card.text).to.contain('Kaos — Rp150.000 per barang').and.contain('Jumlah per order: 1–5').and.contain('Stok: 10 dari 10 tersisa');
    const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
    await links.reserve(link.slug, { name: 'Ani', phone: '081234567890', email: 'ani@mail.com' }, { terms: { quantity: '3', answers: ['L'] } });
    expect((await say('/links')).text).to.contain('stok 7');
    const details = await say('/link 1');
    expect(details.text).to.contain('Stok: 7 dari 10 tersisa').and.contain('Rp450.000').and.contain('3 × Kaos — Ukuran: L');
    await say('/newlink Donasi seikhlasnya min 10rb');
    expect((await say('/link 2')).text).to.contain('Harga: Nominal bebas (Mulai Rp10.000)').and.not.contain('Harga: Rp0');
  });

  it('switches the merchant’s language', async function () {
    expect((await say('/lang en')).text).to.equal('Language switched to English.');
    expect((await say('/newlink Kaos 150000')).text).to.contain('Link #1 created');
    expect((await say('/links', { ...budi, merchantId: 'telegram:999' })).text).to.contain('Belum ada link');
  });

  describe('guided /newlink', function () {
    it('asks for item, kind, price and options, surviving a restart in between', async function () {
      expect((await say('/newlink')).text).to.contain('Nama barang');
      expect((await say('Kaos Polos')).text).to.contain('Jenis link').and.contain('seikhlasnya');
      expect((await say('entah')).text).to.contain('Balas 1, 2 atau 3');
      expect((await say('1')).text).to.contain('Harganya berapa');
      const wrong = await say('murah');
      expect(wrong.text).to.match(/^❌/).and.contain('Harganya berapa');
      expect((await say('150rb')).text).to.contain('Opsi tambahan');
      const created = await say('x5 exp 31/12');
      expect(created.text).to.contain('Link #1 dibuat').and.contain('Kaos Polos — Rp150.000').and.contain('5x');
    });

    it('takes "lewati" for no options and refuses an answer that is not options', async function () {
      await say('/newlink');
      await say('Kaos');
      await say('tetap');
      await say('150000');
      expect((await say('5')).text).to.match(/^❌/);
      expect((await say('lewati')).text).to.contain('Link #1 dibuat').and.contain('1x');
    });

    it('makes an open-amount link, where max is the highest amount', async function () {
      await say('/newlink');
      await say('Donasi');
      expect((await say('seikhlasnya')).text).to.contain('min 10rb max 5jt');
      expect((await say('min 5jt max 10rb')).text).to.match(/^❌/);
      expect((await say('min 10rb max 5jt pilihan 25rb,50rb')).text).to.contain('Link #1 dibuat');
      const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
      expect(link.pricing).to.deep.equal({ kind: 'open', min: 10_000, max: 5_000_000, presets: [25_000, 50_000] });
      expect(link.usageLimit).to.equal(1);
    });

    it('makes a link of several items, with options after them', async function () {
      await say('/newlink');
      await say('Paket Kaos');
      expect((await say('3')).text).to.contain('Kaos 150000 + Topi 50000');
      expect((await say('Kaos 150000 + Topi')).text).to.match(/^❌/);
      expect((await say('Kaos 150000 + Topi 50000')).text).to.contain('Rp200.000');
      expect((await say('stok 20 bebas')).text).to.contain('Link #1 dibuat');
      const { link } = await links.find('telegram:100', { kind: 'number', value: 1 });
      expect(link).to.deep.include({ itemName: 'Kaos + Topi', price: 200_000, stock: 20, usageLimit: null });
      expect(link.items).to.deep.equal([{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }]);
    });

    it('can be cancelled, and then plain chat is silent again', async function () {
      await say('/newlink');
      expect((await say('/cancel')).text).to.equal('Dibatalkan.');
      expect(await runner().handle('Kaos', budi)).to.equal(null);
      expect((await say('/batal')).text).to.contain('Tidak ada');
    });

    it('is dropped when the merchant runs another command', async function () {
      await say('/newlink');
      await say('/links');
      expect(await runner().handle('Kaos', budi)).to.equal(null);
    });
  });
});
