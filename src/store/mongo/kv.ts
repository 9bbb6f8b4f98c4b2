import type { AnyBulkWriteOperation } from 'mongoose';
import type { KeyValueStore, LeaseStore } from '../ports.ts';
import type { MongoDb } from './database.ts';
import { duplicateKeyOf } from './errors.ts';
import type { KvDoc } from './models.ts';

/** Escapes every regular-expression metacharacter, so the text matches only itself. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A pattern for "starts with `prefix`", anchored so MongoDB can answer it from the index. */
export function prefixPattern(prefix: string): RegExp {
  return new RegExp(`^${escapeRegex(prefix)}`);
}

/**
 * Small documents by (namespace, key). Every write is acknowledged with the
 * connection's write concern (majority, journaled), so a resolved promise
 * means the data is on disk. setMany is one transaction: all its keys or none.
 */
export class MongoKeyValue implements KeyValueStore {
  private readonly db: MongoDb;
  constructor(db: MongoDb) {
    this.db = db;
  }

  private get model() {
    return this.db.models.kv;
  }

  get(namespace: string, key: string): Promise<string | null> {
    return this.db.call(async () => {
      const doc = await this.model.findOne(this.at(namespace, key), { value: 1 }).lean<Pick<KvDoc, 'value'> | null>();
      return doc?.value ?? null;
    });
  }

  setMany(namespace: string, entries: ReadonlyArray<{ key: string; value: string | null }>): Promise<void> {
    if (entries.length === 0) return this.db.call(async () => undefined);
    const ops: AnyBulkWriteOperation<KvDoc>[] = entries.map(({ key, value }) =>
      value === null
        ? { deleteOne: { filter: this.at(namespace, key) } }
        : { updateOne: { filter: this.at(namespace, key), update: { $set: { value } }, upsert: true } },
    );
    // A concurrent first write of the same key conflicts inside the transaction, which then runs again.
    return this.db.transaction(async (session) => {
      await this.model.bulkWrite(ops, { ordered: true, session });
    });
  }

  setIfAbsent(namespace: string, key: string, value: string): Promise<boolean> {
    return this.db.call(() => this.insertIfAbsent(namespace, key, value));
  }

  compareAndSet(namespace: string, key: string, expected: string | null, value: string | null): Promise<boolean> {
    return this.db.call(async () => {
      if (expected === null) {
        if (value !== null) return this.insertIfAbsent(namespace, key, value);
        return (await this.model.exists(this.at(namespace, key))) === null;
      }
      // The expected value is part of the filter: the write happens only if it is still there.
      const current = { ...this.at(namespace, key), value: { $eq: expected } };
      if (value === null) return (await this.model.deleteOne(current)).deletedCount === 1;
      return (await this.model.updateOne(current, { $set: { value } })).matchedCount === 1;
    });
  }

  keys(namespace: string, prefix: string): Promise<string[]> {
    return this.db.call(async () => {
      const docs = await this.model
        .find({ namespace: { $eq: namespace }, key: { $regex: prefixPattern(prefix) } }, { key: 1 })
        .sort({ key: 1 })
        .lean<Pick<KvDoc, 'key'>[]>();
      return docs.map((doc) => doc.key);
    });
  }

  deletePrefix(namespace: string, prefix: string): Promise<void> {
    return this.db.call(async () => {
      await this.model.deleteMany({ namespace: { $eq: namespace }, key: { $regex: prefixPattern(prefix) } });
    });
  }

  private at(namespace: string, key: string) {
    return { namespace: { $eq: namespace }, key: { $eq: key } };
  }

  private async insertIfAbsent(namespace: string, key: string, value: string): Promise<boolean> {
    try {
      const result = await this.model.updateOne(this.at(namespace, key), { $setOnInsert: { value } }, { upsert: true });
      return result.upsertedCount === 1;
    } catch (err) {
      // Another writer inserted the key between our look and our insert: it is not absent.
      if (duplicateKeyOf(err)) return false;
      throw err;
    }
  }
}

/**
 * Leases, one document per name. Taking one is a single upsert whose filter
 * says "ours, or expired": if another owner holds a live lease the filter
 * matches nothing, the upsert tries to insert a second document with the same
 * _id and fails on the duplicate key, which means "not acquired".
 */
export class MongoLeases implements LeaseStore {
  private readonly db: MongoDb;
  constructor(db: MongoDb) {
    this.db = db;
  }

  acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.db.call(async () => {
      try {
        await this.db.models.leases.updateOne(
          { _id: { $eq: name }, $or: [{ owner: { $eq: owner } }, { expiresAt: { $lte: now } }] },
          { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) } },
          { upsert: true },
        );
        return true;
      } catch (err) {
        if (duplicateKeyOf(err)) return false;
        throw err;
      }
    });
  }

  release(name: string, owner: string): Promise<void> {
    return this.db.call(async () => {
      await this.db.models.leases.deleteOne({ _id: { $eq: name }, owner: { $eq: owner } });
    });
  }
}
