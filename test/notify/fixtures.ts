/**
 * Notices as the link service queues them, and outbox entries carrying them.
 */
import type { OrderEvent } from '../../src/domain/order.ts';
import type { LinkSnapshot, Notice, OrderSnapshot } from '../../src/notify/notices.ts';
import type { NewOutboxEntry, StoredNotice } from '../../src/store/ports.ts';

export function linkSnapshot(overrides: Partial<LinkSnapshot> = {}): LinkSnapshot {
  return {
    id: 'lnk_1',
    number: 3,
    orderId: 'INV-2026-0042',
    slug: 'k7q2m9x4p1ab',
    itemName: 'Kaos Polos Hitam',
    price: 150_000,
    usageLimit: 1,
    url: 'https://pay.example.com/p/k7q2m9x4p1ab',
    expiresAt: null,
    ...overrides,
  };
}

export function orderSnapshot(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    id: 'INV-2026-0042-1',
    amount: 150_000,
    amountReceived: 150_000,
    refundedAmount: 10_000,
    customer: { name: 'Budi Santoso', phone: '6281234567890', email: 'budi@mail.com' },
    method: 'qris',
    channel: 'gopay',
    ...overrides,
  };
}

export function orderEvent(
  event: OrderEvent,
  overrides: { link?: Partial<LinkSnapshot>; order?: Partial<OrderSnapshot>; usage?: { paid: number; limit: number | null } } = {},
): Extract<Notice, { kind: 'order_event' }> {
  return {
    kind: 'order_event',
    event,
    link: linkSnapshot(overrides.link),
    order: orderSnapshot(overrides.order),
    usage: overrides.usage ?? { paid: 1, limit: 1 },
    at: '2026-03-01T03:04:00.000Z',
  };
}

export function receipt(order: Partial<OrderSnapshot> = {}): Extract<Notice, { kind: 'receipt' }> {
  return { kind: 'receipt', link: linkSnapshot(), order: orderSnapshot(order), merchantName: 'Toko Budi', at: '2026-03-01T03:04:00.000Z' };
}

export function linkShare(overrides: { link?: Partial<LinkSnapshot>; customerName?: string | null } = {}): Extract<Notice, { kind: 'link_share' }> {
  return {
    kind: 'link_share',
    link: linkSnapshot(overrides.link),
    customerName: overrides.customerName === undefined ? 'Siti' : overrides.customerName,
    merchantName: 'Toko Budi',
  };
}

let sequence = 0;

/**
 * An entry for `target`, due at once; keys are unique across a test run. Its
 * notice also carries the key (`testKey`): the store keeps a notice as JSON it
 * never looks into, so the key comes back to a sender, which sees only the
 * target and the notice, and a fake sender can tell the entries apart.
 */
export function outboxEntry(target: string, overrides: Partial<Omit<NewOutboxEntry, 'notice'>> & { notice?: Notice } = {}): NewOutboxEntry {
  sequence += 1;
  const key = overrides.key ?? `test-${sequence}`;
  return {
    channel: 'telegram',
    target,
    merchantId: 'telegram:42',
    notBefore: new Date(0),
    ...overrides,
    key,
    notice: { ...(overrides.notice ?? orderEvent('paid')), testKey: key },
  };
}

/** The key of the outboxEntry whose notice this is. */
export function testKeyOf(notice: Notice): string {
  const key = (notice as StoredNotice)['testKey'];
  if (typeof key !== 'string') throw new Error('not a notice from outboxEntry()');
  return key;
}
