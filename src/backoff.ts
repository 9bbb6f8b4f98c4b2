/**
 * Exponential backoff with jitter, shared by everything that retries: the
 * inbox of notifications, the outbox of messages, WhatsApp's reconnects.
 */
export interface Backoff {
  /** Wait before the first retry. */
  baseMs: number;
  /** Longest wait between two tries. */
  maxMs: number;
}

/**
 * The wait after `retries` earlier retries: base × 2^retries, capped, then
 * "equal jitter": half of it fixed, so a retry never comes straight back, half
 * random, so processes that failed together (an outage) drift apart.
 */
export function backoffDelay(backoff: Backoff, retries: number, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(0, retries), 30));
  return Math.round(full / 2 + (full / 2) * random());
}
