/**
 * /refund end to end (issue 18): the command runner asks, the merchant says
 * ya, a real MidtransGateway calls the simulator's Refund API over HTTP, and
 * the simulator's refund notification comes back through the webhook, where
 * payment truth (Get Status) moves the order. Nothing is stubbed.
 */
import { expect } from 'chai';
import { pino } from 'pino';
import { GuidedNewLink } from '../../bots/commands/guided.ts';
import { Preferences } from '../../bots/commands/preferences.ts';
import { CommandRunner, type ChatTurn } from '../../bots/commands/run-command.ts';
import { MidtransGateway } from '../../src/midtrans/gateway.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { Refunds, type RefundsOptions } from '../../src/refunds/refunds.ts';
import { waitFor } from '../notify/helpers.ts';
import { type Harness, SERVER_KEY, startHarness, startPayment } from '../web/harness.ts';

/** The harness's gateway deadline, and a delay past it. */
const TIMEOUT_MS = 800;
const PAST_TIMEOUT_MS = 1_200;

const BUDI: ChatTurn = { channel: 'telegram', merchantId: 'telegram:100', chatId: '100', notifyChatId: '100', customerChat: null, messageId: null };
const SARI: ChatTurn = { ...BUDI, merchantId: 'telegram:200', chatId: '200', notifyChatId: '200' };

