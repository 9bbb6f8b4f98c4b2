import type { Statement } from 'better-sqlite3';
import type { DeliveryChannel } from '../../domain/channel.ts';
import type { NewOutboxEntry, OutboxEntry, OutboxStatus, OutboxStore } from '../ports.ts';
import { readSafely, type Db, type WriteBatcher } from './database.ts';
import { outboxFromRow, type OutboxRow } from './rows.ts';

export class SqliteOutbox implements OutboxStore {
  private readonly sql: {
    insert: Statement;
    claimable: Statement<{ channels: string; now: number; limit: number }, OutboxRow>;
    lease: Statement<[string, number, number]>;
    sent: Statement<[number, number, string]>;
    retry: Statement<[string, number, number, string]>;
    fail: Statement<[string, number, number, string]>;
  };

  private readonly db: Db;
  private readonly writes: WriteBatcher;
  constructor(
    db: Db,
    writes: WriteBatcher,
  ) {
    this.db = db;
    this.writes = writes;
    this.sql = {
      insert: db.prepare(`
        INSERT INTO outbox (key, channel, target, merchant_id, notice, next_attempt_at, created_at)
        VALUES (@key, @channel, @target, @merchantId, @notice, @notBefore, @now)
        ON CONFLICT (key) DO NOTHING`),
      // The oldest unfinished entry of each target, if it is due: a chat never
      // gets a later message while an earlier one is still waiting.
      claimable: db.prepare(`
        SELECT o.* FROM outbox o
        WHERE o.status IN ('pending', 'sending') AND o.channel IN (SELECT value FROM json_each(@channels))
          AND o.id = (SELECT MIN(p.id) FROM outbox p
                      WHERE p.channel = o.channel AND p.target = o.target AND p.status IN ('pending', 'sending'))
          AND ((o.status = 'pending' AND o.next_attempt_at <= @now) OR (o.status = 'sending' AND o.lease_until <= @now))
        ORDER BY o.next_attempt_at, o.id LIMIT @limit`),
      lease: db.prepare(`UPDATE outbox SET status = 'sending', worker = ?, lease_until = ? WHERE id = ?`),
      sent: db.prepare(`
        UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND worker = ?`),
      retry: db.prepare(`
        UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ?, attempts = attempts + 1, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND worker = ?`),
      fail: db.prepare(`
        UPDATE outbox SET status = 'failed', last_error = ?, sent_at = ?, attempts = attempts + 1, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND worker = ?`),
    };
  }

  /** Inserts inside a transaction that is already open (used by order transitions). */
  insertAll(entries: readonly NewOutboxEntry[], now: Date): void {
    for (const entry of entries) {
      this.sql.insert.run({
        key: entry.key,
        channel: entry.channel,
        target: entry.target,
        merchantId: entry.merchantId,
        notice: JSON.stringify(entry.notice),
        notBefore: entry.notBefore.getTime(),
        now: now.getTime(),
      });
    }
  }

  enqueue(entries: NewOutboxEntry[], now: Date): Promise<void> {
    return this.writes.run(() => this.insertAll(entries, now));
  }

  claim(input: { channels: DeliveryChannel[]; now: Date; worker: string; leaseMs: number; limit: number }): Promise<OutboxEntry[]> {
    return this.writes.run(() => {
      const rows = this.sql.claimable.all({
        channels: JSON.stringify(input.channels),
        now: input.now.getTime(),
        limit: input.limit,
      });
      const until = input.now.getTime() + input.leaseMs;
      for (const row of rows) this.sql.lease.run(input.worker, until, row.id);
      return rows.map((row) => ({ ...outboxFromRow(row), status: 'sending' as const }));
    });
  }

  markSent(id: string, worker: string, at: Date): Promise<void> {
    return this.writes.run(() => {
      this.sql.sent.run(at.getTime(), Number(id), worker);
    });
  }

  retry(id: string, worker: string, error: string, retryAt: Date): Promise<void> {
    return this.writes.run(() => {
      this.sql.retry.run(error.slice(0, 500), retryAt.getTime(), Number(id), worker);
    });
  }

  fail(id: string, worker: string, error: string, at: Date): Promise<void> {
    return this.writes.run(() => {
      this.sql.fail.run(error.slice(0, 500), at.getTime(), Number(id), worker);
    });
  }

  list(filter: { status?: OutboxStatus; channel?: DeliveryChannel; limit: number }): Promise<OutboxEntry[]> {
    return readSafely(() => {
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: filter.limit };
      if (filter.status) {
        where.push('status = @status');
        params.status = filter.status;
      }
      if (filter.channel) {
        where.push('channel = @channel');
        params.channel = filter.channel;
      }
      const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT @limit`;
      return (this.db.prepare(sql).all(params) as OutboxRow[]).map(outboxFromRow);
    });
  }
}
