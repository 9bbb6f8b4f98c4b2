/**
 * A hand-driven clock for the adapter's Scheduler: nothing happens until a
 * test advances time, then due timers run in order with the promises they
 * start given a chance to settle (the SQLite store commits on setImmediate).
 */
import type { Scheduler } from '../../../bots/whatsapp/scheduler.ts';

/**
 * Lets started work finish: promise chains, SQLite commits (setImmediate),
 * and the PNG encoder's zlib, which runs on libuv's thread pool and so
 * needs a little real time.
 */
export async function flush(rounds = 3): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Waits (in real time, briefly) until `check` holds: for work that touches the file system. */
export async function until(check: () => boolean, what: string, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeScheduler implements Scheduler {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = Date.parse('2026-11-24T03:00:00.000Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers still set. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  async advance(ms: number, step = 1_000): Promise<void> {
    // In steps, so work that needed real time (see flush) can still set its
    // timers before time moves past them.
    for (let left = ms; left > 0; left -= step) await this.advanceBy(Math.min(step, left));
  }

  private async advanceBy(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      // Timers mostly start store writes (setImmediate); real-time work gets the full flush below.
      await flush(1);
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = target;
    await flush();
  }
}
