/**
 * Runs work one task after another per key, while other keys run side by
 * side (in this process): a guided /newlink answered with two quick Telegram
 * messages is read in the order they were typed, and a burst of checkouts
 * from one browser or address is counted one at a time.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier task sharing one of `keys` has finished, either way. */
  async run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const before = keys.map((key) => this.tails.get(key));
    let release = () => {};
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const key of keys) this.tails.set(key, done);
    try {
      await Promise.all(before);
      return await task();
    } finally {
      release();
      for (const key of keys) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }
}
