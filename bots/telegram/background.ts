/**
 * Retries of calls the bot can live without for a while (the command menu,
 * setWebhook, restarting a refused poller): each is tried a bounded number
 * of times with growing delays, failures are only logged, and stop() cancels
 * every pending wait so no timer outlives the bot.
 */
export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export class BackgroundTasks {
  private readonly sleepers = new Set<() => void>();
  private stopped = false;

  /** Delay before try `attempt + 1`: doubling from baseMs, capped, with a little jitter so processes do not retry in step. */
  static delay(policy: RetryPolicy, attempt: number): number {
    const exact = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
    return Math.round(exact * (0.8 + Math.random() * 0.2));
  }

  /**
   * Runs `task` until it succeeds, fails in a way `retryable` rejects, the
   * policy's attempts are used up or the tasks are stopped. `onFailure` hears
   * every failed attempt; resolves true when the task succeeded.
   */
  async retry(
    task: () => Promise<void>,
    policy: RetryPolicy,
    onFailure: (err: unknown, attempt: number, final: boolean) => void,
    retryable: (err: unknown) => boolean = () => true,
  ): Promise<boolean> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await task();
        return true;
      } catch (err) {
        const final = attempt >= policy.attempts || this.stopped || !retryable(err);
        onFailure(err, attempt, final);
        if (final) return false;
        await this.sleep(BackgroundTasks.delay(policy, attempt));
      }
    }
    return false;
  }

  /** Resolves after `ms`, or at once when stopped. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const wake of [...this.sleepers]) wake();
  }
}
