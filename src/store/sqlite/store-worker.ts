/**
 * The SQLite store's own thread. It opens the same store the main thread
 * would (sqlite-store.ts: the same statements, the same group commit) and
 * runs every call it is sent, so the statements and each group's fsync no
 * longer hold up the event loop that parses and answers requests. An answer
 * is sent once the call's promise settles: for a write, after its COMMIT.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Store } from '../ports.ts';
import { toWireError } from '../errors.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { CLOSE, type Answer, type Call, type Started, type StoreShape, type WorkerOpenOptions } from './worker-protocol.ts';

type Method = (...args: unknown[]) => unknown;

const port = parentPort!;

function methodNames(group: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = Object.getPrototypeOf(group); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (group as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  for (const [name, value] of Object.entries(group)) if (typeof value === 'function') names.add(name);
  return [...names];
}

/** Every method of the store and of its groups (links, orders, ...), bound to its object. */
function methodsOf(store: Store): { shape: StoreShape; methods: Map<string, Method> } {
  const methods = new Map<string, Method>();
  const values: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(store) as Array<[string, unknown]>) {
    if (typeof member === 'function') methods.set(name, (member as Method).bind(store));
    else if (typeof member === 'object' && member !== null) {
      for (const method of methodNames(member)) {
        methods.set(`${name}.${method}`, ((member as Record<string, Method>)[method]!).bind(member));
      }
    } else values[name] = member;
  }
  return { shape: { methods: [...methods.keys()], values }, methods };
}

function start(): void {
  let store: Store;
  try {
    store = openSqliteStore(workerData as WorkerOpenOptions);
  } catch (err) {
    // Nothing listens after this message, so the thread ends.
    port.postMessage({ kind: 'failed', error: toWireError(err) } satisfies Started);
    return;
  }
  const { shape, methods } = methodsOf(store);
  port.postMessage({ kind: 'ready', shape } satisfies Started);

  const answer = async ({ id, method, args }: Call): Promise<void> => {
    try {
      const value = await methods.get(method)!(...args);
      port.postMessage({ id, ok: true, value } satisfies Answer);
    } catch (err) {
      port.postMessage({ id, ok: false, error: toWireError(err) } satisfies Answer);
    }
    if (method === CLOSE) port.close();
  };
  // Each call starts in the turn its message arrives: calls arriving together share one group commit.
  port.on('message', (call: Call) => void answer(call));
}

start();
