/**
 * Opening the embedded database, and the one way writes reach it.
 *
 * better-sqlite3 is synchronous, and a durable commit costs an fsync (about
 * 160 µs here). Committing every write on its own would cap the webhook at a
 * few thousand writes per second and stall the event loop on each one. So
 * writes are grouped: every write asked for during one turn of the event loop
 * runs in one transaction, each inside its own savepoint, and one fsync makes
 * the whole group durable. A write's promise resolves only after that commit:
 * when a caller sees success, the data is on disk.
 *
 * Another process (a second tagih on the same file, an operator's sqlite3)
 * may hold the write lock. better-sqlite3 would wait for it inside the call,
 * freezing the whole process (webhooks, pages, health checks) for up to the
 * busy timeout on every group; so a group that finds the lock taken waits
 * for it on a timer instead, and fails only once it has waited the busy
 * timeout.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { backoffDelay, type Backoff } from '../../retry.ts';
import { StoreUnavailableError } from '../../domain/errors.ts';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

/** Errors that mean "the database cannot do this now", not "your input is wrong". */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL|NOMEM|INTERRUPT)/;

export function isUnavailable(err: unknown): boolean {
  if (err instanceof Database.SqliteError) return UNAVAILABLE_CODES.test(err.code);
  return err instanceof TypeError && /database connection is not open/.test(err.message);
}

export function toStoreError(err: unknown): unknown {
  return isUnavailable(err) ? new StoreUnavailableError(err) : err;
}

/**
 * Runs a synchronous read and hands back a promise, turning "the database is
 * unavailable" into StoreUnavailableError like every write does.
 */
export function readSafely<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (err) {
    return Promise.reject(toStoreError(err));
  }
}

export interface OpenOptions {
  /** A file path, or `:memory:` for tests. */
  path: string;
  /** The connection's page cache in MiB (`SQLITE_CACHE_MIB`); SQLite's own 2 MiB when not given. */
  cacheMib?: number;
  /** How long to wait for another process's write lock before giving up. */
  busyTimeoutMs?: number;
  /**
   * Hands the open connection to a test that must act on it as the operating
   * system would (e.g. `PRAGMA max_page_count` to make the disk full). Never
   * set in production.
   */
  onConnection?: (db: Db) => void;
}

export function openDatabase({ path, busyTimeoutMs = 3000, cacheMib, onConnection }: OpenOptions): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it returns, so a 2xx to Midtrans means kept.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Negative: a size in KiB rather than in pages, whatever the page size
  // (https://sqlite.org/pragma.html#pragma_cache_size).
  if (cacheMib !== undefined) db.pragma(`cache_size = ${-Math.round(cacheMib * 1024)}`);
  // Every write of a group runs in its own savepoint (WriteBatcher), and SQLite
  // keeps the original of each page a savepoint changes in a sub-journal,
  // which with the default temp_store spills to a temporary file past 64 KiB
  // (https://sqlite.org/tempfiles.html, "Statement Journal Files"): a write
  // system call per page, a sixth of the webhook's CPU (issue 19). In memory
  // it is a copy; WriteBatcher bounds it by the pages of one group
  // (MAX_GROUP). The other temporary tables the queries make (small ORDER
  // BY and UNION sorts) go to memory too.
  db.pragma('temp_store = MEMORY');
  // mmap_size stays 0, SQLite's default. https://sqlite.org/mmap.html lists why:
  // an I/O error on a mapped file arrives as a signal that kills the process
  // (read() returns SQLITE_IOERR instead, a 503 that Midtrans retries), and
  // processes sharing a file, one mapping it and one not (an operator's
  // sqlite3), rely on the OS having a unified buffer cache. What it would save
  // is copying on reads; the webhook mostly writes, and changed pages are
  // copied to the heap either way.
  migrate(db);
  onConnection?.(db);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applyAll = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    for (let version = (row.v ?? 0) + 1; version <= MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version - 1]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
    }
  });
  // IMMEDIATE: two processes starting at once must not both migrate.
  applyAll.immediate();
}

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  /** When it was asked for: it waits for another process's lock at most the busy timeout from then. */
  askedAt: number;
}

