/**
 * Orders on MongoDB: reservations against the link's ledger, status changes
 * as a compare-and-set on the order with idempotent follow-up steps, and the
 * reconciler's leases. No operation needs a multi-document transaction: each
 * step is one atomic single-document write, and the comments on each say why
 * a crash or a concurrent caller between two steps leaves nothing wrong for long.
 */
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../../domain/errors.ts';
import { UNUSED } from '../../domain/link.ts';
import { midtransOrderId, type Order, type SnapSession } from '../../domain/order.ts';
import { reservedOrder, type OrderStore, type ReserveRequest, type ReserveResult, type TransitionRequest, type TransitionResult } from '../ports.ts';
import type { MongoContext } from './context.ts';
import { effectsOf, expectedUsage, linkEffectsUpdate, pendingEffectsFilter, sameUsage } from './effects.ts';
import { duplicateKeyOf } from './errors.ts';
import { explainRefusal, reserveFilter, reservePipeline, usageOf, type ReserveInput } from './ledger.ts';
import { orderFromDoc } from './mapping.ts';
import type { EffectsDoc, HoldDoc, LinkDoc, OrderDoc } from './models.ts';
import type { MongoInbox } from './inbox.ts';
import type { MongoOutbox } from './outbox.ts';

/** Rounds of "update did not match, but the link looks free": each needs a concurrent change, so few are enough. */
const RESERVE_ATTEMPTS = 5;
/** Rounds of "the order changed between our read and our compare-and-set". */
const TRANSITION_ATTEMPTS = 5;
/** Orders whose effects one repair round finishes, and the rounds of one repair call. */
const REPAIR_BATCH = 100;
const REPAIR_ROUNDS = 10;

const USAGE_FIELDS = { seq: 1, paidCount: 1, paidTotal: 1, holds: 1 } as const;

type Taken = Pick<LinkDoc, '_id' | 'orderId' | 'seq'>;

export class MongoOrders implements OrderStore {
  private readonly ctx: MongoContext;
  private readonly outbox: MongoOutbox;
  private readonly inbox: MongoInbox;
  private readonly logger?: Logger;
  constructor(
    ctx: MongoContext,
    outbox: MongoOutbox,
    inbox: MongoInbox,
    logger?: Logger,
  ) {
    this.ctx = ctx;
    this.outbox = outbox;
    this.inbox = inbox;
    this.logger = logger;
  }

  private get links() {
    return this.ctx.models.links;
  }

  private get orders() {
    return this.ctx.models.orders;
  }

