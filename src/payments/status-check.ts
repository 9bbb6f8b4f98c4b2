/**
 * Asking Midtrans what really happened to a transaction. The webhook and the
 * reconciler both trust only this answer, so it is checked the same way for
 * both: signed with our server key, about the order (or the transaction) we
 * asked for, and readable by the order state machine.
 *
 * Which id to ask by (docs/midtrans.md, "Get Status"): a transaction id when
 * one is known, the order id otherwise. DANA and the BI-SNAP virtual accounts
 * answer only to the transaction id, and put that id in the answer's
 * `order_id`; midtrans-client itself re-checks a notification by its
 * transaction_id (node_modules/midtrans-client/lib/transaction.js, notification()).
 */
import { AppError } from '../domain/errors.ts';
import type { MidtransObservation, Order } from '../domain/order.ts';
import type { PaymentGateway } from '../midtrans/gateway.ts';
import { toObservation } from '../midtrans/observation.ts';
import { hasValidSignature } from '../midtrans/signature.ts';

export type StatusAnswer =
  | { kind: 'found'; observation: MidtransObservation }
  /** Midtrans has no transaction: no payment method chosen yet, or never created. */
  | { kind: 'absent' };

export type StatusCheckErrorCode = 'STATUS_UNTRUSTED';

/**
 * A Get Status answer we cannot believe (a proxy's page, a wrong key, another
 * order's body). Worth trying again later; never applied.
 */
class StatusCheckError extends AppError<StatusCheckErrorCode> {
  constructor(reason: 'bad_signature' | 'other_order' | 'unreadable', orderId: string) {
    super(
      'STATUS_UNTRUSTED',
      (w) => w.midtrans.statusUntrusted(orderId, reason),
      { reason, orderId },
    );
  }
}

/** The id to ask Midtrans about an order by: its latest transaction id, or the order id before it has one. */
export function askingId(order: Pick<Order, 'id' | 'transactionIds'>): string {
  return order.transactionIds.at(-1) ?? order.id;
}

/**
 * Asks about `orderId` by `askedId` (a transaction id of it, or the order id
 * itself). An answer counts when it names the order, or, asked by transaction
 * id, when it names that transaction (DANA's `order_id` is the transaction id).
 * Such an answer that carries `custom_field1` (where tagih's Snap request puts
 * the order id) must carry this order's id there: a transaction id swapped
 * into a replayed notification cannot pay another order. Throws GatewayError
 * when Midtrans cannot be asked, StatusCheckError when the answer is not
 * trustworthy.
 */
export async function checkStatus(gateway: PaymentGateway, serverKey: string, orderId: string, askedId = orderId): Promise<StatusAnswer> {
  const body = await gateway.getStatus(askedId);
  if (body === null) return { kind: 'absent' };
  if (!hasValidSignature(body, serverKey)) throw new StatusCheckError('bad_signature', orderId);
  if (body.order_id !== orderId && body.order_id !== askedId) throw new StatusCheckError('other_order', orderId);
  // An answer naming only the transaction must not name another order in the field tagih's Snap request filled.
  if (body.order_id !== orderId && typeof body.custom_field1 === 'string' && body.custom_field1 !== orderId) {
    throw new StatusCheckError('other_order', orderId);
  }
  const observation = toObservation(body);
  if (observation === null) throw new StatusCheckError('unreadable', orderId);
  return { kind: 'found', observation };
}
