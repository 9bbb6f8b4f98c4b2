/**
 * The embedded store: one SQLite file in DATA_DIR, so tagih runs anywhere
 * with no database server. Several processes may share the file (WAL mode,
 * write locks taken up front, a busy timeout).
 */
import { join } from 'node:path';
import type { Store } from '../ports.ts';
import { readSafely, openDatabase, WriteBatcher, type OpenOptions } from './database.ts';
import { SqliteInbox } from './inbox.ts';
import { SqliteKeyValue, SqliteLeases } from './kv.ts';
import { SqliteLinks } from './links.ts';
import { SqliteOrders } from './orders.ts';
import { SqliteOutbox } from './outbox.ts';

const DATABASE_FILE = 'tagih.db';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

export function openSqliteStore(options: OpenOptions): Store {
  const db = openDatabase(options);
  const writes = new WriteBatcher(db, options.busyTimeoutMs);
  const links = new SqliteLinks(db, writes);
  const outbox = new SqliteOutbox(db, writes);
  const inbox = new SqliteInbox(db, writes);
  const ping = db.prepare('SELECT 1');
  return {
    kind: 'sqlite',
    links,
    orders: new SqliteOrders(db, writes, links, outbox, inbox),
    inbox,
    outbox,
    kv: new SqliteKeyValue(db, writes),
    leases: new SqliteLeases(db, writes),
    ping: () => readSafely(() => void ping.get()),
    async close() {
      // Let writes already asked for reach the disk before the file closes.
      await writes.run(() => undefined);
      db.close();
    },
  };
}
