/**
 * The child's side of bench/lib/children.ts: announce the URL, answer memory
 * and CPU readings, stop cleanly when asked, and also when the benchmark
 * that started us is gone, so an interrupted run leaves no server behind.
 */
import { isToChild, type FromChild } from './messages.ts';

export function serveParent(url: string, stop: () => Promise<void>): void {
  const send = (message: FromChild) => process.send?.(message);
  let stopping = false;
  const stopAndExit = () => {
    if (stopping) return;
    stopping = true;
    // A hung shutdown must not keep a benchmark waiting forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    void stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: unknown) => {
    if (!isToChild(message)) return;
    if (message.type === 'stop') return stopAndExit();
    const { rss, heapUsed } = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    send({ type: 'usage', rss, heapUsed, cpuMicros: user + system });
  });
  process.once('disconnect', stopAndExit);
  send({ type: 'ready', url });
}
