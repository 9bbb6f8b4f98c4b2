/**
 * Time for the WhatsApp adapter: every wait (reconnect backoff, lease
 * renewal, pacing, call timeouts) goes through one injected scheduler, so
 * tests drive hours of reconnects with a fake clock and stop() can clear
 * every timer it ever set.
 */
export interface Scheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Settles like `work`, or rejects with TimeoutError after `ms`; the timer never outlives the call. */
export function withTimeout<T>(scheduler: Scheduler, ms: number, what: string, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = scheduler.setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
    work.then(
      (value) => {
        scheduler.clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        scheduler.clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/**
 * Timers owned by one component: `stop()` cancels all of them at once, and
 * a pending `sleep` rejects instead of hanging.
 */
export class Timers {
  private readonly pending = new Map<unknown, (err: Error) => void>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Runs `callback` after `ms` unless cancelled. */
  after(ms: number, callback: () => void): void {
    const handle = this.scheduler.setTimeout(() => {
      this.pending.delete(handle);
      callback();
    }, ms);
    this.pending.set(handle, () => undefined);
  }

  /** Resolves after `ms`; rejects with `StoppedError` if the timers are cancelled first. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const handle = this.scheduler.setTimeout(() => {
        this.pending.delete(handle);
        resolve();
      }, ms);
      this.pending.set(handle, reject);
    });
  }

  cancelAll(): void {
    for (const [handle, reject] of this.pending) {
      this.scheduler.clearTimeout(handle);
      reject(new StoppedError('stopped'));
    }
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }
}

export class StoppedError extends Error {
  override readonly name = 'StoppedError';
}
