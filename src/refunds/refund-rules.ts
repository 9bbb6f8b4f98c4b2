/**
 * What may be refunded, and how much: the rules of /refund, without I/O.
 *
 * Midtrans refunds through its API only some methods; for the rest (virtual
 * accounts, convenience stores) the merchant returns the money themselves.
 * docs.midtrans.com/reference/refund-transaction: "Refund transaction is
 * supported only for credit_card, gopay, shopeepay, dana, ovo, QRIS, kredivo
 * and akulaku payment methods", for transactions in `settlement` ("If
 * transaction's status is still Pending Authorize or Capture please use
 * Cancel API instead").
 */
import { ValidationError } from '../domain/errors.ts';
import { formatRupiah } from '../domain/money.ts';
import type { Order } from '../domain/order.ts';

export type RefundRuleCode = 'REFUND_NOT_PAID' | 'REFUND_NOT_SETTLED' | 'REFUND_METHOD_UNSUPPORTED' | 'REFUND_NOTHING_LEFT' | 'REFUND_TOO_MUCH';

/** Midtrans `payment_type` values its Refund API takes (see above; `qris` is QRIS's payment_type). */
const REFUNDABLE_PAYMENT_TYPES: ReadonlySet<string> = new Set(['credit_card', 'gopay', 'shopeepay', 'dana', 'ovo', 'qris', 'kredivo', 'akulaku']);

/** Transaction statuses that hold settled money a refund can take from (a partly refunded one still does). */
const SETTLED: ReadonlySet<string> = new Set(['settlement', 'partial_refund', 'partial_chargeback']);

export function isRefundableMethod(paymentType: string | null): boolean {
  return paymentType !== null && REFUNDABLE_PAYMENT_TYPES.has(paymentType.toLowerCase());
}

/** The money the order brought in: what Midtrans says was paid, else what was asked. */
export function paidAmount(order: Pick<Order, 'amount' | 'payment'>): number {
  return order.payment?.amountReceived ?? order.amount;
}

/**
 * What a new refund may still take: the paid money minus refunds Midtrans has
 * confirmed (`refundedAmount`) and minus refunds tagih asked for that are not
 * confirmed yet (`unconfirmed`), so two quick /refund commands cannot ask for
 * more than was paid between them.
 */
export function refundableLeft(order: Pick<Order, 'amount' | 'payment' | 'refundedAmount'>, unconfirmed: number): number {
  return Math.max(0, paidAmount(order) - order.refundedAmount - unconfirmed);
}

/**
 * The amount a refund of `order` takes: `asked`, or everything left when the
 * merchant named no amount. Throws, changing nothing, when Midtrans would
 * refuse it or it cannot be done through Midtrans at all.
 */
export function refundAmount(order: Order, asked: number | null, unconfirmed: number): number {
  const payment = order.payment;
  if (order.status !== 'paid' || payment === null) {
    throw new ValidationError<RefundRuleCode>('REFUND_NOT_PAID', (w) => w.refunds.notPaid(order.id), { orderId: order.id });
  }
  if (!isRefundableMethod(payment.method)) {
    throw new ValidationError<RefundRuleCode>('REFUND_METHOD_UNSUPPORTED', (w) => w.refunds.methodUnsupported(order.id, payment.method ?? '?'), {
      orderId: order.id,
      method: payment.method,
    });
  }
  // A card capture is not money yet: Midtrans voids it with Cancel, and settles it the next day.
  if (!SETTLED.has(payment.transactionStatus)) {
    throw new ValidationError<RefundRuleCode>('REFUND_NOT_SETTLED', (w) => w.refunds.notSettled(order.id), { orderId: order.id });
  }
  const left = refundableLeft(order, unconfirmed);
  if (left === 0) throw new ValidationError<RefundRuleCode>('REFUND_NOTHING_LEFT', (w) => w.refunds.nothingLeft(order.id), { orderId: order.id });
  if (asked !== null && asked > left) {
    throw new ValidationError<RefundRuleCode>('REFUND_TOO_MUCH', (w) => w.refunds.tooMuch(formatRupiah(left)), { orderId: order.id, asked, left });
  }
  return asked ?? left;
}
