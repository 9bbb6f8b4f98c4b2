/**
 * The MongoDB store (MONGODB_URI), through mongoose. A standalone mongod is
 * enough: no operation relies on a multi-document transaction.
 *
 * Each store has its own connection (not mongoose's global one), with
 * commands never buffered while disconnected (they fail fast as
 * StoreUnavailableError instead) and every write acknowledged by a majority
 * and journaled, so a resolved write is durable.
 */
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../../domain/errors.ts';
import type { Store } from '../ports.ts';
import { MongoContext } from './context.ts';
import { storeCall } from './errors.ts';
import { MongoInbox } from './inbox.ts';
import { MongoKeyValue, MongoLeases } from './kv.ts';
import { MongoLinks } from './links.ts';
import { createIndexes, defineModels } from './models.ts';
import { MongoOrders } from './orders.ts';
import { MongoOutbox } from './outbox.ts';

export interface MongoStoreOptions {
  /** `mongodb://…` or `mongodb+srv://…`; the database is the one the URI names unless `dbName` is given. */
  uri: string;
  dbName?: string;
  logger?: Logger;
  /** How long to look for a usable server before an operation fails. */
  serverSelectionTimeoutMs?: number;
  /** How long to wait for an answer on an open connection. */
  socketTimeoutMs?: number;
  /** How long a write waits for the majority to acknowledge it. */
  writeTimeoutMs?: number;
  /** How long `ping` waits. */
  pingTimeoutMs?: number;
  /** How often unfinished status changes are looked for; 0 turns it off (they are still finished at open). */
  repairIntervalMs?: number;
}

export interface MongoStore extends Store {
  readonly kind: 'mongodb';
  /**
   * Finishes the follow-up steps of status changes that a crashed process
   * left undone (see effects.ts). Runs at open and then on a timer; cheap when
   * there is nothing to do. Returns how many it finished.
   */
  repairPendingEffects(): Promise<number>;
}

/** A change left unfinished this long is taken to be abandoned, not in flight. */
const REPAIR_MIN_AGE_MS = 30_000;

export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const { uri, logger, writeTimeoutMs = 10_000, pingTimeoutMs = 2_000, repairIntervalMs = 60_000 } = options;

  const connection = mongoose.createConnection(uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    ...timeout(uri, 'serverSelectionTimeoutMS', options.serverSelectionTimeoutMs, 5_000),
    ...timeout(uri, 'connectTimeoutMS', options.serverSelectionTimeoutMs, 5_000),
    ...timeout(uri, 'socketTimeoutMS', options.socketTimeoutMs, 20_000),
    // Durability is not the URI's to weaken: every write waits for the majority and the journal.
    writeConcern: { w: 'majority', journal: true, wtimeoutMS: writeTimeoutMs },
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    // As the embedded store does with JSON: an undefined field is absent, not null.
    ignoreUndefined: true,
  });
  // Errors reach callers through the operations; an unhandled 'error' event would crash the process.
  connection.on('error', (err: unknown) => logger?.warn({ err }, 'MongoDB connection error'));
  connection.on('disconnected', () => logger?.warn('MongoDB disconnected'));
  connection.on('reconnected', () => logger?.info('MongoDB reconnected'));

  try {
    await storeCall(() => connection.asPromise());
    const models = defineModels(connection);
    await storeCall(() => createIndexes(models));
    const ctx = new MongoContext(models);
    const outbox = new MongoOutbox(ctx);
    const inbox = new MongoInbox(ctx);
    const orders = new MongoOrders(ctx, outbox, inbox, logger);
    const repair = (minAgeMs: number) => orders.repairPendingEffects(new Date(), minAgeMs);

    // At open nothing of this process is in flight, so everything unfinished is taken; a change another
    // process is finishing right now may be finished twice over, which counts it once (effects.ts).
    await repair(0);
    const timer =
      repairIntervalMs > 0
        ? setInterval(() => {
            repair(REPAIR_MIN_AGE_MS).catch((err: unknown) => logger?.warn({ err }, 'repair of unfinished order changes failed'));
          }, repairIntervalMs)
        : null;
    timer?.unref();

    return {
      kind: 'mongodb',
      links: new MongoLinks(ctx),
      orders,
      inbox,
      outbox,
      kv: new MongoKeyValue(ctx),
      leases: new MongoLeases(ctx),
      repairPendingEffects: () => repair(REPAIR_MIN_AGE_MS),
      ping: () => ctx.call(() => ping(connection, pingTimeoutMs)),
      async close() {
        if (timer) clearInterval(timer);
        ctx.markClosed();
        await connection.close();
      },
    };
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw err;
  }
}

/**
 * A driver timeout: the one given in the options, else the one the URI sets
 * (`?serverSelectionTimeoutMS=300`), else ours.
 */
export function timeout(uri: string, name: string, given: number | undefined, fallback: number): Record<string, number> {
  if (given !== undefined) return { [name]: given };
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const inUri = query.split('&').some((pair) => pair.split('=')[0]?.toLowerCase() === name.toLowerCase());
  return inUri ? {} : { [name]: fallback };
}

/** The `ping` admin command, given at most `timeoutMs`. */
async function ping(connection: mongoose.Connection, timeoutMs: number): Promise<void> {
  const db = connection.db;
  if (!db) throw new StoreUnavailableError();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await db.admin().command({ ping: 1 }, { signal });
  } catch (err) {
    if (signal.aborted) throw new StoreUnavailableError(err);
    throw err;
  }
}
