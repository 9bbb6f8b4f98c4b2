/**
 * The store contract: what the product relies on from any database. Both the
 * embedded SQLite store and the MongoDB store run this same suite.
 */
import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { linkState, type Link } from '../../src/domain/link.ts';
import { plainOffer } from '../../src/domain/link-offer.ts';
import type { Notice } from '../../src/notify/notices.ts';
import { MAX_TRANSACTION_IDS, type PaymentInfo } from '../../src/domain/order.ts';
import type { Invite, NewOutboxEntry, ReserveRequest, Shop, Store } from '../../src/store/ports.ts';

const T0 = new Date('2026-11-24T03:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export function newLink(overrides: Partial<Omit<Link, 'number'>> = {}): Omit<Link, 'number'> {
  const id = unique('l');
  return {
    id,
    merchantId: 'telegram:100',
    orderId: unique('INV-'),
    slug: unique('s'),
    itemName: 'Kaos',
    price: 150_000,
    usageLimit: 1,
    customer: null,
    expiresAt: null,
    createdVia: 'telegram',
    notifyChatId: '100',
    recipient: null,
    createdAt: T0,
    deletedAt: null,
    ...plainOffer('Kaos', 150_000),
    ...overrides,
  };
}

function reserveRequest(linkId: string, who: string, overrides: Partial<ReserveRequest> = {}): ReserveRequest {
  return {
    linkId,
    customer: { name: who, phone: null, email: `${who}@mail.com` },
    customerKey: `email:${who}@mail.com`,
    amount: 150_000,
    now: T0,
    holdUntil: at(30 * MINUTE),
    receiptTo: null,
    ...overrides,
  };
}

function payment(status: string): PaymentInfo {
  return {
    method: 'qris',
    channel: 'gopay',
    transactionId: 'tx-1',
    amountReceived: 150_000,
    grossAmountRaw: '150000.00',
    transactionStatus: status,
    fraudStatus: 'accept',
    at: T0,
  };
}

function notice(text: string): Notice {
  return {
    kind: 'link_share',
    customerName: text,
    merchantName: 'tagih',
    link: { id: 'l', number: 1, orderId: 'o', slug: 's', itemName: 'Kaos', price: 1, usageLimit: 1, url: 'u', expiresAt: null },
  };
}

function entry(key: string, target: string, overrides: Partial<NewOutboxEntry> = {}): NewOutboxEntry {
  return { key, channel: 'telegram', target, merchantId: null, notice: notice(key), notBefore: T0, ...overrides };
}

