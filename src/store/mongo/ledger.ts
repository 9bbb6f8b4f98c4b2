/**
 * The link document as the ledger of its usage slots, and the one conditional
 * update that takes a slot.
 *
 * A slot is used by a paid order (`paidCount`) or held by a pending order
 * (`holds`) until that order is closed: Midtrans may still take money for it
 * after its window, so time alone never frees a slot. Taking a
 * slot is a single `findOneAndUpdate` whose filter re-checks, on the document
 * as it is at the moment of the write, everything the decision depends on:
 * not deleted, not expired, the customer holds no slot whose window is still
 * open (that order is handed back instead), and paid + holds < limit. MongoDB applies a single-document update
 * atomically and re-evaluates the filter if the document changed under it, so
 * fifty concurrent customers for the last slot produce exactly one winner, on
 * a standalone mongod as on a replica set, with no transaction.
 *
 * Everything here is pure: the query shapes and the same rules in JavaScript,
 * used to explain a refusal after the update did not match.
 */
import { linkState, type LinkState, type LinkUsage } from '../../domain/link.ts';
import type { HoldDoc, LinkDoc } from './models.ts';

type Expression = Record<string, unknown>;

/** Holds whose payment window is still open: the ones a returning customer is handed back. */
export function liveHolds(holds: readonly HoldDoc[] | undefined, now: Date): HoldDoc[] {
  return (holds ?? []).filter((hold) => hold.until.getTime() > now.getTime());
}

export function usageOf(link: Pick<LinkDoc, 'seq' | 'paidCount' | 'paidTotal' | 'holds'>): LinkUsage {
  return { orders: link.seq ?? 0, paid: link.paidCount ?? 0, paidTotal: link.paidTotal ?? 0, held: (link.holds ?? []).length };
}

/** `$holds` restricted to the ones whose window is open, as an aggregation expression. */
export function liveHoldsExpr(now: Date): Expression {
  return { $filter: { input: { $ifNull: ['$holds', []] }, as: 'h', cond: { $gt: ['$$h.until', now] } } };
}

/** Unlimited, or paid + holds below the limit: the link is not sold out. */
export function underLimitExpr(): Expression {
  return {
    $or: [
      { $eq: [{ $ifNull: ['$usageLimit', null] }, null] },
      { $lt: [{ $add: [{ $ifNull: ['$paidCount', 0] }, { $size: { $ifNull: ['$holds', []] } }] }, '$usageLimit'] },
    ],
  };
}

/** Not deleted and not expired, as a plain query (uses no expression). */
export function openAt(now: Date): Record<string, unknown> {
  return { deletedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] };
}

/** The filter of the links an active-only listing shows: exactly the ones linkState calls active. */
export function activeLinksFilter(merchantId: string, now: Date): Record<string, unknown> {
  return { merchantId: { $eq: merchantId }, ...openAt(now), $expr: underLimitExpr() };
}

export interface ReserveInput {
  linkId: string;
  customerKey: string;
  now: Date;
  holdUntil: Date;
}

/**
 * Matches the link only if a new order may take a slot now. The customer key
 * goes in as `$literal` so a key that starts with `$` is data, not a field path;
 * the link id goes in through `$eq` so an object can never become an operator.
 */
export function reserveFilter({ linkId, customerKey, now }: ReserveInput): Record<string, unknown> {
  const holdsOfCustomer = {
    $filter: {
      input: liveHoldsExpr(now),
      as: 'mine',
      cond: { $eq: ['$$mine.customerKey', { $literal: customerKey }] },
    },
  };
  return {
    _id: { $eq: linkId },
    ...openAt(now),
    $expr: { $and: [{ $eq: [{ $size: holdsOfCustomer }, 0] }, underLimitExpr()] },
  };
}

/**
 * The update that goes with the filter: the next order number, and the holds
 * plus the new one. A hold goes only when its order leaves pending, so the
 * array is as long as the link's pending orders.
 */
export function reservePipeline({ customerKey, holdUntil }: ReserveInput): Expression[] {
  const next = { $add: [{ $ifNull: ['$seq', 0] }, 1] };
  return [
    {
      $set: {
        seq: next,
        holds: {
          $concatArrays: [{ $ifNull: ['$holds', []] }, [{ seq: next, customerKey: { $literal: customerKey }, until: { $literal: holdUntil } }]],
        },
      },
    },
  ];
}

/** Why the reservation update did not match, read from the link as it is now. */
export type Refusal =
  | { kind: 'refused'; state: Exclude<LinkState, 'active'> | 'unknown' }
  /** The customer already holds a live slot: hand that order back. */
  | { kind: 'own'; hold: HoldDoc }
  /** The link changed between the update and this read: try the update again. */
  | { kind: 'retry' };

/**
 * The same rules as reserveFilter, in the order the embedded store applies
 * them: deletion first, then the customer's own live order (even on an
 * expired or full link), then expiry and the limit.
 */
export function explainRefusal(link: LinkDoc | null, customerKey: string, now: Date): Refusal {
  if (!link) return { kind: 'refused', state: 'unknown' };
  if (link.deletedAt) return { kind: 'refused', state: 'deleted' };
  const own = liveHolds(link.holds, now).find((hold) => hold.customerKey === customerKey);
  if (own) return { kind: 'own', hold: own };
  const state = linkState(link, usageOf(link), now);
  return state === 'active' ? { kind: 'retry' } : { kind: 'refused', state };
}
