/**
 * A model-based test of the whole payment side (issue 12): fast-check makes up
 * what customers and Midtrans do, per payment method, and the Midtrans
 * simulator does it over HTTP against tagih as wired in production (payment
 * page, webhook with Get Status, inbox, reconciler). Notifications are sent,
 * held back and delivered later in a shuffled order, duplicated, or lost for
 * good. Lost ones are only the payment's own (pending → paid or closed; see
 * ASKED_BY_TRANSACTION_ID for DANA and BI-SNAP):
 * Midtrans retries a notification for days, and after payment nothing but
 * that notification would tell (the reconciler looks at pending orders only).
 *
 * After everything settles (the window ends, the reconciler and inbox run
 * until nothing changes), Midtrans's truth and tagih must agree:
 * - every order's state is the one Midtrans's latest attempt implies;
 * - the merchant heard each real change once (a paid order one "paid", never
 *   "expired" while Midtrans holds its money; a refund, void, reversal or
 *   review when that is how it ended);
 * - each link's paid count and net total equal what Midtrans holds;
 * - a link is never over its limit unless the merchant was told so.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { storedNotice } from '../../src/notify/notices.ts';
import type { OrderStatus } from '../../src/domain/order.ts';
import type { DeliveryMode, OrderTruth, SimMethod } from '../../src/midtrans/simulator/simulator.ts';
import { type Harness, MINUTE, postForm, startHarness } from '../web/harness.ts';

const PRICE = 150_000;

type Delivery = DeliveryMode;
type Step =
  | { do: 'decline' | 'expireAttempt' | 'failAttempt'; delivery: Delivery }
  | { do: 'pay' | 'challenge' | 'choose'; delivery: Delivery }
  | { do: 'approve' | 'denyReview' | 'void' | 'settle' | 'reverse' | 'refundAll' | 'chargebackAll'; delivery: 'send' | 'hold' }
  | { do: 'refundPart' | 'chargebackPart'; amount: number; delivery: 'send' | 'hold' };

interface Script {
  method: SimMethod;
  steps: Step[];
}

const before = fc.constantFrom<Delivery>('send', 'send', 'hold', 'drop');
const after = fc.constantFrom<'send' | 'hold'>('send', 'send', 'hold');
const part = fc.integer({ min: 1, max: 14 }).map((n) => n * 10_000);

/** What happens once the money is in, for a method that can refund. */
const afterPaid = fc.oneof(
  fc.constant<Step[]>([]),
  fc.tuple(part, after, fc.boolean(), after).map(([amount, d1, more, d2]): Step[] => [
    { do: 'refundPart', amount, delivery: d1 },
    ...(more ? [{ do: 'refundAll', delivery: d2 } as const] : []),
  ]),
  fc.tuple(part, after).map(([amount, delivery]): Step[] => [{ do: 'chargebackPart', amount, delivery }]),
  after.map((delivery): Step[] => [{ do: 'refundAll', delivery }]),
  after.map((delivery): Step[] => [{ do: 'chargebackAll', delivery }]),
);

/** An e-wallet or QRIS: maybe an attempt that expired first, then paid (or abandoned), then maybe refunds. */
const wallet: fc.Arbitrary<Script> = fc
  .tuple(fc.constantFrom<SimMethod>('qris', 'gopay', 'shopeepay', 'dana'), fc.boolean(), before, fc.boolean(), before, afterPaid)
  .map(([method, retried, d0, pays, d1, rest]) => ({
    method,
    steps: [
      ...(retried ? [{ do: 'expireAttempt', delivery: d0 } as const] : []),
      ...(pays ? [{ do: 'pay', delivery: d1 } as const, ...rest] : [{ do: 'choose', delivery: d1 } as const]),
    ],
  }));

/** A virtual account: paid, or left pending (the window ends); Permata may be reversed after settlement. */
const virtualAccount: fc.Arbitrary<Script> = fc
  .tuple(fc.constantFrom<SimMethod>('bca_va', 'bni_va', 'bsi_va', 'permata_va'), fc.boolean(), before, fc.boolean(), after)
  .map(([method, pays, delivery, reversed, d2]) => ({
    method,
    steps: pays
      ? [{ do: 'pay', delivery } as const, ...(reversed && method === 'permata_va' ? [{ do: 'reverse', delivery: d2 } as const] : [])]
      : [{ do: 'choose', delivery } as const],
  }));

