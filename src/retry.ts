/**
 * Waiting and trying again, in one place: the backoff every retry uses, a
 * sleep that an AbortSignal cuts short (so stop() leaves no timer behind), a
 * bounded retry loop, and the deadlines put on work that must not hang.
 * Modelled on grammY's `sleep` and `withRetries`
 * (github.com/grammyjs/grammY, src/core/client.ts): the wait ends early on
 * abort, the loop is bounded by attempts and by total time.
 */

export interface Backoff {
  /** Wait before the first retry. */
  baseMs: number;
  /** Longest wait between two tries. */
  maxMs: number;
}

/** How often a task is tried: at most `attempts` tries, each wait from `backoff`, all of them within `maxElapsedMs` when given. */
export interface RetryPolicy extends Backoff {
  attempts: number;
  maxElapsedMs?: number;
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

/** Resolves after `ms`, or as soon as `signal` aborts (at once if it has); the timer never outlives the wait. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, Math.max(0, ms));
    signal?.addEventListener('abort', wake, { once: true });
  });
}

export interface RetryOptions {
  /** Stops the loop: the current wait ends and no further try starts. */
  signal?: AbortSignal;
  /** Hears every failed try; `final` when no other follows. */
  onFailure?: (err: unknown, attempt: number, final: boolean, waitMs: number) => void;
  /** A failure this rejects is final at once (a refused token is not fixed by asking again). */
  retryable?: (err: unknown) => boolean;
  /** The wait between tries; tests pass a fake clock's. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

/**
 * Runs `task` until it succeeds (true), or fails for good (false): a failure
 * `retryable` rejects, the policy's attempts or total time used up, or the
 * signal aborted. Failures are reported, never thrown: the caller decides
 * what a give-up means.
 */
export async function withRetries(task: () => Promise<void>, policy: RetryPolicy, options: RetryOptions = {}): Promise<boolean> {
  const { signal, onFailure, retryable = () => true, wait = sleep, now = Date.now, random = Math.random } = options;
  const started = now();
  for (let attempt = 1; !signal?.aborted; attempt++) {
    try {
      await task();
      return true;
    } catch (err) {
      const waitMs = backoffDelay(policy, attempt - 1, random);
      const outOfTime = policy.maxElapsedMs !== undefined && now() + waitMs - started > policy.maxElapsedMs;
      const final = attempt >= policy.attempts || outOfTime || signal?.aborted === true || !retryable(err);
      onFailure?.(err, attempt, final, waitMs);
      if (final) return false;
      await wait(waitMs, signal);
    }
  }
  return false;
}

/** The error of work cut off by its deadline; ETIMEDOUT, as Node names a socket's timeout, so it reads as network trouble. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  readonly code = 'ETIMEDOUT';
  readonly what: string;
  readonly ms: number;
  constructor(what: string, ms: number) {
    super(`${what} got no answer within ${ms} ms`);
    this.what = what;
    this.ms = ms;
  }
}

/** Something that aborts like an AbortSignal (telegraf passes its own shim). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Runs `run` with a signal that aborts at the deadline or when `outer` does;
 * a run cut off by the deadline rejects with DeadlineError. Every call
 * leaving the process gets one.
 */
export async function withDeadline<T>(what: string, ms: number, run: (signal: AbortSignal) => Promise<T>, outer?: AbortSignalLike): Promise<T> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', onAbort);
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    controller.abort();
  }, ms);
  try {
    return await run(controller.signal);
  } catch (err) {
    throw late ? new DeadlineError(what, ms) : err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/**
 * True when `work` settled (either way) within `ms`; leaves no timer behind.
 * A bare timer rather than `sleep` with an AbortController: the webhook calls
 * this twice per notification, and each abort() builds a DOMException with a
 * stack, which showed as ~10% of the main thread's busy samples (issue 19).
 */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    const settled = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    work.then(settled, settled);
  });
}
