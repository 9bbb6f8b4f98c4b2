import type { Statement } from 'better-sqlite3';
import { reservationVerdict, slotCountsChange, type Link, type SlotCounts } from '../../domain/link.ts';
import type { CheckoutClient } from '../../domain/customer.ts';
import { MAX_TRANSACTION_IDS, reservedOrder, sameTerms, type Order, type SnapSession } from '../../domain/order.ts';
import type { MerchantOrder, MerchantOrdersQuery, OrderStore, ReserveRequest, ReserveResult, TransitionRequest, TransitionResult } from '../ports.ts';
import { readSafely, type Db, type WriteBatcher } from './database.ts';
import type { SqliteLinks } from './links.ts';
import type { SqliteInbox } from './inbox.ts';
import type { SqliteOutbox } from './outbox.ts';
import { linkFromRow, orderFromRow, paymentToJson, toJson, USAGE_COLUMNS, type OrderRow, type UsageRow } from './rows.ts';

export class SqliteOrders implements OrderStore {
  private readonly sql: {
    byId: Statement<[string], OrderRow>;
    byLink: Statement<[string, number], OrderRow>;
    ofMerchant: Statement<{ merchantId: string; from: number; until: number; afterAt: number; afterId: string; limit: number }, OrderRow>;
    ofClient: Statement<{ browser: string; address: string; now: number; limit: number }, OrderRow>;
    livePendingOf: Statement<[string, number, string], OrderRow>;
    bumpSeq: Statement<[string], { order_seq: number }>;
    insert: Statement;
    attachSnap: Statement<[string, number, string]>;
    addTransactionId: Statement<{ id: string; tx: string; max: number }>;
    transition: Statement<{ to: string; refunded: number; payment: string | null; now: number; id: string; from: string; fromRefunded: number; tx: string | null; max: number }, OrderRow>;
    count: Statement<SlotCounts & { linkId: string }, UsageRow>;
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
      // Keyset paging on (created_at, id): the cursor is the last row of the page before (the first page's is
      // (from, ''), before every id). INDEXED BY: left to itself the planner starts from the merchant's links and
      // sorts all their orders for every page (100,000 orders: two minutes an export); walking the time index
      // reads each page's rows and stops.
      ofMerchant: db.prepare(`
        SELECT orders.* FROM orders INDEXED BY orders_by_time JOIN links ON links.id = orders.link_id
        WHERE (orders.created_at, orders.id) > (@afterAt, @afterId) AND orders.created_at >= @from AND orders.created_at < @until
          AND links.merchant_id = @merchantId
        ORDER BY orders.created_at, orders.id LIMIT @limit`),
      ofClient: db.prepare(`
        SELECT * FROM orders WHERE status = 'pending' AND reserved_until > @now AND client_browser = @browser
        UNION
        SELECT * FROM orders WHERE status = 'pending' AND reserved_until > @now AND client_address = @address
        ORDER BY created_at DESC LIMIT @limit`),
      livePendingOf: db.prepare(`
        SELECT * FROM orders
        WHERE link_id = ? AND status = 'pending' AND reserved_until > ? AND customer_key = ?
        ORDER BY seq DESC LIMIT 1`),
      bumpSeq: db.prepare('UPDATE links SET order_seq = order_seq + 1 WHERE id = ? RETURNING order_seq'),
      insert: db.prepare(`
        INSERT INTO orders (id, link_id, seq, customer, customer_key, amount, quantity, answers, status, reserved_until,
                            receipt_to, client_browser, client_address, created_at, updated_at)
        VALUES (@id, @linkId, @seq, @customer, @customerKey, @amount, @quantity, @answers, 'pending', @reservedUntil,
                @receiptTo, @clientBrowser, @clientAddress, @now, @now)`),
      attachSnap: db.prepare('UPDATE orders SET snap = ?, updated_at = ? WHERE id = ?'),
      addTransactionId: db.prepare(`
        UPDATE orders SET transaction_ids = json_insert(transaction_ids, '$[#]', @tx)
        WHERE id = @id AND json_array_length(transaction_ids) < @max
          AND NOT EXISTS (SELECT 1 FROM json_each(orders.transaction_ids) WHERE value = @tx)`),
      // The transaction id rides in the same statement (addTransactionId's rule): one change of the row, not two.
      transition: db.prepare(`
        UPDATE orders SET status = @to, refunded_amount = @refunded, payment = COALESCE(@payment, payment), updated_at = @now,
          transaction_ids = CASE
            WHEN @tx IS NULL OR json_array_length(transaction_ids) >= @max
              OR EXISTS (SELECT 1 FROM json_each(orders.transaction_ids) WHERE value = @tx) THEN transaction_ids
            ELSE json_insert(transaction_ids, '$[#]', @tx) END
        WHERE id = @id AND status = @from AND refunded_amount = @fromRefunded RETURNING *`),
      // The slot rule's counters (domain/link.ts slotCounts), moved in the transaction of the order change.
      // RETURNING: the link's new usage comes back from the write, without another read on the webhook's path.
      count: db.prepare(`
        UPDATE links SET pending_count = pending_count + @held, paid_count = paid_count + @paid, paid_total = paid_total + @paidTotal,
                         items_held = items_held + @itemsHeld, items_sold = items_sold + @itemsSold
        WHERE id = @linkId RETURNING ${USAGE_COLUMNS}`),
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

      const ownRow = this.sql.livePendingOf.get(request.linkId, now, request.customerKey);
      const own = ownRow ? orderFromRow(ownRow) : null;
      if (own && sameTerms(own, request)) return { kind: 'reserved', order: own, reused: true };

      const verdict = reservationVerdict(link, this.links.usageOf(row), request.now, request.quantity ?? 1);
      if (verdict.kind !== 'ok') return verdict;

      const seq = this.sql.bumpSeq.get(request.linkId)!.order_seq;
      const order = reservedOrder(link, seq, request.holdUntil, request);
      this.sql.count.run({ ...slotCountsChange(null, order), linkId: link.id });
      this.sql.insert.run({
        id: order.id,
        linkId: order.linkId,
        seq,
        customer: JSON.stringify(order.customer),
        customerKey: order.customerKey,
        amount: order.amount,
        quantity: order.quantity,
        answers: JSON.stringify(order.answers),
        reservedUntil: order.reservedUntil.getTime(),
        receiptTo: toJson(order.receiptTo),
        clientBrowser: order.client?.browser ?? null,
        clientAddress: order.client?.address ?? null,
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

  liveOfClient(client: CheckoutClient, now: Date, limit: number): Promise<Order[]> {
    return readSafely(() => this.sql.ofClient.all({ browser: client.browser, address: client.address, now: now.getTime(), limit }).map(orderFromRow));
  }

  listByLink(linkId: string, limit: number): Promise<Order[]> {
    return readSafely(() => this.sql.byLink.all(linkId, limit).map(orderFromRow));
  }

  ofMerchant(query: MerchantOrdersQuery): Promise<MerchantOrder[]> {
    return readSafely(() => {
      const rows = this.sql.ofMerchant.all({
        merchantId: query.merchantId,
        from: query.from.getTime(),
        until: query.until.getTime(),
        afterAt: (query.after?.createdAt ?? query.from).getTime(),
        afterId: query.after?.id ?? '',
        limit: query.limit,
      });
      const links = new Map<string, Link>();
      return rows.map((row) => {
        let link = links.get(row.link_id);
        if (!link) {
          link = linkFromRow(this.links.rowById(row.link_id)!);
          links.set(link.id, link);
        }
        return { order: orderFromRow(row), link };
      });
    });
  }

  attachSnap(orderId: string, snap: SnapSession): Promise<void> {
    return this.writes.run(() => {
      this.sql.attachSnap.run(JSON.stringify(snap), Date.now(), orderId);
    });
  }

  addTransactionId(orderId: string, transactionId: string): Promise<void> {
    return this.writes.run(() => this.keepTransactionId(orderId, transactionId));
  }

  private keepTransactionId(orderId: string, transactionId: string): void {
    this.sql.addTransactionId.run({ id: orderId, tx: transactionId, max: MAX_TRANSACTION_IDS });
  }

  transition(request: TransitionRequest): Promise<TransitionResult> {
    return this.writes.run((): TransitionResult => {
      const row = this.sql.transition.get({
        to: request.to,
        refunded: request.refundedAmount,
        payment: paymentToJson(request.payment),
        now: request.now.getTime(),
        id: request.orderId,
        from: request.from,
        fromRefunded: request.fromRefunded,
        tx: request.transactionId ?? null,
        max: MAX_TRANSACTION_IDS,
      });
      if (!row) {
        if (request.transactionId !== undefined) this.keepTransactionId(request.orderId, request.transactionId);
        const current = this.sql.byId.get(request.orderId);
        return { applied: false, current: current ? orderFromRow(current) : null };
      }
      const change = slotCountsChange(
        { status: request.from, amount: row.amount, refundedAmount: request.fromRefunded, quantity: row.quantity },
        { status: request.to, amount: row.amount, refundedAmount: request.refundedAmount, quantity: row.quantity },
      );
      const usage = this.links.usageOf(this.sql.count.get({ ...change, linkId: row.link_id })!);
      this.outbox.insertAll(request.outbox(usage), request.now);
      const notification = request.notification;
      if (notification && 'inboxId' in notification) this.inbox.settle(notification.inboxId, notification.outcome, request.now);
      else if (notification) this.inbox.record(notification.received, notification.outcome, request.now);
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
