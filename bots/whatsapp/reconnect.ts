/**
 * What to do when the WhatsApp connection closes, as a pure function of the
 * close code and what happened before (Baileys DisconnectReason, see
 * docs/whatsapp.md). The connection applies the decision; tests check the table
 * without sockets or real time.
 */
import { backoffDelay, type Backoff } from '../../src/retry.ts';

export const DISCONNECT = {
  loggedOut: 401,
  forbidden: 403,
  /** Not in Baileys's enum: "Connection Failure", in practice a stale WhatsApp Web version. */
  staleVersion: 405,
  timedOut: 408,
  multideviceMismatch: 411,
  connectionClosed: 428,
  connectionReplaced: 440,
  badSession: 500,
  unavailableService: 503,
  restartRequired: 515,
} as const;

/** A condition an operator must hear about (logged at error level, shown in status()). */
export type Alert = 'stale_version' | 'forbidden' | 'multidevice_mismatch' | 'bad_session' | 'unreachable';

/** Why WhatsApp is paused until a restart. */
export type HaltReason =
  /** 440: the session is in use somewhere else. */
  | 'replaced'
  /** Nobody scanned the QR or entered the code in time. */
  | 'login_timeout'
  /** 405 again and again: WhatsApp refuses this client (its WhatsApp Web version). */
  | 'refused'
  /** 401 again and again before any open: WhatsApp will not link this device. */
  | 'login_refused';

export type CloseDecision =
  /** The phone unlinked this device: forget the session, then show a new QR / pairing code. */
  | { action: 'relogin' }
  | { action: 'retry'; delayMs: number; alert: Alert | null }
  /** Reconnecting would not help; the operator has to act and restart tagih. */
  | { action: 'halt'; reason: HaltReason };

export interface CloseContext {
  /** null: the socket failed without a status (network error). */
  code: number | null;
  /** Closes in a row with this same code and no open in between, this one included. */
  repeats: number;
  /** 401 closes since the last open, this one included (other closes in between do not reset it). */
  logouts: number;
  /** Whether the device was linked when the socket closed (auth-state.ts `sessionKind`). */
  linked: boolean;
  /** Closes since the last open, this one included. */
  failures: number;
  /** Closes while waiting for the merchant to link, this one included. */
  loginRounds: number;
}

export interface BackoffPolicy extends Backoff {
  /** While not yet linked, a closed QR socket is replaced after this short pause... */
  loginRetryMs: number;
  /** ...this many times (each socket shows QRs for about two minutes). */
  maxLoginRounds: number;
  /** Tell the operator once this many closes in a row found no way back. */
  alertAfterFailures: number;
  /** 405s in a row before WhatsApp is paused (each one a refused connection). */
  maxRefusals: number;
  /** 401s with no open in between before linking is paused (each one a new QR / pairing code). */
  maxRelogins: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 2_000,
  maxMs: 5 * 60_000,
  loginRetryMs: 2_000,
  maxLoginRounds: 5,
  alertAfterFailures: 5,
  maxRefusals: 5,
  maxRelogins: 3,
};

const ALERT_CODES: ReadonlyMap<number, Alert> = new Map([
  [DISCONNECT.staleVersion, 'stale_version'],
  [DISCONNECT.forbidden, 'forbidden'],
  [DISCONNECT.multideviceMismatch, 'multidevice_mismatch'],
  [DISCONNECT.badSession, 'bad_session'],
]);

export function decideOnClose(context: CloseContext, policy: BackoffPolicy, random: () => number): CloseDecision {
  const { code, repeats } = context;
  // A linked device the phone removed gets a new login; a device WhatsApp
  // keeps refusing to link would otherwise ask for codes forever.
  if (code === DISCONNECT.loggedOut) return context.logouts >= policy.maxRelogins ? { action: 'halt', reason: 'login_refused' } : { action: 'relogin' };
  // Another client holds these credentials. Our lease rules out a second
  // tagih on the same store, so this is a copied session somewhere else;
  // reconnecting would kick it, it would kick us back, and so on (#502, #963).
  if (code === DISCONNECT.connectionReplaced) return { action: 'halt', reason: 'replaced' };

  if (code === DISCONNECT.staleVersion && repeats >= policy.maxRefusals) return { action: 'halt', reason: 'refused' };
  const alert = code === null ? undefined : ALERT_CODES.get(code);
  if (alert) return { action: 'retry', delayMs: backoffDelay(policy, context.failures - 1, random), alert };

  // Normal right after linking; twice in a row means something else is wrong.
  if (code === DISCONNECT.restartRequired && repeats === 1) {
    return { action: 'retry', delayMs: 0, alert: null };
  }
  if (!context.linked) {
    // The QRs of one socket ran out (408) with nobody scanning: offer fresh ones, a bounded number of times.
    if (context.loginRounds >= policy.maxLoginRounds) return { action: 'halt', reason: 'login_timeout' };
    return { action: 'retry', delayMs: policy.loginRetryMs, alert: null };
  }
  const unreachable = context.failures === policy.alertAfterFailures ? 'unreachable' : null;
  return { action: 'retry', delayMs: backoffDelay(policy, context.failures - 1, random), alert: unreachable };
}
