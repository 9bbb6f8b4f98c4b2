/** Exponential backoff with jitter, shared by everything here that retries. */
export interface Backoff {
  /** Wait before the first retry. */
  baseMs: number;
  /** Longest wait between two tries. */
  maxMs: number;
}

/**
 * The wait before retry number `attempt + 1`: base × 2^attempt, capped, then
 * spread over its upper half so that processes retrying together drift apart.
 */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (full / 2) * random());
}
