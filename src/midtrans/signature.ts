/**
 * Midtrans signs notifications and Get Status answers with
 * `hex(SHA512(order_id + status_code + gross_amount + ServerKey))`.
 *
 * The hash is taken over the raw strings as sent (`"150000.00"`, the body's
 * `status_code` rather than the HTTP status), so nothing here parses them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function signatureFor(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash('sha512').update(`${orderId}${statusCode}${grossAmount}${serverKey}`, 'utf8').digest('hex');
}

const HEX_SHA512 = /^[0-9a-f]{128}$/i;

/**
 * True only when the body carries all four fields as strings and the
 * signature matches. Any other shape is simply not valid: the input comes
 * from the network, so this never throws.
 */
export function hasValidSignature(body: unknown, serverKey: string): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { order_id, status_code, gross_amount, signature_key } = body as Record<string, unknown>;
  if (typeof order_id !== 'string' || typeof status_code !== 'string' || typeof gross_amount !== 'string') return false;
  // Checking the shape first keeps both buffers 64 bytes, which timingSafeEqual requires.
  if (typeof signature_key !== 'string' || !HEX_SHA512.test(signature_key)) return false;
  const want = Buffer.from(signatureFor(order_id, status_code, gross_amount, serverKey), 'hex');
  return timingSafeEqual(Buffer.from(signature_key, 'hex'), want);
}
