/**
 * Issue 12, defects 1–9, each over real HTTP: the payment page starts the
 * checkout, the Midtrans simulator plays the customer and Midtrans (Snap, Core
 * API, signed notifications to our webhook), and tagih confirms with Get
 * Status as in production. Each test failed on the code before the fix.
 */
import { expect } from 'chai';
import { pino } from 'pino';
import { GuidedNewLink } from '../../bots/commands/guided.ts';
import { CommandRunner, type ChatTurn } from '../../bots/commands/run-command.ts';
import type { Link } from '../../src/domain/link.ts';
import { Preferences } from '../../bots/commands/preferences.ts';
import type { MidtransStatusBody } from '../../src/midtrans/types.ts';
import { storedNotice } from '../../src/notify/notices.ts';
import type { Store } from '../../src/store/ports.ts';
import { FraudReview } from '../../src/payments/fraud-review.ts';
import { NOTIFICATION_SAMPLES, signed } from '../midtrans/fixtures/notifications.ts';
import { type Harness, MERCHANT, MINUTE, postForm, postJson, SERVER_KEY, startHarness, startPayment } from '../web/harness.ts';

const OTHER_CUSTOMER = { name: 'Budi Santoso', phone: '081399998888', email: 'budi@mail.com' } as const;

async function outboxKeys(h: Harness): Promise<string[]> {
  return (await h.outbox()).map((e) => e.key);
}

async function merchantTexts(h: Harness): Promise<string[]> {
  const { renderNotice } = await import('../../src/notify/texts.ts');
  return (await h.outbox()).filter((e) => e.merchantId !== null).map((e) => renderNotice(storedNotice(e.notice), 'id').text);
}

async function settle(h: Harness): Promise<void> {
  await h.sim.idle();
  await h.notifications.drain();
}

/** Whether a second customer can start paying the link now. */
async function secondCustomerGets(h: Harness, link: Link): Promise<number> {
  return (await postForm(`${h.url}/p/${link.slug}`, OTHER_CUSTOMER)).status;
}

/** The same store for a second harness, which must not close it. */
function borrowed(store: Store): Store {
  const { kind, links, orders, inbox, outbox, kv, leases, team } = store;
  return { kind, links, orders, inbox, outbox, kv, leases, team, ping: () => store.ping(), close: async () => undefined };
}

function coreCalls(h: Harness, action: string): string[] {
  return h.sim
    .requests()
    .filter((r) => r.method === (action === 'status' ? 'GET' : 'POST') && r.path.endsWith(`/${action}`))
    .map((r) => r.path);
}

