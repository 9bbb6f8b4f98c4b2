/**
 * Which MongoDB failures mean "the database cannot do this now" (callers answer
 * 503 or retry: StoreUnavailableError) and which mean something about the data
 * (a duplicate key), told apart once here.
 */
import mongoose from 'mongoose';
import { AppError, StoreUnavailableError } from '../../domain/errors.ts';

const { mongo } = mongoose;

/** Driver errors that only ever mean the server is out of reach or the client is closed. */
const UNAVAILABLE_CLASSES = [
  mongo.MongoServerSelectionError,
  mongo.MongoNetworkError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
  mongo.MongoClientClosedError,
  mongo.MongoServerClosedError,
  mongo.MongoOperationTimeoutError,
  mongo.MongoWriteConcernError,
  mongo.MongoStalePrimaryError,
];

/**
 * Server error codes for "not now": no writable primary, shutting down, an
 * election, a write concern that could not be met in time, a full disk.
 */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed (wtimeout)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  133, // FailedToSatisfyReadPreference
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10058, // LegacyNotPrimary
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11601, // Interrupted
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  14031, // OutOfDiskSpace
]);

/** Labels the server and driver put on failures that a later retry can get past. */
const TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'SystemOverloadedError'];

/** Mongoose's own words for "there is no open connection". */
const MONGOOSE_NOT_CONNECTED =
  /before initial connection is complete|Connection was force closed|buffering timed out|Client must be connected|client (?:is|was) closed/i;

interface ServerErrorShape {
  code?: unknown;
  errorLabels?: unknown;
  writeConcernError?: unknown;
}

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE_CLASSES.some((cls) => err instanceof cls)) return true;
  if (err.name === 'MongooseServerSelectionError') return true;
  if (err.name === 'MongooseError' && MONGOOSE_NOT_CONNECTED.test(err.message)) return true;
  const shape = err as ServerErrorShape;
  if (typeof shape.code === 'number' && UNAVAILABLE_CODES.has(shape.code)) return true;
  // A write acknowledged by the primary but not by the write concern: not durable as asked.
  if (shape.writeConcernError != null) return true;
  const labels = Array.isArray(shape.errorLabels) ? shape.errorLabels : [];
  return labels.some((label) => TRANSIENT_LABELS.includes(String(label)));
}

export function toStoreError(err: unknown): unknown {
  return isUnavailable(err) && !(err instanceof StoreUnavailableError) ? new StoreUnavailableError(err) : err;
}

/** Runs one store operation, turning "cannot reach the database" into StoreUnavailableError. */
export async function storeCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw toStoreError(err);
  }
}

const DUPLICATE_KEY = 11000;

interface DuplicateKey {
  /** The index that refused the write, when the server names it. */
  index: string | null;
  /** Its key fields, when the server tells them. */
  fields: string[];
}

/** Describes a unique-index violation, or returns null for any other error. */
export function duplicateKeyOf(err: unknown): DuplicateKey | null {
  if (!(err instanceof Error) || (err as ServerErrorShape).code !== DUPLICATE_KEY) return null;
  const { keyPattern } = err as { keyPattern?: unknown };
  const fields = keyPattern !== null && typeof keyPattern === 'object' ? Object.keys(keyPattern) : [];
  const index = /index: (\S+)/.exec(err.message)?.[1] ?? null;
  return { index, fields };
}


/** MONGODB_URI names a server that cannot run multi-document transactions, which this store needs. */
export class MongoTransactionsUnsupportedError extends AppError<'MONGODB_NO_TRANSACTIONS'> {
  constructor(server: 'standalone' | 'uninitiated_replica_set') {
    super(
      'MONGODB_NO_TRANSACTIONS',
      server === 'uninitiated_replica_set'
        ? (w) => w.store.mongoReplicaSetUninitiated
        : (w) => w.store.mongoStandalone,
      { server },
    );
  }
}
