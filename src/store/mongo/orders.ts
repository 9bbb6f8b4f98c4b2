/**
 * Orders on MongoDB, in the shape of the embedded store's (sqlite/orders.ts):
 * a reservation and a status change are each one transaction (database.ts)
 * that reads what the decision needs, decides with the domain's rules, and
 * writes the order, the link's counters, the notices and the settled
 * notification together.
 *
 * Why concurrent callers cannot both win: every reservation and every status
 * change that moves a counter writes the link document, and a status change
 * writes its order with a compare-and-set. Two transactions that write the
 * same document conflict; the later one is aborted and run again on a fresh
 * snapshot, where it sees the first one's result (the slot taken, the status
 * already changed). So fifty customers for the last slot give one order.
 */
import type { ClientSession } from 'mongoose';
import type { CheckoutClient } from '../../domain/customer.ts';
import { reservationVerdict, slotCountsChange, UNUSED } from '../../domain/link.ts';
import { MAX_TRANSACTION_IDS, reservedOrder, sameTerms, type Order, type SnapSession } from '../../domain/order.ts';
import type { MerchantOrder, MerchantOrdersQuery, OrderStore, ReserveRequest, ReserveResult, TransitionRequest, TransitionResult } from '../ports.ts';
import type { MongoDb } from './database.ts';
import type { MongoInbox } from './inbox.ts';
import { countsInc, USAGE_FIELDS, usageOf } from './links.ts';
import { linkFromDoc, orderFromDoc } from './mapping.ts';
import type { LinkDoc, OrderDoc } from './models.ts';
import type { MongoOutbox } from './outbox.ts';

export class MongoOrders implements OrderStore {
  private readonly db: MongoDb;
  private readonly outbox: MongoOutbox;
  private readonly inbox: MongoInbox;
  constructor(db: MongoDb, outbox: MongoOutbox, inbox: MongoInbox) {
    this.db = db;
    this.outbox = outbox;
    this.inbox = inbox;
  }

  private get links() {
    return this.db.models.links;
  }

