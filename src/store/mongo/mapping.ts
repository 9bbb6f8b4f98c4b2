/**
 * Documents to domain records: only the fields the ports promise, so the
 * slot counters and bookkeeping fields never leak out of the store.
 */
import type { Customer } from '../../domain/customer.ts';
import type { ChatAddress, Link } from '../../domain/link.ts';
import { plainOffer, type LinkOffer } from '../../domain/link-offer.ts';
import type { Order, PaymentInfo, SnapSession } from '../../domain/order.ts';
import type { OutboxEntry } from '../ports.ts';
import type { LinkDoc, OrderDoc, OutboxDoc } from './models.ts';

const customerOf = (c: Customer): Customer => ({ name: c.name, phone: c.phone ?? null, email: c.email ?? null });
const addressOf = (a: ChatAddress | null | undefined): ChatAddress | null => (a ? { channel: a.channel, chatId: a.chatId } : null);
const snapOf = (s: SnapSession | null | undefined): SnapSession | null => (s ? { token: s.token, redirectUrl: s.redirectUrl } : null);

function paymentOf(p: PaymentInfo | null | undefined): PaymentInfo | null {
  if (!p) return null;
  return {
    method: p.method ?? null,
    channel: p.channel ?? null,
    transactionId: p.transactionId ?? null,
    amountReceived: p.amountReceived ?? null,
    grossAmountRaw: p.grossAmountRaw,
    transactionStatus: p.transactionStatus,
    fraudStatus: p.fraudStatus ?? null,
    at: p.at,
  };
}

export function linkFromDoc(doc: LinkDoc): Link {
  return {
    id: doc._id,
    merchantId: doc.merchantId,
    number: doc.number,
    orderId: doc.orderId,
    slug: doc.slug,
    itemName: doc.itemName,
    price: doc.price,
    usageLimit: doc.usageLimit ?? null,
    customer: doc.customer ? customerOf(doc.customer) : null,
    expiresAt: doc.expiresAt ?? null,
    createdVia: doc.createdVia,
    notifyChatId: doc.notifyChatId,
    recipient: addressOf(doc.recipient),
    createdAt: doc.createdAt,
    deletedAt: doc.deletedAt ?? null,
    ...(doc.createdBy ? { createdBy: { userId: doc.createdBy.userId, name: doc.createdBy.name } } : {}),
    ...offerOf(doc),
  };
}

/** Only the offer's own fields, whatever else a stored value carries. */
function offerOf(doc: LinkDoc): LinkOffer {
  const o = doc.offer;
  if (!o) return plainOffer(doc.itemName, doc.price);
  return {
    pricing: o.pricing.kind === 'open' ? { kind: 'open', min: o.pricing.min ?? null, max: o.pricing.max ?? null, presets: [...o.pricing.presets] } : { kind: 'fixed' },
    items: o.items.map((item) => ({ name: item.name, price: item.price })),
    quantity: o.quantity ? { min: o.quantity.min, max: o.quantity.max } : null,
    stock: o.stock ?? null,
    methods: o.methods ? [...o.methods] : null,
    questions: [...o.questions],
    asks: { name: o.asks.name, phone: o.asks.phone, email: o.asks.email },
    thanks: o.thanks ?? null,
    redirectUrl: o.redirectUrl ?? null,
  };
}

export function orderFromDoc(doc: OrderDoc): Order {
  return {
    id: doc._id,
    linkId: doc.linkId,
    seq: doc.seq,
    customer: customerOf(doc.customer),
    customerKey: doc.customerKey,
    amount: doc.amount,
    status: doc.status,
    reservedUntil: doc.reservedUntil,
    snap: snapOf(doc.snap),
    payment: paymentOf(doc.payment),
    receiptTo: addressOf(doc.receiptTo),
    client: doc.client ? { browser: doc.client.browser, address: doc.client.address } : null,
    transactionIds: [...(doc.transactionIds ?? [])],
    refundedAmount: doc.refundedAmount ?? 0,
    quantity: doc.quantity ?? 1,
    answers: [...(doc.answers ?? [])],
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function outboxFromDoc(doc: OutboxDoc): OutboxEntry {
  return {
    id: doc._id.toHexString(),
    key: doc.key,
    channel: doc.channel,
    target: doc.target,
    merchantId: doc.merchantId ?? null,
    notice: doc.notice,
    notBefore: doc.nextAttemptAt,
    status: doc.status,
    attempts: doc.attempts,
    lastError: doc.lastError ?? null,
    createdAt: doc.createdAt,
    sentAt: doc.sentAt ?? null,
  };
}