describe('payment truth over HTTP (issue 12)', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness({ verifyStatus: true, retry: { baseMs: 10, maxMs: 20, maxAttempts: 4, notFoundAttempts: 3 } });
  });

  afterEach(async function () {
    await h.close();
  });

  describe('1. DANA and BI-SNAP virtual accounts', function () {
    for (const method of ['dana', 'bsi_va'] as const) {
      it(`confirms a ${method} payment by its transaction id, reading the answer Midtrans gives for it`, async function () {
        const link = await h.createLink();
        const orderId = await startPayment(h, link);
        await h.sim.pay(orderId, method);
        await settle(h);
        const order = (await h.links.order(orderId))!;
        expect(order.status).to.equal('paid');
        const txId = h.sim.truth(orderId).transactionIds[0]!;
        expect(order.transactionIds).to.include(txId);
        expect(coreCalls(h, 'status')).to.include(`/v2/${txId}/status`);
        expect(await outboxKeys(h)).to.deep.equal([`${orderId}:paid:merchant`]);
      });
    }

    it('never tells the merchant "expired" while Midtrans holds the money of a DANA payment whose notifications all failed', async function () {
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      // Every Get Status fails while the two notifications (pending, settlement) arrive and are retried: the inbox gives both up…
      h.sim.failNext('status', { status: 503, times: 8 });
      await h.sim.pay(orderId, 'dana');
      await settle(h);
      for (let round = 0; round < 6; round++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        await h.inbox.runOnce();
      }
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      // …and the reconciler, after the window, asks by the transaction id the notifications carried and finds the money.
      h.advance(31 * MINUTE);
      await h.reconciler.runOnce();
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      expect(await outboxKeys(h)).to.deep.equal([`${orderId}:paid:merchant`]);
    });
  });

  it('finds the order of a BI-SNAP notification that carries the transaction id as its order_id, by the order id tagih sent in custom_field1', async function () {
    const quirky = await startHarness({ verifyStatus: false, quirks: { biSnapTransactionIdInNotifications: true } });
    try {
      const link = await quirky.createLink();
      const orderId = await startPayment(quirky, link);
      await quirky.sim.pay(orderId, 'bsi_va');
      await settle(quirky);
      expect((await quirky.links.order(orderId))!.status).to.equal('paid');
      expect(await outboxKeys(quirky)).to.deep.equal([`${orderId}:paid:merchant`]);
    } finally {
      await quirky.close();
    }
  });

  it('refuses a Get Status answer for a swapped-in transaction id that names another order in custom_field1', async function () {
    const link = await h.createLink({ usageLimit: null });
    const victim = await startPayment(h, link);
    const other = await startPayment(h, link, OTHER_CUSTOMER);
    await h.sim.pay(other, 'dana', { notify: false });
    const otherTx = h.sim.truth(other).transactionIds[0]!;
    // A replayed, correctly signed notification of the victim's order with the other order's transaction id written in.
    const replay = signed(NOTIFICATION_SAMPLES.qrisSettlement, SERVER_KEY, { order_id: victim, gross_amount: '150000.00' });
    await postJson(`${h.url}/webhooks/midtrans`, { ...replay, transaction_id: otherTx });
    await h.notifications.drain();
    expect((await h.links.order(victim))!.status).to.equal('pending');
  });

  it('keeps a DANA order whose notifications were all lost pending with its slot, never "expired": only its transaction id could find it', async function () {
    const link = await h.createLink({ usageLimit: 1 });
    const orderId = await startPayment(h, link);
    await h.sim.pay(orderId, 'dana', { notify: false });
    h.advance(31 * MINUTE);
    await h.reconciler.runOnce();
    expect((await h.links.order(orderId))!.status).to.equal('pending');
    expect(await outboxKeys(h)).to.deep.equal([]);
    expect(await secondCustomerGets(h, link)).to.equal(409);
  });

  describe('2. several attempts in one Snap session', function () {
    it('keeps a declined order pending with its slot, and records the later payment in the same session', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.decline(orderId);
      await settle(h);
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      expect(await secondCustomerGets(h, link)).to.equal(409);

      await h.sim.pay(orderId, 'qris');
      await settle(h);
      const order = (await h.links.order(orderId))!;
      expect(order.status).to.equal('paid');
      expect(order.transactionIds).to.deep.equal(h.sim.truth(orderId).transactionIds);
      expect(await outboxKeys(h)).to.deep.equal([`${orderId}:paid:merchant`]);
    });

    it('records money for an order it had closed as paid, and says plainly when that takes the link past its limit', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const first = await startPayment(h, link);
      await h.sim.choose(first, 'bca_va');
      await settle(h);
      // The window ends; Midtrans expires the VA on tagih's request, and the slot goes to another customer who pays.
      h.advance(31 * MINUTE);
      await h.reconciler.runOnce();
      expect((await h.links.order(first))!.status).to.equal('expired');
      const second = await startPayment(h, link, OTHER_CUSTOMER);
      await h.sim.pay(second, 'qris');
      await settle(h);
      // Then a settlement of the first order reaches us anyway (a bank paying out an expired VA).
      const txId = h.sim.truth(first).transactionIds[0]!;
      const late = signed(NOTIFICATION_SAMPLES.bcaVaSettlement, SERVER_KEY, { order_id: first, transaction_id: txId, gross_amount: '150000.00' });
      const noRecheck = await startHarness({ verifyStatus: false, store: borrowed(h.store) });
      try {
        expect((await postJson(`${noRecheck.url}/webhooks/midtrans`, late)).status).to.equal(200);
      } finally {
        await noRecheck.close();
      }
      expect((await h.links.order(first))!.status).to.equal('paid');
      expect((await h.store.links.usage(link.id)).paid).to.equal(2);
      const texts = await merchantTexts(h);
      expect(texts.some((t) => t.includes('sudah ditutup') && t.includes('melewati batas pemakaiannya (2/1)'))).to.equal(true);
    });
  });

  describe('3. slots held while Midtrans can still take the money', function () {
    it('asks Midtrans to expire the transaction after the window, by transaction id, and frees the slot only on its answer', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.choose(orderId, 'bca_va');
      await settle(h);
      h.advance(31 * MINUTE);
      // Until the reconciler has Midtrans's answer, the slot stays taken.
      expect(await secondCustomerGets(h, link)).to.equal(409);
      await h.reconciler.runOnce();
      const txId = h.sim.truth(orderId).transactionIds[0]!;
      expect(coreCalls(h, 'expire')).to.deep.equal([`/v2/${txId}/expire`]);
      expect(h.sim.truth(orderId).status).to.equal('expire');
      expect((await h.links.order(orderId))!.status).to.equal('expired');
      expect(await outboxKeys(h)).to.deep.equal([`${orderId}:expired:merchant`]);
      expect(await secondCustomerGets(h, link)).to.equal(303);
    });

    it('keeps the slot of a card payment Midtrans will not expire (held for review) past the window: the last item is not sold twice', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.challenge(orderId, { notify: false });
      h.advance(31 * MINUTE);
      await h.reconciler.runOnce();
      expect((await h.links.order(orderId))!.status).to.equal('pending');
      expect(await secondCustomerGets(h, link)).to.equal(409);
    });

    it('expires a Snap session where no method was chosen once Midtrans says it has no transaction', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      h.advance(31 * MINUTE);
      await h.reconciler.runOnce();
      expect(coreCalls(h, 'expire')).to.deep.equal([`/v2/${orderId}/expire`]);
      expect((await h.links.order(orderId))!.status).to.equal('expired');
    });

    it('rounds the Snap window down, so Snap stops taking money before tagih’s window ends', async function () {
      const short = await startHarness({ paymentWindowMs: 30 * MINUTE + 30_000 });
      try {
        const link = await short.createLink();
        const orderId = await startPayment(short, link);
        const request = short.sim.transaction(orderId)!.request;
        expect(request.expiry).to.include({ duration: 30, unit: 'minute' });
        expect(request.page_expiry).to.deep.equal({ duration: 30, unit: 'minute' });
      } finally {
        await short.close();
      }
    });
  });

  describe('4. a voided card capture', function () {
    it('un-pays the order, frees its slot and tells the merchant', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'credit_card');
      await settle(h);
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      await h.sim.cancel(orderId);
      await settle(h);
      expect((await h.links.order(orderId))!.status).to.equal('cancelled');
      expect(await outboxKeys(h)).to.deep.equal([`${orderId}:paid:merchant`, `${orderId}:voided:merchant`]);
      expect((await h.store.links.usage(link.id)).paid).to.equal(0);
      expect(await secondCustomerGets(h, link)).to.equal(303);
    });
  });

  describe('5. partial refunds and chargebacks', function () {
    it('keeps a partly refunded order paid and its slot sold, counts the net money, and a later full refund still works', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'qris');
      await h.sim.refund(orderId, { amount: 10_000 });
      await settle(h);
      const order = (await h.links.order(orderId))!;
      expect(order).to.include({ status: 'paid', refundedAmount: 10_000 });
      expect(await h.store.links.usage(link.id)).to.include({ paid: 1, paidTotal: 140_000 });
      expect(await secondCustomerGets(h, link)).to.equal(409);
      const texts = await merchantTexts(h);
      expect(texts.some((t) => t.includes('Rp10.000 dari Rp150.000 dikembalikan'))).to.equal(true);

      await h.sim.refund(orderId);
      await settle(h);
      expect((await h.links.order(orderId))!).to.include({ status: 'refunded', refundedAmount: 150_000 });
      expect(await h.store.links.usage(link.id)).to.include({ paid: 0, paidTotal: 0 });
      expect(await outboxKeys(h)).to.deep.equal([
        `${orderId}:paid:merchant`,
        `${orderId}:partially_refunded:10000:merchant`,
        `${orderId}:refunded:merchant`,
      ]);
    });

    it('pays and then records the refund when the refund’s notification overtakes the payment’s', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'qris', { delivery: 'hold' });
      await h.sim.refund(orderId, { amount: 10_000 });
      await settle(h);
      expect((await h.links.order(orderId))!).to.include({ status: 'paid', refundedAmount: 10_000 });
      await h.sim.deliverHeld();
      await settle(h);
      expect((await h.links.order(orderId))!).to.include({ status: 'paid', refundedAmount: 10_000 });
      expect(await outboxKeys(h)).to.deep.equal([`${orderId}:paid:merchant`, `${orderId}:partially_refunded:10000:merchant`]);
    });

    it('reports a partial chargeback as a chargeback and keeps the order paid', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.pay(orderId, 'credit_card');
      await h.sim.settle(orderId);
      await h.sim.chargeback(orderId, { amount: 50_000 });
      await settle(h);
      expect((await h.links.order(orderId))!).to.include({ status: 'paid', refundedAmount: 50_000 });
      const texts = await merchantTexts(h);
      expect(texts.some((t) => t.startsWith('⚠️ Chargeback sebagian') && t.includes('Rp50.000 dari Rp150.000'))).to.equal(true);
    });
  });

  describe('6. a card payment held for fraud review', function () {
    const turn = (merchantId: string, chatId: string): ChatTurn => ({
      channel: 'telegram',
      merchantId,
      chatId,
      notifyChatId: chatId,
      customerChat: null,
      messageId: null,
    });
    const runnerFor = (harness: Harness) =>
      new CommandRunner({
        links: harness.links,
        outbox: harness.store.outbox,
        kv: harness.store.kv,
        guided: new GuidedNewLink(harness.store.kv),
        preferences: new Preferences(harness.store.kv, 'id'),
        delivery: { emailEnabled: false },
        merchantName: 'Toko Budi',
        logger: pino({ level: 'silent' }),
        review: new FraudReview({ links: harness.links, gateway: harness.gateway }),
      });

    it('tells the merchant at once with Setujui / Tolak; only they can press them; approving pays the order through the webhook', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.challenge(orderId);
      await settle(h);
      const [notice] = await h.outbox();
      expect(notice!.key).to.equal(`${orderId}:challenge:merchant`);
      const { renderNotice } = await import('../../src/notify/texts.ts');
      const actions = renderNotice(storedNotice(notice!.notice), 'id').actions.map((a) => (a.kind === 'command' ? [a.label, a.data] : [a.label]));
      expect(actions.slice(0, 2)).to.deep.equal([
        ['Setujui', `/setujui ${orderId}`],
        ['Tolak', `/tolak ${orderId}`],
      ]);
      expect((await h.links.order(orderId))!.status).to.equal('pending');

      const runner = runnerFor(h);
      const stranger = await runner.handle(`/setujui ${orderId}`, turn('telegram:999', '999'));
      expect(stranger![0]!.text).to.include('tidak ditemukan');
      expect(coreCalls(h, 'approve')).to.deep.equal([]);

      const answer = await runner.handle(`/setujui ${orderId}`, turn(MERCHANT.merchantId, MERCHANT.notifyChatId));
      expect(answer![0]!.text).to.include('disetujui');
      expect(coreCalls(h, 'approve')).to.have.length(1);
      await settle(h);
      expect((await h.links.order(orderId))!.status).to.equal('paid');
      expect(await outboxKeys(h)).to.deep.equal([`${orderId}:challenge:merchant`, `${orderId}:paid:merchant`]);
      // A second press has nothing left to decide.
      expect((await runner.handle(`/tolak ${orderId}`, turn(MERCHANT.merchantId, MERCHANT.notifyChatId)))![0]!.text).to.include('tidak sedang menunggu');
    });

    it('denying it at Midtrans leaves the order unpaid', async function () {
      const link = await h.createLink({ usageLimit: 1 });
      const orderId = await startPayment(h, link);
      await h.sim.challenge(orderId);
      await settle(h);
      await runnerFor(h).handle(`tolak ${orderId}`, turn(MERCHANT.merchantId, MERCHANT.notifyChatId));
      await settle(h);
      expect(coreCalls(h, 'deny')).to.have.length(1);
      expect(h.sim.truth(orderId).status).to.equal('deny');
      expect((await h.links.order(orderId))!.status).to.not.equal('paid');
    });
  });

  describe('7. the Snap request', function () {
    it('asks for 3-D Secure and sends the finish callback, nothing else', async function () {
      const link = await h.createLink();
      const orderId = await startPayment(h, link);
      const request = h.sim.transaction(orderId)!.request;
      expect(request.credit_card).to.deep.equal({ secure: true });
      expect(request.callbacks).to.deep.equal({ finish: `${h.url}/p/${link.slug}/done?order=${orderId}` });
    });
  });

  describe('8. without re-check, only self-consistent notifications count', function () {
    let off: Harness;

    beforeEach(async function () {
      off = await startHarness({ verifyStatus: false });
    });

    afterEach(async function () {
      await off.close();
    });

    async function pendingOrder(): Promise<{ orderId: string; txId: string }> {
      const link = await off.createLink();
      const orderId = await startPayment(off, link);
      await off.sim.choose(orderId, 'qris', { notify: false });
      return { orderId, txId: off.sim.truth(orderId).transactionIds[0]! };
    }

    it('does not pay on a signed pending (201) whose transaction_status was rewritten to settlement; Get Status decides', async function () {
      const { orderId, txId } = await pendingOrder();
      const body: MidtransStatusBody = signed(NOTIFICATION_SAMPLES.bcaVaPending, SERVER_KEY, { order_id: orderId, transaction_id: txId, gross_amount: '150000.00' });
      expect((await postJson(`${off.url}/webhooks/midtrans`, { ...body, transaction_status: 'settlement' })).status).to.equal(200);
      await off.notifications.drain();
      expect((await off.links.order(orderId))!.status).to.equal('pending');
      expect(coreCalls(off, 'status')).to.deep.equal([`/v2/${txId}/status`]);
    });

    it('does not pay on a signed challenge (201) whose fraud_status was rewritten to accept', async function () {
      const { orderId, txId } = await pendingOrder();
      const challenge = signed(NOTIFICATION_SAMPLES.cardCapture, SERVER_KEY, {
        order_id: orderId,
        transaction_id: txId,
        gross_amount: '150000.00',
        status_code: '201',
        fraud_status: 'challenge',
      });
      expect((await postJson(`${off.url}/webhooks/midtrans`, { ...challenge, fraud_status: 'accept' })).status).to.equal(200);
      await off.notifications.drain();
      expect((await off.links.order(orderId))!.status).to.equal('pending');
    });
  });

  describe('9. currency', function () {
    it('never pays a Rp150.000 order with a settlement in USD', async function () {
      const off = await startHarness({ verifyStatus: false });
      try {
        const link = await off.createLink();
        const orderId = await startPayment(off, link);
        const usd = signed(NOTIFICATION_SAMPLES.gopaySettlement, SERVER_KEY, { order_id: orderId, gross_amount: '150000.00', currency: 'USD' });
        expect((await postJson(`${off.url}/webhooks/midtrans`, usd)).status).to.equal(200);
        await off.notifications.drain();
        expect((await off.links.order(orderId))!.status).to.equal('pending');
        expect(await off.outbox()).to.have.length(0);
      } finally {
        await off.close();
      }
    });
  });
});

