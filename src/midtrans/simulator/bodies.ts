/**
 * The JSON the simulated Midtrans sends about a transaction: the same shape
 * for notifications and Get Status, all values strings, signed with the
 * server key exactly as Midtrans signs.
 */
import { formatMidtransTime } from '../../domain/time.ts';
import { signatureFor } from '../signature.ts';
import type { MidtransStatusBody } from '../types.ts';
import type { SimPayment, SimStatus, SimTransaction } from './ledger.ts';
import { METHODS } from './methods.ts';

export type BodyKind = 'notification' | 'status';

/** A merchant id in Midtrans's format, so nothing mistakes it for a real one. */
export const SIMULATOR_MERCHANT_ID = 'G000000000';

/**
 * Midtrans's body `status_code`: 200 paid or refunded, 201 pending, 202 for
 * the failed endings. Get Status says 407 for an expired transaction.
 */
export function statusCodeFor(status: SimStatus, kind: BodyKind): string {
  switch (status) {
    case 'settlement':
    case 'capture':
    case 'refund':
      return '200';
    case 'pending':
      return '201';
    case 'expire':
      return kind === 'status' ? '407' : '202';
    case 'deny':
    case 'cancel':
      return '202';
  }
}

/** `YYYY-MM-DD HH:MM:SS` in WIB, as Midtrans writes times in bodies. */
const wib = (at: Date) => formatMidtransTime(at).slice(0, 19);

export interface BodyOptions {
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
  const statusCode = statusCodeFor(status, options.kind);
  const grossAmount = `${tx.grossAmount}.00`;
  const key = options.badSignature ? `${options.serverKey}-forged` : options.serverKey;
  const paid = status === 'settlement' || status === 'refund';
  const body: MidtransStatusBody = {
    transaction_time: wib(payment.transactionTime),
    transaction_status: status,
    transaction_id: payment.transactionId,
    status_message: options.kind === 'notification' ? 'midtrans payment notification' : 'Success, transaction is found',
    status_code: statusCode,
    signature_key: signatureFor(tx.orderId, statusCode, grossAmount, key),
    payment_type: method.paymentType,
    order_id: tx.orderId,
    merchant_id: SIMULATOR_MERCHANT_ID,
    gross_amount: grossAmount,
    fraud_status: 'accept',
    currency: 'IDR',
    ...method.fields(payment.reference),
  };
  if (paid) body.settlement_time = wib(payment.settlementTime ?? options.now);
  if (method.hasExpiryTime) body.expiry_time = wib(payment.expiresAt);
  for (const field of ['custom_field1', 'custom_field2', 'custom_field3'] as const) {
    const value = tx.request[field];
    if (typeof value === 'string') body[field] = value;
  }
  return body;
}
