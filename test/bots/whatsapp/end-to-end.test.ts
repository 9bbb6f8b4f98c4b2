/**
 * The WhatsApp trip with everything real but WhatsApp itself: the merchant
 * types /newlink inside a customer's chat, the customer pays on our page at
 * the Midtrans simulator, the signed webhook lands, the outbox worker hands
 * the notices to the WhatsApp sender, and the fake socket records the paid
 * message in the merchant's own chat and the receipt in the customer's chat,
 * each exactly once although Midtrans repeats itself.
 */
import { expect } from 'chai';
import { pino } from 'pino';
import { OutboxWorker } from '../../../src/notify/outbox-worker.ts';
import { startHarness as startWeb, startPayment, type Harness as WebHarness } from '../../web/harness.ts';
import { flush } from './fake-scheduler.ts';
import { CUSTOMER_JID, Harness, SHOP, SHOP_JID, SHOP_LID, textMessage } from './harness.ts';

describe('WhatsApp bot: end to end', function () {
  let web: WebHarness;
  let h: Harness;
  let worker: OutboxWorker;

  beforeEach(async function () {
    web = await startWeb();
    // Linked from nothing, the way a merchant does it: rc14's real creds (initAuthCreds), a QR scan
    // (the real configureSuccessfulPairing, which leaves `registered` unset), the restart, the login.
    h = await Harness.create({ store: web.store, links: web.links, linked: false });
    h.bot.start();
    await flush();
    h.wa.last.showQr();
    await flush();
    h.wa.last.scanQr(SHOP, SHOP_LID);
    await flush();
    h.wa.last.loginSucceeds();
    await flush();
    worker = new OutboxWorker({
      outbox: web.store.outbox,
      senders: [h.bot.sender],
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 20,
      localeFor: (merchantId) => h.preferences.locale(merchantId),
    });
    worker.start();
  });

  afterEach(async function () {
    await worker.stop();
    await h.close();
    await web.close();
  });

  /** Runs the bot's (fake) clock alongside real time until `check` holds. */
  async function eventually(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 8_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await h.clock.advance(1_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('/newlink in the customer\'s chat → customer pays → paid message to the merchant and a receipt to the customer, once each', async function () {
    const sock = h.wa.last;
    sock.receive([textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, '/newlink Kaos 150000')]);
    await eventually(() => sock.sent.length === 1, 'the card');
    const { link } = await web.links.find(`whatsapp:${SHOP}`, { kind: 'number', value: 1 });
    expect(sock.sent[0]!.jid).to.equal(CUSTOMER_JID);
    expect(sock.textsTo(CUSTOMER_JID)[0]).to.include(`${web.url}/p/${link.slug}`);

    const orderId = await startPayment(web, link, { name: 'Siti Rahayu', phone: '0812-0000-0003', email: 'siti@mail.com' });
    await web.sim.pay(orderId);
    // The merchant's chat and the customer's each hear of the order once: the paid notice and the receipt.
    const isPaid = (text: string) => text.startsWith('*✅ Rp150.000 · ') && text.includes(orderId);
    const isReceipt = (text: string) => text.startsWith('✅ Terima kasih') && text.includes(orderId);
    await eventually(() => sock.textsTo(SHOP_JID).some(isPaid) && sock.textsTo(CUSTOMER_JID).some(isReceipt), 'the paid message and the receipt');

    // Midtrans sends the same notification again, twice at once.
    await web.sim.notify(orderId, { duplicate: 2 });
    await web.sim.idle();
    // Each repeat was answered, so it was applied or found to change nothing; once the outbox has
    // sent everything it holds (a sent entry is never claimed again), no further message can come.
    while (!(await web.outbox()).every((e) => e.status === 'sent')) await h.settle(1_000);
    await h.settle(30_000);

    const paid = sock.textsTo(SHOP_JID).filter(isPaid);
    const receipts = sock.textsTo(CUSTOMER_JID).filter(isReceipt);
    expect(paid).to.have.length(1);
    expect(receipts).to.have.length(1);
    expect(sock.sent).to.have.length(3);
    for (const fact of ['Kaos (link #1)', 'Rp150.000', orderId, 'Siti Rahayu', '+6281200000003', 'Pemakaian link: 1/1', 'Ketik /link 1 → Detail']) {
      expect(paid[0]).to.include(fact);
    }
    expect(receipts[0]).to.include('Siti Rahayu').and.include(orderId).and.include('Toko Budi');
    expect(await web.store.outbox.list({ status: 'sent', channel: 'whatsapp', limit: 10 })).to.have.length(2);
  });

  it('a QR-linked account takes /newlink in "message yourself", and hears the paid notice there', async function () {
    const sock = h.wa.last;
    expect(h.bot.status()).to.deep.include({ state: 'open', account: SHOP });
    sock.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/newlink Kaos 150000')]);
    await eventually(() => sock.textsTo(SHOP_JID).length === 1, 'the card in the own chat');
    const { link } = await web.links.find(`whatsapp:${SHOP}`, { kind: 'number', value: 1 });
    expect(sock.textsTo(SHOP_JID)[0]).to.include(`${web.url}/p/${link.slug}`);

    const orderId = await startPayment(web, link, { name: 'Siti Rahayu', phone: '0812-0000-0003', email: 'siti@mail.com' });
    await web.sim.pay(orderId);
    await eventually(() => sock.textsTo(SHOP_JID).some((text) => text.includes(orderId) && text.includes('Rp150.000')), 'the paid notice');
  });
});
