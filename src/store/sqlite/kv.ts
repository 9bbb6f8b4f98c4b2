import type { Statement } from 'better-sqlite3';
import type { KeyValueStore, LeaseStore } from '../ports.ts';
import { readSafely, type Db, type WriteBatcher } from './database.ts';

/** Escapes LIKE wildcards so a prefix matches only itself. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class SqliteKeyValue implements KeyValueStore {
  private readonly sql: {
    get: Statement<[string, string], { value: string }>;
    put: Statement<[string, string, string]>;
    insert: Statement<[string, string, string]>;
    remove: Statement<[string, string]>;
    keys: Statement<[string, string], { key: string }>;
    removePrefix: Statement<[string, string]>;
  };

  private readonly writes: WriteBatcher;
  constructor(
    db: Db,
    writes: WriteBatcher,
  ) {
    this.writes = writes;
    this.sql = {
      get: db.prepare('SELECT value FROM kv WHERE namespace = ? AND key = ?'),
      put: db.prepare('INSERT INTO kv (namespace, key, value) VALUES (?, ?, ?) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value'),
      insert: db.prepare('INSERT INTO kv (namespace, key, value) VALUES (?, ?, ?) ON CONFLICT (namespace, key) DO NOTHING'),
      remove: db.prepare('DELETE FROM kv WHERE namespace = ? AND key = ?'),
      keys: db.prepare(`SELECT key FROM kv WHERE namespace = ? AND key LIKE ? ESCAPE '\\' ORDER BY key`),
      removePrefix: db.prepare(`DELETE FROM kv WHERE namespace = ? AND key LIKE ? ESCAPE '\\'`),
    };
  }

  get(namespace: string, key: string): Promise<string | null> {
    return readSafely(() => this.sql.get.get(namespace, key)?.value ?? null);
  }

  setMany(namespace: string, entries: ReadonlyArray<{ key: string; value: string | null }>): Promise<void> {
    return this.writes.run(() => {
      for (const { key, value } of entries) {
        if (value === null) this.sql.remove.run(namespace, key);
        else this.sql.put.run(namespace, key, value);
      }
    });
  }

  setIfAbsent(namespace: string, key: string, value: string): Promise<boolean> {
    return this.writes.run(() => this.sql.insert.run(namespace, key, value).changes === 1);
  }

  compareAndSet(namespace: string, key: string, expected: string | null, value: string | null): Promise<boolean> {
    return this.writes.run(() => {
      const current = this.sql.get.get(namespace, key)?.value ?? null;
      if (current !== expected) return false;
      if (value === null) this.sql.remove.run(namespace, key);
      else this.sql.put.run(namespace, key, value);
      return true;
    });
  }

  keys(namespace: string, prefix: string): Promise<string[]> {
    return readSafely(() => this.sql.keys.all(namespace, likePrefix(prefix)).map((r) => r.key));
  }

  deletePrefix(namespace: string, prefix: string): Promise<void> {
    return this.writes.run(() => {
      this.sql.removePrefix.run(namespace, likePrefix(prefix));
    });
  }
}

export class SqliteLeases implements LeaseStore {
  private readonly sql: {
    acquire: Statement<{ name: string; owner: string; until: number; now: number }>;
    release: Statement<[string, string]>;
  };

  private readonly writes: WriteBatcher;
  constructor(
    db: Db,
    writes: WriteBatcher,
  ) {
    this.writes = writes;
    this.sql = {
      acquire: db.prepare(`
        INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @until)
        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
        WHERE leases.owner = excluded.owner OR leases.expires_at <= @now`),
      release: db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?'),
    };
  }

  acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.writes.run(
      () => this.sql.acquire.run({ name, owner, until: now.getTime() + ttlMs, now: now.getTime() }).changes === 1,
    );
  }

  release(name: string, owner: string): Promise<void> {
    return this.writes.run(() => {
      this.sql.release.run(name, owner);
    });
  }
}
