/**
 * "There is news in the outbox": rung by whoever queues a notice (the command
 * runner, the webhook, the reconciler), heard by the outbox worker, which then
 * sends at once instead of at its next poll. It exists before both, so the
 * composition root builds producers and worker in dependency order and no
 * callback has to be filled in later.
 */
export class Wakeup {
  private readonly listeners = new Set<() => void>();

  ring(): void {
    for (const listener of this.listeners) listener();
  }

  listen(listener: () => void): void {
    this.listeners.add(listener);
  }
}
