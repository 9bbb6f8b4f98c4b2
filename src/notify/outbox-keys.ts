/**
 * The idempotency keys of outbox entries, one function per kind of entry. The
 * outbox drops an entry whose key it already holds (OutboxStore.enqueue in
 * store/ports.ts), so a key decides what counts as "the same notice": a retried
 * notification or a second process must build exactly the same one, and the
 * formats must not change, or entries queued before an upgrade would be sent
 * twice.
 */
import type { DeliveryChannel } from '../domain/channel.ts';
import { isRepeatableEvent, type Order, type OrderEvent } from '../domain/order.ts';

/**
 * The merchant's notice of an order event: once per order and event; a
 * repeatable event (another partial refund) is news again at each new amount.
 */
export function merchantNoticeKey(order: Pick<Order, 'id' | 'refundedAmount'>, event: OrderEvent): string {
  const told = isRepeatableEvent(event) ? `${order.id}:${event}:${order.refundedAmount}` : `${order.id}:${event}`;
  return `${told}:merchant`;
}

/**
 * The same order event for the shop's team chat (issue 18, `/notif di sini`):
 * its own key, so the creator's chat and the team chat each get it exactly once.
 */
export function teamNoticeKey(order: Pick<Order, 'id' | 'refundedAmount'>, event: OrderEvent): string {
  return merchantNoticeKey(order, event).replace(/:merchant$/, ':team');
}

/** The customer's receipt: one per order, whether it was paid on time or late. */
export function receiptKey(orderId: string): string {
  return `${orderId}:paid:receipt`;
}

/**
 * A link sent to a customer on the merchant's request: once per request
 * (`intent`: the chat message that asked, or the link's creation), so the same
 * request delivered twice sends once and asking again sends again.
 */
export function linkShareKey(linkId: string, channel: DeliveryChannel, target: string, intent: string): string {
  return `share:${linkId}:${channel}:${target}:${intent}`;
}

/**
 * The daily summary (`/ringkasan`): one per merchant and WIB day (`2026-12-02`),
 * whichever process or round queues it first.
 */
export function dailySummaryKey(merchantId: string, day: string): string {
  return `daily-summary:${merchantId}:${day}`;
}
