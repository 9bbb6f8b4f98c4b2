/**
 * Runs work for one key (a chat) strictly one after another, while other
 * keys run side by side. Telegram hands over several updates at once (a
 * polling batch, parallel webhook calls); a guided /newlink answered with
 * two quick messages must still be read in the order they were typed.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
