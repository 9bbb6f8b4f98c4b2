/**
 * The JSON the simulated Midtrans sends about a transaction: the same shape
 * for notifications and Get Status, all values strings, signed with the
 * server key exactly as Midtrans signs
 * (https://docs.midtrans.com/docs/https-notification-webhooks).
 */
import { formatMidtransTime } from '../../domain/time.ts';
import { signatureFor } from '../signature.ts';
import type { MidtransStatusBody } from '../types.ts';
import { type FraudStatus, returnedAmount, type SimPayment, type SimStatus, type SimTransaction } from './ledger.ts';
import { METHODS } from './methods.ts';

export type BodyKind = 'notification' | 'status';

/** A merchant id in Midtrans's format, so nothing mistakes it for a real one. */
const SIMULATOR_MERCHANT_ID = 'G000000000';

/**
 * Midtrans's body `status_code`: 200 for money taken or returned, 201 for
 * pending and for a card capture held for review (challenge), 202 for the
 * failed endings; Get Status says 407 for an expired transaction.
 */
export function statusCodeFor(status: SimStatus, kind: BodyKind, fraudStatus: FraudStatus = 'accept'): string {
  switch (status) {
    case 'capture':
      return fraudStatus === 'challenge' ? '201' : '200';
    case 'settlement':
    case 'refund':
    case 'partial_refund':
    case 'chargeback':
    case 'partial_chargeback':
      return '200';
    case 'pending':
      return '201';
    case 'expire':
      return kind === 'status' ? '407' : '202';
    case 'deny':
    case 'cancel':
    case 'failure':
      return '202';
  }
}

const SETTLED: readonly SimStatus[] = ['settlement', 'refund', 'partial_refund', 'chargeback', 'partial_chargeback'];

/** `YYYY-MM-DD HH:MM:SS` in WIB, as Midtrans writes times in bodies. */
const wib = (at: Date) => formatMidtransTime(at).slice(0, 19);
const money = (amount: number) => `${amount}.00`;

/** Reported variants of Midtrans's behaviour a test can switch on. */
export interface Quirks {
  /**
   * DANA/BI-SNAP notifications with the transaction id in `order_id` too, as
   * in midtrans-php issue #121's BSI body (default: the merchant's order id,
   * as SNAP-Woocommerce PR #85 reports).
   */
  biSnapTransactionIdInNotifications?: boolean;
}

export interface BodyOptions extends Quirks {
  kind: BodyKind;
  serverKey: string;
  /** Describe the transaction as if it were in this status (for out-of-order deliveries). */
  status?: SimStatus;
  /** Sign with the wrong key, as a forger would. */
  badSignature?: boolean;
  now: Date;
}

export function transactionBody(tx: SimTransaction, payment: SimPayment, options: BodyOptions): MidtransStatusBody {
  const status = options.status ?? payment.status;
  const method = METHODS[payment.method];
  const statusCode = statusCodeFor(status, options.kind, payment.fraudStatus);
  const grossAmount = money(tx.grossAmount);
  // DANA and BI-SNAP: Get Status puts the transaction id in `order_id` (SNAP-Woocommerce PR #85).
  const namesTransaction = options.kind === 'status' || options.biSnapTransactionIdInNotifications === true;
  const orderId = method.biSnap && namesTransaction ? payment.transactionId : tx.orderId;
  const key = options.badSignature ? `${options.serverKey}-forged` : options.serverKey;
  const body: MidtransStatusBody = {
    transaction_time: wib(payment.transactionTime),
    transaction_status: options.kind === 'status' && method.upperCaseStatus ? status.toUpperCase() : status,
    transaction_id: payment.transactionId,
    status_message: options.kind === 'notification' ? 'midtrans payment notification' : 'Success, transaction is found',
    status_code: statusCode,
    signature_key: signatureFor(orderId, statusCode, grossAmount, key),
    payment_type: method.paymentType,
    order_id: orderId,
    merchant_id: SIMULATOR_MERCHANT_ID,
    gross_amount: grossAmount,
    currency: 'IDR',
    ...method.fields(payment.reference),
  };
  if (method.hasFraudStatus) body.fraud_status = payment.fraudStatus;
  if (SETTLED.includes(status)) body.settlement_time = wib(payment.settlementTime ?? options.now);
  if (method.hasExpiryTime) body.expiry_time = wib(payment.expiresAt);
  if (payment.refunds.length > 0 && options.status === undefined) {
    body.refund_amount = money(returnedAmount(payment));
    body.refunds = payment.refunds.map((r) => ({
      refund_chargeback_id: r.id,
      refund_amount: money(r.amount),
      created_at: wib(r.at),
      reason: r.reason ?? '',
      refund_key: r.key,
    }));
  }
  for (const field of ['custom_field1', 'custom_field2', 'custom_field3'] as const) {
    const value = tx.request[field];
    if (typeof value === 'string') body[field] = value;
  }
  return body;
}
