/**
 * Turns what Midtrans sent (a notification or a Get Status answer) into the
 * domain's MidtransObservation, reading only the fields the order machine
 * needs and ignoring the rest, as Midtrans asks.
 */
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
    transactionStatus,
    fraudStatus: text(fields, 'fraud_status'),
    statusCode,
    grossAmount,
    paymentType: text(fields, 'payment_type'),
    transactionId: text(fields, 'transaction_id'),
    channel: channelOf(fields),
  };
}
