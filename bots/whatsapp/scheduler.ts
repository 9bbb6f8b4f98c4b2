/**
 * Time for the WhatsApp adapter: every wait (reconnect backoff, lease
 * renewal, pacing, call timeouts) goes through one injected scheduler, so
 * tests drive hours of reconnects with a fake clock, and through a Timers
 * owner, so stop() can clear every timer that was set.
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

/** The component stopped while this was pending. */
export class StoppedError extends Error {
  override readonly name = 'StoppedError';
}

/**
 * Timers owned by one component: `cancelAll()` clears every one of them at
 * once, and whatever was waiting on a `sleep` or a `timeout` rejects with
 * StoppedError instead of hanging or firing after stop.
 */
export class Timers {
  private readonly pending = new Map<unknown, (err: Error) => void>();

  private readonly scheduler: Scheduler;
  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
  }

  now(): number {
    return this.scheduler.now();
  }

  /** Runs `callback` after `ms` unless cancelled. */
  after(ms: number, callback: () => void): void {
    const handle = this.scheduler.setTimeout(() => {
      this.pending.delete(handle);
      callback();
    }, ms);
    this.pending.set(handle, () => undefined);
  }

  /** Resolves after `ms`. */
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

  /** Settles like `work`, or rejects with TimeoutError after `ms`: every call leaving the process gets one. */
  timeout<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const handle = this.scheduler.setTimeout(() => {
        this.pending.delete(handle);
        reject(new TimeoutError(`${what} timed out after ${ms} ms`));
      }, ms);
      this.pending.set(handle, reject);
      const settle = (finish: () => void) => {
        // Already timed out or cancelled: the late answer is dropped.
        if (!this.pending.delete(handle)) return;
        this.scheduler.clearTimeout(handle);
        finish();
      };
      work.then(
        (value) => settle(() => resolve(value)),
        (err: unknown) => settle(() => reject(err)),
      );
    });
  }

  cancelAll(): void {
    for (const [handle, reject] of this.pending) {
      this.scheduler.clearTimeout(handle);
      reject(new StoppedError('stopped'));
    }
    this.pending.clear();
  }
}
