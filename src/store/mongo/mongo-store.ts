/**
 * The MongoDB store (MONGODB_URI), through mongoose, in the shape of the
 * embedded one (sqlite/sqlite-store.ts): every change of several documents
 * is one multi-document transaction (database.ts), so the server must be a
 * replica set or a sharded cluster; open refuses anything else with what to do.
 */
import type mongoose from 'mongoose';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../../domain/errors.ts';
import type { Store } from '../ports.ts';
import { connect, MongoDb, requireTransactions, type ConnectOptions } from './database.ts';
import { storeCall } from './errors.ts';
import { MongoInbox } from './inbox.ts';
import { MongoKeyValue, MongoLeases } from './kv.ts';
import { MongoLinks } from './links.ts';
import { createIndexes, defineModels, upgradeDocuments } from './models.ts';
import { MongoOrders } from './orders.ts';
import { MongoOutbox } from './outbox.ts';
import { MongoTeam } from './team.ts';

interface MongoStoreOptions extends ConnectOptions {
  logger?: Logger;
  /** How long `ping` waits. */
  pingTimeoutMs?: number;
}

export interface MongoStore extends Store {
  readonly kind: 'mongodb';
}

export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const { logger, pingTimeoutMs = 2_000, writeTimeoutMs = 10_000 } = options;
  const connection = connect(options);
  // Errors reach callers through the operations; an unhandled 'error' event would crash the process.
  connection.on('error', (err: unknown) => logger?.warn({ err }, 'MongoDB connection error'));
  connection.on('disconnected', () => logger?.warn('MongoDB disconnected'));
  connection.on('reconnected', () => logger?.info('MongoDB reconnected'));

  try {
    await storeCall(() => connection.asPromise());
    await storeCall(() => requireTransactions(admin(connection)));
    const models = defineModels(connection);
    await storeCall(() => createIndexes(models));
    await storeCall(() => upgradeDocuments(models));
    const db = new MongoDb(connection, models, writeTimeoutMs);
    const outbox = new MongoOutbox(db);
    const inbox = new MongoInbox(db);
    return {
      kind: 'mongodb',
      links: new MongoLinks(db),
      orders: new MongoOrders(db, outbox, inbox),
      inbox,
      outbox,
      kv: new MongoKeyValue(db),
      leases: new MongoLeases(db),
      team: new MongoTeam(db),
      ping: () => db.call(() => ping(connection, pingTimeoutMs)),
      async close() {
        db.markClosed();
        await connection.close();
      },
    };
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw err;
  }
}

function admin(connection: mongoose.Connection): mongoose.mongo.Admin {
  if (!connection.db) throw new StoreUnavailableError();
  return connection.db.admin();
}

/** The `ping` admin command, given at most `timeoutMs`. */
async function ping(connection: mongoose.Connection, timeoutMs: number): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await admin(connection).command({ ping: 1 }, { signal });
  } catch (err) {
    if (signal.aborted) throw new StoreUnavailableError(err);
    throw err;
  }
}
