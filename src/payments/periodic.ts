/**
 * A job that runs every so often, one round at a time, and stops cleanly:
 * stop() cancels the next round, tells the running one to finish early, and
 * resolves once it has. The inbox worker and the reconciler are both this.
 */
import type { Logger } from 'pino';

/** One round; it should check `signal` between items and return early once aborted. */
export type Round = (signal: AbortSignal) => Promise<void>;

export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping: AbortController | null = null;

  private readonly name: string;
  private readonly intervalMs: number;
  private readonly round: Round;
  private readonly logger: Logger;
  constructor(
    name: string,
    intervalMs: number,
    round: Round,
    logger: Logger,
  ) {
    this.name = name;
    this.intervalMs = intervalMs;
    this.round = round;
    this.logger = logger;
  }

  /** Starts the rounds, the first one right away. Starting twice changes nothing. */
  start(): void {
    if (this.stopping !== null) return;
    this.stopping = new AbortController();
    this.schedule(0);
  }

  /** Resolves when no round is running and none will start. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.stopping = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * Runs one round now (tests, an operator's "check now"), after the one in
   * progress if any, so two rounds of one task never overlap.
   */
  async runOnce(signal: AbortSignal = new AbortController().signal): Promise<void> {
    while (this.running !== null) await this.running;
    const round = this.guarded(signal);
    this.running = round;
    try {
      await round;
    } finally {
      if (this.running === round) this.running = null;
    }
  }

  private schedule(delayMs: number): void {
    const stopping = this.stopping;
    if (stopping === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce(stopping.signal).finally(() => {
        if (this.stopping === stopping) this.schedule(this.intervalMs);
      });
    }, delayMs);
    // Rounds never keep the process alive on their own: the HTTP server or a test decides that.
    this.timer.unref();
  }

  private async guarded(signal: AbortSignal): Promise<void> {
    try {
      await this.round(signal);
    } catch (err) {
      // A failed round (the store down) is logged and the next one tries again.
      this.logger.error({ task: this.name, err }, 'periodic round failed');
    }
  }
}
