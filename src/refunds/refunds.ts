/**
 * Refunds asked for from chat, in two steps: `prepare` finds the order,
 * checks the rules (refund-rules.ts) and stores the request with a fresh
 * `refund_key`; `send` asks Midtrans's Refund API with that stored key.
 *
 * The key is stored before the first call and reused by every retry (ours,
 * after a timeout, and the merchant's `ya` typed again), and Midtrans treats a
 * repeated `refund_key` as the same refund (docs.midtrans.com/reference/
 * refund-transaction: "If you want to do retry the same refund request please
 * use the same refund_key"), so no retry can refund twice.
 *
 * The order itself is not changed here. Midtrans's answer only says it took
 * the request; the money's state reaches the order the way every payment
 * change does, through the `refund` / `partial_refund` notification confirmed
 * by Get Status (payments/notification-handler.ts, domain/order.ts), so an
 * order is never shown as refunded on an answer the webhook path would not
 * agree with. What the answer may record is a note on the request ("sent"),
 * which keeps its amount out of what a next refund may take until the
 * notification has counted it.
 */
import { randomBytes } from 'node:crypto';
import { AppError, isAppError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Link, LinkRef } from '../domain/link.ts';
import type { Order } from '../domain/order.ts';
import type { LinkService } from '../links/link-service.ts';
import { GatewayError, type RefundGateway } from '../midtrans/gateway.ts';
import { type RetryPolicy, withRetries } from '../retry.ts';
import type { KeyValueStore, OrderStore } from '../store/ports.ts';
import { refundableLeft, refundAmount } from './refund-rules.ts';

export type RefundErrorCode = 'ORDER_NOT_FOUND' | 'REFUND_NO_PAID_ORDER' | 'REFUND_REQUEST_UNKNOWN' | 'REFUND_NO_ANSWER';

/** One refund as asked for, kept under its key until Midtrans has it. */
export interface RefundPlan {
  /** The store key: `<order id>:<refund key>`. */
  id: string;
  refundKey: string;
  merchantId: string;
  orderId: string;
  /** The paying transaction, which Midtrans refunds; null for orders from before it was kept. */
  transactionId: string | null;
  amount: number;
  /** Money the order keeps after it: more than 0 is a partial refund. */
  leftAfter: number;
  reason: string | null;
  linkNumber: number;
  itemName: string;
  customerName: string | null;
  method: string | null;
  channel: string | null;
  /** `asked`: waiting for the merchant's yes; `tried`: sent at least once without an answer; `sent`: Midtrans took it. */
  state: 'asked' | 'tried' | 'sent';
  askedAt: string;
}

export type Prepared =
  | { kind: 'confirm'; plan: RefundPlan }
  /** A link with several paid orders: the merchant picks one. */
  | { kind: 'choose'; link: Link; orders: Order[] };

export type Sent = { kind: 'sent' | 'already'; plan: RefundPlan };

/** Retries of one refund call: few and short, so the merchant hears back within a chat's patience. */
export const REFUND_RETRY: RetryPolicy = { attempts: 3, baseMs: 500, maxMs: 2_000, maxElapsedMs: 10_000 };

/** Orders a link's ref is searched for paid ones (newest first); a link sold more often is refunded by order id. */
const ORDERS_SEARCHED = 50;

const NAMESPACE = 'refunds';

export interface RefundsOptions {
  links: LinkService;
  orders: OrderStore;
  kv: KeyValueStore;
  gateway: RefundGateway;
  clock?: () => Date;
  retry?: RetryPolicy;
  /** The wait between retries; tests pass a fake clock's. */
  wait?: (ms: number) => Promise<void>;
}

/** Letters and digits only: Midtrans allows letters, digits, `-` and `_` in a refund_key. */
function newRefundKey(): string {
  return `rf${randomBytes(12).toString('hex')}`;
}

function orderNotFound(ref: string): NotFoundError<RefundErrorCode> {
  return new NotFoundError<RefundErrorCode>('ORDER_NOT_FOUND', (w) => w.refunds.orderNotFound(ref.slice(0, 60)));
}

