/**
 * The messages between the main thread and the SQLite store's worker thread
 * (worker-store.ts, store-worker.ts). One shape for every store method, so a
 * method added to the store tomorrow crosses without a change here.
 */
import type { WireError } from '../errors.ts';
import type { OpenOptions } from './database.ts';

/** What the worker opens the store with: plain data (a callback cannot cross to it). */
export type WorkerOpenOptions = Omit<OpenOptions, 'onConnection'>;

/**
 * The store as the worker found it once opened: its methods by path
 * (`ping`, `orders.transition`) and its plain values (`kind`).
 */
export interface StoreShape {
  methods: string[];
  values: Record<string, unknown>;
}

export type Started = { kind: 'ready'; shape: StoreShape } | { kind: 'failed'; error: WireError };

/** Arguments and results are structured-cloned: plain objects, arrays, Dates (ports.ts). */
export interface Call {
  id: number;
  method: string;
  args: unknown[];
}

export type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The method that ends the worker: it answers once the last write asked for is committed, then the thread ends. */
export const CLOSE = 'close';
