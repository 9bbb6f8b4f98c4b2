import { StoreUnavailableError } from '../../domain/errors.ts';
import { storeCall } from './errors.ts';
import type { Models } from './models.ts';

/** What every part of the MongoDB store shares: the models, and the one way an operation runs. */
export class MongoContext {
  private closed = false;

  readonly models: Models;
  constructor(models: Models) {
    this.models = models;
  }

  /** Runs one store operation; after close, or when MongoDB is out of reach, it fails with StoreUnavailableError. */
  call<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError());
    return storeCall(operation);
  }

  markClosed(): void {
    this.closed = true;
  }
}

/** Whether a string is an ObjectId in hex: ids from elsewhere that are not simply match nothing. */
export function isObjectIdHex(id: string): boolean {
  return typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id);
}
