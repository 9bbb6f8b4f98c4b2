/**
 * `npm run backup -- <file>`: a copy of the embedded database that is safe to
 * take while tagih runs, made with SQLite's online backup API (through
 * better-sqlite3's `db.backup()`; https://www.sqlite.org/backup.html).
 *
 * The copy is taken in one step: SQLite restarts a backup that another
 * connection writes to between steps, so a busy shop could otherwise keep it
 * restarting for ever. One step holds a read transaction, which in WAL mode
 * never blocks tagih's writes (https://www.sqlite.org/wal.html), and copies the
 * database as of one moment. It is written beside the target and renamed into
 * place only once SQLite's integrity check passes on it, so a file at <file>
 * is always a whole, checked backup. Restoring is described in README.md.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, loadDotEnv } from '../src/config.ts';
import { databasePath } from '../src/store/sqlite/sqlite-store.ts';

/** better-sqlite3 copies the page count the progress callback returns in its next step; this is "all of them". */
const ALL_PAGES = 0x7fffffff;

export interface BackupResult {
  file: string;
  bytes: number;
  links: number;
  orders: number;
}

export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const file = resolve(target);
  if (existsSync(file)) throw new Error(`${file} already exists; choose a new file name`);
  if (!existsSync(source)) throw new Error(`there is no database at ${source} (check DATA_DIR)`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  const copy = new Database(partial, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed SQLite's integrity check (${String(check)}); the database was not changed`);
    const count = (table: string) => (copy.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const result = { file, bytes: statSync(partial).size, links: count('links'), orders: count('orders') };
    renameSync(partial, file);
    return result;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    copy.close();
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: npm run backup -- <file>   e.g. npm run backup -- backups/tagih-$(date +%F).db\n');
    process.exit(2);
  }
  const config = loadConfig(process.env);
  if (config.mongodbUri) {
    process.stderr.write('MONGODB_URI is set: back up MongoDB with mongodump (see README.md), not with this command.\n');
    process.exit(2);
  }
  try {
    const { file, bytes, links, orders } = await backupDatabase(databasePath(config.dataDir), target);
    process.stdout.write(`backup written: ${file} (${(bytes / 1048576).toFixed(1)} MiB, ${links} links, ${orders} orders)\n`);
  } catch (err) {
    process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
