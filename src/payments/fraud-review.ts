/**
 * The merchant's answer to a card payment Midtrans holds for fraud review
 * (`capture` with `fraud_status: challenge`): approve or deny it through the
 * Core API (`POST /v2/{id}/approve|deny`, docs/midtrans.md "Fraud review").
 * Nothing changes here: Midtrans's notification of the outcome goes through
 * the webhook like any other, so the order moves only on Midtrans's word.
 */
import { AppError, NotFoundError } from '../domain/errors.ts';
import type { Order } from '../domain/order.ts';
import type { LinkService } from '../links/link-service.ts';
import type { PaymentGateway } from '../midtrans/gateway.ts';

export type ReviewDecision = 'approve' | 'deny';

export type FraudReviewErrorCode = 'ORDER_NOT_FOUND' | 'REVIEW_NOT_PENDING';

/** Another merchant's order reads the same as no order: nothing about it is revealed. */
function orderNotFound(orderId: string): NotFoundError<FraudReviewErrorCode> {
  return new NotFoundError<FraudReviewErrorCode>('ORDER_NOT_FOUND', (w) => w.payments.orderNotFound(orderId.slice(0, 60)));
}

export class FraudReview {
  private readonly options: { links: LinkService; gateway: PaymentGateway };
  constructor(options: { links: LinkService; gateway: PaymentGateway }) {
    this.options = options;
  }

  /**
   * Sends the merchant's decision to Midtrans. Throws ORDER_NOT_FOUND for an
   * order that is not this merchant's, REVIEW_NOT_PENDING when the order is
   * not held for review (already decided, paid or never challenged), and a
   * GatewayError when Midtrans refuses or cannot be reached.
   */
  async decide(merchantId: string, orderId: string, decision: ReviewDecision): Promise<Order> {
    const { links, gateway } = this.options;
    const found = await links.merchantOrder(merchantId, orderId);
    if (found === null) throw orderNotFound(orderId);
    const { order } = found;
    const payment = order.payment;
    if (payment === null || payment.fraudStatus !== 'challenge' || order.status === 'paid') {
      throw new AppError<FraudReviewErrorCode>('REVIEW_NOT_PENDING', (w) => w.payments.reviewNotPending(order.id));
    }
    const id = payment.transactionId ?? order.id;
    await (decision === 'approve' ? gateway.approve(id) : gateway.deny(id));
    return order;
  }
}