  /**
   * 1. One conditional update of the link takes a slot (ledger.ts): it bumps
   *    `seq` and appends the hold, or matches nothing.
   * 2. The order `<link order id>-<seq>` is inserted. A crash between 1 and 2
   *    leaves a hold without an order; it stops counting at its `until` and is
   *    pruned by the next reservation, and if the same customer comes back
   *    first, step 3 writes the missing order.
   * 3. When the update did not match, the link is read to tell why, with the
   *    same rules; the customer's own live hold means their order is handed back.
   */
  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return this.ctx.call(async () => {
      const input: ReserveInput = { linkId: request.linkId, customerKey: request.customerKey, now: request.now, holdUntil: request.holdUntil };
      for (let attempt = 1; attempt <= RESERVE_ATTEMPTS; attempt++) {
        const taken = await this.links
          .findOneAndUpdate(reserveFilter(input), reservePipeline(input), {
            returnDocument: 'after',
            updatePipeline: true,
            projection: { orderId: 1, seq: 1 },
          })
          .lean<Taken | null>();
        if (taken) {
          const order = await this.insertOrder(newOrderDoc(taken, taken.seq, request.holdUntil, request));
          return { kind: 'reserved', order: orderFromDoc(order), reused: false };
        }

        const link = await this.links.findOne({ _id: { $eq: request.linkId } }).lean<LinkDoc | null>();
        const refusal = explainRefusal(link, request.customerKey, request.now);
        if (refusal.kind === 'refused') return { kind: 'refused', state: refusal.state };
        if (refusal.kind === 'own' && link) {
          const own = await this.ownOrder(link, refusal.hold, request);
          if (own) return { kind: 'reserved', order: own, reused: true };
        }
      }
      // Only a link changing under every attempt gets here: the caller may try again shortly.
      throw new StoreUnavailableError();
    });
  }

  /**
   * The customer's order behind their live hold, or null when the hold turned
   * out not to stand for a live pending order (then the caller looks again).
   */
  private async ownOrder(link: LinkDoc, hold: HoldDoc, request: ReserveRequest): Promise<Order | null> {
    const id = midtransOrderId(link.orderId, hold.seq);
    // The order may not be written yet (its request is in flight or crashed after taking the slot):
    // writing it here, under the id the hold fixes, gives both the same order, whoever comes second.
    const order =
      (await this.orders.findOne({ _id: id }).lean<OrderDoc | null>()) ??
      (await this.insertOrder(newOrderDoc(link, hold.seq, hold.until, request)));
    if (order.effects) {
      // A status change of this order is half done; finishing it releases the hold.
      await this.finishEffects(order);
      return null;
    }
    if (order.status === 'pending' && order.reservedUntil.getTime() > request.now.getTime()) return orderFromDoc(order);
    // The order left pending and its effects are done, so this hold should be gone already: drop it.
    await this.links.updateOne({ _id: link._id }, { $pull: { holds: { seq: hold.seq } } });
    return null;
  }

  /** Inserts a new order; if its id is already there (see ownOrder), the stored one is the order. */
  private async insertOrder(doc: OrderDoc): Promise<OrderDoc> {
    try {
      await this.orders.insertOne(doc);
      return doc;
    } catch (err) {
      if (!duplicateKeyOf(err)) throw err;
      const stored = await this.orders.findOne({ _id: doc._id }).lean<OrderDoc | null>();
      if (!stored) throw err;
      return stored;
    }
  }

  byId(orderId: string): Promise<Order | null> {
    return this.ctx.call(async () => {
      const doc = await this.orders.findOne({ _id: { $eq: orderId } }).lean<OrderDoc | null>();
      return doc ? orderFromDoc(doc) : null;
    });
  }

  listByLink(linkId: string, limit: number): Promise<Order[]> {
    return this.ctx.call(async () => {
      const docs = await this.orders.find({ linkId: { $eq: linkId } }).sort({ seq: -1 }).limit(limit).lean<OrderDoc[]>();
      return docs.map(orderFromDoc);
    });
  }

  attachSnap(orderId: string, snap: SnapSession): Promise<void> {
    return this.ctx.call(async () => {
      await this.orders.updateOne(
        { _id: { $eq: orderId } },
        { $set: { snap: { token: snap.token, redirectUrl: snap.redirectUrl }, updatedAt: new Date() } },
      );
    });
  }

  /**
   * 1. Compare-and-set on the order: status `from` (and unchanged since read,
   *    with no earlier change half done) → `to`, writing `effects` in the same
   *    update. Exactly one of many concurrent identical changes matches.
   * 2. The follow-up steps (effects.ts): count on the link once, insert the
   *    notices, clear `effects`. A crash in between is finished by
   *    repairPendingEffects or by the next change of the same order.
   * The notices kept in `effects` for such a repair are built before step 1
   * with the usage foreseen from the link; the request itself inserts them
   * built with the usage its own link update returned (the same unless
   * another change of the link slipped in between).
   */
  transition(request: TransitionRequest): Promise<TransitionResult> {
    return this.ctx.call(async () => {
      let current: OrderDoc | null = null;
      for (let attempt = 1; attempt <= TRANSITION_ATTEMPTS; attempt++) {
        current = await this.orders.findOne({ _id: { $eq: request.orderId } }).lean<OrderDoc | null>();
        if (!current) return { applied: false, current: null };
        if (current.status !== request.from) return { applied: false, current: orderFromDoc(current) };
        if (current.effects) {
          // The change that brought the order into `from` is not finished: its notices go first.
          await this.finishEffects(current);
          continue;
        }

        const before = await this.links.findOne({ _id: current.linkId }, USAGE_FIELDS).lean<LinkDoc | null>();
        const draft = effectsOf(current, request.to, [], request.now);
        const foreseen = expectedUsage(before, draft, request.now);
        const foreseenNotices = request.outbox(foreseen);
        const effects: EffectsDoc = { ...draft, outbox: foreseenNotices };

        const changed = await this.orders
          .findOneAndUpdate(
            { _id: current._id, status: current.status, transitions: current.transitions, effects: null },
            {
              $set: {
                status: request.to,
                updatedAt: request.now,
                transitions: effects.n,
                effects,
                ...(request.payment ? { payment: request.payment } : {}),
              },
            },
            { returnDocument: 'after' },
          )
          .lean<OrderDoc | null>();
        if (!changed) continue;

        // Counted before only if a repair raced us to it; then the link as it is now is "right after".
        const link =
          (await this.countOnLink(changed._id, effects)) ??
          (await this.links.findOne({ _id: current.linkId }, USAGE_FIELDS).lean<LinkDoc | null>());
        const usage = link ? usageOf(link, request.now) : UNUSED;
        const notices = sameUsage(usage, foreseen) ? foreseenNotices : request.outbox(usage);
        await this.outbox.insertAll(notices, request.now);
        await this.clearEffects(changed._id, effects.n);
        // Without a transaction this is a step of its own; a crash before it only means the notification is looked at again.
        if (request.settles) await this.inbox.markProcessed(request.settles.inboxId, request.settles.outcome, request.now);
        return { applied: true, order: orderFromDoc(changed), usage };
      }
      // The order kept changing under us: report it as it is now, unchanged by this call.
      return { applied: false, current: current ? orderFromDoc(current) : null };
    });
  }

  /** Step (a) of effects.ts: the link right after counting, or null if the change was counted before. */
  private countOnLink(orderId: string, effects: EffectsDoc): Promise<LinkDoc | null> {
    const { filter, update } = linkEffectsUpdate(orderId, effects);
    return this.links.findOneAndUpdate(filter, update, { returnDocument: 'after', projection: USAGE_FIELDS }).lean<LinkDoc | null>();
  }

  /** Steps (a)–(c) for a change whose request did not finish them; every step is safe to repeat. */
  private async finishEffects(order: OrderDoc): Promise<void> {
    const effects = order.effects;
    if (!effects) return;
    await this.countOnLink(order._id, effects);
    await this.outbox.insertAll(effects.outbox, effects.at);
    await this.clearEffects(order._id, effects.n);
  }

  /** Step (c), only for the change it belongs to. */
  private async clearEffects(orderId: string, n: number): Promise<void> {
    await this.orders.updateOne({ _id: orderId, 'effects.n': n }, { $set: { effects: null } });
  }

  /**
   * Finishes the follow-up steps of status changes left unfinished for at
   * least `minAgeMs` (by a process that died). Safe to run from several
   * processes at once and alongside live requests. Returns how many it finished.
   */
  repairPendingEffects(now: Date, minAgeMs: number): Promise<number> {
    return this.ctx.call(async () => {
      let finished = 0;
      for (let round = 1; round <= REPAIR_ROUNDS; round++) {
        const batch = await this.orders
          .find(pendingEffectsFilter(now, minAgeMs))
          .sort({ 'effects.at': 1 })
          .limit(REPAIR_BATCH)
          .lean<OrderDoc[]>();
        for (const order of batch) {
          await this.finishEffects(order);
          this.logger?.warn({ orderId: order._id, to: order.status }, 'finished an order status change a crash had interrupted');
        }
        finished += batch.length;
        if (batch.length < REPAIR_BATCH) break;
      }
      return finished;
    });
  }

  /**
   * Candidates are read first, then each is leased with a conditional update
   * that re-checks it is still pending, stale and not leased: of two
   * reconcilers racing for an order exactly one gets it.
   */
  claimStale(input: { staleBefore: Date; now: Date; worker: string; leaseMs: number; limit: number }): Promise<Order[]> {
    return this.ctx.call(async () => {
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

function newOrderDoc(link: Pick<LinkDoc, '_id' | 'orderId'>, seq: number, until: Date, request: ReserveRequest): OrderDoc {
  const { id, ...order } = reservedOrder({ id: link._id, orderId: link.orderId }, seq, until, request);
  return {
    _id: id,
    ...order,
    reconcileLeaseUntil: null,
    transitions: 0,
    effects: null,
  };
}
