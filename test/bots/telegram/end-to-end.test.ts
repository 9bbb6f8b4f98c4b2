/**
 * The whole trip through real HTTP everywhere: a merchant's /newlink in
 * Telegram, the customer opening the bot's deep link, paying on our payment
 * page and at the Midtrans simulator, the signed webhook and Get Status, the
 * outbox worker with the Telegram sender, and the messages arriving at the
 * fake Bot API server, each exactly once despite Midtrans repeating itself.
 */
import { expect } from 'chai';
import type { OutboxWorker } from '../../../src/notify/outbox-worker.ts';
import { startHarness as startWeb, startPayment, type Harness as WebHarness } from '../../web/harness.ts';
import { buttonsOf, CUSTOMER, MERCHANT, startHarness, textOf, textUpdate, type Harness, startOutboxWorker } from './harness.ts';

describe('Telegram bot: end to end', function () {
  let web: WebHarness;
  let tg: Harness;
  let worker: OutboxWorker;

  beforeEach(async function () {
    web = await startWeb();
    tg = await startHarness({ store: web.store, links: web.links });
    worker = startOutboxWorker(tg, web.store.outbox);
  });

  afterEach(async function () {
    await worker.stop();
    await tg.close({ store: true });
    await web.close();
  });

  it('/newlink → customer pays → the merchant’s chat hears it once, and the customer gets a receipt in theirs', async function () {
    await tg.feed(textUpdate('/newlink Kaos 150000'));
    const { link } = await web.links.find('telegram:100', { kind: 'number', value: 1 });
    expect(textOf(tg.fake.callsTo('sendPhoto')[0]!)).to.include(`${web.url}/p/${link.slug}`);

    const [card] = await tg.callsDuring(() => tg.feed(textUpdate(`/start ${link.slug}`, CUSTOMER)));
    const ref = new URL(buttonsOf(card!).find((b) => b.url)!.url!).searchParams.get('ref')!;
    const orderId = await startPayment(web, link, { name: 'Siti Rahayu', phone: '0812-3456-7890', email: 'siti@mail.com', ref });
    await web.sim.pay(orderId);

    const isPaid = (text: string) => text.startsWith('✅ Rp150.000 · Kaos #1 · Siti Rahayu\nPembayaran diterima');
    const paid = await tg.fake.waitFor('sendMessage', (call) => isPaid(textOf(call)), 5000);
    const receipt = await tg.fake.waitFor('sendMessage', (call) => textOf(call).startsWith('✅ Terima kasih'), 5000);

    // Midtrans sends the same notification again, twice at once.
    await web.sim.notify(orderId, { duplicate: 2 });
    await web.sim.idle();
    // Each repeat was answered, so it was applied or found to change nothing; once the outbox has
    // sent everything it holds (a sent entry is never claimed again), no further message can come.
    while (!(await web.outbox()).every((e) => e.status === 'sent')) await new Promise((resolve) => setTimeout(resolve, 10));

    const sent = tg.fake.callsTo('sendMessage').map(textOf);
    expect(sent.filter(isPaid)).to.have.length(1);
    expect(sent.filter((text) => text.startsWith('✅ Terima kasih'))).to.have.length(1);
    expect(paid.body.chat_id).to.equal(String(MERCHANT.id));
    for (const fact of ['Kaos (link #1)', 'Rp150.000', orderId, 'Siti Rahayu', '+6281234567890', 'Pemakaian link: 1/1']) {
      expect(textOf(paid)).to.include(fact);
    }
    expect(buttonsOf(paid)).to.deep.equal([{ text: 'Detail', callback_data: '/link 1' }]);
    expect(receipt.body.chat_id).to.equal(String(CUSTOMER.id));
    expect(textOf(receipt)).to.include('Siti Rahayu').and.include(orderId);
  });
});