  private get orders() {
    return this.db.models.orders;
  }

  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return this.db.transaction(async (session): Promise<ReserveResult> => {
      const doc = await this.links.findOne({ _id: { $eq: request.linkId } }).session(session).lean<LinkDoc | null>();
      if (!doc) return { kind: 'refused', state: 'unknown' };
      const link = linkFromDoc(doc);
      if (link.deletedAt) return { kind: 'refused', state: 'deleted' };

      const own = await this.orders
        .findOne({ linkId: { $eq: link.id }, status: 'pending', reservedUntil: { $gt: request.now }, customerKey: { $eq: request.customerKey } })
        .sort({ seq: -1 })
        .session(session)
        .lean<OrderDoc | null>();
      if (own && sameTerms(orderFromDoc(own), request)) return { kind: 'reserved', order: orderFromDoc(own), reused: true };

      const verdict = reservationVerdict(link, usageOf(doc), request.now, request.quantity ?? 1);
      if (verdict.kind !== 'ok') return verdict;

      const seq = (doc.seq ?? 0) + 1;
      const order = reservedOrder(link, seq, request.holdUntil, request);
      // Writing the link (not only reading it) is what makes a concurrent reservation conflict and look again.
      await this.links.updateOne({ _id: doc._id }, { $inc: { seq: 1, ...countsInc(slotCountsChange(null, order)) } }, { session });
      const { id, ...fields } = order;
      await this.orders.insertOne({ _id: id, ...fields, reconcileLeaseUntil: null }, { session });
      return { kind: 'reserved', order, reused: false };
    });
  }

  byId(orderId: string): Promise<Order | null> {
    return this.db.call(async () => {
      const doc = await this.orders.findOne({ _id: { $eq: orderId } }).lean<OrderDoc | null>();
      return doc ? orderFromDoc(doc) : null;
    });
  }

  liveOfClient(client: CheckoutClient, now: Date, limit: number): Promise<Order[]> {
    return this.db.call(async () => {
      const docs = await this.orders
        .find({
          status: 'pending',
          reservedUntil: { $gt: now },
          $or: [{ 'client.browser': { $eq: client.browser } }, { 'client.address': { $eq: client.address } }],
        })
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean<OrderDoc[]>();
      return docs.map(orderFromDoc);
    });
  }

  listByLink(linkId: string, limit: number): Promise<Order[]> {
    return this.db.call(async () => {
      const docs = await this.orders.find({ linkId: { $eq: linkId } }).sort({ seq: -1 }).limit(limit).lean<OrderDoc[]>();
      return docs.map(orderFromDoc);
    });
  }

  /**
   * Orders of the period oldest first, joined to their link and kept when the
   * link is the merchant's; the cursor continues after the last (createdAt, _id).
   * The pipeline streams in index order, so `$limit` ends the scan.
   */
  ofMerchant(query: MerchantOrdersQuery): Promise<MerchantOrder[]> {
    return this.db.call(async () => {
      const after = query.after;
      const docs = await this.orders
        .aggregate<OrderDoc & { link: LinkDoc }>([
          {
            $match: {
              createdAt: { $gte: query.from, $lt: query.until },
              ...(after ? { $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, _id: { $gt: after.id } }] } : {}),
            },
          },
          { $sort: { createdAt: 1, _id: 1 } },
          { $lookup: { from: this.links.collection.collectionName, localField: 'linkId', foreignField: '_id', as: 'link' } },
          { $unwind: '$link' },
          { $match: { 'link.merchantId': { $eq: query.merchantId } } },
          { $limit: query.limit },
        ])
        // As on SQLite: walk the time index and stop at the page's end, never sort the merchant's orders per page.
        .hint('orders_by_time');
      return docs.map(({ link, ...order }) => ({ order: orderFromDoc(order), link: linkFromDoc(link) }));
    });
  }

  attachSnap(orderId: string, snap: SnapSession): Promise<void> {
    return this.db.call(async () => {
      await this.orders.updateOne(
        { _id: { $eq: orderId } },
        { $set: { snap: { token: snap.token, redirectUrl: snap.redirectUrl }, updatedAt: new Date() } },
      );
    });
  }

  /** Appends to the list unless the id is there already or the list is full, in one conditional update. */
  addTransactionId(orderId: string, transactionId: string): Promise<void> {
    return this.db.call(() => this.keepTransactionId(orderId, transactionId));
  }

  private async keepTransactionId(orderId: string, transactionId: string, session?: ClientSession): Promise<void> {
    await this.orders.updateOne(
      {
        _id: { $eq: orderId },
        transactionIds: { $ne: transactionId },
        [`transactionIds.${MAX_TRANSACTION_IDS - 1}`]: { $exists: false },
      },
      { $push: { transactionIds: transactionId } },
      session ? { session } : {},
    );
  }

  transition(request: TransitionRequest): Promise<TransitionResult> {
    return this.db.transaction(async (session): Promise<TransitionResult> => {
      if (request.transactionId !== undefined) await this.keepTransactionId(request.orderId, request.transactionId, session);
      const changed = await this.orders
        .findOneAndUpdate(
          { _id: { $eq: request.orderId }, status: request.from, refundedAmount: request.fromRefunded },
          {
            $set: {
              status: request.to,
              refundedAmount: request.refundedAmount,
              updatedAt: request.now,
              ...(request.payment ? { payment: request.payment } : {}),
            },
          },
          { returnDocument: 'after', session },
        )
        .lean<OrderDoc | null>();
      if (!changed) {
        const current = await this.orders.findOne({ _id: { $eq: request.orderId } }).session(session).lean<OrderDoc | null>();
        return { applied: false, current: current ? orderFromDoc(current) : null };
      }
      const change = slotCountsChange(
        { status: request.from, amount: changed.amount, refundedAmount: request.fromRefunded, quantity: changed.quantity ?? 1 },
        { status: request.to, amount: changed.amount, refundedAmount: request.refundedAmount, quantity: changed.quantity ?? 1 },
      );
      const link = await this.links
        .findOneAndUpdate({ _id: changed.linkId }, { $inc: countsInc(change) }, { returnDocument: 'after', projection: USAGE_FIELDS, session })
        .lean<LinkDoc | null>();
      const usage = link ? usageOf(link) : UNUSED;
      await this.outbox.insertAll(request.outbox(usage), request.now, session);
      const notification = request.notification;
      if (notification && 'inboxId' in notification) await this.inbox.settle(notification.inboxId, notification.outcome, request.now, session);
      else if (notification) await this.inbox.record(notification.received, notification.outcome, request.now, session);
      return { applied: true, order: orderFromDoc(changed), usage };
    });
  }

  /**
   * Candidates are read first, then each is leased with a conditional update
   * that re-checks it is still pending, stale and not leased: of two
   * reconcilers racing for an order exactly one gets it.
   */
  claimStale(input: { staleBefore: Date; now: Date; worker: string; leaseMs: number; limit: number }): Promise<Order[]> {
    return this.db.call(async () => {
      if (input.limit <= 0) return [];
      const claimable = {
        status: 'pending' as const,
        createdAt: { $lt: input.staleBefore },
        $or: [{ reconcileLeaseUntil: null }, { reconcileLeaseUntil: { $lte: input.now } }],
      };
      const candidates = await this.orders.find(claimable, { _id: 1 }).sort({ createdAt: 1 }).limit(input.limit).lean<Pick<OrderDoc, '_id'>[]>();
      const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
      const leased = await Promise.all(
        candidates.map((c) =>
          this.orders
            .findOneAndUpdate({ _id: c._id, ...claimable }, { $set: { reconcileLeaseUntil: leaseUntil } }, { returnDocument: 'after' })
            .lean<OrderDoc | null>(),
        ),
      );
      return leased.filter((doc): doc is OrderDoc => doc !== null).map(orderFromDoc);
    });
  }
}