export class Refunds {
  private readonly options: RefundsOptions;
  private readonly clock: () => Date;
  constructor(options: RefundsOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * `ref` is an order id or a link (number, slug, Order ID). Throws, storing
   * nothing, when the order is not the merchant's or cannot be refunded.
   */
  async prepare(merchantId: string, ref: LinkRef, asked: number | null, reason: string | null): Promise<Prepared> {
    const { links, orders } = this.options;
    if (ref.kind === 'text') {
      const found = await links.merchantOrder(merchantId, ref.value);
      if (found !== null) return { kind: 'confirm', plan: await this.plan(merchantId, found.order, found.link, asked, reason) };
    }
    const view = await links.find(merchantId, ref).catch((err: unknown) => {
      // "INV-1-2" that is neither an order nor a link: say so about an order, which is what a refund is of.
      if (ref.kind === 'text' && isAppError(err, 'LINK_NOT_FOUND')) throw orderNotFound(ref.value);
      throw err;
    });
    const paid = (await orders.listByLink(view.link.id, ORDERS_SEARCHED)).filter((order) => order.status === 'paid');
    const [only] = paid;
    if (only === undefined) {
      throw new ValidationError<RefundErrorCode>('REFUND_NO_PAID_ORDER', (w) => w.refunds.noPaidOrder(view.link.number));
    }
    if (paid.length > 1) return { kind: 'choose', link: view.link, orders: paid };
    return { kind: 'confirm', plan: await this.plan(merchantId, only, view.link, asked, reason) };
  }

  /** The stored request `id`, if it is this merchant's. */
  async load(merchantId: string, id: string): Promise<RefundPlan | null> {
    const raw = await this.options.kv.get(NAMESPACE, id);
    const plan = raw === null ? null : (JSON.parse(raw) as RefundPlan);
    return plan !== null && plan.merchantId === merchantId ? plan : null;
  }

  /**
   * Asks Midtrans for the stored refund `id`. A request Midtrans already took
   * is not sent again. Throws REFUND_NO_ANSWER when Midtrans could not be
   * reached in the bounded retries (the same key is used next time), or the
   * GatewayError of a refusal.
   */
  async send(merchantId: string, id: string): Promise<Sent> {
    const plan = await this.load(merchantId, id);
    if (plan === null) throw new NotFoundError<RefundErrorCode>('REFUND_REQUEST_UNKNOWN', (w) => w.refunds.requestUnknown);
    if (plan.state === 'sent') return { kind: 'already', plan };
    if (plan.state === 'asked') {
      // Things may have changed since the question (another refund, a chargeback): check again.
      // A request already tried is not: Midtrans may hold it, and its key makes the retry harmless.
      const found = await this.options.links.merchantOrder(merchantId, plan.orderId);
      if (found === null) throw orderNotFound(plan.orderId);
      refundAmount(found.order, plan.amount, await this.unconfirmed(found.order, plan.id));
      await this.save({ ...plan, state: 'tried' });
    }
    let failure: unknown = null;
    const done = await withRetries(
      async () => {
        await this.options.gateway.refund(plan.transactionId ?? plan.orderId, { refundKey: plan.refundKey, amount: plan.amount, reason: plan.reason });
      },
      this.options.retry ?? REFUND_RETRY,
      {
        retryable: (err) => err instanceof GatewayError && err.retryable,
        onFailure: (err) => {
          failure = err;
        },
        ...(this.options.wait ? { wait: this.options.wait } : {}),
      },
    );
    if (!done) {
      if (failure instanceof GatewayError && failure.retryable) {
        throw new AppError<RefundErrorCode>('REFUND_NO_ANSWER', (w) => w.refunds.noAnswer, { orderId: plan.orderId, cause: failure.code });
      }
      throw failure;
    }
    const sent: RefundPlan = { ...plan, state: 'sent' };
    await this.save(sent);
    return { kind: 'sent', plan: sent };
  }

  private async plan(merchantId: string, order: Order, link: Link, asked: number | null, reason: string | null): Promise<RefundPlan> {
    const refundKey = newRefundKey();
    const id = `${order.id}:${refundKey}`;
    const unconfirmed = await this.unconfirmed(order, id);
    const amount = refundAmount(order, asked, unconfirmed);
    const plan: RefundPlan = {
      id,
      refundKey,
      merchantId,
      orderId: order.id,
      transactionId: order.payment?.transactionId ?? null,
      amount,
      leftAfter: refundableLeft(order, unconfirmed) - amount,
      reason,
      linkNumber: link.number,
      itemName: link.itemName,
      customerName: order.customer.name ?? null,
      method: order.payment?.method ?? null,
      channel: order.payment?.channel ?? null,
      state: 'asked',
      askedAt: this.clock().toISOString(),
    };
    await this.save(plan);
    return plan;
  }

  /**
   * Money of refunds Midtrans took (or may hold) that the order does not count
   * yet: what was sent beyond what its notifications have added up to.
   */
  private async unconfirmed(order: Order, except: string): Promise<number> {
    const { kv } = this.options;
    let asked = 0;
    for (const key of await kv.keys(NAMESPACE, `${order.id}:`)) {
      if (key === except) continue;
      const raw = await kv.get(NAMESPACE, key);
      const plan = raw === null ? null : (JSON.parse(raw) as RefundPlan);
      if (plan !== null && plan.state !== 'asked') asked += plan.amount;
    }
    return Math.max(0, asked - order.refundedAmount);
  }

  private async save(plan: RefundPlan): Promise<void> {
    await this.options.kv.setMany(NAMESPACE, [{ key: plan.id, value: JSON.stringify(plan) }]);
  }
}
