/**
 * A merchant's orders in a real (in-memory) SQLite store, made and paid the
 * way the product does it: reserve, then a status change with its payment.
 */
import type { Link } from '../../src/domain/link.ts';
import { plainOffer } from '../../src/domain/link-offer.ts';
import type { Customer } from '../../src/domain/customer.ts';
import type { OrderStatus, PaymentInfo } from '../../src/domain/order.ts';
import type { Store } from '../../src/store/ports.ts';

export const MERCHANT = 'telegram:100';

let counter = 0;

export async function makeLink(store: Store, itemName: string, price: number, merchantId = MERCHANT): Promise<Link> {
  counter += 1;
  return store.links.create({
    id: `lnk_${counter}`,
    merchantId,
    orderId: `INV-${counter}`,
    slug: `slug-${counter}`,
    itemName,
    price,
    ...plainOffer(itemName, price),
    usageLimit: null,
    customer: null,
    expiresAt: null,
    createdVia: 'telegram',
    notifyChatId: '100',
    recipient: null,
    createdAt: new Date('2026-11-01T00:00:00Z'),
    deletedAt: null,
  });
}

export interface OrderPlan {
  at: Date;
  status?: OrderStatus;
  method?: string;
  refunded?: number;
  customer?: Partial<Customer>;
}

/** An order on `link` made at `plan.at`, then moved to its status (paid by default) a minute later. */
export async function makeOrder(store: Store, link: Link, plan: OrderPlan): Promise<string> {
  counter += 1;
  const customer: Customer = { name: `Pelanggan ${counter}`, phone: null, email: `c${counter}@mail.com`, ...plan.customer };
  const reserved = await store.orders.reserve({
    linkId: link.id,
    customer,
    customerKey: `k${counter}`,
    amount: link.price,
    now: plan.at,
    holdUntil: new Date(plan.at.getTime() + 30 * 60_000),
    receiptTo: null,
  });
  if (reserved.kind !== 'reserved') throw new Error('not reserved');
  const status = plan.status ?? 'paid';
  if (status === 'pending') return reserved.order.id;
  const paidAt = new Date(plan.at.getTime() + 60_000);
  const payment: PaymentInfo = {
    method: plan.method ?? 'qris',
    channel: null,
    transactionId: `tx-${counter}`,
    amountReceived: link.price,
    grossAmountRaw: `${link.price}.00`,
    transactionStatus: 'settlement',
    fraudStatus: null,
    at: paidAt,
  };
  const refunded = status === 'refunded' ? link.price : (plan.refunded ?? 0);
  const result = await store.orders.transition({
    orderId: reserved.order.id,
    from: 'pending',
    fromRefunded: 0,
    to: status,
    refundedAmount: refunded,
    payment,
    outbox: () => [],
    now: paidAt,
  });
  if (!result.applied) throw new Error('not applied');
  return reserved.order.id;
}
