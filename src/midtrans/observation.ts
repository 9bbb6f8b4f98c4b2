/**
 * Turns what Midtrans sent (a notification or a Get Status answer) into the
 * domain's MidtransObservation, reading only the fields the order machine
 * needs and ignoring the rest, as Midtrans asks.
 */
import { parseGrossAmount } from '../domain/money.ts';
import type { MidtransObservation } from '../domain/order.ts';
import { isJsonObject, type JsonObject } from './types.ts';

function text(fields: JsonObject, name: string): string | null {
  const value = fields[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The VA bank, `permata`, the QRIS issuer, the card bank or the store, whichever the body names. */
function channelOf(fields: JsonObject): string | null {
  const vaNumbers = fields['va_numbers'];
  if (Array.isArray(vaNumbers)) {
    const first: unknown = vaNumbers[0];
    if (typeof first === 'object' && first !== null) {
      const bank = text(first as JsonObject, 'bank');
      if (bank !== null) return bank;
    }
  }
  // Permata VA bodies name no bank: the field itself says which bank it is.
  if (text(fields, 'permata_va_number') !== null) return 'permata';
  return text(fields, 'issuer') ?? text(fields, 'bank') ?? text(fields, 'store');
}

/**
 * What partial refunds and chargebacks gave back so far, in whole rupiah:
 * `refund_amount` (a string like `"10000.00"`, as every amount Midtrans
 * sends), or the sum of the `refunds` list when only that is given.
 */
function refundAmountOf(fields: JsonObject): number | null {
  const total = text(fields, 'refund_amount');
  if (total !== null) return parseGrossAmount(total);
  const refunds = fields['refunds'];
  if (!Array.isArray(refunds) || refunds.length === 0) return null;
  let sum = 0;
  for (const refund of refunds) {
    const amount = isJsonObject(refund) ? text(refund, 'refund_amount') : null;
    const value = amount === null ? null : parseGrossAmount(amount);
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

/**
 * Null when a field the signature or the state machine depends on is missing
 * or not a string: such a body is not something Midtrans sends, and guessing
 * (e.g. turning a number back into "150000.00") would change what was signed.
 */
export function toObservation(body: unknown): MidtransObservation | null {
  if (!isJsonObject(body)) return null;
  const fields = body;
  const orderId = text(fields, 'order_id');
  const transactionStatus = text(fields, 'transaction_status');
  const statusCode = text(fields, 'status_code');
  const grossAmount = text(fields, 'gross_amount');
  if (orderId === null || transactionStatus === null || statusCode === null || grossAmount === null) return null;
  return {
    // DANA answers in upper case ("PENDING"); every status Midtrans documents is lower case.
    transactionStatus: transactionStatus.toLowerCase(),
    fraudStatus: text(fields, 'fraud_status')?.toLowerCase() ?? null,
    statusCode,
    grossAmount,
    paymentType: text(fields, 'payment_type'),
    transactionId: text(fields, 'transaction_id'),
    channel: channelOf(fields),
    currency: text(fields, 'currency')?.toUpperCase() ?? null,
    refundAmount: refundAmountOf(fields),
  };
}

/**
 * The `status_code` each status comes with, from Midtrans's status-code table
 * and status cycle (docs/midtrans.md, "status_code"). Only `order_id`,
 * `status_code` and `gross_amount` are signed, so this is all that ties a
 * notification's `transaction_status` and `fraud_status` to what was signed.
 */
const STATUS_CODES: Readonly<Record<string, readonly string[]>> = {
  settlement: ['200'],
  pending: ['201'],
  authorize: ['200', '201'],
  deny: ['202'],
  failure: ['202'],
  expire: ['202', '407'],
  cancel: ['200', '202'],
  refund: ['200'],
  partial_refund: ['200'],
  chargeback: ['200'],
  partial_chargeback: ['200'],
};
const CAPTURE_CODES: Readonly<Record<string, string>> = { accept: '200', challenge: '201', deny: '202' };

/**
 * Whether the unsigned fields agree with the signed status_code: paid needs
 * 200, a capture under review 201, and a fraud status only comes with a
 * settlement (accept) or a capture. Anything else is confirmed with Get Status.
 */
export function isConsistent(obs: MidtransObservation): boolean {
  const fraud = obs.fraudStatus;
  if (obs.transactionStatus === 'capture') return Object.hasOwn(CAPTURE_CODES, fraud ?? 'accept') && CAPTURE_CODES[fraud ?? 'accept'] === obs.statusCode;
  if (fraud !== null && fraud !== 'accept') return false;
  // Object.hasOwn: a status called "constructor" is not in the table.
  return Object.hasOwn(STATUS_CODES, obs.transactionStatus) && STATUS_CODES[obs.transactionStatus]!.includes(obs.statusCode);
}
