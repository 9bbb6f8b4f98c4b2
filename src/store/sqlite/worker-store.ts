/**
 * The embedded store as tagih runs it: the SQLite store on a worker thread
 * (store-worker.ts), and here a stand-in with the same methods that sends
 * each call there and resolves on its answer.
 *
 * better-sqlite3 is synchronous: on the main thread every statement and every
 * group commit's fsync stops the event loop that parses requests and answers
 * them. On its own thread the store commits one group while the main thread
 * handles the next requests, whose writes form the next group. A write still
 * resolves only after its COMMIT, so a 2xx still means "on disk".
 *
 * The stand-in is built from the methods the worker found on the real store,
 * so a method added to the store needs no change here. Errors come back as
 * the same classes and codes (store/errors.ts). A call that gets no answer in
 * CALL_TIMEOUT_MS, and every call waiting when the thread dies, fails with
 * StoreUnavailableError: nothing waits forever.
 */
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../../domain/errors.ts';
import type { Logger } from '../../logger.ts';
import { fromWireError } from '../errors.ts';
import type { Store } from '../ports.ts';
import { openSqliteStore, READ_METHODS } from './sqlite-store.ts';
import { CLOSE, type Answer, type Call, type Started, type WorkerOpenOptions } from './worker-protocol.ts';

/**
 * Longer than anything a call may rightly take: a write waits for another
 * process's lock at most the busy timeout (3 s by default) before its group runs.
 */
const CALL_TIMEOUT_MS = 30_000;
/** Opening runs the migrations, which may rewrite a big table once. */
const START_TIMEOUT_MS = 120_000;
/** After close() has its answer, the thread ends on its own at once; it is stopped if not. */
const EXIT_TIMEOUT_MS = 5_000;

/**
 * The worker runs TypeScript as the main thread does. Workers inherit
 * `process.execArgv` (https://nodejs.org/api/worker_threads.html#new-workerfilename-options),
 * which is enough for `npm start`'s `--import ./scripts/typescript.js`, but
 * tsx's own `--import tsx` (mocha's) does not reach into workers on Node 20;
 * so the project's loader is always added. Imported twice, it runs once.
 */
const TYPESCRIPT_LOADER = new URL('../../../scripts/typescript.js', import.meta.url).href;
const WORKER_ENTRY = new URL('./store-worker.ts', import.meta.url);

export interface WorkerStoreOptions extends WorkerOpenOptions {
  /** Where a thread that dies or a call that times out is reported. */
  logger: Logger;
  /** Hands the thread to a test that must end it as a crash would. Never set in production. */
  onWorker?: (worker: Worker) => void;
}

type Method = (...args: unknown[]) => unknown;

interface Pending {
  method: string;
  askedAt: number;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

class WorkerConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the thread cannot answer any more: closed or dead. */
  private ended = false;
  private readonly sweep: NodeJS.Timeout;
  /** Kept from the start: the thread may end before close()'s answer has been read. */
  private readonly exited: Promise<unknown>;

  private readonly worker: Worker;
  private readonly logger: Logger;
  constructor(worker: Worker, logger: Logger) {
    this.worker = worker;
    this.logger = logger;
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.on('message', (answer: Answer) => this.settle(answer));
    worker.on('error', (err) => this.die({ err }, 'the SQLite store thread failed'));
    worker.on('exit', (exitCode) => this.die({ exitCode }, 'the SQLite store thread stopped'));
    // One timer for all calls rather than one per call: the webhook makes thousands a second.
    this.sweep = setInterval(() => this.expire(), 1_000).unref();
    // An idle store does not keep the process alive (as an open database file does not); a call waiting does.
    worker.unref();
  }

