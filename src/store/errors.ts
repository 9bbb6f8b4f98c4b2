/**
 * The errors a store raises on purpose, and how they cross a thread.
 *
 * The SQLite store runs on a worker thread (sqlite/worker-store.ts). An error
 * object cannot make that trip whole: structured clone keeps only an Error's
 * name and message, and our errors carry their words for people (Phrases,
 * functions). So an error travels as its code and details and is rebuilt by
 * this registry into the very class, code and words the store raised.
 * Anything else (a bug, an opening failure) travels as name, message and
 * `code`, which is all that callers (start-failure.ts) read from it.
 */
import { AppError, StoreUnavailableError } from '../domain/errors.ts';
import { orderIdTaken, slugTaken } from '../domain/link.ts';

type Details = Readonly<Record<string, unknown>>;

/** Every code a store throws as an AppError, and how to make it again from its details. */
const STORE_ERRORS = {
  STORE_UNAVAILABLE: () => new StoreUnavailableError(),
  ORDER_ID_TAKEN: (details: Details) => orderIdTaken(String(details['value'])),
  SLUG_TAKEN: (details: Details) => slugTaken(String(details['value'])),
} satisfies Record<string, (details: Details) => AppError>;

type StoreErrorCode = keyof typeof STORE_ERRORS;

function isStoreErrorCode(code: string): code is StoreErrorCode {
  return Object.hasOwn(STORE_ERRORS, code);
}

export type WireError =
  /** `cause`: what the database said (e.g. SQLITE_FULL), for the logs. */
  | { kind: 'store'; code: StoreErrorCode; details: Details; cause: WireError | null }
  | { kind: 'other'; name: string; message: string; code: string | null; stack: string | null };

export function toWireError(err: unknown): WireError {
  if (err instanceof AppError && isStoreErrorCode(err.code)) {
    return { kind: 'store', code: err.code, details: structuredClone(err.details), cause: err.cause === undefined ? null : toWireError(err.cause) };
  }
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as { code?: unknown }).code;
  return { kind: 'other', name: error.name, message: error.message, code: typeof code === 'string' ? code : null, stack: error.stack ?? null };
}

export function fromWireError(wire: WireError): Error {
  if (wire.kind === 'store') {
    const error: Error = STORE_ERRORS[wire.code](wire.details);
    if (wire.cause !== null) error.cause = fromWireError(wire.cause);
    return error;
  }
  const error = Object.assign(new Error(wire.message), wire.code === null ? {} : { code: wire.code });
  error.name = wire.name;
  if (wire.stack !== null) error.stack = wire.stack;
  return error;
}
