/**
 * What every fuzz property shares: one seed (override with FUZZ_SEED to
 * replay a failure; fast-check prints the seed and the shrunk counterexample
 * when a property fails), run counts small enough for the whole area to stay
 * under a minute, and a digest of every table of the embedded store so a
 * property can say "nothing was written".
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type fc from 'fast-check';
import type { Store } from '../../src/store/ports.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { captureLogs, type CapturedLog } from '../secrets/capture.ts';

export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_124);

/** fast-check parameters: the shared seed and `numRuns` (scaled by FUZZ_RUNS_FACTOR for a longer hunt by hand). */
export function runs<T>(numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const factor = Number(process.env['FUZZ_RUNS_FACTOR'] ?? 1);
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * factor)), ...extra };
}

/** A scratch directory for one test file's database, removed by `remove()`. */
export function scratchDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `tagih-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const TABLES = ['links', 'orders', 'inbox', 'outbox', 'kv', 'leases'] as const;
export type Table = (typeof TABLES)[number];
export type Digest = Record<Table, string[]>;

/**
 * Reads the embedded database file through a second, read-only connection:
 * every row of every table as JSON, so any write (a row added, changed or
 * removed) shows up as a difference.
 */
export class TableReader {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
  }

  digest(): Digest {
    const out = {} as Digest;
    for (const table of TABLES) {
      out[table] = this.db
        .prepare(`SELECT * FROM ${table}`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort();
    }
    return out;
  }

  count(table: Table): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}

/** What a fuzz file runs against: a fresh embedded store in a scratch directory, a reader of its tables, and the log. */
export interface FuzzBed {
  store: Store;
  reader: TableReader;
  log: CapturedLog;
  /** After the store is closed: closes the reader and removes the directory. */
  remove(): void;
}

export function openFuzzBed(prefix: string): FuzzBed {
  const dir = scratchDir(prefix);
  const path = databasePath(dir.path);
  const store = openSqliteStore({ path });
  const reader = new TableReader(path);
  return {
    store,
    reader,
    log: captureLogs('info'),
    remove: () => {
      reader.close();
      dir.remove();
    },
  };
}

/** The tables whose rows differ between two digests. */
export function changedTables(before: Digest, after: Digest): Table[] {
  return TABLES.filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]));
}

/** Strings that have broken parsers, templates and queries elsewhere. */
export const TROUBLEMAKERS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '{"$gt":""}',
  '{"$ne":null}',
  '$where',
  "' OR '1'='1",
  "'; DROP TABLE links; --",
  '%',
  '_',
  '\\',
  '__proto__',
  'constructor',
  'prototype',
  '\u202Egnp.exe',
  '\u200B',
  '\uFEFF',
  '\u0000',
  '\r\n',
  '\uD800',
  '🙂👍🏽',
  'ﷺ',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
  'javascript:alert(1)',
  '../../etc/passwd',
];
