/**
 * The shop's team chat (issue 18, `/notif di sini`): an order event is told
 * to the team chat as well as, or instead of, the chat of whoever made the
 * link, each target exactly once however often Midtrans repeats itself.
 */
import { expect } from 'chai';
import type { MidtransObservation } from '../../src/domain/order.ts';
import { LinkService } from '../../src/links/link-service.ts';
import type { ShopNotices, Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

const T0 = new Date('2026-12-02T03:00:00.000Z');
const GROUP = { channel: 'telegram', chatId: '-500' } as const;

const settlement: MidtransObservation = {
  transactionStatus: 'settlement',
  fraudStatus: 'accept',
  statusCode: '200',
  grossAmount: '150000.00',
  paymentType: 'qris',
  transactionId: 'tx-1',
  channel: 'gopay',
  currency: 'IDR',
  refundAmount: null,
};

describe('payment news to a shop’s team chat (issue 18)', function () {
  let store: Store;
  let links: LinkService;

  beforeEach(async function () {
    store = openSqliteStore({ path: ':memory:' });
    links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000, clock: () => T0 });
    await store.team.ensureShop({ id: 'telegram:100', ownerId: 'telegram:100', staffMayRefund: false, notices: null, createdAt: T0 });
  });

  afterEach(async function () {
    await store.close();
  });

  async function paidWith(notices: ShopNotices | null): Promise<Array<{ key: string; target: string }>> {
    await store.team.updateShop('telegram:100', { notices });
    // Made by staff Sari: her chat is the creator's chat.
    await links.create({ merchantId: 'telegram:100', via: 'telegram', notifyChatId: '200', itemName: 'Kaos', price: 150_000, slug: 'kaos', createdBy: { userId: 'telegram:200', name: 'Sari' } });
    const { order } = await links.reserve('kaos', { name: 'Ani', email: 'ani@mail.com' });
    await links.applyObservation(order.id, settlement);
    await links.applyObservation(order.id, settlement);
    return (await store.outbox.list({ limit: 10 })).map(({ key, target }) => ({ key, target }));
  }

  it('tells the creator and the team chat, once each', async function () {
    const entries = await paidWith({ chat: GROUP, mode: 'also' });
    expect(entries.map((e) => e.target).sort()).to.deep.equal(['-500', '200']);
    expect(entries.map((e) => e.key.slice(e.key.indexOf(':paid:'))).sort()).to.deep.equal([':paid:merchant', ':paid:team']);
  });

  it('tells only the team chat when the owner said "saja"', async function () {
    const entries = await paidWith({ chat: GROUP, mode: 'instead' });
    expect(entries.map((e) => e.target)).to.deep.equal(['-500']);
    expect(entries[0]!.key).to.match(/:paid:team$/);
  });

  it('tells only the creator without a team chat, as before', async function () {
    const entries = await paidWith(null);
    expect(entries.map((e) => e.target)).to.deep.equal(['200']);
  });

  it('sends one notice when the team chat is the creator’s chat', async function () {
    const entries = await paidWith({ chat: { channel: 'telegram', chatId: '200' }, mode: 'also' });
    expect(entries.map((e) => e.key)).to.have.length(1);
  });
});
