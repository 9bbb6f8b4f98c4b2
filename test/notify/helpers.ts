/**
 * A scriptable ChannelSender, a log capture and small waiting helpers for the
 * outbox tests.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Locale } from '../../src/domain/locale.ts';
import type { ChannelSender } from '../../src/notify/delivery.ts';
import type { Pacing } from '../../src/notify/pacing.ts';
import type { DeliveryChannel } from '../../src/domain/channel.ts';
import type { Notice } from '../../src/notify/notices.ts';
import { testKeyOf } from './fixtures.ts';

export const NO_PACING: Pacing = { perTargetGapMs: 0, channelGapMs: 0, jitterMs: 0, perMinuteCap: null };

export interface SendCall {
  key: string;
  target: string;
  locale: Locale;
  /** Date.now() when the sender was called. */
  at: number;
  /** performance.now() when the sender was called. */
  hr: number;
}

type Step = Error | { hold: Promise<void> };

export class FakeSender implements ChannelSender {
  readonly calls: SendCall[] = [];
  ready = true;
  running = 0;
  maxRunning = 0;
  private readonly steps = new Map<string, Step[]>();
  private fallback: ((target: string) => Error | null) | null = null;

  readonly channel: DeliveryChannel;
  readonly pacing: Pacing;
  constructor(
    channel: DeliveryChannel = 'telegram',
    pacing: Pacing = NO_PACING,
  ) {
    this.channel = channel;
    this.pacing = pacing;
  }

  /**
   * The worker's loop asks isReady() first thing in every round, so counting
   * the asks tells the test how far the worker has got without guessing at
   * a sleep.
   */
  private readyChecks = 0;
  private readonly roundWaiters: Array<{ at: number; resolve: () => void }> = [];

  isReady(): boolean {
    this.readyChecks += 1;
    for (const waiter of this.roundWaiters.filter((w) => w.at <= this.readyChecks)) {
      this.roundWaiters.splice(this.roundWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    return this.ready;
  }

  /**
   * Resolves once a whole round of the worker's loop has run after this call
   * (its claims answered and what they gave dispatched): the round after it
   * has begun. What that round did not claim or send, the worker chose to leave.
   */
  afterFullRound(): Promise<void> {
    return new Promise((resolve) => this.roundWaiters.push({ at: this.readyChecks + 2, resolve }));
  }

  /** The next sends of `key` throw these, in order. */
  failNext(key: string, ...errors: Error[]): void {
    this.steps.set(key, [...(this.steps.get(key) ?? []), ...errors]);
  }

  /** Every send of every entry fails this way from now on (null: succeed again). */
  failAlways(make: ((target: string) => Error | null) | null): void {
    this.fallback = make;
  }

  /** The next send of `key` waits until the returned function is called. */
  hold(key: string): () => void {
    let release = () => {};
    const hold = new Promise<void>((resolve) => (release = resolve));
    this.steps.set(key, [...(this.steps.get(key) ?? []), { hold }]);
    return release;
  }

  keys(): string[] {
    return this.calls.map((c) => c.key);
  }

  /** Entries are told apart by the key their notice carries (fixtures.ts, outboxEntry). */
  async send(target: string, notice: Notice, locale: Locale): Promise<void> {
    const key = testKeyOf(notice);
    this.calls.push({ key, target, locale, at: Date.now(), hr: performance.now() });
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const step = this.steps.get(key)?.shift();
      if (step instanceof Error) throw step;
      if (step) await step.hold;
      const always = this.fallback?.(target);
      if (always) throw always;
    } finally {
      this.running -= 1;
    }
  }
}

export interface CapturedLog {
  logger: Logger;
  lines: () => Array<Record<string, unknown>>;
  text: () => string;
}

/** A pino logger writing JSON lines into memory. */
export function captureLog(level: pino.Level = 'debug'): CapturedLog {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level }, stream);
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A clock the test moves by hand. */
export class FakeClock {
  public ms;
  constructor(ms = Date.UTC(2026, 2, 1, 3, 0, 0)) {
    this.ms = ms;
  }
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}
