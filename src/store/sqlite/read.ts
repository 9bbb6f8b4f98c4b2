import { toStoreError } from './database.ts';

/**
 * Runs a synchronous read and hands back a promise, turning "the database is
 * unavailable" into StoreUnavailableError like every write does.
 */
export function readSafely<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (err) {
    return Promise.reject(toStoreError(err));
  }
}
