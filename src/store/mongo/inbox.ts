import type { ClientSession } from 'mongoose';
import { bodyHash, ERROR_MAX, FIRST_RETRY_AFTER_MS } from '../inbox-rules.ts';
import type { InboxEntry, InboxStore, ReceivedNotification } from '../ports.ts';
import { isObjectIdHex, type MongoDb } from './database.ts';
import { duplicateKeyOf } from './errors.ts';
import type { InboxDoc } from './models.ts';

/** What a new entry starts with besides the notification itself. */
type NewEntryFields = Pick<InboxDoc, 'status' | 'attempts' | 'nextAttemptAt'> & Partial<Pick<InboxDoc, 'outcome' | 'lastError' | 'processedAt'>>;

export class MongoInbox implements InboxStore {
  private readonly db: MongoDb;
  constructor(db: MongoDb) {
    this.db = db;
  }

  private get model() {
    return this.db.models.inbox;
  }

  add(input: ReceivedNotification): Promise<{ id: string; duplicate: boolean }> {
    return this.db.call(async () => {
      const fields = { status: 'open' as const, attempts: 0, nextAttemptAt: new Date(input.receivedAt.getTime() + FIRST_RETRY_AFTER_MS) };
      const doc = (await this.keepBody(input, fields, 'after'))!;
      return { id: doc._id.toHexString(), duplicate: doc.timesReceived > 1 && doc.status === 'processed' };
    });
  }

  processed(body: string): Promise<boolean> {
    return this.db.call(async () => (await this.model.exists({ bodyHash: bodyHash(body), status: 'processed' })) !== null);
  }

  keepForRetry(input: ReceivedNotification, error: string, retryAt: Date): Promise<void> {
    return this.db.call(async () => {
      const before = await this.keepBody(input, { status: 'open', attempts: 1, nextAttemptAt: retryAt, lastError: error.slice(0, ERROR_MAX) }, 'before');
      // Kept before and still open: this is its next try.
      if (before?.status === 'open') await this.retryEntry(before._id.toHexString(), error, retryAt);
    });
  }

  keepProcessed(input: ReceivedNotification, outcome: string): Promise<void> {
    return this.db.call(() => this.record(input, outcome, input.receivedAt));
  }

  /**
   * Keeps a notification processed; inside a status change's transaction
   * (orders.ts) when given its session. A body kept before keeps the outcome
   * it had, unless it was still open.
   */
  async record(input: ReceivedNotification, outcome: string, at: Date, session?: ClientSession): Promise<void> {
    const before = await this.keepBody(input, { status: 'processed', outcome, attempts: 0, nextAttemptAt: input.receivedAt, processedAt: at }, 'before', session);
    if (before?.status === 'open') await this.settle(before._id.toHexString(), outcome, at, session);
  }

  /**
   * The one way an entry is kept: one upsert on the body's hash, which inserts
   * `fields` for a new body and only counts a body kept before. Resolves with
   * the entry as it was before (null for a new one) or after. The same body
   * kept twice at once: one inserts, the other finds it on a second try (in a
   * transaction the conflict ends the transaction, which is tried again whole).
   */
  private async keepBody(input: ReceivedNotification, fields: NewEntryFields, returnDocument: 'before' | 'after', session?: ClientSession): Promise<InboxDoc | null> {
    const upsert = () =>
      this.model
        .findOneAndUpdate(
          { bodyHash: bodyHash(input.body) },
          {
            $setOnInsert: { orderId: input.orderId, body: input.body, receivedAt: input.receivedAt, outcome: null, lastError: null, processedAt: null, ...fields },
            $inc: { timesReceived: 1 },
          },
          { upsert: true, returnDocument, setDefaultsOnInsert: false, ...(session ? { session } : {}) },
        )
        .lean<InboxDoc | null>();
    try {
      return await upsert();
    } catch (err) {
      if (session !== undefined || !duplicateKeyOf(err)) throw err;
      return upsert();
    }
  }

  markProcessed(id: string, outcome: string, at: Date): Promise<void> {
    return this.db.call(() => this.settle(id, outcome, at));
  }

  /** Marks an entry processed; inside a status change's transaction (orders.ts) when given its session. */
  async settle(id: string, outcome: string, at: Date, session?: ClientSession): Promise<void> {
    if (!isObjectIdHex(id)) return;
    await this.model.updateOne({ _id: id }, { $set: { status: 'processed', outcome, processedAt: at } }, session ? { session } : {});
  }

  markRetry(id: string, error: string, retryAt: Date): Promise<void> {
    return this.db.call(() => this.retryEntry(id, error, retryAt));
  }

  private async retryEntry(id: string, error: string, retryAt: Date): Promise<void> {
    if (!isObjectIdHex(id)) return;
    await this.model.updateOne(
      { _id: id, status: 'open' },
      { $set: { lastError: error.slice(0, ERROR_MAX), nextAttemptAt: retryAt }, $inc: { attempts: 1 } },
    );
  }

  /**
   * Moving the due time forward is the lease: an entry is taken with a
   * conditional update that requires it to be still due, so of two workers
   * racing for it exactly one matches, and nobody else sees it until the lease
   * runs out (or markRetry sets the next try).
   */
  claimDue(input: { now: Date; worker: string; leaseMs: number; limit: number }): Promise<InboxEntry[]> {
    return this.db.call(async () => {
      if (input.limit <= 0) return [];
      const due = { status: 'open' as const, nextAttemptAt: { $lte: input.now } };
      const candidates = await this.model.find(due, { _id: 1 }).sort({ nextAttemptAt: 1 }).limit(input.limit).lean<Pick<InboxDoc, '_id'>[]>();
      const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
      const taken = await Promise.all(
        candidates.map((c) =>
          this.model.findOneAndUpdate({ _id: c._id, ...due }, { $set: { nextAttemptAt: leaseUntil } }, { returnDocument: 'after' }).lean<InboxDoc | null>(),
        ),
      );
      return taken
        .filter((doc): doc is InboxDoc => doc !== null)
        .map((doc) => ({
          id: doc._id.toHexString(),
          orderId: doc.orderId,
          body: doc.body,
          receivedAt: doc.receivedAt,
          attempts: doc.attempts,
        }));
    });
  }
}
