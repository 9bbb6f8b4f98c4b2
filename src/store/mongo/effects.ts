/**
 * The follow-up steps of an order's status change, and why running them again
 * after a crash counts nothing twice.
 *
 * A status change is a compare-and-set on the order document that also writes
 * `effects`: what the change still has to do elsewhere. Then:
 *   (a) the link counts it: paid count and total move by `paidDelta`, the
 *       order's hold goes. This update is guarded by the change's key
 *       (`<order id>#<transition number>`), pushed into the link's `applied`
 *       list in the same atomic update: a second run finds the key and does
 *       nothing;
 *   (b) the notices go into the outbox under their own unique keys: a second
 *       insert of a key is dropped;
 *   (c) `effects` is cleared on the order, guarded by the transition number.
 * A crash anywhere leaves `effects` set, and repairPendingEffects (at open,
 * then every minute) or the next change of the same order runs (a)–(c) again.
 *
 * Why a bounded list of keys is enough: keys are only ever dropped from the
 * front of the list when more than APPLIED_KEYS_KEPT later changes of the
 * same link were counted; never on finishing, because a repair that read the
 * order just before the finish would then count the change again. So a change
 * is counted twice only if some process read its pending effects and then
 * stalled while more than APPLIED_KEYS_KEPT other changes of that same link
 * went through. Repairs take only effects left for a while by a request that
 * died, and a request counts its own change right after its compare-and-set,
 * so this does not happen in practice. The alternatives are worse: one marker
 * per order on the link grows without bound on an unlimited link, and guarding
 * on the hold's presence loses a payment that arrives after its reservation
 * ran out (the hold was pruned) and cannot guard paid → refunded at all.
 */
import { slotCountsChange, UNUSED, type LinkUsage } from '../../domain/link.ts';
import type { OrderStatus } from '../../domain/order.ts';
import type { NewOutboxEntry } from '../ports.ts';
import { usageOf } from './ledger.ts';
import type { EffectsDoc, LinkDoc, OrderDoc } from './models.ts';

export const APPLIED_KEYS_KEPT = 100;

export function transitionKey(orderId: string, n: number): string {
  return `${orderId}#${n}`;
}

/** What changing `order` to `to` does outside the order document. */
export function effectsOf(
  order: Pick<OrderDoc, 'linkId' | 'seq' | 'amount' | 'status' | 'transitions' | 'refundedAmount'>,
  to: { status: OrderStatus; refundedAmount: number },
  outbox: NewOutboxEntry[],
  now: Date,
): EffectsDoc {
  const change = slotCountsChange(
    { status: order.status, amount: order.amount, refundedAmount: order.refundedAmount ?? 0 },
    { status: to.status, amount: order.amount, refundedAmount: to.refundedAmount },
  );
  return {
    n: order.transitions + 1,
    linkId: order.linkId,
    seq: order.seq,
    paidDelta: change.paid,
    totalDelta: change.paidTotal,
    amount: order.amount,
    // Only a pending order has a hold; the state machine never moves an order back to pending.
    releaseHold: to.status !== 'pending',
    outbox,
    at: now,
  };
}

function totalDeltaOf(effects: EffectsDoc): number {
  return effects.totalDelta ?? effects.paidDelta * effects.amount;
}

/** Step (a): the link update that counts the change once. */
export function linkEffectsUpdate(
  orderId: string,
  effects: EffectsDoc,
): { filter: Record<string, unknown>; update: Record<string, unknown> } {
  const key = transitionKey(orderId, effects.n);
  return {
    filter: { _id: { $eq: effects.linkId }, applied: { $ne: key } },
    update: {
      $inc: { paidCount: effects.paidDelta, paidTotal: totalDeltaOf(effects) },
      $push: { applied: { $each: [key], $slice: -APPLIED_KEYS_KEPT } },
      ...(effects.releaseHold ? { $pull: { holds: { seq: effects.seq } } } : {}),
    },
  };
}

/**
 * The usage the link will have right after the change, foreseen from the link
 * before it. The notices kept for a repair are built with it; a request that
 * finishes its own change builds them again with the usage it actually got.
 */
export function expectedUsage(link: LinkDoc | null, effects: EffectsDoc): LinkUsage {
  const before = link ? usageOf(link) : UNUSED;
  const releasesHold = effects.releaseHold && link !== null && (link.holds ?? []).some((h) => h.seq === effects.seq);
  return {
    orders: before.orders,
    paid: before.paid + effects.paidDelta,
    paidTotal: before.paidTotal + totalDeltaOf(effects),
    held: before.held - Number(releasesHold),
  };
}

export function sameUsage(a: LinkUsage, b: LinkUsage): boolean {
  return a.orders === b.orders && a.paid === b.paid && a.paidTotal === b.paidTotal && a.held === b.held;
}

/**
 * Orders whose effects a repair should finish: left unfinished for at least
 * `minAgeMs`. A live request finishes its own within milliseconds; waiting a
 * little keeps repairs from racing it (harmless, but its notices would then
 * carry the foreseen usage instead of the actual one).
 */
export function pendingEffectsFilter(now: Date, minAgeMs: number): Record<string, unknown> {
  return { 'effects.at': { $lte: new Date(now.getTime() - minAgeMs) } };
}