describe('/refund against the Midtrans simulator (issue 18)', function () {
  this.timeout(20_000);
  let h: Harness;
  let gateway: MidtransGateway;

  beforeEach(async function () {
    h = await startHarness({ verifyStatus: true, retry: { baseMs: 10, maxMs: 20, maxAttempts: 4, notFoundAttempts: 3 } });
    gateway = new MidtransGateway({
      serverKey: SERVER_KEY,
      clientKey: 'SB-Mid-client-test',
      environment: 'sandbox',
      apiBaseUrl: h.sim.apiBaseUrl,
      snapBaseUrl: h.sim.snapBaseUrl,
      timeoutMs: TIMEOUT_MS,
    });
  });

  afterEach(async function () {
    gateway.close();
    await h.close();
  });

  function runner(extra: Partial<RefundsOptions> = {}): CommandRunner {
    return new CommandRunner({
      links: h.links,
      outbox: h.store.outbox,
      kv: h.store.kv,
      guided: new GuidedNewLink(h.store.kv),
      preferences: new Preferences(h.store.kv, 'id'),
      delivery: { emailEnabled: false },
      merchantName: 'Toko Budi',
      logger: pino({ level: 'silent' }),
      refunds: new Refunds({ links: h.links, orders: h.store.orders, kv: h.store.kv, gateway, retry: { attempts: 3, baseMs: 1, maxMs: 2 }, ...extra }),
    });
  }

  async function say(text: string, turn: ChatTurn = BUDI, chat = runner()): Promise<OutgoingMessage> {
    const replies = await chat.handle(text, turn);
    expect(replies, `no reply to ${text}`).to.be.an('array').with.length(1);
    return replies![0]!;
  }

  async function settle(): Promise<void> {
    await h.sim.idle();
    await h.notifications.drain();
  }

  async function paidOrder(method: 'qris' | 'gopay' | 'bca_va' | 'indomaret' = 'qris', usageLimit = 1): Promise<string> {
    const link = (await h.links.find('telegram:100', { kind: 'number', value: 1 }).catch(() => null))?.link ?? (await h.createLink({ usageLimit }));
    const orderId = await startPayment(h, link);
    await h.sim.pay(orderId, method);
    await settle();
    expect((await h.links.order(orderId))!.status).to.equal('paid');
    return orderId;
  }

  /** Until the simulator holds a refund for the order: the delayed request has acted. */
  const midtransRefunded = (orderId: string) => waitFor(() => (h.sim.transaction(orderId)!.payment?.refunds.length ?? 0) > 0, 5_000, 'the refund at Midtrans');
  const refundCalls = () => h.sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/refund'));
  const merchantKeys = async () => (await h.outbox()).filter((e) => e.merchantId !== null).map((e) => e.key);

  it('refunds all of an order after ya, and the order turns refunded only when the notification says so', async function () {
    const orderId = await paidOrder('qris');
    const question = await say(`/refund ${orderId}`);
    expect(question.text).to.contain(`Kembalikan Rp150.000 dari order ${orderId}`).and.contain('Kaos Hitam #1').and.contain('Refund penuh');
    expect(question.actions.map((a) => (a.kind === 'command' ? a.data : a.kind))).to.deep.equal(['ya', '/cancel']);
    expect(refundCalls()).to.have.length(0);

    const done = await say('ya');
    expect(done.text).to.contain('Permintaan refund Rp150.000').and.contain('diterima Midtrans');
    expect(refundCalls().map((r) => r.path)).to.deep.equal([`/v2/${h.sim.truth(orderId).transactionIds[0]}/refund`]);
    await settle();
    expect(h.sim.truth(orderId).refundedAmount).to.equal(150_000);
    expect(await h.links.order(orderId)).to.include({ status: 'refunded', refundedAmount: 150_000 });
    expect(await merchantKeys()).to.include(`${orderId}:refunded:merchant`);
  });

  it('refunds part of an order chosen by its link, keeps the sale, and refuses more than is left without asking Midtrans', async function () {
    const orderId = await paidOrder('gopay');
    const question = await say('/refund 1 50rb barang rusak');
    expect(question.text).to.contain(`Kembalikan Rp50.000 dari order ${orderId}`).and.contain('sisa Rp100.000').and.contain('Alasan: barang rusak');
    await say('ya');
    await settle();
    expect(await h.links.order(orderId)).to.include({ status: 'paid', refundedAmount: 50_000 });
    const [refund] = h.sim.transaction(orderId)!.payment!.refunds;
    expect(refund).to.include({ amount: 50_000, reason: 'barang rusak' });

    const tooMuch = await say('/refund 1 200rb');
    expect(tooMuch.text).to.contain('Paling banyak Rp100.000');
    expect(await runner().handle('ya', BUDI), 'nothing waits for a yes').to.equal(null);
    expect(refundCalls()).to.have.length(1);

    await say('/refund 1');
    await say('ya');
    await settle();
    expect(await h.links.order(orderId)).to.include({ status: 'refunded', refundedAmount: 150_000 });
    expect(await merchantKeys()).to.include.members([`${orderId}:partially_refunded:50000:merchant`, `${orderId}:refunded:merchant`]);
  });

  it('counts a refund Midtrans took but has not notified yet, so two quick refunds cannot ask for more than was paid', async function () {
    const orderId = await paidOrder('qris');
    h.sim.setDelivery('hold');
    await say(`/refund ${orderId} 100rb`);
    await say('ya');
    await settle();
    expect(await h.links.order(orderId)).to.include({ refundedAmount: 0 });
    expect((await say(`/refund ${orderId} 100rb`)).text).to.contain('Paling banyak Rp50.000');
  });

  for (const method of ['bca_va', 'indomaret'] as const) {
    it(`says what to do instead for ${method}, which Midtrans cannot refund, and asks Midtrans nothing`, async function () {
      const orderId = await paidOrder(method);
      const answer = await say(`/refund ${orderId}`);
      expect(answer.text).to.contain('tidak bisa di-refund lewat Midtrans').and.contain('transfer bank').and.contain('dashboard Midtrans');
      expect(await runner().handle('ya', BUDI)).to.equal(null);
      expect(refundCalls()).to.have.length(0);
    });
  }

  it('retries a refund whose answer was lost with the same refund_key: Midtrans refunds once', async function () {
    const orderId = await paidOrder('qris');
    await say(`/refund ${orderId}`);
    // The first request reaches Midtrans and refunds, but its answer comes after our deadline;
    // the retry goes out once Midtrans has acted on the first.
    h.sim.failNext('refund', { delayMs: PAST_TIMEOUT_MS });
    const done = await say('ya', BUDI, runner({ wait: () => midtransRefunded(orderId) }));
    expect(done.text).to.contain('diterima Midtrans');
    expect(refundCalls()).to.have.length(2);
    await settle();
    const refunds = h.sim.transaction(orderId)!.payment!.refunds;
    expect(refunds).to.have.length(1);
    expect(h.sim.truth(orderId).refundedAmount).to.equal(150_000);
    expect(await h.links.order(orderId)).to.include({ status: 'refunded', refundedAmount: 150_000 });
  });

  it('keeps the question open when Midtrans never answers; ya again sends the same stored refund, once', async function () {
    const orderId = await paidOrder('qris');
    const chat = runner({ retry: { attempts: 1, baseMs: 1, maxMs: 1 } });
    await say(`/refund ${orderId} 20rb`, BUDI, chat);
    h.sim.failNext('refund', { delayMs: PAST_TIMEOUT_MS });
    const noAnswer = await say('ya', BUDI, chat);
    expect(noAnswer.text).to.contain('Midtrans belum menjawab').and.contain('tidak akan dikembalikan dua kali');
    await midtransRefunded(orderId);
    const again = await say('ya', BUDI, chat);
    expect(again.text).to.contain('Permintaan refund Rp20.000');
    await settle();
    const refunds = h.sim.transaction(orderId)!.payment!.refunds;
    expect(refunds.map((r) => r.amount)).to.deep.equal([20_000]);
    expect(await h.links.order(orderId)).to.include({ status: 'paid', refundedAmount: 20_000 });
  });

  it("shows Midtrans's own refusal, and changes nothing", async function () {
    const orderId = await paidOrder('qris');
    await say(`/refund ${orderId}`);
    h.sim.failNext('refund', { status: 412, body: { status_code: '412', status_message: 'Merchant cannot modify the status of the transaction' } });
    const refused = await say('ya');
    expect(refused.text).to.contain('Midtrans menolak').and.contain('cannot modify');
    await settle();
    expect(await h.links.order(orderId)).to.include({ status: 'paid', refundedAmount: 0 });
  });

  it("never refunds another merchant's order, and says no more than 'not found'", async function () {
    const orderId = await paidOrder('qris');
    expect((await say(`/refund ${orderId}`, SARI)).text).to.contain(`Order atau link "${orderId}" tidak ditemukan`);
    expect(refundCalls()).to.have.length(0);
  });

  it('lists the paid orders of a link with several, each as the /refund that takes it', async function () {
    const first = await paidOrder('qris', 3);
    const second = await paidOrder('gopay', 3);
    const choice = await say('/refund 1');
    expect(choice.text).to.contain('Link #1 punya 2 order lunas').and.contain(`/refund ${first}`).and.contain(`/refund ${second}`);
    expect(choice.actions.map((a) => (a.kind === 'command' ? a.data : a.kind))).to.have.members([`/refund ${first}`, `/refund ${second}`]);
  });

  it('refuses an order that is not paid', async function () {
    const link = await h.createLink();
    const orderId = await startPayment(h, link);
    expect((await say(`/refund ${orderId}`)).text).to.contain(`Order ${orderId} tidak lunas`);
  });
});
