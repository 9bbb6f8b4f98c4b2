import type { Statement } from 'better-sqlite3';
import Database from 'better-sqlite3';
import { linkState, orderIdTaken, slugTaken, type ChatAddress, type Link, type LinkUsage } from '../../domain/link.ts';
import type { LinkStore, LinkWithUsage, ListLinksQuery } from '../ports.ts';
import type { Db, WriteBatcher } from './database.ts';
import { linkFromRow, toJson, type LinkRow } from './rows.ts';
import { readSafely } from './read.ts';

export class SqliteLinks implements LinkStore {
  private readonly sql: {
    insert: Statement;
    nextNumber: Statement<[string], { n: number }>;
    byId: Statement<[string], LinkRow>;
    bySlug: Statement<[string], LinkRow>;
    byOrderId: Statement<[string], LinkRow>;
    byNumber: Statement<[string, number], LinkRow>;
    lapsed: Statement<[string, number], { n: number }>;
    listAll: Statement<[string, number, number], LinkRow>;
    listActive: Statement<{ merchant: string; now: number; limit: number; offset: number }, LinkRow>;
    markDeleted: Statement<[number, string]>;
    setRecipient: Statement<[string, string]>;
  };

  private readonly writes: WriteBatcher;
  constructor(
    db: Db,
    writes: WriteBatcher,
  ) {
    this.writes = writes;
    this.sql = {
      insert: db.prepare(`
        INSERT INTO links (id, merchant_id, number, order_id, slug, item_name, price, usage_limit, customer,
                           expires_at, created_via, notify_chat_id, recipient, created_at, deleted_at)
        VALUES (@id, @merchantId, @number, @orderId, @slug, @itemName, @price, @usageLimit, @customer,
                @expiresAt, @createdVia, @notifyChatId, @recipient, @createdAt, @deletedAt)`),
      nextNumber: db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM links WHERE merchant_id = ?'),
      byId: db.prepare('SELECT * FROM links WHERE id = ?'),
      bySlug: db.prepare('SELECT * FROM links WHERE slug = ?'),
      byOrderId: db.prepare('SELECT * FROM links WHERE order_id = ?'),
      byNumber: db.prepare('SELECT * FROM links WHERE merchant_id = ? AND number = ?'),
      lapsed: db.prepare(`SELECT COUNT(*) AS n FROM orders WHERE link_id = ? AND status = 'pending' AND reserved_until <= ?`),
      listAll: db.prepare('SELECT * FROM links WHERE merchant_id = ? ORDER BY number DESC LIMIT ? OFFSET ?'),
      listActive: db.prepare(`
        SELECT * FROM links l
        WHERE l.merchant_id = @merchant AND l.deleted_at IS NULL
          AND (l.expires_at IS NULL OR l.expires_at > @now)
          AND (l.usage_limit IS NULL OR l.paid_count + l.pending_count - (
                SELECT COUNT(*) FROM orders o
                WHERE o.link_id = l.id AND o.status = 'pending' AND o.reserved_until <= @now) < l.usage_limit)
        ORDER BY l.number DESC LIMIT @limit OFFSET @offset`),
      markDeleted: db.prepare('UPDATE links SET deleted_at = COALESCE(deleted_at, ?) WHERE id = ?'),
      setRecipient: db.prepare('UPDATE links SET recipient = ? WHERE id = ?'),
    };
  }

  create(link: Omit<Link, 'number'>): Promise<Link> {
    return this.writes.run(() => {
      const number = this.sql.nextNumber.get(link.merchantId)!.n;
      try {
        this.sql.insert.run({
          ...link,
          number,
          customer: toJson(link.customer),
          expiresAt: link.expiresAt?.getTime() ?? null,
          recipient: toJson(link.recipient),
          createdAt: link.createdAt.getTime(),
          deletedAt: link.deletedAt?.getTime() ?? null,
        });
      } catch (err) {
        if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
          if (err.message.includes('links.slug')) throw slugTaken(link.slug);
          if (err.message.includes('links.order_id')) throw orderIdTaken(link.orderId);
        }
        throw err;
      }
      return { ...link, number };
    });
  }

  byId(id: string): Promise<Link | null> {
    return this.one(this.sql.byId, id);
  }

  bySlug(slug: string): Promise<Link | null> {
    return this.one(this.sql.bySlug, slug);
  }

  byOrderId(orderId: string): Promise<Link | null> {
    return this.one(this.sql.byOrderId, orderId);
  }

  byNumber(merchantId: string, number: number): Promise<Link | null> {
    return readSafely(() => {
      const row = this.sql.byNumber.get(merchantId, number);
      return row ? linkFromRow(row) : null;
    });
  }

  list(query: ListLinksQuery): Promise<{ items: LinkWithUsage[]; hasMore: boolean }> {
    return readSafely(() => {
      const now = query.now.getTime();
      // One row more than asked tells whether there is a next page without counting them all.
      const rows = query.activeOnly
        ? this.sql.listActive.all({ merchant: query.merchantId, now, limit: query.limit + 1, offset: query.offset })
        : this.sql.listAll.all(query.merchantId, query.limit + 1, query.offset);
      return {
        items: rows.slice(0, query.limit).map((row) => this.withUsage(row, query.now)),
        hasMore: rows.length > query.limit,
      };
    });
  }

  usage(linkId: string, now: Date): Promise<LinkUsage> {
    return readSafely(() => {
      const row = this.sql.byId.get(linkId);
      return row ? this.usageOf(row, now) : { orders: 0, paid: 0, paidTotal: 0, held: 0 };
    });
  }

  markDeleted(linkId: string, at: Date): Promise<Link | null> {
    return this.writes.run(() => {
      this.sql.markDeleted.run(at.getTime(), linkId);
      const row = this.sql.byId.get(linkId);
      return row ? linkFromRow(row) : null;
    });
  }

  setRecipient(linkId: string, recipient: ChatAddress): Promise<void> {
    return this.writes.run(() => {
      this.sql.setRecipient.run(JSON.stringify(recipient), linkId);
    });
  }

  /** Usage from the row's counters plus the live reservations; used inside transactions too. */
  usageOf(row: LinkRow, now: Date): LinkUsage {
    return {
      orders: row.order_seq,
      paid: row.paid_count,
      paidTotal: row.paid_total,
      held: row.pending_count - this.sql.lapsed.get(row.id, now.getTime())!.n,
    };
  }

  private withUsage(row: LinkRow, now: Date): LinkWithUsage {
    const link = linkFromRow(row);
    const usage = this.usageOf(row, now);
    return { link, usage, state: linkState(link, usage, now) };
  }

  private one(statement: Statement<[string], LinkRow>, value: string): Promise<Link | null> {
    return readSafely(() => {
      const row = statement.get(value);
      return row ? linkFromRow(row) : null;
    });
  }

  /** The raw row, for other repositories working inside the same transaction. */
  rowById(id: string): LinkRow | undefined {
    return this.sql.byId.get(id);
  }
}
