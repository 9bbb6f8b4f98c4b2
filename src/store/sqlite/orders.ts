import type { Statement } from 'better-sqlite3';
import { linkState } from '../../domain/link.ts';
import type { Order, SnapSession } from '../../domain/order.ts';
import { reservedOrder, type OrderStore, type ReserveRequest, type ReserveResult, type TransitionRequest, type TransitionResult } from '../ports.ts';
import type { Db, WriteBatcher } from './database.ts';
import type { SqliteLinks } from './links.ts';
import type { SqliteInbox } from './inbox.ts';
import type { SqliteOutbox } from './outbox.ts';
import { readSafely } from './read.ts';
import { linkFromRow, orderFromRow, paymentToJson, toJson, type OrderRow } from './rows.ts';

export class SqliteOrders implements OrderStore {
  private readonly sql: {
    byId: Statement<[string], OrderRow>;
    byLink: Statement<[string, number], OrderRow>;
    livePendingOf: Statement<[string, number, string], OrderRow>;
    bumpSeq: Statement<[string], { order_seq: number }>;
    insert: Statement;
    attachSnap: Statement<[string, number, string]>;
    transition: Statement<[string, string | null, number, string, string], OrderRow>;
    count: Statement<{ pending: number; paid: number; paidTotal: number; linkId: string }>;
    stale: Statement<[number, number, number], OrderRow>;
    lease: Statement<[number, string]>;
  };

  private readonly writes: WriteBatcher;
  private readonly links: SqliteLinks;
  private readonly outbox: SqliteOutbox;
  private readonly inbox: SqliteInbox;
  constructor(
    db: Db,
    writes: WriteBatcher,
    links: SqliteLinks,
    outbox: SqliteOutbox,
    inbox: SqliteInbox,
  ) {
    this.writes = writes;
    this.links = links;
    this.outbox = outbox;
    this.inbox = inbox;
    this.sql = {
      byId: db.prepare('SELECT * FROM orders WHERE id = ?'),
      byLink: db.prepare('SELECT * FROM orders WHERE link_id = ? ORDER BY seq DESC LIMIT ?'),
      livePendingOf: db.prepare(`
        SELECT * FROM orders
        WHERE link_id = ? AND status = 'pending' AND reserved_until > ? AND customer_key = ?
        ORDER BY seq DESC LIMIT 1`),
      bumpSeq: db.prepare('UPDATE links SET order_seq = order_seq + 1, pending_count = pending_count + 1 WHERE id = ? RETURNING order_seq'),
      insert: db.prepare(`
        INSERT INTO orders (id, link_id, seq, customer, customer_key, amount, status, reserved_until,
                            receipt_to, created_at, updated_at)
        VALUES (@id, @linkId, @seq, @customer, @customerKey, @amount, 'pending', @reservedUntil,
                @receiptTo, @now, @now)`),
      attachSnap: db.prepare('UPDATE orders SET snap = ?, updated_at = ? WHERE id = ?'),
      transition: db.prepare(`
        UPDATE orders SET status = ?, payment = COALESCE(?, payment), updated_at = ?
        WHERE id = ? AND status = ? RETURNING *`),
      count: db.prepare(`
        UPDATE links SET pending_count = pending_count + @pending, paid_count = paid_count + @paid, paid_total = paid_total + @paidTotal
        WHERE id = @linkId`),
      stale: db.prepare(`
        SELECT * FROM orders
        WHERE status = 'pending' AND created_at < ?
          AND (reconcile_lease_until IS NULL OR reconcile_lease_until <= ?)
        ORDER BY created_at LIMIT ?`),
      lease: db.prepare('UPDATE orders SET reconcile_lease_until = ? WHERE id = ?'),
    };
  }

  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return this.writes.run((): ReserveResult => {
      const row = this.links.rowById(request.linkId);
      if (!row) return { kind: 'refused', state: 'unknown' };
      const now = request.now.getTime();
      const link = linkFromRow(row);
      if (link.deletedAt) return { kind: 'refused', state: 'deleted' };

      const own = this.sql.livePendingOf.get(request.linkId, now, request.customerKey);
      if (own) return { kind: 'reserved', order: orderFromRow(own), reused: true };

      const state = linkState(link, this.links.usageOf(row, request.now), request.now);
      if (state !== 'active') return { kind: 'refused', state };

      const seq = this.sql.bumpSeq.get(request.linkId)!.order_seq;
      const order = reservedOrder(link, seq, request.holdUntil, request);
      this.sql.insert.run({
        id: order.id,
        linkId: order.linkId,
        seq,
        customer: JSON.stringify(order.customer),
        customerKey: order.customerKey,
        amount: order.amount,
        reservedUntil: order.reservedUntil.getTime(),
        receiptTo: toJson(order.receiptTo),
        now,
      });
      return { kind: 'reserved', order, reused: false };
    });
  }

  byId(orderId: string): Promise<Order | null> {
    return readSafely(() => {
      const row = this.sql.byId.get(orderId);
      return row ? orderFromRow(row) : null;
    });
  }

  listByLink(linkId: string, limit: number): Promise<Order[]> {
    return readSafely(() => this.sql.byLink.all(linkId, limit).map(orderFromRow));
  }

  attachSnap(orderId: string, snap: SnapSession): Promise<void> {
    return this.writes.run(() => {
      this.sql.attachSnap.run(JSON.stringify(snap), Date.now(), orderId);
    });
  }

  transition(request: TransitionRequest): Promise<TransitionResult> {
    return this.writes.run((): TransitionResult => {
      const row = this.sql.transition.get(
        request.to,
        paymentToJson(request.payment),
        request.now.getTime(),
        request.orderId,
        request.from,
      );
      if (!row) {
        const current = this.sql.byId.get(request.orderId);
        return { applied: false, current: current ? orderFromRow(current) : null };
      }
      const delta = (status: string) => Number(request.to === status) - Number(request.from === status);
      const paid = delta('paid');
      this.sql.count.run({ pending: delta('pending'), paid, paidTotal: paid * row.amount, linkId: row.link_id });
      const usage = this.links.usageOf(this.links.rowById(row.link_id)!, request.now);
      this.outbox.insertAll(request.outbox(usage), request.now);
      if (request.settles) this.inbox.settle(request.settles.inboxId, request.settles.outcome, request.now);
      return { applied: true, order: orderFromRow(row), usage };
    });
  }

  claimStale(input: { staleBefore: Date; now: Date; worker: string; leaseMs: number; limit: number }): Promise<Order[]> {
    return this.writes.run(() => {
      const rows = this.sql.stale.all(input.staleBefore.getTime(), input.now.getTime(), input.limit);
      const until = input.now.getTime() + input.leaseMs;
      for (const row of rows) this.sql.lease.run(until, row.id);
      return rows.map(orderFromRow);
    });
  }
}
