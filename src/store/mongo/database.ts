/**
 * The connection, and the two ways a store operation runs on it: `call` for a
 * single-document read or write (atomic on its own), `transaction` for
 * anything that changes several documents together.
 *
 * Transactions need a replica set or a sharded cluster (mongos): every Atlas
 * cluster is one, and a local mongod becomes a single-node replica set with
 * `--replSet rs0` and one `rs.initiate()`. `requireTransactions` checks this
 * at open, so a standalone server is refused with what to do instead of
 * failing on the first checkout.
 */
import mongoose, { type ClientSession } from 'mongoose';
import { StoreUnavailableError } from '../../domain/errors.ts';
import { MongoTransactionsUnsupportedError, storeCall } from './errors.ts';
import type { Models } from './models.ts';

export interface ConnectOptions {
  /** `mongodb://…` or `mongodb+srv://…`; the database is the one the URI names unless `dbName` is given. */
  uri: string;
  dbName?: string;
  /** How long to look for a usable server before an operation fails. */
  serverSelectionTimeoutMs?: number;
  /** How long to wait for an answer on an open connection. */
  socketTimeoutMs?: number;
  /** How long a write (a commit) waits for the majority to acknowledge it. */
  writeTimeoutMs?: number;
}

/**
 * Its own connection (not mongoose's global one), with commands never
 * buffered while disconnected (they fail fast as StoreUnavailableError) and
 * every write acknowledged by a majority and journaled, so a resolved write is durable.
 */
export function connect(options: ConnectOptions): mongoose.Connection {
  const { uri, writeTimeoutMs = 10_000 } = options;
  return mongoose.createConnection(uri, {
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

/** The fields of the `hello` answer that tell what kind of server answered. */
export interface HelloAnswer {
  ok?: unknown;
  setName?: unknown;
  msg?: unknown;
  isreplicaset?: unknown;
}

/**
 * What the server that answered `hello` is, read as the driver reads it
 * (node_modules/mongodb/lib/sdam/server_description.js `parseServerType`;
 * fields documented at https://www.mongodb.com/docs/manual/reference/command/hello/):
 * `msg: 'isdbgrid'` is a mongos, `setName` a replica set member,
 * `isreplicaset` a mongod started with --replSet whose set is not initiated
 * yet, anything else a standalone.
 */
export function serverKind(hello: HelloAnswer): 'mongos' | 'replica_set' | 'uninitiated_replica_set' | 'standalone' {
  if (hello.isreplicaset) return 'uninitiated_replica_set';
  if (hello.msg === 'isdbgrid') return 'mongos';
  if (typeof hello.setName === 'string' && hello.setName !== '') return 'replica_set';
  return 'standalone';
}

/** Throws MongoTransactionsUnsupportedError unless the server can run multi-document transactions. */
export async function requireTransactions(admin: { command(command: { hello: 1 }): Promise<HelloAnswer> }): Promise<void> {
  const kind = serverKind(await admin.command({ hello: 1 }));
  if (kind === 'standalone' || kind === 'uninitiated_replica_set') throw new MongoTransactionsUnsupportedError(kind);
}

export class MongoDb {
  private closed = false;

  private readonly connection: mongoose.Connection;

  readonly models: Models;

  /** How long a commit waits for the majority (as every other write does, connect()). */

  private readonly writeTimeoutMs: number;

  constructor(connection: mongoose.Connection, models: Models, writeTimeoutMs: number) {

    this.connection = connection;

    this.models = models;

    this.writeTimeoutMs = writeTimeoutMs;

  }

  /** Runs one store operation; after close, or when MongoDB is out of reach, it fails with StoreUnavailableError. */
  call<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError());
    return storeCall(operation);
  }

  /**
   * Runs `work` as one multi-document transaction: everything it writes
   * commits together or not at all. Reads inside see one snapshot, and a
   * write to a document another transaction changed since that snapshot is a
   * write conflict: the driver's withTransaction aborts and runs `work` again
   * on a fresh snapshot (TransientTransactionError, and a commit whose result
   * is unknown, are retried with a jittered backoff of 5–500 ms, for at most
   * 120 s in all: node_modules/mongodb/lib/sessions.js `withTransaction`).
   * So `work` must only read and write through `session`, decide from what
   * it read, and have no other effect. Whatever still fails reaches the caller
   * as StoreUnavailableError when it means "not now" (errors.ts).
   */
  transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.call(async () => {
      const session = await this.connection.startSession();
      try {
        return await session.withTransaction(() => work(session), {
          readConcern: { level: 'snapshot' },
          writeConcern: { w: 'majority', journal: true, wtimeoutMS: this.writeTimeoutMs },
          maxCommitTimeMS: this.writeTimeoutMs,
        });
      } finally {
        await session.endSession();
      }
    });
  }

  markClosed(): void {
    this.closed = true;
  }
}

/** Whether a string is an ObjectId in hex: ids from elsewhere that are not simply match nothing. */
export function isObjectIdHex(id: string): boolean {
  return typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id);
}