/** A card: declined attempts, then a capture (voided, or settled and maybe refunded) or a fraud review. */
const card: fc.Arbitrary<Script> = fc
  .tuple(
    fc.array(before, { maxLength: 2 }),
    fc.oneof(
      fc.tuple(before, after).map(([d, v]): Step[] => [{ do: 'pay', delivery: d }, { do: 'void', delivery: v }]),
      fc.tuple(before, after, afterPaid).map(([d, s, rest]): Step[] => [{ do: 'pay', delivery: d }, { do: 'settle', delivery: s }, ...rest]),
      fc.tuple(before, fc.constantFrom<'approve' | 'denyReview' | 'none'>('approve', 'denyReview', 'none'), after).map(([d, answer, a]): Step[] => [
        { do: 'challenge', delivery: d },
        ...(answer === 'none' ? [] : [{ do: answer, delivery: a } as const]),
      ]),
      before.map((delivery): Step[] => [{ do: 'failAttempt', delivery }]),
    ),
  )
  .map(([declines, rest]) => ({ method: 'credit_card' as const, steps: [...declines.map((delivery) => ({ do: 'decline', delivery }) as const), ...rest] }));

const abandoned: fc.Arbitrary<Script> = fc.constant({ method: 'qris' as const, steps: [] });

const scenario = fc.record({
  usageLimit: fc.integer({ min: 1, max: 3 }),
  customers: fc.array(fc.oneof(wallet, virtualAccount, card, abandoned), { minLength: 1, maxLength: 4 }),
  shuffle: fc.array(fc.nat(), { maxLength: 40 }),
  duplicate: fc.integer({ min: 0, max: 1 }),
});

/**
 * DANA and the BI-SNAP VAs answer Get Status only by transaction id, and only
 * a notification tells tagih that id: with every one of them lost, nothing can
 * find the payment (tagih then keeps the order pending and its slot held, and
 * never says "expired": payment-truth.test.ts). Midtrans retries for days, so
 * here their notifications may come late but not never.
 */
const ASKED_BY_TRANSACTION_ID: ReadonlySet<SimMethod> = new Set(['dana', 'bsi_va', 'danamon_va', 'seabank_va', 'saqu_va']);

async function run(h: Harness, orderId: string, script: Script): Promise<void> {
  const { sim } = h;
  for (const step of script.steps) {
    const delivery = step.delivery === 'drop' && ASKED_BY_TRANSACTION_ID.has(script.method) ? 'hold' : step.delivery;
    const options = { delivery };
    switch (step.do) {
      case 'choose':
        await sim.choose(orderId, script.method, options);
        break;
      case 'decline':
        await sim.decline(orderId, options);
        break;
      case 'expireAttempt':
        await sim.expireTx(orderId, { method: script.method, ...options });
        break;
      case 'failAttempt':
        await sim.fail(orderId, { method: script.method, ...options });
        break;
      case 'pay':
        await sim.pay(orderId, script.method, options);
        break;
      case 'challenge':
        await sim.challenge(orderId, options);
        break;
      case 'approve':
        await sim.approve(orderId, options);
        break;
      case 'denyReview':
      case 'reverse':
        await sim.deny(orderId, options);
        break;
      case 'void':
        await sim.cancel(orderId, options);
        break;
      case 'settle':
        await sim.settle(orderId, options);
        break;
      case 'refundPart':
        await sim.refund(orderId, { amount: step.amount, ...options });
        break;
      case 'refundAll':
        await sim.refund(orderId, options);
        break;
      case 'chargebackPart':
        await sim.chargeback(orderId, { amount: step.amount, ...options });
        break;
      case 'chargebackAll':
        await sim.chargeback(orderId, options);
        break;
    }
  }
}

/** The state tagih must end in, from Midtrans's latest attempt, once the window is over. */
function expectedState(truth: OrderTruth): { status: OrderStatus; refunded: number } {
  switch (truth.status) {
    case 'settlement':
      return { status: 'paid', refunded: 0 };
    case 'capture':
      return { status: truth.fraudStatus === 'challenge' ? 'pending' : 'paid', refunded: 0 };
    case 'partial_refund':
    case 'partial_chargeback':
      return { status: 'paid', refunded: truth.grossAmount - truth.netAmount };
    case 'refund':
    case 'chargeback':
      return { status: 'refunded', refunded: truth.grossAmount };
    case 'cancel':
      return { status: 'cancelled', refunded: 0 };
    case 'deny':
    case 'failure':
      return { status: 'failed', refunded: 0 };
    default:
      // No attempt, an attempt left pending (tagih expires it at Midtrans), or one that expired.
      return { status: 'expired', refunded: 0 };
  }
}

