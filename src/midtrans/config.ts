/**
 * Which Midtrans the gateway talks to. Sandbox and production have separate
 * keys, dashboards and id spaces; a key used against the other environment
 * fails every call with 401, so it is refused at start instead.
 */
import { AppError } from '../domain/errors.ts';
import type { Phrase } from '../text/catalog.ts';

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
  const phrase: Phrase = sandboxKey
    ? (w) => w.midtrans.sandboxKeyInProduction
    : (w) => w.midtrans.productionKeyInSandbox;
  throw new AppError('MIDTRANS_KEY_ENV_MISMATCH', phrase, { environment });
}
