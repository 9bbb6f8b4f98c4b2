/**
 * What both stores' inboxes keep the same way: how a body is recognised, when
 * an entry is first due for the InboxWorker, and how much of an error is kept.
 */
import { createHash } from 'node:crypto';

/** The identity of a notification: the SHA-256 of its body exactly as received. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * An entry kept open is first due a while after it arrives: the request that
 * kept it normally finishes it, and the worker only picks up what that
 * request could not (a crash, Get Status unreachable).
 */
export const FIRST_RETRY_AFTER_MS = 60_000;

/** The longest error text an entry keeps. */
export const ERROR_MAX = 500;
