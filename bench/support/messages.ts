/**
 * What a benchmark and the server it started in a child process tell each
 * other over the IPC channel: the child says where it listens and how much
 * memory it holds; the parent asks for readings and tells it to stop.
 */
export type ToChild = { type: 'memory' } | { type: 'stop' };

export type FromChild = { type: 'ready'; url: string } | { type: 'memory'; rss: number; heapUsed: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isToChild(value: unknown): value is ToChild {
  return isRecord(value) && (value['type'] === 'memory' || value['type'] === 'stop');
}

export function isFromChild(value: unknown): value is FromChild {
  if (!isRecord(value)) return false;
  if (value['type'] === 'ready') return typeof value['url'] === 'string';
  return value['type'] === 'memory' && typeof value['rss'] === 'number' && typeof value['heapUsed'] === 'number';
}