  call(method: string, args: unknown[]): Promise<unknown> {
    if (this.ended) return Promise.reject(new StoreUnavailableError());
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { method, askedAt: Date.now(), resolve, reject });
      try {
        this.worker.postMessage({ id, method, args } satisfies Call);
      } catch (err) {
        // An argument that cannot be cloned (a function): the caller's bug, said at once.
        this.forget(id);
        reject(err);
      }
    });
  }

  /** After close() was answered: no call is sent any more, and the thread ends. */
  async awaitExit(): Promise<void> {
    this.ended = true;
    clearInterval(this.sweep);
    // terminate() is safe here: the database is closed, so the thread is in no better-sqlite3 call.
    const late = setTimeout(() => void this.worker.terminate(), EXIT_TIMEOUT_MS);
    await this.exited;
    clearTimeout(late);
  }

  private settle(answer: Answer): void {
    const call = this.forget(answer.id);
    if (!call) return;
    if (answer.ok) call.resolve(answer.value);
    else call.reject(fromWireError(answer.error));
  }

  private forget(id: number): Pending | undefined {
    const call = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return call;
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, call] of this.pending) {
      if (now - call.askedAt < CALL_TIMEOUT_MS) continue;
      this.forget(id);
      this.logger.error({ method: call.method, waitedMs: now - call.askedAt }, 'a call to the SQLite store thread got no answer in time');
      call.reject(new StoreUnavailableError());
    }
  }

  private die(facts: Record<string, unknown>, message: string): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.sweep);
    this.logger.error({ ...facts, waiting: this.pending.size }, `${message}: every store call fails until tagih restarts`);
    for (const id of [...this.pending.keys()]) this.forget(id)!.reject(new StoreUnavailableError());
  }
}

/**
 * Opens the store on its own thread. Fails as opening it here would (the same
 * error code and message: a bad DATA_DIR, a locked file, a failed migration).
 */
export async function startSqliteWorkerStore({ logger, onWorker, ...open }: WorkerStoreOptions): Promise<Store> {
  const worker = new Worker(WORKER_ENTRY, { workerData: open satisfies WorkerOpenOptions, execArgv: [...process.execArgv, '--import', TYPESCRIPT_LOADER] });
  onWorker?.(worker);
  const started = await firstMessage(worker);
  if (started.kind === 'failed') {
    // The thread ends on its own: it listens to nothing after saying why.
    worker.unref();
    throw fromWireError(started.error);
  }

  const connection = new WorkerConnection(worker, logger);
  // Reads on a connection of this thread: they need no fsync, so they need not wait for the worker's.
  // Not for `:memory:`, which is a database of each connection's own.
  const reader = open.path === ':memory:' ? null : openSqliteStore(open);
  const store: Record<string, unknown> = { ...started.shape.values };
  for (const method of started.shape.methods) {
    const [group, name] = method.split('.') as [string, string | undefined];
    const read = reader && READ_METHODS.has(method) ? pick(reader, group, name) : null;
    const run = read ?? ((...args: unknown[]) => connection.call(method, args));
    if (name === undefined) store[group] = run;
    else ((store[group] ??= {}) as Record<string, unknown>)[name] = run;
  }
  let closing: Promise<void> | undefined;
  store[CLOSE] = () =>
    (closing ??= (async () => {
      try {
        await connection.call(CLOSE, []);
        await connection.awaitExit();
      } finally {
        await reader?.close();
      }
    })());
  // The worker built the shape from a Store (store-worker.ts), so every port method is in it.
  return store as unknown as Store;
}

function pick(store: Store, group: string, name: string | undefined): Method {
  const owner = (name === undefined ? store : (store as unknown as Record<string, object>)[group]) as Record<string, Method>;
  return owner[name ?? group]!.bind(owner);
}

/** The worker's first word: ready, or why it could not open the store; bounded by START_TIMEOUT_MS. */
function firstMessage(worker: Worker): Promise<Started> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    const onMessage = (started: Started) => {
      done();
      resolve(started);
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onExit = (exitCode: number) => {
      done();
      reject(new Error(`the SQLite store thread stopped while opening the store (exit code ${exitCode})`));
    };
    // The thread is left to finish rather than terminate()d: stopping it inside a better-sqlite3
    // call aborts the whole process (v8 "ToLocalChecked Empty MaybeLocal"). tagih is not starting anyway.
    const timer = setTimeout(() => {
      done();
      worker.unref();
      reject(new StoreUnavailableError());
    }, START_TIMEOUT_MS);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
