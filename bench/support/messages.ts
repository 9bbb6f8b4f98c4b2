/**
 * What a benchmark and the server it started in a child process tell each
 * other over the IPC channel: the child says where it listens, how much
 * memory it holds and how much CPU it has used; the parent asks for readings
 * and tells it to stop.
 */
export type ToChild = { type: 'usage' } | { type: 'stop' };

/** `cpuMicros`: user + system CPU time of the whole process so far. */
export type FromChild = { type: 'ready'; url: string } | { type: 'usage'; rss: number; heapUsed: number; cpuMicros: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isToChild(value: unknown): value is ToChild {
  return isRecord(value) && (value['type'] === 'usage' || value['type'] === 'stop');
}

export function isFromChild(value: unknown): value is FromChild {
  if (!isRecord(value)) return false;
  if (value['type'] === 'ready') return typeof value['url'] === 'string';
  return value['type'] === 'usage' && typeof value['rss'] === 'number' && typeof value['heapUsed'] === 'number' && typeof value['cpuMicros'] === 'number';
}