export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, function () {
    let store: Store;

    beforeEach(async function () {
      store = await open();
    });

    afterEach(async function () {
      await store.close();
    });

    describe('links', function () {
      it('keeps a link and finds it by id, slug, Order ID and number', async function () {
        const created = await store.links.create(newLink({ customer: { name: 'Budi', phone: '6281234567890', email: null } }));
        expect(created.number).to.equal(1);
        for (const found of [
          await store.links.byId(created.id),
          await store.links.bySlug(created.slug),
          await store.links.byOrderId(created.orderId),
          await store.links.byNumber('telegram:100', 1),
        ]) {
          expect(found).to.deep.equal(created);
        }
        expect(await store.links.bySlug('nope')).to.equal(null);
      });

      it('keeps a link’s whole offer', async function () {
        const offer = {
          pricing: { kind: 'open' as const, min: 10_000, max: 5_000_000, presets: [25_000, 50_000] },
          items: [],
          quantity: null,
          stock: 20,
          methods: ['other_qris' as const, 'gopay' as const],
          questions: ['Ukuran (S/M/L)', 'Alamat kirim'],
          asks: { name: true, phone: true, email: false },
          thanks: 'Terima kasih! Dikirim besok.',
          redirectUrl: 'https://tokobudi.id/terima-kasih',
        };
        const link = await store.links.create(newLink({ itemName: 'Donasi', price: 0, ...offer }));
        expect(await store.links.byId(link.id)).to.deep.include(offer);
        const plain = await store.links.create(newLink());
        expect(await store.links.byId(plain.id)).to.deep.include(plainOffer('Kaos', 150_000));
      });

      it('numbers each merchant’s links on their own', async function () {
        const a1 = await store.links.create(newLink({ merchantId: 'telegram:1' }));
        const b1 = await store.links.create(newLink({ merchantId: 'telegram:2' }));
        const a2 = await store.links.create(newLink({ merchantId: 'telegram:1' }));
        expect([a1.number, b1.number, a2.number]).to.deep.equal([1, 1, 2]);
        expect(await store.links.byNumber('telegram:2', 2)).to.equal(null);
      });

      it('refuses a taken slug or Order ID and writes nothing', async function () {
        const first = await store.links.create(newLink());
        const sameSlug = newLink({ slug: first.slug });
        const sameOrderId = newLink({ orderId: first.orderId });
        for (const [link, code] of [
          [sameSlug, 'SLUG_TAKEN'],
          [sameOrderId, 'ORDER_ID_TAKEN'],
        ] as const) {
          const err = await store.links.create(link).catch((e: unknown) => e);
          expect(isAppError(err, code), String(err)).to.equal(true);
          expect(await store.links.byId(link.id)).to.equal(null);
        }
        const next = await store.links.create(newLink());
        expect(next.number).to.equal(2);
      });

      it('lists newest first, page by page', async function () {
        for (let i = 0; i < 5; i++) await store.links.create(newLink({ itemName: `Item ${i}` }));
        const page1 = await store.links.list({ merchantId: 'telegram:100', activeOnly: false, offset: 0, limit: 2, now: T0 });
        const page3 = await store.links.list({ merchantId: 'telegram:100', activeOnly: false, offset: 4, limit: 2, now: T0 });
        expect(page1.items.map((i) => i.link.itemName)).to.deep.equal(['Item 4', 'Item 3']);
        expect(page1.hasMore).to.equal(true);
        expect(page3.items.map((i) => i.link.itemName)).to.deep.equal(['Item 0']);
        expect(page3.hasMore).to.equal(false);
        expect(page1.items[0]!.state).to.equal('active');
      });

      it('lists only active links when asked', async function () {
        const active = await store.links.create(newLink({ itemName: 'active' }));
        const deleted = await store.links.create(newLink({ itemName: 'deleted' }));
        await store.links.markDeleted(deleted.id, T0);
        await store.links.create(newLink({ itemName: 'expired', expiresAt: at(-1) }));
        const soldOut = await store.links.create(newLink({ itemName: 'sold out' }));
        await store.orders.reserve(reserveRequest(soldOut.id, 'ani'));
        const all = await store.links.list({ merchantId: 'telegram:100', activeOnly: false, offset: 0, limit: 10, now: T0 });
        const activeOnly = await store.links.list({ merchantId: 'telegram:100', activeOnly: true, offset: 0, limit: 10, now: T0 });
        expect(all.items.map((i) => [i.link.itemName, i.state])).to.deep.equal([
          ['sold out', 'sold_out'],
          ['expired', 'expired'],
          ['deleted', 'deleted'],
          ['active', 'active'],
        ]);
        expect(activeOnly.items.map((i) => i.link.id)).to.deep.equal([active.id]);
      });

      it('lists as active exactly the links the slot rule calls active, page by page', async function () {
        const later = at(60 * MINUTE);
        const make = async (itemName: string, usageLimit: number | null, to?: { status: 'paid' | 'expired'; refundedAmount?: number }) => {
          const link = await store.links.create(newLink({ itemName, usageLimit }));
          const r = await store.orders.reserve(reserveRequest(link.id, 'ani'));
          if (r.kind !== 'reserved') throw new Error('not reserved');
          if (to) {
            await store.orders.transition({ orderId: r.order.id, from: 'pending', fromRefunded: 0, to: to.status, refundedAmount: 0, payment: null, outbox: () => [], now: T0 });
          }
          if (to?.refundedAmount) {
            await store.orders.transition({ orderId: r.order.id, from: 'paid', fromRefunded: 0, to: 'paid', refundedAmount: to.refundedAmount, payment: null, outbox: () => [], now: T0 });
          }
          return link;
        };
        await make('held past its window', 1);
        await make('partly refunded, still sold', 1, { status: 'paid', refundedAmount: 10_000 });
        await make('expired order frees the slot', 1, { status: 'expired' });
        await make('one of two held', 2);
        await make('unlimited', null, { status: 'paid' });

        const pages = async (activeOnly: boolean) => {
          const seen: Array<[string, string]> = [];
          for (let offset = 0; ; offset++) {
            const page = await store.links.list({ merchantId: 'telegram:100', activeOnly, offset, limit: 1, now: later });
            seen.push(...page.items.map((i): [string, string] => [i.link.itemName, i.state]));
            if (!page.hasMore) return seen;
          }
        };
        const all = await pages(false);
        for (const [itemName, state] of all) {
          const found = (await store.links.list({ merchantId: 'telegram:100', activeOnly: false, offset: 0, limit: 10, now: later })).items.find((i) => i.link.itemName === itemName)!;
          expect(linkState(found.link, await store.links.usage(found.link.id), later), itemName).to.equal(state);
        }
        expect(all).to.deep.equal([
          ['unlimited', 'active'],
          ['one of two held', 'active'],
          ['expired order frees the slot', 'active'],
          ['partly refunded, still sold', 'sold_out'],
          ['held past its window', 'sold_out'],
        ]);
        expect(await pages(true)).to.deep.equal(all.filter(([, state]) => state === 'active'));
      });

      it('soft-deletes once and keeps the first deletion time', async function () {
        const link = await store.links.create(newLink());
        const first = await store.links.markDeleted(link.id, at(1000));
        const again = await store.links.markDeleted(link.id, at(5000));
        expect(first!.deletedAt).to.deep.equal(at(1000));
        expect(again!.deletedAt).to.deep.equal(at(1000));
        expect(await store.links.markDeleted('unknown', T0)).to.equal(null);
      });

      it('remembers the customer chat a link was posted into', async function () {
        const link = await store.links.create(newLink());
        await store.links.setRecipient(link.id, { channel: 'whatsapp', chatId: '6281@s.whatsapp.net' });
        expect((await store.links.byId(link.id))!.recipient).to.deep.equal({ channel: 'whatsapp', chatId: '6281@s.whatsapp.net' });
      });
    });

    describe('reservations', function () {
      it('creates orders <link order id>-<n> holding a slot each', async function () {
        const link = await store.links.create(newLink({ usageLimit: 3 }));
        const a = await store.orders.reserve(reserveRequest(link.id, 'ani'));
        const b = await store.orders.reserve(reserveRequest(link.id, 'budi'));
        expect(a.kind === 'reserved' && a.order.id).to.equal(`${link.orderId}-1`);
        expect(b.kind === 'reserved' && b.order.id).to.equal(`${link.orderId}-2`);
        expect(a.kind === 'reserved' && a.reused).to.equal(false);
        const usage = await store.links.usage(link.id);
        expect(usage).to.deep.equal({ orders: 2, paid: 0, paidTotal: 0, held: 2, itemsHeld: 2, itemsSold: 0 });
        const stored = await store.orders.byId(`${link.orderId}-1`);
        expect(stored).to.include({ status: 'pending', amount: 150_000, seq: 1, linkId: link.id });
        expect(stored!.reservedUntil).to.deep.equal(at(30 * MINUTE));
      });

      it('gives a customer their own live pending order back instead of a second slot', async function () {
        const link = await store.links.create(newLink({ usageLimit: 1 }));
        const first = await store.orders.reserve(reserveRequest(link.id, 'ani'));
        const again = await store.orders.reserve(reserveRequest(link.id, 'ani', { now: at(MINUTE) }));
        expect(again).to.deep.include({ kind: 'reserved', reused: true });
        expect(again.kind === 'reserved' && again.order.id).to.equal(first.kind === 'reserved' && first.order.id);
        expect((await store.links.usage(link.id)).orders).to.equal(1);
      });

      it('refuses when paid orders and live reservations fill the limit', async function () {
        const link = await store.links.create(newLink({ usageLimit: 2 }));
        await store.orders.reserve(reserveRequest(link.id, 'ani'));
        await store.orders.reserve(reserveRequest(link.id, 'budi'));
        expect(await store.orders.reserve(reserveRequest(link.id, 'cici'))).to.deep.equal({ kind: 'refused', state: 'sold_out' });
      });

      it('keeps the slot of a pending order past its window: Midtrans may still take the money', async function () {
        const link = await store.links.create(newLink({ usageLimit: 1 }));
        await store.orders.reserve(reserveRequest(link.id, 'ani'));
        const later = at(31 * MINUTE);
        expect(await store.orders.reserve(reserveRequest(link.id, 'budi', { now: later, holdUntil: at(61 * MINUTE) }))).to.deep.equal({
          kind: 'refused',
          state: 'sold_out',
        });
        expect((await store.links.usage(link.id)).held).to.equal(1);
      });

      it('hands a customer back their own order only inside its window; after it they get a new one where the limit allows', async function () {
        const link = await store.links.create(newLink({ usageLimit: 2 }));
        const first = await store.orders.reserve(reserveRequest(link.id, 'ani'));
        const later = at(31 * MINUTE);
        const second = await store.orders.reserve(reserveRequest(link.id, 'ani', { now: later, holdUntil: at(61 * MINUTE) }));
        expect(second).to.deep.include({ kind: 'reserved', reused: false });
        expect(second.kind === 'reserved' && second.order.id).to.not.equal(first.kind === 'reserved' && first.order.id);
        expect((await store.links.usage(link.id)).held).to.equal(2);
      });

      it('frees the slot of an expired, cancelled or failed order', async function () {
        const link = await store.links.create(newLink({ usageLimit: 1 }));
        for (const [who, to] of [
          ['ani', 'expired'],
          ['budi', 'cancelled'],
          ['cici', 'failed'],
        ] as const) {
          const r = await store.orders.reserve(reserveRequest(link.id, who));
          expect(r.kind, who).to.equal('reserved');
          if (r.kind !== 'reserved') return;
          await store.orders.transition({ orderId: r.order.id, from: 'pending', fromRefunded: 0, to, refundedAmount: 0, payment: null, outbox: () => [], now: T0 });
        }
        expect((await store.orders.reserve(reserveRequest(link.id, 'dedi'))).kind).to.equal('reserved');
      });

      it('never limits an unlimited link', async function () {
        const link = await store.links.create(newLink({ usageLimit: null }));
        for (let i = 0; i < 5; i++) expect((await store.orders.reserve(reserveRequest(link.id, `c${i}`))).kind).to.equal('reserved');
      });

      it('refuses deleted, expired and unknown links', async function () {
        const deleted = await store.links.create(newLink());
        await store.links.markDeleted(deleted.id, T0);
        const expired = await store.links.create(newLink({ expiresAt: at(-1) }));
        expect(await store.orders.reserve(reserveRequest(deleted.id, 'ani'))).to.deep.equal({ kind: 'refused', state: 'deleted' });
        expect(await store.orders.reserve(reserveRequest(expired.id, 'ani'))).to.deep.equal({ kind: 'refused', state: 'expired' });
        expect(await store.orders.reserve(reserveRequest('nope', 'ani'))).to.deep.equal({ kind: 'refused', state: 'unknown' });
      });

      it('lets exactly one of 50 concurrent customers take the last slot', async function () {
        const link = await store.links.create(newLink({ usageLimit: 3 }));
        await store.orders.reserve(reserveRequest(link.id, 'early1'));
        await store.orders.reserve(reserveRequest(link.id, 'early2'));
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.orders.reserve(reserveRequest(link.id, `racer${i}`))),
        );
        expect(results.filter((r) => r.kind === 'reserved')).to.have.length(1);
        expect(results.filter((r) => r.kind === 'refused' && r.state === 'sold_out')).to.have.length(49);
        const usage = await store.links.usage(link.id);
        expect(usage.held).to.equal(3);
        expect(usage.orders).to.equal(3);
      });

      it('holds and releases stock like slots: a pending order holds its quantity, a paid one sells it, a closed one frees it', async function () {
        const link = await store.links.create(newLink({ usageLimit: null, stock: 5, quantity: { min: 1, max: 5 } }));
        const close = async (orderId: string, to: 'expired' | 'paid') =>
          store.orders.transition({ orderId, from: 'pending', fromRefunded: 0, to, refundedAmount: 0, payment: null, outbox: () => [], now: T0 });
        const ani = await store.orders.reserve(reserveRequest(link.id, 'ani', { quantity: 3, amount: 450_000 }));
        expect(ani.kind === 'reserved' && ani.order.quantity).to.equal(3);
        expect(await store.links.usage(link.id)).to.include({ held: 1, itemsHeld: 3, itemsSold: 0 });
        expect(await store.orders.reserve(reserveRequest(link.id, 'budi', { quantity: 3, amount: 450_000 }))).to.deep.equal({ kind: 'short', stockLeft: 2 });
        expect((await store.links.usage(link.id)).orders).to.equal(1);

        if (ani.kind !== 'reserved') return;
        await close(ani.order.id, 'expired');
        expect(await store.links.usage(link.id)).to.include({ held: 0, itemsHeld: 0, itemsSold: 0 });
        const budi = await store.orders.reserve(reserveRequest(link.id, 'budi', { quantity: 3, amount: 450_000 }));
        if (budi.kind !== 'reserved') return expect.fail('budi not reserved');
        await close(budi.order.id, 'paid');
        expect(await store.links.usage(link.id)).to.include({ itemsHeld: 0, itemsSold: 3 });
        expect(await store.orders.reserve(reserveRequest(link.id, 'cici', { quantity: 3, amount: 450_000 }))).to.deep.equal({ kind: 'short', stockLeft: 2 });
        expect((await store.orders.reserve(reserveRequest(link.id, 'cici', { quantity: 2, amount: 300_000 }))).kind).to.equal('reserved');
        expect(await store.orders.reserve(reserveRequest(link.id, 'dedi'))).to.deep.equal({ kind: 'refused', state: 'sold_out' });
      });

      it('never sells more than `stok 20` to 50 customers buying quantities at once', async function () {
        const link = await store.links.create(newLink({ usageLimit: null, stock: 20, quantity: { min: 1, max: 5 } }));
        const wants = Array.from({ length: 50 }, (_, i) => 1 + (i % 5));
        const results = await Promise.all(
          wants.map((quantity, i) => store.orders.reserve(reserveRequest(link.id, `racer${i}`, { quantity, amount: 150_000 * quantity }))),
        );
        const taken = results.reduce((sum, r) => sum + (r.kind === 'reserved' ? r.order.quantity : 0), 0);
        expect(taken).to.be.at.most(20);
        // Whoever was refused saw a stock that could not take their quantity.
        for (const [i, r] of results.entries()) if (r.kind === 'short') expect(r.stockLeft).to.be.below(wants[i]!);
        const usage = await store.links.usage(link.id);
        expect(usage.itemsHeld).to.equal(taken);
        expect(usage.held).to.equal(results.filter((r) => r.kind === 'reserved').length);
        // Paying them all sells exactly what was held, never more than the stock.
        for (const r of results) {
          if (r.kind !== 'reserved') continue;
          await store.orders.transition({ orderId: r.order.id, from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: null, outbox: () => [], now: T0 });
        }
        expect(await store.links.usage(link.id)).to.include({ itemsHeld: 0, itemsSold: taken });
      });

      it('keeps an order’s quantity and answers, and hands a customer back their pending order only for the same terms', async function () {
        const link = await store.links.create(newLink({ usageLimit: null, quantity: { min: 1, max: 5 }, questions: ['Ukuran'] }));
        const first = await store.orders.reserve(reserveRequest(link.id, 'ani', { quantity: 2, amount: 300_000, answers: ['M'] }));
        if (first.kind !== 'reserved') return expect.fail('not reserved');
        expect(await store.orders.byId(first.order.id)).to.deep.include({ quantity: 2, answers: ['M'], amount: 300_000 });
        const same = await store.orders.reserve(reserveRequest(link.id, 'ani', { quantity: 2, amount: 300_000, answers: ['M'], now: at(MINUTE) }));
        expect(same.kind === 'reserved' && [same.reused, same.order.id]).to.deep.equal([true, first.order.id]);
        const other = await store.orders.reserve(reserveRequest(link.id, 'ani', { quantity: 3, amount: 450_000, answers: ['M'], now: at(MINUTE) }));
        expect(other.kind === 'reserved' && other.reused).to.equal(false);
        const changed = await store.orders.reserve(reserveRequest(link.id, 'ani', { quantity: 2, amount: 300_000, answers: ['L'], now: at(MINUTE) }));
        expect(changed.kind === 'reserved' && changed.reused).to.equal(false);
      });

      it('hands out distinct order numbers under concurrency on an unlimited link', async function () {
        const link = await store.links.create(newLink({ usageLimit: null }));
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.orders.reserve(reserveRequest(link.id, `c${i}`))));
        const ids = results.map((r) => (r.kind === 'reserved' ? r.order.id : 'refused'));
        expect(new Set(ids).size).to.equal(30);
      });

      it('keeps who started a checkout, and finds a client’s live checkouts on any link by browser or by address', async function () {
        const [one, two] = [await store.links.create(newLink({ usageLimit: null })), await store.links.create(newLink({ usageLimit: null }))];
        const reserve = async (linkId: string, who: string, client: ReserveRequest['client'], overrides: Partial<ReserveRequest> = {}) => {
          const result = await store.orders.reserve(reserveRequest(linkId, who, { client, ...overrides }));
          if (result.kind !== 'reserved') throw new Error('not reserved');
          return result.order;
        };
        const phone = { browser: 'b-phone', address: '203.0.113.1' };
        const a = await reserve(one.id, 'ani', phone);
        expect(a.client).to.deep.equal(phone);
        expect((await store.orders.byId(a.id))!.client).to.deep.equal(phone);
        const b = await reserve(two.id, 'ani2', { browser: 'b-phone', address: '198.51.100.9' }, { now: at(MINUTE) });
        const c = await reserve(two.id, 'budi', { browser: 'b-laptop', address: '203.0.113.1' }, { now: at(2 * MINUTE) });
        await reserve(two.id, 'citra', { browser: 'b-other', address: '192.0.2.5' });
        const old = await reserve(one.id, 'dewi', null);
        expect(old.client).to.equal(null);
        await reserve(one.id, 'eko', phone, { holdUntil: at(MINUTE) });

        const live = await store.orders.liveOfClient(phone, at(1.5 * MINUTE), 10);
        // By browser (a, b) or by address (a, c), each once, newest first; not the one whose time ran out.
        expect(live.map((o) => o.id)).to.deep.equal([c.id, b.id, a.id]);
        expect(await store.orders.liveOfClient(phone, at(1.5 * MINUTE), 2)).to.have.length(2);
        // A paid (no longer pending) checkout is not held any more.
        await store.orders.transition({ orderId: a.id, from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: payment('settlement'), outbox: () => [], now: at(MINUTE) });
        expect((await store.orders.liveOfClient(phone, at(1.5 * MINUTE), 10)).map((o) => o.id)).to.deep.equal([c.id, b.id]);
        expect(await store.orders.liveOfClient({ browser: 'nobody', address: '192.0.2.250' }, T0, 10)).to.deep.equal([]);
      });

      it('lists a link’s orders newest first and keeps the Snap session', async function () {
        const link = await store.links.create(newLink({ usageLimit: null }));
        const a = await store.orders.reserve(reserveRequest(link.id, 'ani'));
        await store.orders.reserve(reserveRequest(link.id, 'budi'));
        if (a.kind !== 'reserved') throw new Error('not reserved');
        await store.orders.attachSnap(a.order.id, { token: 't', redirectUrl: 'https://snap/t' });
        const orders = await store.orders.listByLink(link.id, 10);
        expect(orders.map((o) => o.seq)).to.deep.equal([2, 1]);
        expect(orders[1]!.snap).to.deep.equal({ token: 't', redirectUrl: 'https://snap/t' });
      });
    });

    describe('status changes', function () {
      async function reserved(usageLimit: number | null = 1) {
        const link = await store.links.create(newLink({ usageLimit }));
        const r = await store.orders.reserve(reserveRequest(link.id, 'ani'));
        if (r.kind !== 'reserved') throw new Error('not reserved');
        return { link, order: r.order };
      }

      it('applies a change only from the expected status, with its notices, atomically', async function () {
        const { link, order } = await reserved();
        const result = await store.orders.transition({
          orderId: order.id,
          from: 'pending',
          fromRefunded: 0,
          to: 'paid',
          refundedAmount: 0,
          payment: payment('settlement'),
          outbox: (usage) => [entry(`${order.id}:paid`, '100', { notice: notice(`paid ${usage.paid}`) })],
          now: at(MINUTE),
        });
        expect(result.applied).to.equal(true);
        if (!result.applied) return;
        expect(result.order.status).to.equal('paid');
        expect(result.order.payment).to.deep.equal(payment('settlement'));
        expect(result.usage).to.include({ paid: 1, paidTotal: 150_000, held: 0 });
        const queued = await store.outbox.list({ limit: 10 });
        expect(queued.map((e) => [e.key, e.notice.kind === 'link_share' && e.notice.customerName])).to.deep.equal([
          [`${order.id}:paid`, 'paid 1'],
        ]);

        const stale = await store.orders.transition({
          orderId: order.id,
          from: 'pending',
          fromRefunded: 0,
          to: 'expired',
          refundedAmount: 0,
          payment: null,
          outbox: () => [entry('should-not-exist', '100')],
          now: at(2 * MINUTE),
        });
        expect(stale.applied).to.equal(false);
        expect(!stale.applied && stale.current?.status).to.equal('paid');
        expect(await store.outbox.list({ limit: 10 })).to.have.length(1);
        expect((await store.links.usage(link.id)).paid).to.equal(1);
      });

      it('settles the notification behind a change in the same step, and only when the change applies', async function () {
        const { order } = await reserved();
        const stored = await store.inbox.add({ orderId: order.id, body: '{"settles":1}', receivedAt: T0 });
        const late = await store.inbox.add({ orderId: order.id, body: '{"settles":2}', receivedAt: T0 });
        const settle = (inboxId: string, from: 'pending' | 'paid') =>
          store.orders.transition({ orderId: order.id, from, fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: payment('settlement'), outbox: () => [], notification: { inboxId, outcome: 'applied:paid' }, now: T0 });
        expect((await settle(stored.id, 'pending')).applied).to.equal(true);
        expect((await settle(late.id, 'pending')).applied).to.equal(false);
        expect((await store.inbox.add({ orderId: order.id, body: '{"settles":1}', receivedAt: at(1000) })).duplicate).to.equal(true);
        expect((await store.inbox.add({ orderId: order.id, body: '{"settles":2}', receivedAt: at(1000) })).duplicate).to.equal(false);
      });

      it('keeps a notification not yet in the inbox in the write of its change, processed, and only when the change applies', async function () {
        const { order } = await reserved();
        const received = (body: string) => ({ orderId: order.id, body, receivedAt: T0 });
        const apply = (body: string) =>
          store.orders.transition({ orderId: order.id, from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: payment('settlement'), outbox: () => [], notification: { received: received(body), outcome: 'applied:paid' }, now: T0 });
        expect((await apply('{"kept":1}')).applied).to.equal(true);
        expect((await apply('{"kept":2}')).applied).to.equal(false);
        // Processed, so never due for the worker.
        expect(await store.inbox.claimDue({ now: at(24 * 3600_000), worker: 'w', leaseMs: 60_000, limit: 10 })).to.deep.equal([]);
        expect((await store.inbox.add(received('{"kept":1}'))).duplicate).to.equal(true);
        expect((await store.inbox.add(received('{"kept":2}'))).duplicate).to.equal(false);
      });

      it('keeps a notification for a retry: due at its retry time with one attempt made; a body kept open before gets that retry, a processed one stays processed', async function () {
        const { order } = await reserved();
        const received = (body: string) => ({ orderId: order.id, body, receivedAt: T0 });
        const due = (ms: number) => store.inbox.claimDue({ now: at(ms), worker: 'w', leaseMs: 60_000, limit: 10 });
        await store.inbox.keepForRetry(received('{"later":1}'), 'MIDTRANS_UNAVAILABLE', at(10_000));
        expect(await store.inbox.processed('{"later":1}')).to.equal(false);
        expect(await due(9_999)).to.deep.equal([]);
        expect((await due(10_000)).map((e) => [e.body, e.attempts])).to.deep.equal([['{"later":1}', 1]]);

        await store.inbox.add(received('{"later":2}'));
        await store.inbox.keepForRetry(received('{"later":2}'), 'MIDTRANS_UNAVAILABLE', at(20_000));
        expect((await due(20_000)).map((e) => [e.body, e.attempts])).to.deep.equal([['{"later":2}', 1]]);

        await store.inbox.keepProcessed(received('{"later":3}'), 'applied:paid');
        await store.inbox.keepForRetry(received('{"later":3}'), 'MIDTRANS_UNAVAILABLE', at(30_000));
        expect(await store.inbox.processed('{"later":3}')).to.equal(true);
        expect((await due(24 * 3600_000)).map((e) => e.body).sort()).to.deep.equal(['{"later":1}', '{"later":2}']);
      });

      it('says whether this very body is kept and processed', async function () {
        const { order } = await reserved();
        const received = (body: string) => ({ orderId: order.id, body, receivedAt: T0 });
        expect(await store.inbox.processed('{"seen":1}')).to.equal(false);
        const { id } = await store.inbox.add(received('{"seen":1}'));
        expect(await store.inbox.processed('{"seen":1}')).to.equal(false);
        await store.inbox.markProcessed(id, 'applied:paid', T0);
        expect(await store.inbox.processed('{"seen":1}')).to.equal(true);
        expect(await store.inbox.processed('{"seen":1} ')).to.equal(false);
      });

      it('keeps a notification already processed: never due, a duplicate when it comes again, and the end of the same body kept open before', async function () {
        const { order } = await reserved();
        const received = (body: string) => ({ orderId: order.id, body, receivedAt: T0 });
        await store.inbox.keepProcessed(received('{"told":1}'), 'ignored:unchanged');
        expect((await store.inbox.add(received('{"told":1}'))).duplicate).to.equal(true);

        await store.inbox.add(received('{"told":2}'));
        await store.inbox.keepProcessed(received('{"told":2}'), 'ignored:unchanged');
        await store.inbox.keepProcessed(received('{"told":2}'), 'ignored:unchanged');
        expect(await store.inbox.claimDue({ now: at(24 * 3600_000), worker: 'w', leaseMs: 60_000, limit: 10 })).to.deep.equal([]);
        expect((await store.inbox.add(received('{"told":2}'))).duplicate).to.equal(true);
      });

      it('reports an unknown order as not applied', async function () {
        const result = await store.orders.transition({ orderId: 'nope-1', from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: null, outbox: () => [], now: T0 });
        expect(result).to.deep.equal({ applied: false, current: null });
      });

      it('takes a paid order out of the paid count when it is reversed or refunded', async function () {
        const { link, order } = await reserved(5);
        await store.orders.transition({ orderId: order.id, from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: payment('settlement'), outbox: () => [], now: T0 });
        const reversed = await store.orders.transition({ orderId: order.id, from: 'paid', fromRefunded: 0, to: 'failed', refundedAmount: 0, payment: payment('deny'), outbox: () => [], now: T0 });
        expect(reversed.applied && reversed.usage).to.include({ paid: 0, paidTotal: 0 });
        expect(await store.links.usage(link.id)).to.include({ paid: 0, held: 0, orders: 1 });
      });

      it('keeps a partly refunded order paid, counts the net money, and compares the refunded amount too', async function () {
        const { link, order } = await reserved(5);
        const change = (from: 'pending' | 'paid', fromRefunded: number, to: 'paid' | 'refunded', refundedAmount: number) =>
          store.orders.transition({ orderId: order.id, from, fromRefunded, to, refundedAmount, payment: payment('settlement'), outbox: () => [], now: T0 });
        expect((await change('pending', 0, 'paid', 0)).applied).to.equal(true);
        const partly = await change('paid', 0, 'paid', 10_000);
        expect(partly.applied && partly.order).to.include({ status: 'paid', refundedAmount: 10_000 });
        expect(partly.applied && partly.usage).to.include({ paid: 1, paidTotal: 140_000 });
        // The same partial refund seen twice: the second compare-and-set misses.
        expect((await change('paid', 0, 'paid', 10_000)).applied).to.equal(false);
        expect((await change('paid', 10_000, 'paid', 30_000)).applied).to.equal(true);
        const full = await change('paid', 30_000, 'refunded', 150_000);
        expect(full.applied && full.usage).to.include({ paid: 0, paidTotal: 0 });
        expect(await store.links.usage(link.id)).to.include({ paid: 0, paidTotal: 0, held: 0 });
        expect((await store.orders.byId(order.id))!).to.include({ status: 'refunded', refundedAmount: 150_000 });
      });

      it('keeps every transaction id an order had, once each, oldest first, up to the bound', async function () {
        const { order } = await reserved();
        expect((await store.orders.byId(order.id))!.transactionIds).to.deep.equal([]);
        await store.orders.addTransactionId(order.id, 'tx-a');
        await store.orders.addTransactionId(order.id, 'tx-b');
        await store.orders.addTransactionId(order.id, 'tx-a');
        expect((await store.orders.byId(order.id))!.transactionIds).to.deep.equal(['tx-a', 'tx-b']);
        for (let i = 0; i < MAX_TRANSACTION_IDS + 5; i++) await store.orders.addTransactionId(order.id, `tx-${i}`);
        expect((await store.orders.byId(order.id))!.transactionIds).to.have.length(MAX_TRANSACTION_IDS);
        await store.orders.addTransactionId('nope-1', 'tx-a');
        expect(await store.orders.byId('nope-1')).to.equal(null);
      });

      it('keeps the transaction id a change names in the same write, whether or not the change applies', async function () {
        const { order } = await reserved();
        const change = (transactionId: string) =>
          store.orders.transition({ orderId: order.id, from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: payment('settlement'), outbox: () => [], transactionId, now: T0 });
        const applied = await change('tx-a');
        expect(applied.applied && applied.order.transactionIds).to.deep.equal(['tx-a']);
        // No longer pending: the compare-and-set misses, the id is kept all the same.
        const missed = await change('tx-b');
        expect(!missed.applied && missed.current?.transactionIds).to.deep.equal(['tx-a', 'tx-b']);
        await change('tx-a');
        expect((await store.orders.byId(order.id))!.transactionIds).to.deep.equal(['tx-a', 'tx-b']);
      });

      it('lets exactly one of many concurrent identical changes win, with one notice', async function () {
        const { order } = await reserved();
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.orders.transition({
              orderId: order.id,
              from: 'pending',
              fromRefunded: 0,
              to: 'paid',
              refundedAmount: 0,
              payment: payment('settlement'),
              outbox: () => [entry(`${order.id}:paid`, '100')],
              now: T0,
            }),
          ),
        );
        expect(results.filter((r) => r.applied)).to.have.length(1);
        expect(await store.outbox.list({ limit: 10 })).to.have.length(1);
      });

      it('hands stale pending orders to one reconciler at a time', async function () {
        const { order } = await reserved();
        const claimA = await store.orders.claimStale({ staleBefore: at(MINUTE), now: at(MINUTE), worker: 'a', leaseMs: MINUTE, limit: 10 });
        const claimB = await store.orders.claimStale({ staleBefore: at(MINUTE), now: at(MINUTE), worker: 'b', leaseMs: MINUTE, limit: 10 });
        const afterLease = await store.orders.claimStale({ staleBefore: at(3 * MINUTE), now: at(3 * MINUTE), worker: 'b', leaseMs: MINUTE, limit: 10 });
        expect(claimA.map((o) => o.id)).to.deep.equal([order.id]);
        expect(claimB).to.deep.equal([]);
        expect(afterLease.map((o) => o.id)).to.deep.equal([order.id]);
        expect(await store.orders.claimStale({ staleBefore: T0, now: at(10 * MINUTE), worker: 'c', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);
      });
    });

    describe("a merchant's orders of a period (reports, exports)", function () {
      it('pages through the orders made in the period, oldest first, each with its link, and only that merchant\'s', async function () {
        const kaos = await store.links.create(newLink({ usageLimit: null }));
        const topi = await store.links.create(newLink({ usageLimit: null, itemName: 'Topi' }));
        const others = await store.links.create(newLink({ usageLimit: null, merchantId: 'telegram:200' }));
        const made: string[] = [];
        for (const [link, minute, who] of [
          [kaos, 0, 'a'],
          [topi, 1, 'b'],
          [others, 1, 'x'],
          [kaos, 1, 'c'],
          [topi, 5, 'd'],
          [kaos, 60, 'late'],
        ] as const) {
          const r = await store.orders.reserve(reserveRequest(link.id, who, { now: at(minute * MINUTE), holdUntil: at((minute + 30) * MINUTE) }));
          if (r.kind !== 'reserved') throw new Error('not reserved');
          if (who !== 'x' && who !== 'late') made.push(r.order.id);
        }
        const query = { merchantId: 'telegram:100', from: T0, until: at(60 * MINUTE) };
        const first = await store.orders.ofMerchant({ ...query, after: null, limit: 3 });
        expect(first).to.have.length(3);
        const last = first.at(-1)!.order;
        const second = await store.orders.ofMerchant({ ...query, after: { createdAt: last.createdAt, id: last.id }, limit: 3 });
        const ids = [...first, ...second].map((row) => row.order.id);
        // Two orders of the same minute come in order id order; the page boundary neither skips nor repeats.
        expect(ids).to.deep.equal([made[0], ...[made[1], made[2]].sort(), made[3]]);
        expect([...first, ...second].map((row) => row.order.createdAt.getTime())).to.deep.equal([0, 1, 1, 5].map((m) => at(m * MINUTE).getTime()));
        const row = second.at(-1)!;
        expect(row.link).to.deep.include({ id: topi.id, number: topi.number, itemName: 'Topi', merchantId: 'telegram:100' });
        expect(row.order).to.deep.include({ linkId: topi.id, status: 'pending', amount: 150_000 });
        expect(await store.orders.ofMerchant({ ...query, after: { createdAt: row.order.createdAt, id: row.order.id }, limit: 3 })).to.deep.equal([]);
        expect(await store.orders.ofMerchant({ merchantId: 'telegram:300', from: T0, until: at(60 * MINUTE), after: null, limit: 10 })).to.deep.equal([]);
      });
    });

    describe('inbox', function () {
      it('keeps each notification and recognises one already processed', async function () {
        const first = await store.inbox.add({ orderId: 'o-1', body: '{"a":1}', receivedAt: T0 });
        expect(first.duplicate).to.equal(false);
        const resent = await store.inbox.add({ orderId: 'o-1', body: '{"a":1}', receivedAt: at(1000) });
        expect(resent).to.deep.equal({ id: first.id, duplicate: false });
        await store.inbox.markProcessed(first.id, 'applied', at(2000));
        expect(await store.inbox.add({ orderId: 'o-1', body: '{"a":1}', receivedAt: at(3000) })).to.deep.equal({ id: first.id, duplicate: true });
        expect((await store.inbox.add({ orderId: 'o-1', body: '{"a":2}', receivedAt: T0 })).id).to.not.equal(first.id);
      });

      it('hands unfinished notifications to one worker once they are due', async function () {
        const { id } = await store.inbox.add({ orderId: 'o-1', body: '{"b":1}', receivedAt: T0 });
        expect(await store.inbox.claimDue({ now: at(1000), worker: 'w', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);
        const due = await store.inbox.claimDue({ now: at(2 * MINUTE), worker: 'w', leaseMs: MINUTE, limit: 10 });
        expect(due).to.have.length(1);
        expect(due[0]).to.deep.include({ id, orderId: 'o-1', body: '{"b":1}', attempts: 0 });
        expect(await store.inbox.claimDue({ now: at(2 * MINUTE), worker: 'x', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);
        await store.inbox.markRetry(id, 'Get Status timed out', at(4 * MINUTE));
        expect(await store.inbox.claimDue({ now: at(3 * MINUTE), worker: 'w', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);
        const retried = await store.inbox.claimDue({ now: at(4 * MINUTE), worker: 'w', leaseMs: MINUTE, limit: 10 });
        expect(retried[0]!.attempts).to.equal(1);
        await store.inbox.markProcessed(id, 'applied', at(4 * MINUTE));
        expect(await store.inbox.claimDue({ now: at(60 * MINUTE), worker: 'w', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);
      });
    });

    describe('outbox', function () {
      it('drops a second entry with the same key', async function () {
        await store.outbox.enqueue([entry('k1', 'a'), entry('k1', 'a')], T0);
        await store.outbox.enqueue([entry('k1', 'b')], T0);
        expect(await store.outbox.list({ limit: 10 })).to.have.length(1);
      });

      it('hands out only the oldest unfinished entry of each chat, when due', async function () {
        await store.outbox.enqueue(
          [entry('a1', 'a'), entry('a2', 'a'), entry('b1', 'b', { notBefore: at(MINUTE) }), entry('c1', 'c', { channel: 'email' })],
          T0,
        );
        const claimed = await store.outbox.claim({ channels: ['telegram'], now: T0, worker: 'w1', leaseMs: MINUTE, limit: 10 });
        expect(claimed.map((e) => e.key)).to.deep.equal(['a1']);
        expect(claimed[0]).to.deep.include({ status: 'sending', channel: 'telegram', target: 'a' });
        expect(await store.outbox.claim({ channels: ['telegram'], now: T0, worker: 'w2', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);

        await store.outbox.markSent(claimed[0]!.id, 'w1', at(1000));
        const next = await store.outbox.claim({ channels: ['telegram'], now: at(MINUTE), worker: 'w1', leaseMs: MINUTE, limit: 10 });
        expect(next.map((e) => e.key).sort()).to.deep.equal(['a2', 'b1']);
        const sent = await store.outbox.list({ status: 'sent', limit: 10 });
        expect(sent.map((e) => [e.key, e.attempts])).to.deep.equal([['a1', 1]]);
        expect(sent[0]!.sentAt).to.deep.equal(at(1000));
      });

      it('keeps a retried entry first in its chat until it is due again', async function () {
        await store.outbox.enqueue([entry('a1', 'a'), entry('a2', 'a')], T0);
        const [first] = await store.outbox.claim({ channels: ['telegram'], now: T0, worker: 'w', leaseMs: MINUTE, limit: 10 });
        await store.outbox.retry(first!.id, 'w', '429: retry after 5', at(5000));
        expect(await store.outbox.claim({ channels: ['telegram'], now: at(4000), worker: 'w', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);
        const again = await store.outbox.claim({ channels: ['telegram'], now: at(5000), worker: 'w', leaseMs: MINUTE, limit: 10 });
        expect(again.map((e) => [e.key, e.attempts, e.lastError])).to.deep.equal([['a1', 1, '429: retry after 5']]);
      });

      it('moves on after an entry fails for good', async function () {
        await store.outbox.enqueue([entry('a1', 'a'), entry('a2', 'a')], T0);
        const [first] = await store.outbox.claim({ channels: ['telegram'], now: T0, worker: 'w', leaseMs: MINUTE, limit: 10 });
        await store.outbox.fail(first!.id, 'w', '403: bot was blocked by the user', T0);
        const next = await store.outbox.claim({ channels: ['telegram'], now: T0, worker: 'w', leaseMs: MINUTE, limit: 10 });
        expect(next.map((e) => e.key)).to.deep.equal(['a2']);
        expect((await store.outbox.list({ status: 'failed', limit: 10 }))[0]).to.deep.include({ key: 'a1', lastError: '403: bot was blocked by the user' });
      });

      it('gives an entry whose worker vanished to another after the lease', async function () {
        await store.outbox.enqueue([entry('a1', 'a')], T0);
        await store.outbox.claim({ channels: ['telegram'], now: T0, worker: 'dead', leaseMs: MINUTE, limit: 10 });
        expect(await store.outbox.claim({ channels: ['telegram'], now: at(30_000), worker: 'live', leaseMs: MINUTE, limit: 10 })).to.deep.equal([]);
        const taken = await store.outbox.claim({ channels: ['telegram'], now: at(MINUTE), worker: 'live', leaseMs: MINUTE, limit: 10 });
        expect(taken.map((e) => e.key)).to.deep.equal(['a1']);
        // The vanished worker's late answer no longer counts.
        await store.outbox.markSent(taken[0]!.id, 'dead', at(MINUTE));
        expect(await store.outbox.list({ status: 'sent', limit: 10 })).to.deep.equal([]);
      });

      it('never gives the same entry to two concurrent workers', async function () {
        await store.outbox.enqueue(Array.from({ length: 20 }, (_, i) => entry(`k${i}`, `chat${i}`)), T0);
        const claims = await Promise.all(
          Array.from({ length: 5 }, (_, w) => store.outbox.claim({ channels: ['telegram'], now: T0, worker: `w${w}`, leaseMs: MINUTE, limit: 20 })),
        );
        const ids = claims.flat().map((e) => e.id);
        expect(ids).to.have.length(20);
        expect(new Set(ids).size).to.equal(20);
      });
    });

    describe('key-value', function () {
      it('reads, writes and deletes in one step', async function () {
        await store.kv.setMany('prefs', [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ]);
        await store.kv.setMany('prefs', [
          { key: 'a', value: null },
          { key: 'b', value: '3' },
        ]);
        expect(await store.kv.get('prefs', 'a')).to.equal(null);
        expect(await store.kv.get('prefs', 'b')).to.equal('3');
        expect(await store.kv.get('other', 'b')).to.equal(null);
      });

      it('writes once with setIfAbsent and swaps with compareAndSet', async function () {
        expect(await store.kv.setIfAbsent('setup', 'code', 'x')).to.equal(true);
        expect(await store.kv.setIfAbsent('setup', 'code', 'y')).to.equal(false);
        expect(await store.kv.compareAndSet('setup', 'code', 'y', 'z')).to.equal(false);
        expect(await store.kv.compareAndSet('setup', 'code', 'x', 'z')).to.equal(true);
        expect(await store.kv.compareAndSet('setup', 'code', 'z', null)).to.equal(true);
        expect(await store.kv.compareAndSet('setup', 'code', null, 'n')).to.equal(true);
        expect(await store.kv.get('setup', 'code')).to.equal('n');
      });

      it('lists and deletes by prefix, taking % and _ literally', async function () {
        await store.kv.setMany('wa', [
          { key: 'acc:pre-key:1', value: 'a' },
          { key: 'acc:pre-key:2', value: 'b' },
          { key: 'acc:session:1', value: 'c' },
          { key: 'acc_x', value: 'd' },
          { key: 'other:1', value: 'e' },
        ]);
        expect(await store.kv.keys('wa', 'acc:pre-key:')).to.deep.equal(['acc:pre-key:1', 'acc:pre-key:2']);
        expect(await store.kv.keys('wa', 'acc%')).to.deep.equal([]);
        await store.kv.deletePrefix('wa', 'acc:');
        expect(await store.kv.keys('wa', '')).to.deep.equal(['acc_x', 'other:1']);
      });
    });

    describe('leases', function () {
      it('gives a lease to one owner until it expires', async function () {
        expect(await store.leases.acquire('wa:1', 'a', MINUTE, T0)).to.equal(true);
        expect(await store.leases.acquire('wa:1', 'b', MINUTE, at(1000))).to.equal(false);
        expect(await store.leases.acquire('wa:1', 'a', MINUTE, at(30_000))).to.equal(true);
        expect(await store.leases.acquire('wa:1', 'b', MINUTE, at(60_000))).to.equal(false);
        expect(await store.leases.acquire('wa:1', 'b', MINUTE, at(91_000))).to.equal(true);
        await store.leases.release('wa:1', 'a');
        expect(await store.leases.acquire('wa:1', 'a', MINUTE, at(92_000))).to.equal(false);
        await store.leases.release('wa:1', 'b');
        expect(await store.leases.acquire('wa:1', 'a', MINUTE, at(92_000))).to.equal(true);
      });

      it('lets one of many concurrent takers win', async function () {
        const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => store.leases.acquire('x', `o${i}`, MINUTE, T0)));
        expect(wins.filter(Boolean)).to.have.length(1);
      });
    });

    describe('team: shops, staff and invites (issue 18)', function () {
      const shopOf = (ownerId: string): Shop => ({ id: ownerId, ownerId, staffMayRefund: false, notices: null, createdAt: T0 });
      const invite = (shopId: string, code = unique('code')): Invite => ({ code, shopId, createdBy: shopId, createdAt: T0, expiresAt: at(24 * 60 * MINUTE) });

      it('keeps a shop once, whoever ensures it first, and finds its owner', async function () {
        const owner = unique('telegram:');
        const made = await store.team.ensureShop(shopOf(owner));
        expect(made).to.deep.equal(shopOf(owner));
        expect(await store.team.ensureShop({ ...shopOf(owner), staffMayRefund: true })).to.deep.equal(made);
        expect(await store.team.membership(owner)).to.deep.equal({ shop: made, role: 'owner', member: null });
        expect(await store.team.shop(owner)).to.deep.equal(made);
        expect(await store.team.shop(unique('none'))).to.equal(null);
        expect(await store.team.membership(unique('telegram:'))).to.equal(null);
      });

      it('makes the user of a live invite staff, once; the code is then spent', async function () {
        const owner = unique('telegram:');
        const shop = await store.team.ensureShop(shopOf(owner));
        const code = unique('c');
        await store.team.addInvite(invite(shop.id, code));
        const sari = unique('telegram:');
        const joined = await store.team.redeemInvite(code, { userId: sari, name: 'Sari' }, at(MINUTE));
        expect(joined).to.deep.equal({ kind: 'joined', shop, member: { shopId: shop.id, userId: sari, name: 'Sari', addedAt: at(MINUTE) } });
        expect(await store.team.membership(sari)).to.deep.equal({ shop, role: 'staff', member: { shopId: shop.id, userId: sari, name: 'Sari', addedAt: at(MINUTE) } });
        expect(await store.team.redeemInvite(code, { userId: unique('telegram:'), name: 'Joko' }, at(MINUTE))).to.deep.equal({ kind: 'invalid' });
        expect((await store.team.listStaff(shop.id)).map((m) => m.name)).to.deep.equal(['Sari']);
      });

      it('refuses an expired or unknown code, and a user who already belongs to a shop, keeping the code', async function () {
        const owner = unique('telegram:');
        const shop = await store.team.ensureShop(shopOf(owner));
        const code = unique('c');
        await store.team.addInvite(invite(shop.id, code));
        expect(await store.team.redeemInvite(code, { userId: unique('u'), name: 'Late' }, at(24 * 60 * MINUTE))).to.deep.equal({ kind: 'invalid' });
        expect(await store.team.redeemInvite(unique('nope'), { userId: unique('u'), name: 'X' }, T0)).to.deep.equal({ kind: 'invalid' });
        expect(await store.team.redeemInvite(code, { userId: owner, name: 'Owner' }, T0)).to.deep.equal({ kind: 'member' });
        const fresh = unique('u');
        expect((await store.team.redeemInvite(code, { userId: fresh, name: 'Ani' }, T0)).kind).to.equal('joined');
      });

      it('lets one of two users racing with one code join', async function () {
        const shop = await store.team.ensureShop(shopOf(unique('telegram:')));
        const code = unique('c');
        await store.team.addInvite(invite(shop.id, code));
        const results = await Promise.all([unique('a'), unique('b')].map((userId) => store.team.redeemInvite(code, { userId, name: userId }, T0)));
        expect(results.map((r) => r.kind).sort()).to.deep.equal(['invalid', 'joined']);
        expect(await store.team.listStaff(shop.id)).to.have.length(1);
      });

      it('lists staff oldest first, removes one of its own shop only, and keeps settings', async function () {
        const shop = await store.team.ensureShop(shopOf(unique('telegram:')));
        const other = await store.team.ensureShop(shopOf(unique('telegram:')));
        const [a, b] = [unique('a'), unique('b')];
        for (const [userId, name, minute] of [[a, 'Sari', 2], [b, 'Joko', 1]] as const) {
          const code = unique('c');
          await store.team.addInvite(invite(shop.id, code));
          await store.team.redeemInvite(code, { userId, name }, at(minute * MINUTE));
        }
        expect((await store.team.listStaff(shop.id)).map((m) => m.name)).to.deep.equal(['Joko', 'Sari']);
        expect(await store.team.removeStaff(other.id, a)).to.equal(false);
        expect(await store.team.removeStaff(shop.id, a)).to.equal(true);
        expect(await store.team.membership(a)).to.equal(null);
        const notices = { chat: { channel: 'telegram' as const, chatId: '-500' }, mode: 'instead' as const };
        expect(await store.team.updateShop(shop.id, { staffMayRefund: true, notices })).to.deep.equal({ ...shop, staffMayRefund: true, notices });
        expect((await store.team.membership(b))!.shop).to.deep.equal({ ...shop, staffMayRefund: true, notices });
        expect(await store.team.updateShop(shop.id, { notices: null })).to.deep.equal({ ...shop, staffMayRefund: true, notices: null });
        expect(await store.team.updateShop(unique('none'), { staffMayRefund: true })).to.equal(null);
      });

      it('keeps who made a link, and nothing for a link made without', async function () {
        const made = await store.links.create(newLink({ createdBy: { userId: 'telegram:200', name: 'Sari' } }));
        expect((await store.links.byId(made.id))!.createdBy).to.deep.equal({ userId: 'telegram:200', name: 'Sari' });
        const plain = await store.links.create(newLink());
        expect(await store.links.byId(plain.id)).to.not.have.property('createdBy');
      });
    });

    it('answers a ping', async function () {
      await store.ping();
    });
  });
}
