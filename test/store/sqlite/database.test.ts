import { expect } from 'chai';
import { MAX_GROUP, openDatabase, WriteBatcher, type Db } from '../../../src/store/sqlite/database.ts';

/** A connection whose COMMITs are counted: one per write group. */
function countingCommits(): { db: Db; commits: () => number } {
  const db = openDatabase({ path: ':memory:' });
  const prepare = db.prepare.bind(db);
  let commits = 0;
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (sql === 'COMMIT') {
      const run = statement.run.bind(statement);
      statement.run = (...params: unknown[]) => {
        commits++;
        return run(...params);
      };
    }
    return statement;
  }) as Db['prepare'];
  return { db, commits: () => commits };
}

describe('the embedded database', function () {
  it('keeps temporary data, and the savepoints of a write group, in memory rather than in temporary files', function () {
    const db = openDatabase({ path: ':memory:' });
    // 2 = MEMORY (https://sqlite.org/pragma.html#pragma_temp_store).
    expect(db.pragma('temp_store', { simple: true })).to.equal(2);
    db.close();
  });

  describe('WriteBatcher', function () {
    it('commits every write asked for in one turn together, and answers each after that commit', async function () {
      const { db, commits } = countingCommits();
      const writes = new WriteBatcher(db);
      db.exec('CREATE TABLE t (v INTEGER)');
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => writes.run(() => insert.run(i).changes)));
      expect(answers).to.deep.equal(Array.from({ length: 40 }, () => 1));
      expect(commits()).to.equal(1);
      db.close();
    });

    it(`commits a burst in groups of at most ${MAX_GROUP}, in the order asked, each write once`, async function () {
      const { db, commits } = countingCommits();
      const writes = new WriteBatcher(db);
      db.exec('CREATE TABLE t (v INTEGER)');
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      const burst = 2 * MAX_GROUP + 10;
      await Promise.all(Array.from({ length: burst }, (_, i) => writes.run(() => insert.run(i))));
      expect(commits()).to.equal(3);
      const values = db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all();
      expect(values).to.deep.equal(Array.from({ length: burst }, (_, i) => i));
      db.close();
    });

    it('fails one write of a group alone: the others are committed', async function () {
      const { db, commits } = countingCommits();
      const writes = new WriteBatcher(db);
      db.exec('CREATE TABLE t (v INTEGER UNIQUE)');
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      const results = await Promise.allSettled([1, 2, 2, 3].map((v) => writes.run(() => insert.run(v))));
      expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).to.deep.equal([1, 2, 3]);
      expect(commits()).to.equal(1);
      db.close();
    });
  });
});