/** Midtrans holds this order's money (some or all of it). */
const holdsMoney = (truth: OrderTruth) => expectedState(truth).status === 'paid';

async function settleDown(h: Harness): Promise<void> {
  for (let round = 0; round < 4; round++) {
    await h.sim.idle();
    await h.notifications.drain();
    await h.inbox.runOnce();
    await h.reconciler.runOnce();
  }
  await h.sim.idle();
  await h.notifications.drain();
}

describe('payments: tagih ends where Midtrans is (model-based)', function () {
  this.timeout(120_000);

  it('agrees with Midtrans on every order, notice, count and total for generated per-method event sequences', async function () {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ usageLimit, customers, shuffle, duplicate }) => {
        const h = await startHarness({ verifyStatus: true, rateLimit: { windowMs: 60_000, limit: 1_000 } });
        try {
          const link = await h.createLink({ usageLimit, price: PRICE });
          const orders: string[] = [];
          for (const [i, script] of customers.entries()) {
            const res = await postForm(`${h.url}/p/${link.slug}`, { name: `Pembeli ${i}`, phone: `0813555500${String(i).padStart(2, '0')}`, email: `m${i}@mail.com` });
            // A full link refuses; every slot is held until Midtrans says the order cannot be paid.
            if (res.status !== 303) {
              expect(res.status).to.equal(409);
              continue;
            }
            const [order] = await h.store.orders.listByLink(link.id, 1);
            orders.push(order!.id);
            await run(h, order!.id, script);
          }
          // Held notifications arrive late, in a made-up order, some twice.
          const held = h.sim.held().map((n) => n.id);
          for (const [i, pick] of shuffle.entries()) {
            if (held.length < 2) break;
            const [j, k] = [i % held.length, pick % held.length];
            [held[j], held[k]] = [held[k]!, held[j]!];
          }
          if (held.length > 0) await h.sim.deliverHeld(held, { duplicate });
          // The window ends.
          h.advance(31 * MINUTE);
          await settleDown(h);

          const keys = (await h.outbox()).filter((e) => e.merchantId !== null);
          let paid = 0;
          let total = 0;
          for (const orderId of orders) {
            const truth = h.sim.truth(orderId);
            const want = expectedState(truth);
            const order = (await h.links.order(orderId))!;
            const told = keys.filter((e) => e.key.startsWith(`${orderId}:`)).map((e) => e.key.slice(orderId.length + 1).replace(/:merchant$/, ''));
            const context = `${orderId} truth ${JSON.stringify({ status: truth.status, fraud: truth.fraudStatus, net: truth.netAmount })} told ${told.join(',')}`;
            expect(order.status, context).to.equal(want.status);
            if (want.status === 'paid') expect(order.refundedAmount, context).to.equal(want.refunded);

            const paidNotices = told.filter((t) => t === 'paid' || t === 'paid_late');
            // Once at most; exactly once when Midtrans took money (a void may come before tagih ever saw the capture).
            expect(paidNotices.length, context).to.be.at.most(1);
            if (truth.paid) expect(paidNotices, context).to.have.length(1);
            if (holdsMoney(truth)) expect(told, context).to.not.include('expired');
            if (want.status === 'pending') expect(told, context).to.include('challenge');
            // A void un-pays what tagih had recorded as paid, and says so.
            if (truth.status === 'cancel') expect(told.includes('voided'), context).to.equal(paidNotices.length === 1);
            if (truth.status === 'refund') expect(told, context).to.include('refunded');
            if (truth.status === 'chargeback') expect(told, context).to.include('charged_back');
            if (truth.status === 'partial_refund') expect(told, context).to.include(`partially_refunded:${want.refunded}`);
            if (truth.status === 'partial_chargeback') expect(told, context).to.include(`partially_charged_back:${want.refunded}`);
            if (holdsMoney(truth)) {
              paid += 1;
              total += truth.netAmount;
            }
          }
          const usage = await h.store.links.usage(link.id);
          expect(usage.paid, 'paid count').to.equal(paid);
          expect(usage.paidTotal, 'net total').to.equal(total);
          const toldOverLimit = keys.map((e) => storedNotice(e.notice)).some((n) => n.kind === 'order_event' && n.usage.limit !== null && n.usage.paid > n.usage.limit);
          if (usage.paid > usageLimit) expect(toldOverLimit, 'over the limit, and the merchant was told').to.equal(true);
        } finally {
          await h.close();
        }
      }),
      { numRuns: Number(process.env['MODEL_RUNS'] ?? 25) },
    );
  });
});
