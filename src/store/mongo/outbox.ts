/**
 * The outbox on MongoDB.
 *
 * Order within a chat: entries are inserted by upsert on their key, so the
 * server, not the client, makes each `_id`; a server's ObjectIds grow with
 * time, so `_id` order is queue order across every process writing to it.
 * Entries are written inside transactions (with the status change that
 * causes them), so two transactions committing at once may become visible in
 * the other order than their ids; those are notices of unrelated changes made
 * at the same moment. The notices of one order are ordered: its next change
 * starts only after the previous one committed.
 *
 * Claiming: an aggregation finds the oldest open entry of each chat and keeps
 * those that are due; each is then taken with a conditional update that
 * re-checks it is still due. Two workers racing for one entry both try the
 * same compare-and-set and exactly one matches. A later entry of a chat is
 * never handed out while an earlier one is open, because only the head of the
 * chat is ever a candidate and an entry stays open (pending) across retries.
 * markSent/retry/fail match on the worker holding the entry, so the late
 * answer of a worker whose lease ran out and was taken over changes nothing.
 */
import type { ClientSession, PipelineStage } from 'mongoose';
import type { DeliveryChannel } from '../../domain/channel.ts';
import type { NewOutboxEntry, OutboxEntry, OutboxStatus, OutboxStore } from '../ports.ts';
import { isObjectIdHex, type MongoDb } from './database.ts';
import { outboxFromDoc } from './mapping.ts';
import type { OutboxDoc } from './models.ts';

const ERROR_MAX = 500;

/** Due now: pending and past its time, or sending with a lease that ran out. */
function dueAt(now: Date, prefix = ''): Record<string, unknown> {
  return {
    $or: [
      { [`${prefix}status`]: 'pending', [`${prefix}nextAttemptAt`]: { $lte: now } },
      { [`${prefix}status`]: 'sending', [`${prefix}leaseUntil`]: { $lte: now } },
    ],
  };
}

/** The aggregation that lists the claimable heads of each chat, oldest due first. */
function claimablePipeline(channels: readonly DeliveryChannel[], now: Date, limit: number): PipelineStage[] {
  return [
    { $match: { open: true, channel: { $in: channels.map(String) } } },
    { $sort: { channel: 1, target: 1, _id: 1 } },
    { $group: { _id: { channel: '$channel', target: '$target' }, head: { $first: '$$ROOT' } } },
    { $match: dueAt(now, 'head.') },
    { $replaceWith: '$head' },
    { $sort: { nextAttemptAt: 1, _id: 1 } },
    { $limit: limit },
  ];
}

export class MongoOutbox implements OutboxStore {
  private readonly db: MongoDb;
  constructor(db: MongoDb) {
    this.db = db;
  }

  private get model() {
    return this.db.models.outbox;
  }

  /**
   * Inserts entries one by one, in order, each as an upsert on its key: an
   * existing key is left as it is. Runs inside the caller's transaction (a
   * status change's, or enqueue's own): two transactions inserting the same
   * new key conflict and the later one runs again, finding the entry.
   */
  async insertAll(entries: readonly NewOutboxEntry[], now: Date, session: ClientSession): Promise<void> {
    for (const entry of entries) {
      await this.model.updateOne(
        { key: { $eq: entry.key } },
        {
          $setOnInsert: {
            channel: entry.channel,
            target: entry.target,
            merchantId: entry.merchantId,
            notice: entry.notice,
            status: 'pending',
            open: true,
            attempts: 0,
            nextAttemptAt: entry.notBefore,
            leaseUntil: null,
            worker: null,
            lastError: null,
            createdAt: now,
            sentAt: null,
          },
        },
        { upsert: true, setDefaultsOnInsert: false, session },
      );
    }
  }

  enqueue(entries: NewOutboxEntry[], now: Date): Promise<void> {
    return this.db.transaction((session) => this.insertAll(entries, now, session));
  }

  claim(input: { channels: DeliveryChannel[]; now: Date; worker: string; leaseMs: number; limit: number }): Promise<OutboxEntry[]> {
    return this.db.call(async () => {
      if (input.channels.length === 0 || input.limit <= 0) return [];
      const heads = await this.model.aggregate<OutboxDoc>(claimablePipeline(input.channels, input.now, input.limit));
      const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
      const taken = await Promise.all(
        heads.map((head) =>
          this.model
            .findOneAndUpdate(
              { _id: head._id, open: true, ...dueAt(input.now) },
              { $set: { status: 'sending', worker: input.worker, leaseUntil } },
              { returnDocument: 'after' },
            )
            .lean<OutboxDoc | null>(),
        ),
      );
      return taken.filter((doc): doc is OutboxDoc => doc !== null).map(outboxFromDoc);
    });
  }

  markSent(id: string, worker: string, at: Date): Promise<void> {
    return this.finish(id, worker, { $set: { status: 'sent', open: false, sentAt: at, leaseUntil: null }, $inc: { attempts: 1 } });
  }

  retry(id: string, worker: string, error: string, retryAt: Date): Promise<void> {
    return this.finish(id, worker, {
      $set: { status: 'pending', lastError: error.slice(0, ERROR_MAX), nextAttemptAt: retryAt, leaseUntil: null },
      $inc: { attempts: 1 },
    });
  }

  fail(id: string, worker: string, error: string, at: Date): Promise<void> {
    return this.finish(id, worker, {
      $set: { status: 'failed', open: false, lastError: error.slice(0, ERROR_MAX), sentAt: at, leaseUntil: null },
      $inc: { attempts: 1 },
    });
  }

  list(filter: { status?: OutboxStatus; channel?: DeliveryChannel; limit: number }): Promise<OutboxEntry[]> {
    return this.db.call(async () => {
      const query: Record<string, unknown> = {};
      if (filter.status) query.status = { $eq: filter.status };
      if (filter.channel) query.channel = { $eq: filter.channel };
      const docs = await this.model.find(query).sort({ _id: 1 }).limit(filter.limit).lean<OutboxDoc[]>();
      return docs.map(outboxFromDoc);
    });
  }

  /** Applies an answer only if `worker` still holds the entry. */
  private finish(id: string, worker: string, update: Record<string, unknown>): Promise<void> {
    return this.db.call(async () => {
      if (!isObjectIdHex(id)) return;
      await this.model.updateOne({ _id: id, status: 'sending', worker: { $eq: worker } }, update);
    });
  }
}
