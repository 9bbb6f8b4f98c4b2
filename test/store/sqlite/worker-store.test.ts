import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ConflictError, isAppError, StoreUnavailableError } from '../../../src/domain/errors.ts';
import { slugTaken } from '../../../src/domain/link.ts';
import { createLogger, type Logger } from '../../../src/logger.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { startSqliteWorkerStore } from '../../../src/store/sqlite/worker-store.ts';
import { describeStoreContract, newLink } from '../contract.ts';

/** The store's log as parsed lines, to see what an operator would be told. */
function recordingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }), lines };
}

describeStoreContract('SQLite on its worker thread, in memory', async () => startSqliteWorkerStore({ path: ':memory:', logger: createLogger('silent') }));

describe('on disk, reading on the main thread', function () {
  const dirs: string[] = [];
  after(function () {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  describeStoreContract('SQLite on its worker thread, on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tagih-sqlite-worker-'));
    dirs.push(dir);
    return startSqliteWorkerStore({ path: join(dir, 'tagih.db'), logger: createLogger('silent') });
  });
});

describe('SQLite store on its worker thread', function () {
  let dir: string;
  let path: string;
  const open: Store[] = [];

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'tagih-sqlite-worker-'));
    path = join(dir, 'tagih.db');
  });

  afterEach(async function () {
    await Promise.allSettled(open.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(options: { busyTimeoutMs?: number; logger?: Logger; onWorker?: (worker: Worker) => void } = {}): Promise<Store> {
    const store = await startSqliteWorkerStore({ path, logger: createLogger('silent'), ...options });
    open.push(store);
    return store;
  }

  it('hands back an error raised in the worker as the same class, code and words', async function () {
    const store = await start();
    await store.links.create(newLink({ slug: 'kaos-biru' }));
    const err = await store.links.create(newLink({ slug: 'kaos-biru', orderId: 'INV-2' })).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConflictError);
    expect(isAppError(err, 'SLUG_TAKEN')).to.equal(true);
    const expected = slugTaken('kaos-biru');
    expect((err as ConflictError).say('id')).to.equal(expected.say('id'));
    expect((err as ConflictError).details).to.deep.equal(expected.details);
  });

  it('hands back "the database is busy" as StoreUnavailableError, with what SQLite said as its cause', async function () {
    const store = await start({ busyTimeoutMs: 50 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const err = await store.links.create(newLink()).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(StoreUnavailableError);
      expect(isAppError(err, 'STORE_UNAVAILABLE')).to.equal(true);
      expect(((err as Error).cause as { code?: string }).code).to.equal('SQLITE_BUSY');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('fails at start as the store in this thread would: the same code and message', async function () {
    writeFileSync(join(dir, 'a-file'), '');
    path = join(dir, 'a-file', 'tagih.db');
    const here = (() => {
      try {
        openSqliteStore({ path });
      } catch (e) {
        return e as Error & { code?: string };
      }
      throw new Error('opened');
    })();
    const there = (await startSqliteWorkerStore({ path, logger: createLogger('silent') }).catch((e: unknown) => e)) as Error & { code?: string };
    // mkdir through a file: EEXIST on Linux, one of the codes start-failure.ts turns into DATA_DIR.
    expect(here.code).to.equal('EEXIST');
    expect([there.code, there.message]).to.deep.equal([here.code, here.message]);
  });

  it('close() answers once the last write asked for is committed, and refuses calls afterwards', async function () {
    const store = await start();
    const writes = Array.from({ length: 200 }, (_, i) => store.links.create(newLink({ orderId: `INV-${i}`, slug: `slug-${i}` })));
    await store.close();
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === 'fulfilled')).to.have.length(200);

    const err = await store.links.byId('x').catch((e: unknown) => e);
    expect(isAppError(err, 'STORE_UNAVAILABLE')).to.equal(true);

    const reopened = openSqliteStore({ path });
    try {
      const page = await reopened.links.list({ merchantId: newLink().merchantId, activeOnly: false, offset: 0, limit: 500, now: new Date() });
      expect(page.items).to.have.length(200);
    } finally {
      await reopened.close();
    }
  });

  it('when its thread dies, fails every waiting call and every later write with STORE_UNAVAILABLE at once, and says so in the log', async function () {
    const { logger, lines } = recordingLogger();
    let worker: Worker | undefined;
    const store = await start({ logger, busyTimeoutMs: 60_000, onWorker: (w) => (worker = w) });
    // Another connection holds the write lock: the write waits in the worker, unanswered.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const waiting = store.links.create(newLink()).catch((e: unknown) => e);
      const reading = store.links.byId('x');
      await reading;
      // A message the thread cannot read throws there, uncaught, as a bug would.
      // (Not worker.terminate(): stopping the thread inside a better-sqlite3 call aborts the whole process.)
      worker!.postMessage(null);
      expect(isAppError(await waiting, 'STORE_UNAVAILABLE')).to.equal(true);
      expect(isAppError(await store.kv.setMany('n', [{ key: 'k', value: 'v' }]).catch((e: unknown) => e), 'STORE_UNAVAILABLE')).to.equal(true);
      expect(lines.filter((line) => line['level'] === 50).map((line) => [line['msg'], line['waiting']])).to.deep.equal([
        ['the SQLite store thread failed: every store call fails until tagih restarts', 1],
      ]);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});
