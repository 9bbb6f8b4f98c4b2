import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import type { MidtransObservation } from '../../src/domain/order.ts';
import { LinkService, type NewLinkInput } from '../../src/links/link-service.ts';
import { storedNotice, type Notice } from '../../src/notify/notices.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

const T0 = new Date('2026-11-24T03:00:00.000Z');
const MINUTE = 60_000;

function settlement(extra: Partial<MidtransObservation> = {}): MidtransObservation {
  return {
    transactionStatus: 'settlement',
    fraudStatus: 'accept',
    statusCode: '200',
    grossAmount: '150000.00',
    paymentType: 'qris',
    transactionId: 'tx-1',
    channel: 'gopay',
    currency: 'IDR',
    refundAmount: null,
    ...extra,
  };
}

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(err, code), `expected ${code}, got ${String(err)}`).to.equal(true);
}

describe('LinkService', function () {
  let store: Store;
  let now: Date;
  let links: LinkService;
  const budi: Omit<NewLinkInput, 'itemName' | 'price'> = { merchantId: 'telegram:100', via: 'telegram', notifyChatId: '100' };
  const make = (extra: Partial<NewLinkInput> = {}) => links.create({ ...budi, itemName: 'Kaos', price: 150_000, ...extra });

  beforeEach(function () {
    store = openSqliteStore({ path: ':memory:' });
    now = T0;
    links = new LinkService({
      store,
      publicUrl: 'https://pay.example.com',
      merchantName: 'Toko Budi',
      paymentWindowMs: 30 * MINUTE,
      clock: () => now,
    });
  });

  afterEach(async function () {
    await store.close();
  });

  describe('create', function () {
    it('makes a single-use link with generated ids by default', async function () {
      const { link, state, usage } = await make();
      expect(link).to.deep.include({ itemName: 'Kaos', price: 150_000, usageLimit: 1, number: 1, customer: null, expiresAt: null });
      expect(link.orderId).to.match(/^INV-20261124-[2-9A-Z]{4}$/);
      expect(link.slug).to.match(/^[a-z0-9]{12}$/);
      expect(state).to.equal('active');
      expect(usage.orders).to.equal(0);
      expect(links.url(link)).to.equal(`https://pay.example.com/p/${link.slug}`);
    });

    it('keeps every field of Midtrans’s Payment Link', async function () {
      const expiresAt = new Date(T0.getTime() + 3 * 24 * 60 * MINUTE);
      const { link } = await make({
        itemName: '  Kaos  Polos ',
        usageLimit: null,
        orderId: 'INV-001',
        slug: 'Kaos-Hitam',
        expiresAt,
        customer: { name: 'Ani', phone: '0812 3456 7890', email: 'ANI@mail.com' },
      });
      expect(link).to.deep.include({
        itemName: 'Kaos Polos',
        usageLimit: null,
        orderId: 'INV-001',
        slug: 'kaos-hitam',
        expiresAt,
        customer: { name: 'Ani', phone: '6281234567890', email: 'ani@mail.com' },
      });
    });

    it('keeps a customer named only by phone or email nameless: a phone is not a name (issue 16)', async function () {
      expect((await make({ customer: { phone: '+6281234567890' } })).link.customer).to.deep.equal({ name: null, phone: '6281234567890', email: null });
      expect((await make({ customer: { email: 'ani@mail.com' } })).link.customer).to.deep.equal({ name: null, phone: null, email: 'ani@mail.com' });
    });

    it('refuses bad input and writes nothing', async function () {
      await rejects(make({ itemName: '' }), 'ITEM_NAME_INVALID');
      await rejects(make({ price: 0 }), 'PRICE_TOO_LOW');
      await rejects(make({ price: 1.5 }), 'PRICE_INVALID');
      await rejects(make({ usageLimit: 0 }), 'USAGE_LIMIT_INVALID');
      await rejects(make({ orderId: 'bad id' }), 'ORDER_ID_INVALID');
      await rejects(make({ slug: 'no' }), 'SLUG_INVALID');
      await rejects(make({ customer: { phone: '123' } }), 'PHONE_INVALID');
      await rejects(make({ expiresAt: new Date(T0.getTime() - 1) }), 'EXPIRY_INVALID');
      const { items } = await links.list('telegram:100', { page: 1, pageSize: 10, all: true });
      expect(items).to.deep.equal([]);
    });

    it('refuses a taken custom Order ID or slug', async function () {
      await make({ orderId: 'INV-001', slug: 'kaos-hitam' });
      await rejects(make({ orderId: 'INV-001' }), 'ORDER_ID_TAKEN');
      await rejects(make({ slug: 'kaos-hitam' }), 'SLUG_TAKEN');
    });
  });

  describe('finding links', function () {
    it('finds a merchant’s link by number, slug or Order ID', async function () {
      const { link } = await make({ orderId: 'INV-9', slug: 'kaos-9' });
      for (const ref of [
        { kind: 'number', value: 1 },
        { kind: 'text', value: 'kaos-9' },
        { kind: 'text', value: 'KAOS-9' },
        { kind: 'text', value: 'INV-9' },
      ] as const) {
        expect((await links.find('telegram:100', ref)).link.id).to.equal(link.id);
      }
    });

    it('finds a link by the Midtrans order id of one of its orders, as paid notices show it, and names that order (issue 16)', async function () {
      const { link } = await make({ usageLimit: 9, slug: 'kaos-9' });
      const first = await links.reserve('kaos-9', { name: 'Ani', email: 'ani@mail.com', phone: '081234567890' });
      for (let i = 0; i < 6; i += 1) await links.reserve('kaos-9', { name: `B${i}`, email: `b${i}@mail.com`, phone: `08123456780${i}` });
      const ref = { kind: 'text', value: first.order.id } as const;
      expect(first.order.id).to.equal(`${link.orderId}-1`);
      expect((await links.find('telegram:100', ref)).link.id).to.equal(link.id);
      const details = await links.details('telegram:100', ref);
      expect(details.link.id).to.equal(link.id);
      // Shown even when it is older than the latest orders listed.
      expect(details.latestOrders.map((o) => o.id)).to.not.include(first.order.id);
      expect(details.namedOrder?.id).to.equal(first.order.id);
      expect((await links.details('telegram:100', { kind: 'text', value: 'kaos-9' })).namedOrder).to.equal(null);
      await rejects(links.find('telegram:200', ref), 'LINK_NOT_FOUND');
      await rejects(links.find('telegram:100', { kind: 'text', value: `${link.orderId}-99` }), 'LINK_NOT_FOUND');
    });

    it('never shows or deletes another merchant’s link', async function () {
      await make({ slug: 'punya-budi' });
      await rejects(links.find('telegram:200', { kind: 'text', value: 'punya-budi' }), 'LINK_NOT_FOUND');
      await rejects(links.find('telegram:200', { kind: 'number', value: 1 }), 'LINK_NOT_FOUND');
      await rejects(links.delete('telegram:200', { kind: 'text', value: 'punya-budi' }), 'LINK_NOT_FOUND');
      expect((await links.publicLink('punya-budi'))!.state).to.equal('active');
    });

    it('lists active links newest first, or all of them', async function () {
      await make({ itemName: 'A' });
      await make({ itemName: 'B' });
      await links.delete('telegram:100', { kind: 'number', value: 2 });
      const active = await links.list('telegram:100', { page: 1, pageSize: 10, all: false });
      const all = await links.list('telegram:100', { page: 1, pageSize: 1, all: true });
      expect(active.items.map((i) => i.link.itemName)).to.deep.equal(['A']);
      expect(all).to.deep.include({ page: 1, hasMore: true });
      expect(all.items.map((i) => [i.link.itemName, i.state])).to.deep.equal([['B', 'deleted']]);
    });

    it('gives details with the latest orders, paid count and total', async function () {
      await make({ usageLimit: 5, slug: 'kaos-5' });
      const a = await links.reserve('kaos-5', { name: 'Ani', email: 'ani@mail.com', phone: '081234567890' });
      await links.reserve('kaos-5', { name: 'Budi', email: 'budi@mail.com', phone: '081234567891' });
      await links.applyObservation(a.order.id, settlement());
      const details = await links.details('telegram:100', { kind: 'text', value: 'kaos-5' });
      expect(details.usage).to.deep.equal({ orders: 2, paid: 1, paidTotal: 150_000, held: 1, itemsHeld: 1, itemsSold: 1 });
      expect(details.latestOrders.map((o) => [o.seq, o.status])).to.deep.equal([
        [2, 'pending'],
        [1, 'paid'],
      ]);
    });
  });

  describe('reserve', function () {
    const ani = { name: 'Ani', email: 'ani@mail.com', phone: '081234567890' };

    it('holds a slot for the payment window', async function () {
      const { link } = await make({ slug: 'kaos-1' });
      const { order, reused } = await links.reserve('kaos-1', ani);
      expect(order).to.deep.include({ id: `${link.orderId}-1`, status: 'pending', amount: 150_000, customerKey: 'email:ani@mail.com' });
      expect(order.reservedUntil).to.deep.equal(new Date(T0.getTime() + 30 * MINUTE));
      expect(reused).to.equal(false);
      expect((await links.publicLink('kaos-1'))!.state).to.equal('sold_out');
    });

    it('pays a link made for a named customer as that customer, whatever the form says', async function () {
      await make({ slug: 'untuk-ani', customer: { name: 'Ani', phone: '081234567890' } });
      const { order } = await links.reserve('untuk-ani', { name: 'Mallory', email: 'm@evil.com', phone: '0811111111' });
      expect(order.customer).to.deep.equal({ name: 'Ani', phone: '6281234567890', email: null });
    });

    it('says why a link cannot be paid', async function () {
      await make({ slug: 'gone' });
      await links.delete('telegram:100', { kind: 'text', value: 'gone' });
      await make({ slug: 'soon', expiresAt: new Date(T0.getTime() + MINUTE) });
      await make({ slug: 'one' });
      await links.reserve('one', ani);
      now = new Date(T0.getTime() + 2 * MINUTE);
      await rejects(links.reserve('gone', ani), 'LINK_DELETED');
      await rejects(links.reserve('soon', ani), 'LINK_EXPIRED');
      await rejects(links.reserve('one', { ...ani, email: 'other@mail.com' }), 'LINK_SOLD_OUT');
      await rejects(links.reserve('nothing', ani), 'LINK_NOT_FOUND');
      await rejects(links.reserve('one', { name: 'X', email: 'bad', phone: '0812' }), 'PHONE_INVALID');
    });

    describe('rich links (issue 17)', function () {
      const orderCount = async (slug: string) => (await links.publicLink(slug))!.usage.orders;

      it('charges the typed open amount within its bounds, and writes nothing for a bad one', async function () {
        await make({ slug: 'donasi', itemName: 'Donasi', price: null, usageLimit: null, offer: { open: { min: 10_000, max: 5_000_000, presets: [] } } });
        for (const [amount, code] of [['5rb', 'AMOUNT_TOO_LOW'], ['6jt', 'AMOUNT_TOO_HIGH'], ['25.000,50', 'AMOUNT_INVALID'], ['', 'AMOUNT_INVALID']] as const) {
          await rejects(links.reserve('donasi', ani, { terms: { amount } }), code);
        }
        expect(await orderCount('donasi')).to.equal(0);
        const { order } = await links.reserve('donasi', ani, { terms: { amount: '25rb' } });
        expect(order).to.deep.include({ amount: 25_000, quantity: 1, answers: [] });
      });

      it('charges price × quantity within the range, keeps the answers, and refuses a quantity the stock cannot take', async function () {
        await make({ slug: 'kaos-q', usageLimit: null, offer: { quantity: { min: 1, max: 5 }, stock: 4, questions: ['Ukuran (S/M/L)'] } });
        await rejects(links.reserve('kaos-q', ani, { terms: { quantity: '6', answers: ['L'] } }), 'QUANTITY_INVALID');
        await rejects(links.reserve('kaos-q', ani, { terms: { quantity: '3', answers: [' '] } }), 'ANSWER_MISSING');
        expect(await orderCount('kaos-q')).to.equal(0);
        const { order } = await links.reserve('kaos-q', ani, { terms: { quantity: '3', answers: [' L '] } });
        expect(order).to.deep.include({ amount: 450_000, quantity: 3, answers: ['L'] });
        const err = await links.reserve('kaos-q', { ...ani, email: 'budi@mail.com' }, { terms: { quantity: '2', answers: ['M'] } }).catch((e: unknown) => e);
        expect(isAppError(err, 'STOCK_SHORT') && err.details).to.deep.include({ field: 'quantity', left: 1 });
        if (isAppError(err)) expect(err.say('id')).to.equal('Stok tinggal 1. Kurangi jumlahnya, atau hubungi penjual.');
        expect((await links.reserve('kaos-q', { ...ani, email: 'budi@mail.com' }, { terms: { quantity: '1', answers: ['M'] } })).order.quantity).to.equal(1);
        expect((await links.publicLink('kaos-q'))!.state).to.equal('sold_out');
      });

      it('requires the contact fields the link asks for, except from a named customer', async function () {
        await make({ slug: 'wajib', usageLimit: null, offer: { asks: { name: true, phone: true, email: false } } });
        await rejects(links.reserve('wajib', { name: 'Ani', email: 'ani@mail.com' }), 'CONTACT_MISSING');
        expect((await links.reserve('wajib', { name: 'Ani', phone: '081234567890' })).order.customer).to.deep.equal({ name: 'Ani', phone: '6281234567890', email: null });
        await make({ slug: 'wajib-ani', offer: { asks: { name: false, phone: false, email: true } }, customer: { phone: '081234567890' } });
        expect((await links.reserve('wajib-ani', null)).order.customer.phone).to.equal('6281234567890');
      });

      it('makes a link of several items whose price is their total', async function () {
        const { link } = await make({ itemName: 'Paket', price: null, offer: { items: [{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }] } });
        expect(link).to.deep.include({ itemName: 'Kaos + Topi', price: 200_000 });
        const { order } = await links.reserve(link.slug, ani);
        expect(order.amount).to.equal(200_000);
      });

      it('refuses a bad offer and writes nothing', async function () {
        await rejects(make({ offer: { methods: ['bitcoin'] } }), 'PAYMENT_METHOD_UNKNOWN');
        await rejects(make({ offer: { redirectUrl: 'http://tokobudi.id' } }), 'REDIRECT_URL_INVALID');
        await rejects(make({ price: null, offer: { open: { min: 10, max: 5, presets: [] }, quantity: { min: 1, max: 2 } } }), 'AMOUNT_BOUNDS_INVALID');
        expect((await links.list('telegram:100', { page: 1, pageSize: 10, all: true })).items).to.have.length(0);
      });
    });

    it('keeps honouring a deleted link’s pending payment', async function () {
      await make({ slug: 'del' });
      const { order } = await links.reserve('del', ani);
      await links.delete('telegram:100', { kind: 'text', value: 'del' });
      const change = await links.applyObservation(order.id, settlement());
      expect(change).to.deep.include({ kind: 'applied', event: 'paid' });
    });
  });

  describe('status changes', function () {
    const ani = { name: 'Ani', email: 'ani@mail.com', phone: '081234567890' };

    async function queued(): Promise<Array<{ key: string; channel: string; target: string; notice: Notice }>> {
      return (await store.outbox.list({ limit: 50 })).map(({ key, channel, target, notice }) => ({ key, channel, target, notice: storedNotice(notice) }));
    }

    it('tells the merchant once, with the facts they need, when an order is paid', async function () {
      const { link } = await make({ slug: 'kaos', usageLimit: 2 });
      const { order } = await links.reserve('kaos', ani);
      now = new Date(T0.getTime() + MINUTE);
      const change = await links.applyObservation(order.id, settlement());
      expect(change).to.deep.include({ kind: 'applied', event: 'paid', notified: true });
      const again = await links.applyObservation(order.id, settlement());
      expect(again).to.deep.include({ kind: 'ignored', reason: 'unchanged' });

      const entries = await queued();
      expect(entries).to.have.length(1);
      expect(entries[0]).to.deep.include({ key: `${order.id}:paid:merchant`, channel: 'telegram', target: '100' });
      expect(entries[0]!.notice).to.deep.equal({
        kind: 'order_event',
        event: 'paid',
        link: {
          id: link.id,
          number: 1,
          orderId: link.orderId,
          slug: 'kaos',
          itemName: 'Kaos',
          price: 150_000,
          usageLimit: 2,
          url: 'https://pay.example.com/p/kaos',
          expiresAt: null,
          pricing: { kind: 'fixed' },
          quantity: null,
          thanks: null,
        },
        order: {
          id: order.id,
          amount: 150_000,
          amountReceived: 150_000,
          refundedAmount: 0,
          customer: { name: 'Ani', phone: '6281234567890', email: 'ani@mail.com' },
          method: 'qris',
          channel: 'gopay',
          lines: [{ name: 'Kaos', price: 150_000, quantity: 1 }],
          answers: [],
        },
        usage: { paid: 1, limit: 2 },
        at: now.toISOString(),
      });
    });

    it('sends a receipt to the customer chat the link was posted into', async function () {
      await make({ slug: 'wa-chat', via: 'whatsapp', notifyChatId: '6281@s.whatsapp.net', recipient: { channel: 'whatsapp', chatId: '6282@s.whatsapp.net' } });
      const { order } = await links.reserve('wa-chat', ani);
      await links.applyObservation(order.id, settlement());
      const entries = await queued();
      expect(entries.map((e) => [e.key, e.channel, e.target, e.notice.kind])).to.deep.equal([
        [`${order.id}:paid:merchant`, 'whatsapp', '6281@s.whatsapp.net', 'order_event'],
        [`${order.id}:paid:receipt`, 'whatsapp', '6282@s.whatsapp.net', 'receipt'],
      ]);
    });

    it('reports a reversal and takes the payment out of the link’s totals', async function () {
      await make({ slug: 'rev' });
      const { order } = await links.reserve('rev', ani);
      await links.applyObservation(order.id, settlement());
      const change = await links.applyObservation(order.id, settlement({ transactionStatus: 'deny', statusCode: '202' }));
      expect(change).to.deep.include({ kind: 'applied', event: 'reversed' });
      expect((await queued()).map((e) => e.key)).to.deep.equal([`${order.id}:paid:merchant`, `${order.id}:reversed:merchant`]);
      expect((await links.publicLink('rev'))!.usage).to.include({ paid: 0, paidTotal: 0 });
    });

    it('closes an abandoned order as expired and tells the merchant', async function () {
      await make({ slug: 'abandon' });
      const { order } = await links.reserve('abandon', ani);
      const change = await links.closeUnpaid(order.id, 'expired');
      expect(change).to.deep.include({ kind: 'applied', event: 'expired', notified: true });
      expect(await links.closeUnpaid(order.id, 'expired')).to.deep.include({ kind: 'ignored' });
      expect((await links.publicLink('abandon'))!.state).to.equal('active');
    });

    it('releases a slot silently when Snap could not be created', async function () {
      await make({ slug: 'snapfail' });
      const { order } = await links.reserve('snapfail', ani);
      expect(await links.closeUnpaid(order.id, 'failed')).to.deep.include({ kind: 'applied', notified: false });
      expect(await queued()).to.deep.equal([]);
      expect((await links.publicLink('snapfail'))!.state).to.equal('active');
    });

    it('ignores orders it does not know', async function () {
      expect(await links.applyObservation('dashboard-test-1', settlement())).to.deep.equal({ kind: 'unknown_order' });
    });

    it('applies the same settlement arriving twenty times at once exactly once', async function () {
      await make({ slug: 'race' });
      const { order } = await links.reserve('race', ani);
      const changes = await Promise.all(Array.from({ length: 20 }, () => links.applyObservation(order.id, settlement())));
      expect(changes.filter((c) => c.kind === 'applied')).to.have.length(1);
      expect(await queued()).to.have.length(1);
    });
  });
});
