import type { Statement } from 'better-sqlite3';
import Database from 'better-sqlite3';
import { orderIdTaken, slugTaken, UNUSED, type ChatAddress, type Link, type LinkUsage } from '../../domain/link.ts';
import { LinkPage } from '../link-page.ts';
import type { LinkStore, LinkWithUsage, ListLinksQuery } from '../ports.ts';
import { readSafely, type Db, type WriteBatcher } from './database.ts';
import { linkFromRow, offerToJson, toJson, type LinkRow, type UsageRow } from './rows.ts';

export class SqliteLinks implements LinkStore {
  private readonly sql: {
    insert: Statement;
    nextNumber: Statement<[string], { n: number }>;
    byId: Statement<[string], LinkRow>;
    bySlug: Statement<[string], LinkRow>;
    byOrderId: Statement<[string], LinkRow>;
    byNumber: Statement<[string, number], LinkRow>;
    newestFirst: Statement<[string], LinkRow>;
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
                           expires_at, created_via, notify_chat_id, recipient, created_at, deleted_at,
                           created_by_id, created_by_name, offer)
        VALUES (@id, @merchantId, @number, @orderId, @slug, @itemName, @price, @usageLimit, @customer,
                @expiresAt, @createdVia, @notifyChatId, @recipient, @createdAt, @deletedAt,
                @createdById, @createdByName, @offer)`),
      nextNumber: db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM links WHERE merchant_id = ?'),
      byId: db.prepare('SELECT * FROM links WHERE id = ?'),
      bySlug: db.prepare('SELECT * FROM links WHERE slug = ?'),
      byOrderId: db.prepare('SELECT * FROM links WHERE order_id = ?'),
      byNumber: db.prepare('SELECT * FROM links WHERE merchant_id = ? AND number = ?'),
      newestFirst: db.prepare('SELECT * FROM links WHERE merchant_id = ? ORDER BY number DESC'),
      markDeleted: db.prepare('UPDATE links SET deleted_at = COALESCE(deleted_at, ?) WHERE id = ?'),
      setRecipient: db.prepare('UPDATE links SET recipient = ? WHERE id = ?'),
    };
  }

  create(link: Omit<Link, 'number'>): Promise<Link> {
    return this.writes.run(() => {
      const number = this.sql.nextNumber.get(link.merchantId)!.n;
      try {
        this.sql.insert.run({
          id: link.id,
          merchantId: link.merchantId,
          orderId: link.orderId,
          slug: link.slug,
          itemName: link.itemName,
          price: link.price,
          usageLimit: link.usageLimit,
          createdVia: link.createdVia,
          notifyChatId: link.notifyChatId,
          offer: offerToJson(link),
          number,
          customer: toJson(link.customer),
          expiresAt: link.expiresAt?.getTime() ?? null,
          recipient: toJson(link.recipient),
          createdAt: link.createdAt.getTime(),
          deletedAt: link.deletedAt?.getTime() ?? null,
          createdById: link.createdBy?.userId ?? null,
          createdByName: link.createdBy?.name ?? null,
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
      const page = new LinkPage(query);
      // Breaking out of the iteration ends the statement: only the rows the page needs are read.
      for (const row of this.sql.newestFirst.iterate(query.merchantId)) {
        if (!page.offer(linkFromRow(row), this.usageOf(row))) break;
      }
      return { items: page.items, hasMore: page.hasMore };
    });
  }

  usage(linkId: string): Promise<LinkUsage> {
    return readSafely(() => {
      const row = this.sql.byId.get(linkId);
      return row ? this.usageOf(row) : UNUSED;
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

  /** Usage from the row's counters, which every order change moves in its own transaction (orders.ts); used inside transactions too. */
  usageOf(row: UsageRow): LinkUsage {
    return {
      orders: row.order_seq,
      paid: row.paid_count,
      paidTotal: row.paid_total,
      held: row.pending_count,
      itemsHeld: row.items_held,
      itemsSold: row.items_sold,
    };
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
