import type { Statement } from 'better-sqlite3';
import { bodyHash, ERROR_MAX, FIRST_RETRY_AFTER_MS } from '../inbox-rules.ts';
import type { InboxEntry, InboxStore, ReceivedNotification } from '../ports.ts';
import { readSafely, type Db, type WriteBatcher } from './database.ts';

interface InboxRow {
  id: number;
  order_id: string;
  body: string;
  received_at: number;
  attempts: number;
  status: string;
  times_received: number;
}

export class SqliteInbox implements InboxStore {
  private readonly sql: {
    upsert: Statement<[string, string, string, number, number], InboxRow>;
    upsertProcessed: Statement<{ hash: string; orderId: string; body: string; at: number; outcome: string; processedAt: number }>;
    upsertRetry: Statement<{ hash: string; orderId: string; body: string; at: number; error: string; retryAt: number }>;
    processedByHash: Statement<[string], { found: number }>;
    settle: Statement<[string, number, number]>;
    retry: Statement<[string, number, number]>;
    due: Statement<[number, number], InboxRow>;
    lease: Statement<[number, number]>;
  };

  private readonly writes: WriteBatcher;
  constructor(
    db: Db,
    writes: WriteBatcher,
  ) {
    this.writes = writes;
    this.sql = {
      upsert: db.prepare(`
        INSERT INTO inbox (body_hash, order_id, body, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (body_hash) DO UPDATE SET times_received = times_received + 1
        RETURNING id, order_id, body, received_at, attempts, status, times_received`),
      // Kept processed: never in inbox_due. A body kept before (a duplicate) keeps the outcome it had.
      upsertProcessed: db.prepare(`
        INSERT INTO inbox (body_hash, order_id, body, received_at, next_attempt_at, status, outcome, processed_at)
        VALUES (@hash, @orderId, @body, @at, @at, 'processed', @outcome, @processedAt)
        ON CONFLICT (body_hash) DO UPDATE SET times_received = times_received + 1,
          outcome = iif(status = 'open', excluded.outcome, outcome),
          processed_at = iif(status = 'open', excluded.processed_at, processed_at),
          lease_until = iif(status = 'open', NULL, lease_until),
          status = 'processed'`),
      upsertRetry: db.prepare(`
        INSERT INTO inbox (body_hash, order_id, body, received_at, next_attempt_at, attempts, last_error)
        VALUES (@hash, @orderId, @body, @at, @retryAt, 1, @error)
        ON CONFLICT (body_hash) DO UPDATE SET times_received = times_received + 1,
          last_error = iif(status = 'open', excluded.last_error, last_error),
          next_attempt_at = iif(status = 'open', excluded.next_attempt_at, next_attempt_at),
          attempts = iif(status = 'open', attempts + 1, attempts),
          lease_until = iif(status = 'open', NULL, lease_until)`),
      processedByHash: db.prepare(`SELECT 1 AS found FROM inbox WHERE body_hash = ? AND status = 'processed'`),
      settle: db.prepare(`UPDATE inbox SET status = 'processed', outcome = ?, processed_at = ?, lease_until = NULL WHERE id = ?`),
      retry: db.prepare(`
        UPDATE inbox SET last_error = ?, next_attempt_at = ?, attempts = attempts + 1, lease_until = NULL
        WHERE id = ? AND status = 'open'`),
      due: db.prepare(`
        SELECT id, order_id, body, received_at, attempts, status, times_received FROM inbox
        WHERE status = 'open' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`),
      lease: db.prepare('UPDATE inbox SET next_attempt_at = ? WHERE id = ?'),
    };
  }

  add(input: ReceivedNotification): Promise<{ id: string; duplicate: boolean }> {
    const hash = bodyHash(input.body);
    return this.writes.run(() => {
      const at = input.receivedAt.getTime();
      const row = this.sql.upsert.get(hash, input.orderId, input.body, at, at + FIRST_RETRY_AFTER_MS)!;
      return { id: String(row.id), duplicate: row.times_received > 1 && row.status === 'processed' };
    });
  }

  processed(body: string): Promise<boolean> {
    return readSafely(() => this.sql.processedByHash.get(bodyHash(body)) !== undefined);
  }

  keepForRetry(input: ReceivedNotification, error: string, retryAt: Date): Promise<void> {
    return this.writes.run(() => {
      this.sql.upsertRetry.run({
        hash: bodyHash(input.body),
        orderId: input.orderId,
        body: input.body,
        at: input.receivedAt.getTime(),
        error: error.slice(0, ERROR_MAX),
        retryAt: retryAt.getTime(),
      });
    });
  }

  keepProcessed(input: ReceivedNotification, outcome: string): Promise<void> {
    return this.writes.run(() => this.record(input, outcome, input.receivedAt));
  }

  /** Keeps a notification processed inside a transaction that is already open (used by order transitions). */
  record(input: ReceivedNotification, outcome: string, at: Date): void {
    const hash = bodyHash(input.body);
    this.sql.upsertProcessed.run({ hash, orderId: input.orderId, body: input.body, at: input.receivedAt.getTime(), outcome, processedAt: at.getTime() });
  }

  markProcessed(id: string, outcome: string, at: Date): Promise<void> {
    return this.writes.run(() => this.settle(id, outcome, at));
  }

  /** Marks an entry processed inside a transaction that is already open (used by order transitions). */
  settle(id: string, outcome: string, at: Date): void {
    this.sql.settle.run(outcome, at.getTime(), Number(id));
  }

  markRetry(id: string, error: string, retryAt: Date): Promise<void> {
    return this.writes.run(() => {
      this.sql.retry.run(error.slice(0, ERROR_MAX), retryAt.getTime(), Number(id));
    });
  }

  claimDue(input: { now: Date; worker: string; leaseMs: number; limit: number }): Promise<InboxEntry[]> {
    return this.writes.run(() => {
      const rows = this.sql.due.all(input.now.getTime(), input.limit);
      // Moving the due time forward is the lease: nobody else sees the entry until then.
      const until = input.now.getTime() + input.leaseMs;
      for (const row of rows) this.sql.lease.run(until, row.id);
      return rows.map((row) => ({
        id: String(row.id),
        orderId: row.order_id,
        body: row.body,
        receivedAt: new Date(row.received_at),
        attempts: row.attempts,
      }));
    });
  }
}
