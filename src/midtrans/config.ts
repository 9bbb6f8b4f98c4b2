/**
 * Which Midtrans the gateway talks to. Sandbox and production have separate
 * keys, dashboards and id spaces; a key used against the other environment
 * fails every call with 401, so it is refused at start instead.
 */
import { AppError } from '../domain/errors.ts';

export type MidtransEnvironment = 'sandbox' | 'production';

export interface MidtransConfig {
  serverKey: string;
  clientKey: string;
  environment: MidtransEnvironment;
  /** Core API: Get Status, cancel, expire (`<api>/v2/<id>/...`). */
  apiBaseUrl: string;
  /** Snap API: `<snap>/transactions`. */
  snapBaseUrl: string;
  /** Deadline for each call, from sending the request to the last byte of the answer. */
  timeoutMs: number;
}

export interface MidtransBaseUrls {
  apiBaseUrl: string;
  snapBaseUrl: string;
}

export function defaultBaseUrls(environment: MidtransEnvironment): MidtransBaseUrls {
  return environment === 'production'
    ? { apiBaseUrl: 'https://api.midtrans.com', snapBaseUrl: 'https://app.midtrans.com/snap/v1' }
    : { apiBaseUrl: 'https://api.sandbox.midtrans.com', snapBaseUrl: 'https://app.sandbox.midtrans.com/snap/v1' };
}

const SANDBOX_KEY_PREFIX = 'SB-';

/**
 * Sandbox keys start with `SB-Mid-`, production keys with `Mid-`. The message
 * names the variables to fix and never repeats the key.
 */
export function assertKeyMatchesEnvironment(serverKey: string, environment: MidtransEnvironment): void {
  const sandboxKey = serverKey.startsWith(SANDBOX_KEY_PREFIX);
  if (sandboxKey === (environment === 'sandbox')) return;
  const text = sandboxKey
    ? {
        id: 'MIDTRANS_SERVER_KEY adalah kunci sandbox (diawali "SB-Mid-"), tetapi MIDTRANS_ENV=production. Pakai kunci production dari dashboard Midtrans, atau set MIDTRANS_ENV=sandbox.',
        en: 'MIDTRANS_SERVER_KEY is a sandbox key (it starts with "SB-Mid-") but MIDTRANS_ENV=production. Use the production key from the Midtrans dashboard, or set MIDTRANS_ENV=sandbox.',
      }
    : {
        id: 'MIDTRANS_SERVER_KEY bukan kunci sandbox (tidak diawali "SB-Mid-"), tetapi MIDTRANS_ENV=sandbox. Pakai kunci sandbox, atau set MIDTRANS_ENV=production.',
        en: 'MIDTRANS_SERVER_KEY is not a sandbox key (it does not start with "SB-Mid-") but MIDTRANS_ENV=sandbox. Use the sandbox key, or set MIDTRANS_ENV=production.',
      };
  throw new AppError('MIDTRANS_KEY_ENV_MISMATCH', text, { environment });
}
