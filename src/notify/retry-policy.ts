/**
 * What to do with an entry whose send failed, from the failure's kind and how
 * many attempts it has had. Pure, so the rules are tested without a worker.
 */
import { backoffDelay, type Backoff } from '../retry.ts';
import { DeliveryError } from './delivery.ts';
import { describeError, scrub } from './scrub.ts';

/** When a durable outbox entry is tried again; the loop-shaped retries of src/retry.ts serve calls that are not stored. */
export interface OutboxRetryPolicy {
  /** Attempts (as the store counts them) after which a failing entry is given up on. */
  maxAttempts: number;
  backoff: Backoff;
  /** A sender that turned out not to be connected is asked again this soon. */
  notReadyDelayMs: number;
}

export type Verdict =
  | { kind: 'retry'; at: number; error: string; pauseChannelUntil: number | null }
  | { kind: 'fail'; error: string; deadLetter: boolean };

/**
 * `attempt` is this attempt's number: the entry's attempts so far plus one.
 * Anything thrown that is not a DeliveryError counts as transient: a bug or
 * an unforeseen library error should cost retries, not the message.
 */
export function judgeFailure(thrown: unknown, attempt: number, now: number, policy: OutboxRetryPolicy, random: () => number): Verdict {
  const err = thrown instanceof DeliveryError ? thrown : new DeliveryError('transient', describeError(thrown));
  const error = `${err.failure}: ${scrub(err.message)}`;
  const exhausted = attempt >= policy.maxAttempts;

  switch (err.failure) {
    case 'permanent':
      return { kind: 'fail', error, deadLetter: false };
    case 'not_ready':
      // Not the message's fault: it waits for the channel and is never given up on for it.
      return { kind: 'retry', at: now + policy.notReadyDelayMs, error, pauseChannelUntil: null };
    case 'rate_limited': {
      if (exhausted) return { kind: 'fail', error, deadLetter: true };
      const at = now + (err.retryAfterMs ?? backoffDelay(policy.backoff, attempt - 1, random));
      return { kind: 'retry', at, error, pauseChannelUntil: err.scope === 'channel' ? at : null };
    }
    case 'transient':
      if (exhausted) return { kind: 'fail', error, deadLetter: true };
      return { kind: 'retry', at: now + backoffDelay(policy.backoff, attempt - 1, random), error, pauseChannelUntil: null };
  }
}
