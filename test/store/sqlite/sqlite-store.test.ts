import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isAppError } from '../../../src/domain/errors.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { describeStoreContract, newLink } from '../contract.ts';

describeStoreContract('SQLite in memory', async () => openSqliteStore({ path: ':memory:' }));

describe('SQLite store on disk', function () {
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'tagih-sqlite-'));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across a reopen, in WAL mode with durable commits', async function () {
    const path = join(dir, 'tagih.db');
    const store = openSqliteStore({ path });
    const link = await store.links.create(newLink());
    await store.close();

    const reopened = openSqliteStore({ path });
    expect(await reopened.links.byId(link.id)).to.deep.equal({ ...link, number: 1 });
    await reopened.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).to.deep.equal({ v: 1 });
    raw.close();
  });

  it('answers StoreUnavailableError when another process holds the write lock too long', async function () {
    const path = join(dir, 'tagih.db');
    const store = openSqliteStore({ path, busyTimeoutMs: 50 });
    const blocker = new Database(path);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const err = await store.links.create(newLink()).catch((e: unknown) => e);
      expect(isAppError(err, 'STORE_UNAVAILABLE'), String(err)).to.equal(true);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    // Once the lock is gone, writing works again and nothing was half-written.
    const link = await store.links.create(newLink());
    expect(link.number).to.equal(1);
    await store.close();
  });

  it('answers StoreUnavailableError after the database is closed', async function () {
    const store = openSqliteStore({ path: join(dir, 'tagih.db') });
    await store.close();
    const err = await store.ping().catch((e: unknown) => e);
    expect(isAppError(err, 'STORE_UNAVAILABLE'), String(err)).to.equal(true);
  });
});
