/**
 * /refund in Telegram (issue 18), over real HTTP everywhere: the question with
 * its buttons, the press that sends the refund to the Midtrans simulator, and
 * the refund's notification coming back through the webhook into the
 * merchant's chat as "Dana dikembalikan".
 */
import { expect } from 'chai';
import { MidtransGateway } from '../../../src/midtrans/gateway.ts';
import type { OutboxWorker } from '../../../src/notify/outbox-worker.ts';
import { Refunds } from '../../../src/refunds/refunds.ts';
import { SERVER_KEY, startHarness as startWeb, startPayment, type Harness as WebHarness } from '../../web/harness.ts';
import { buttonsOf, OTHER_MERCHANT, pressUpdate, startHarness, textOf, textUpdate, type Harness, startOutboxWorker } from './harness.ts';

describe('Telegram bot: /refund (issue 18)', function () {
  this.timeout(15_000);
  let web: WebHarness;
  let tg: Harness;
  let gateway: MidtransGateway;
  let worker: OutboxWorker;

  beforeEach(async function () {
    web = await startWeb();
    gateway = new MidtransGateway({
      serverKey: SERVER_KEY,
      clientKey: 'SB-Mid-client-test',
      environment: 'sandbox',
      apiBaseUrl: web.sim.apiBaseUrl,
      snapBaseUrl: web.sim.snapBaseUrl,
      timeoutMs: 1_500,
    });
    const refunds = new Refunds({ links: web.links, orders: web.store.orders, kv: web.store.kv, gateway, retry: { attempts: 2, baseMs: 1, maxMs: 2 } });
    tg = await startHarness({ store: web.store, links: web.links, runner: { refunds } });
    worker = startOutboxWorker(tg, web.store.outbox);
  });

  afterEach(async function () {
    await worker.stop();
    await tg.close({ store: true });
    gateway.close();
    await web.close();
  });

  it('asks with buttons, refunds on "Ya, refund", and the chat hears Midtrans’s refund notice', async function () {
    const link = await web.createLink();
    const orderId = await startPayment(web, link);
    await web.sim.pay(orderId, 'qris');
    await tg.fake.waitFor('sendMessage', (call) => textOf(call).startsWith('✅ Rp150.000'), 5000);

    const [question] = await tg.callsDuring(() => tg.feed(textUpdate(`/refund ${orderId} 50rb salah ukuran`)));
    expect(textOf(question!)).to.contain(`Kembalikan Rp50.000 dari order ${orderId}`).and.contain('Alasan: salah ukuran');
    expect(buttonsOf(question!).map((b) => b.text)).to.deep.equal(['Ya, refund Rp50.000', 'Batal']);

    // Another merchant pressing the same button (a forwarded message) refunds nothing.
    await tg.feed(pressUpdate(question!, 'Ya, refund Rp50.000', OTHER_MERCHANT));
    expect(web.sim.transaction(orderId)!.payment!.refunds).to.have.length(0);

    const answers = await tg.callsDuring(() => tg.feed(pressUpdate(question!, 'Ya, refund Rp50.000')));
    expect(answers.map(textOf).join('\n')).to.contain('Permintaan refund Rp50.000').and.contain('diterima Midtrans');
    await tg.fake.waitFor('sendMessage', (call) => textOf(call).includes('Sebagian dana dikembalikan'), 5000);
    expect(await web.links.order(orderId)).to.include({ status: 'paid', refundedAmount: 50_000 });
  });
});