/**
 * Writes in one group at most; the rest go in the next. Bounds what a group
 * holds in memory (the sub-journal, a copy of each page it changes) and how
 * long one commit keeps the event loop, whatever a burst asks for at once.
 */
export const MAX_GROUP = 256;

/** First and longest pause between two tries for a write lock another process holds. */
const LOCK_RETRY: Backoff = { baseMs: 1, maxMs: 50 };

function isBusy(err: unknown): boolean {
  return err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
}

export class WriteBatcher {
  private queue: PendingWrite[] = [];
  private scheduled = false;
  private lockRetries = 0;

  private readonly db: Db;
  private readonly busyTimeoutMs;
  /** Prepared once: every group runs them, every write opens and releases a savepoint, so parsing them each time shows in profiles. */
  private readonly sql: {
    begin: Database.Statement;
    commit: Database.Statement;
    savepoint: Database.Statement;
    release: Database.Statement;
    noWait: Database.Statement;
    wait: Database.Statement;
  };
  constructor(
    db: Db,
    /** The connection's busy timeout: how long a write may wait for another process's lock. */
    busyTimeoutMs = 3000,
  ) {
    this.db = db;
    this.busyTimeoutMs = busyTimeoutMs;
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      savepoint: db.prepare('SAVEPOINT write'),
      release: db.prepare('RELEASE write'),
      noWait: db.prepare('PRAGMA busy_timeout = 0'),
      wait: db.prepare(`PRAGMA busy_timeout = ${busyTimeoutMs}`),
    };
  }

  /** Runs `fn` inside the next group transaction; resolves after the commit. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject, askedAt: Date.now() });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Takes the write lock without waiting for it; false when another connection holds it. */
  private tryBegin(): boolean {
    this.sql.noWait.get();
    try {
      this.sql.begin.run();
      return true;
    } catch (err) {
      if (isBusy(err)) return false;
      throw err;
    } finally {
      this.sql.wait.get();
    }
  }

  private flush(): void {
    const waiting = this.queue.splice(0, MAX_GROUP);
    this.scheduled = false;
    const waitsForLock = this.runGroup(waiting);
    if (!waitsForLock && this.queue.length > 0) this.schedule();
  }

  /** Runs one group and settles its writes; true when another process holds the lock and a retry is set. */
  private runGroup(waiting: PendingWrite[]): boolean {
    const failAll = (err: unknown, writes: PendingWrite[] = waiting) => {
      const mapped = toStoreError(err);
      for (const write of writes) write.reject(mapped);
    };

    let locked: boolean;
    try {
      locked = this.tryBegin();
    } catch (err) {
      failAll(err);
      return false;
    }
    if (!locked) {
      // Writes that have waited the busy timeout fail as SQLITE_BUSY would; the rest wait on, first in line.
      const now = Date.now();
      const expired = waiting.filter((write) => now - write.askedAt >= this.busyTimeoutMs);
      if (expired.length > 0) failAll(new Database.SqliteError('database is locked', 'SQLITE_BUSY'), expired);
      this.queue = [...waiting.filter((write) => !expired.includes(write)), ...this.queue];
      if (this.queue.length > 0 && !this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.flush(), backoffDelay(LOCK_RETRY, this.lockRetries++));
      }
      return true;
    }
    this.lockRetries = 0;

    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    for (const write of waiting) {
      this.sql.savepoint.run();
      try {
        outcomes.push({ ok: true, value: write.run() });
        this.sql.release.run();
      } catch (error) {
        if (!this.db.inTransaction) {
          // SQLite rolled the whole transaction back (disk full, I/O error):
          // the writes before this one are gone too.
          failAll(error);
          return false;
        }
        try {
          this.db.exec('ROLLBACK TO write');
          this.sql.release.run();
        } catch (rollbackError) {
          this.abandon();
          failAll(rollbackError);
          return false;
        }
        outcomes.push({ ok: false, error: toStoreError(error) });
      }
    }

    try {
      this.sql.commit.run();
    } catch (err) {
      this.abandon();
      failAll(err);
      return false;
    }
    waiting.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
    return false;
  }

  /** Rolls back what is left of a failed group; the database may be gone. */
  private abandon(): void {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // Nothing more to undo: the connection itself has failed.
    }
  }
}
