/**
 * The links and their orders: what every chat adapter, the payment page, the
 * webhook and the reconciler call. It validates input (bad input writes
 * nothing), keeps merchants to their own links, and turns what Midtrans says
 * about a transaction into one atomic change with the notices it causes.
 */
import { customerKey, normalizeCustomer, payingCustomer, type CheckoutClient, type CustomerInput } from '../domain/customer.ts';
import { AppError, isAppError, ValidationError } from '../domain/errors.ts';
import {
  generatedOrderId,
  linkNotFound,
  linkState,
  newId,
  randomSlug,
  UNUSED,
  validateOrderId,
  validateSlug,
  validateUsageLimit,
  type ChatAddress,
  type LinkAuthor,
  type Link,
  type LinkRef,
  type LinkState,
} from '../domain/link.ts';
import type { Channel } from '../domain/channel.ts';
import { checkOffer, orderTerms, requireAsked, type OfferInput, type TermsInput } from '../domain/link-offer.ts';
import {
  decideTransition,
  type Decision,
  type IgnoreReason,
  type MidtransObservation,
  type Order,
  type OrderEvent,
} from '../domain/order.ts';
import { MAX_EXPIRY_MS } from '../domain/time.ts';
import { linkOfferSnapshot, orderOfferSnapshot, type LinkSnapshot, type Notice, type OrderSnapshot, type QueuedNotice } from '../notify/notices.ts';
import { merchantNoticeKey, receiptKey, teamNoticeKey } from '../notify/outbox-keys.ts';
import type { LinkWithUsage, ReceivedNotification, ShopNotices, Store } from '../store/ports.ts';

export type Clock = () => Date;

export interface LinkServiceOptions {
  store: Store;
  publicUrl: string;
  merchantName: string;
  /** How long a customer's reservation lasts. */
  paymentWindowMs: number;
  clock?: Clock;
  /** The built-in simulator plays Midtrans: every notice and receipt says no money moved. */
  simulated?: boolean;
}

export interface NewLinkInput {
  merchantId: string;
  via: Channel;
  /** The chat that hears about payments. */
  notifyChatId: string;
  /** The title: the item's name, or the open amount's purpose (`Donasi`); several items get theirs joined. */
  itemName: string;
  /** The one item's price; ignored with `offer.items` or `offer.open`. */
  price: number | null;
  /** What the link offers beyond one item at one price (link-offer.ts); absent is a plain link. */
  offer?: OfferInput;
  /** Default 1; null is unlimited. */
  usageLimit?: number | null;
  customer?: CustomerInput | null;
  expiresAt?: Date | null;
  orderId?: string | null;
  slug?: string | null;
  recipient?: ChatAddress | null;
  /** Who of the shop made it (issue 18). */
  createdBy?: LinkAuthor | null;
}

export interface LinkDetails extends LinkWithUsage {
  latestOrders: Order[];
  /** The order a `/link <order id>` asked about, whether or not it is among the latest. */
  namedOrder: Order | null;
}

export type LinkUnavailableCode = 'LINK_EXPIRED' | 'LINK_SOLD_OUT' | 'LINK_DELETED' | 'LINK_NOT_FOUND';

/** The customer cannot pay this link now; `state` says why. */
export class LinkUnavailableError extends AppError<LinkUnavailableCode> {
  readonly state: Exclude<LinkState, 'active'> | 'unknown';
  constructor(state: Exclude<LinkState, 'active'> | 'unknown') {
    const codes: Record<typeof state, LinkUnavailableCode> = {
      expired: 'LINK_EXPIRED',
      sold_out: 'LINK_SOLD_OUT',
      deleted: 'LINK_DELETED',
      unknown: 'LINK_NOT_FOUND',
    };
    super(codes[state], (w) => `${w.payments.linkUnavailable[state]} ${w.payments.askSeller}`);
    this.state = state;
  }
}

/** The link's stock has fewer items left than the customer asked for; a smaller quantity may still fit. */
export class StockShortError extends AppError<'STOCK_SHORT'> {
  readonly left: number;
  constructor(left: number) {
    super('STOCK_SHORT', (w) => w.links.stockShort(left), { field: 'quantity', left });
    this.left = left;
  }
}

/** The notification a change comes from: an inbox entry, or one just received and not kept yet. */
export type NotificationSource = { inboxId: string } | { received: ReceivedNotification };

export type StatusChange =
  | { kind: 'applied'; event: OrderEvent; order: Order; link: Link; notified: boolean }
  | { kind: 'ignored'; reason: IgnoreReason; order: Order }
  | { kind: 'unknown_order' };

/** A change in a few words, for logs and the inbox's record of what a notification did. */
export function describeChange(change: Pick<StatusChange, 'kind'> & { event?: OrderEvent; reason?: IgnoreReason }): string {
  if (change.kind === 'applied') return `applied:${change.event}`;
  if (change.kind === 'ignored') return `ignored:${change.reason}`;
  return 'unknown_order';
}

const GENERATED_ID_ATTEMPTS = 5;
/** A concurrent change to the same order makes us decide again, a bounded number of times. */
const TRANSITION_ATTEMPTS = 3;

export class LinkService {
  private readonly store: Store;
  private readonly clock: Clock;

  private readonly options: LinkServiceOptions;
  constructor(options: LinkServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
  }

  url(link: Pick<Link, 'slug'>): string {
    return `${this.options.publicUrl}/p/${link.slug}`;
  }

  async create(input: NewLinkInput): Promise<LinkWithUsage> {
    const now = this.clock();
    const customer = input.customer ? normalizeCustomer(input.customer) : null;
    const { itemName, price, offer } = checkOffer(input.itemName, input.price, input.offer ?? {});
    const base = {
      merchantId: input.merchantId,
      itemName,
      price,
      ...offer,
      usageLimit: validateUsageLimit(input.usageLimit === undefined ? 1 : input.usageLimit),
      customer,
      expiresAt: this.checkedExpiry(input.expiresAt ?? null, now),
      createdVia: input.via,
      notifyChatId: input.notifyChatId,
      recipient: input.recipient ?? null,
      createdAt: now,
      deletedAt: null,
      ...(input.createdBy ? { createdBy: input.createdBy } : {}),
    };
    const customOrderId = input.orderId ? validateOrderId(input.orderId) : null;
    const customSlug = input.slug ? validateSlug(input.slug) : null;

    // Generated ids can clash (rarely): try again with fresh ones; a merchant's own id that clashes is their error.
    for (let attempt = 1; ; attempt++) {
      try {
        const link = await this.store.links.create({
          ...base,
          id: newId(),
          orderId: customOrderId ?? generatedOrderId(now, attempt <= 2 ? 4 : 6),
          slug: customSlug ?? randomSlug(),
        });
        return { link, usage: UNUSED, state: linkState(link, UNUSED, now) };
      } catch (err) {
        const generatedClash =
          (isAppError(err, 'ORDER_ID_TAKEN') && !customOrderId) || (isAppError(err, 'SLUG_TAKEN') && !customSlug);
        if (!generatedClash || attempt >= GENERATED_ID_ATTEMPTS) throw err;
      }
    }
  }

  /** One page of the merchant's links, newest first. Pages start at 1. */
  async list(merchantId: string, options: { page: number; pageSize: number; all: boolean }) {
    const page = Math.max(1, Math.floor(options.page));
    const result = await this.store.links.list({
      merchantId,
      activeOnly: !options.all,
      offset: (page - 1) * options.pageSize,
      limit: options.pageSize,
      now: this.clock(),
    });
    return { ...result, page };
  }

  /** The merchant's link by number, slug, Order ID or the id of one of its orders; another merchant's link is "not found". */
  async find(merchantId: string, ref: LinkRef): Promise<LinkWithUsage> {
    return this.withUsage((await this.lookup(merchantId, ref)).link);
  }

  /** `namedOrder` is the order the ref named (`INV-20261202-PRKX-1`, as paid notices show it), else null. */
  async details(merchantId: string, ref: LinkRef, latest = 5): Promise<LinkDetails> {
    const { link, order } = await this.lookup(merchantId, ref);
    return { ...(await this.withUsage(link)), latestOrders: await this.store.orders.listByLink(link.id, latest), namedOrder: order };
  }

  private async lookup(merchantId: string, ref: LinkRef): Promise<{ link: Link; order: Order | null }> {
    // A ref of digits is a list number first, but may also be an all-digit Order ID.
    const text = ref.kind === 'number' ? String(ref.value) : ref.value;
    const notFound = () => linkNotFound(ref.kind === 'number' ? `#${ref.value}` : ref.value);
    const link =
      (ref.kind === 'number' ? await this.store.links.byNumber(merchantId, ref.value) : null) ??
      (await this.store.links.bySlug(text.toLowerCase())) ??
      (await this.store.links.byOrderId(text));
    if (link) {
      if (link.merchantId !== merchantId) throw notFound();
      return { link, order: null };
    }
    // An order's Midtrans id is its link's Order ID and its number: the merchant copies it from a paid notice.
    const order = await this.store.orders.byId(text);
    const ofOrder = order ? await this.store.links.byId(order.linkId) : null;
    if (!order || !ofOrder || ofOrder.merchantId !== merchantId) throw notFound();
    return { link: ofOrder, order };
  }

  /** Soft delete: the page says the link is gone; pending payments are still honoured. */
  async delete(merchantId: string, ref: LinkRef): Promise<LinkWithUsage> {
    const found = await this.find(merchantId, ref);
    const link = await this.store.links.markDeleted(found.link.id, this.clock());
    return this.withUsage(link ?? found.link);
  }

  /** Remembers a customer's chat the link was posted into, so receipts go there. */
  async setRecipient(linkId: string, recipient: ChatAddress): Promise<void> {
    await this.store.links.setRecipient(linkId, recipient);
  }

  /** The link behind a public URL, whoever asks. */
  async publicLink(slug: string): Promise<LinkWithUsage | null> {
    const link = await this.store.links.bySlug(slug.toLowerCase());
    return link ? this.withUsage(link) : null;
  }

  async order(orderId: string): Promise<Order | null> {
    return this.store.orders.byId(orderId);
  }

  /** The order with its link, if the link is the merchant's; another merchant's order is null, like none. */
  async merchantOrder(merchantId: string, orderId: string): Promise<{ order: Order; link: Link } | null> {
    const order = await this.store.orders.byId(orderId);
    const link = order ? await this.store.links.byId(order.linkId) : null;
    return order && link && link.merchantId === merchantId ? { order, link } : null;
  }

  /**
   * Holds one usage slot (and the order's items of the stock) for a
   * customer, or hands back their own live pending order for the same terms.
   * A link made for a named customer is always paid as them. What the
   * customer typed (amount, quantity, answers, the contact fields the link
   * asks for) is checked before anything is written.
   */
  async reserve(
    slug: string,
    customerInput: CustomerInput | null,
    options: { receiptTo?: ChatAddress | null; client?: CheckoutClient | null; terms?: TermsInput } = {},
  ): Promise<{ link: Link; order: Order; reused: boolean }> {
    const link = await this.store.links.bySlug(slug.toLowerCase());
    if (!link) throw new LinkUnavailableError('unknown');
    if (link.customer === null) requireAsked(link.asks, customerInput ?? {});
    const customer = payingCustomer(link.customer, customerInput);
    const terms = orderTerms(link, options.terms ?? {});
    const now = this.clock();
    const result = await this.store.orders.reserve({
      linkId: link.id,
      customer,
      customerKey: customerKey(customer, options.client ?? null),
      amount: terms.amount,
      quantity: terms.quantity,
      answers: terms.answers,
      now,
      holdUntil: new Date(now.getTime() + this.options.paymentWindowMs),
      receiptTo: options.receiptTo ?? link.recipient,
      client: options.client ?? null,
    });
    if (result.kind === 'refused') throw new LinkUnavailableError(result.state);
    if (result.kind === 'short') throw new StockShortError(result.stockLeft);
    return { link, order: result.order, reused: result.reused };
  }

  /**
   * Applies what Midtrans says about an order's transaction, once. With
   * `notification`, a change also records the notification it came from as
   * processed in the same write: the inbox entry `inboxId`, or the one just
   * `received`, which that write keeps. The transaction id it names is kept
   * on the order whatever the decision.
   */
  async applyObservation(orderId: string, observation: MidtransObservation, options: { notification?: NotificationSource } = {}): Promise<StatusChange> {
    const decide = (order: Order, now: Date) => decideTransition(order, observation, now);
    const first = await this.change(orderId, decide, options.notification, observation.transactionId);
    // One answer can hold two changes: a refund seen before the payment it refunds pays the order, then refunds it.
    // The changed order is at hand, so the usual answer (one change) costs no second read.
    if (first.kind !== 'applied' || decide(first.order, this.clock()).kind === 'ignore') return first;
    const second = await this.change(orderId, decide);
    return second.kind === 'applied' ? { ...second, notified: second.notified || first.notified } : first;
  }

  /** Remembers a transaction id Midtrans used for the order (a notification, a Get Status answer). */
  async noteTransactionId(orderId: string, transactionId: string): Promise<void> {
    await this.store.orders.addTransactionId(orderId, transactionId);
  }

  /**
   * Ends a pending order that can no longer be paid: Snap refused to create
   * it (`failed`, silently), or Midtrans said after its window that nothing
   * can pay it any more (`expired`, and the merchant hears about it).
   */
  closeUnpaid(orderId: string, to: 'failed' | 'expired'): Promise<StatusChange> {
    return this.change(orderId, (order, now): Decision => {
      if (order.status !== 'pending') return { kind: 'ignore', reason: 'unchanged' };
      return {
        kind: 'apply',
        to,
        event: to,
        notify: to === 'expired',
        refundedAmount: order.refundedAmount,
        payment: order.payment ?? {
          method: null,
          channel: null,
          transactionId: null,
          amountReceived: null,
          grossAmountRaw: String(order.amount),
          transactionStatus: to === 'expired' ? 'expire' : 'failure',
          fraudStatus: null,
          at: now,
        },
      };
    });
  }

  /**
   * `transactionId`: one Midtrans named for the order, kept on it whatever the
   * decision; by the transition itself when there is one, so a notification
   * costs one write rather than two.
   */
  private async change(orderId: string, decide: (order: Order, now: Date) => Decision, notification?: NotificationSource, transactionId: string | null = null): Promise<StatusChange> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.store.orders.byId(orderId);
      if (!stored) return { kind: 'unknown_order' };
      const newId = transactionId !== null && !stored.transactionIds.includes(transactionId) ? transactionId : null;
      const order = newId === null ? stored : { ...stored, transactionIds: [...stored.transactionIds, newId] };
      const now = this.clock();
      const keepNewId = async (): Promise<void> => {
        if (newId !== null) await this.noteTransactionId(orderId, newId);
      };
      const decision = decide(order, now);
      if (decision.kind === 'ignore') {
        await keepNewId();
        return { kind: 'ignored', reason: decision.reason, order };
      }

      const link = await this.store.links.byId(order.linkId);
      if (!link) {
        await keepNewId();
        return { kind: 'unknown_order' };
      }
      const changed = { ...order, payment: decision.payment, refundedAmount: decision.refundedAmount };
      // Read before the transition: its outbox callback must stay pure (it may run more than once).
      const teamChat = decision.notify ? ((await this.store.team.shop(link.merchantId))?.notices ?? null) : null;
      const result = await this.store.orders.transition({
        orderId,
        from: order.status,
        fromRefunded: order.refundedAmount,
        to: decision.to,
        refundedAmount: decision.refundedAmount,
        payment: decision.payment,
        outbox: (usage) => (decision.notify ? this.noticesFor(link, changed, decision.event, usage.paid, now, teamChat) : []),
        ...(notification === undefined ? {} : { notification: { ...notification, outcome: describeChange({ kind: 'applied', event: decision.event }) } }),
        ...(newId === null ? {} : { transactionId: newId }),
        now,
      });
      if (result.applied) return { kind: 'applied', event: decision.event, order: result.order, link, notified: decision.notify };
      if (attempt >= TRANSITION_ATTEMPTS) {
        return { kind: 'ignored', reason: 'unchanged', order: result.current ?? order };
      }
    }
  }

  private noticesFor(link: Link, order: Order, event: OrderEvent, paidAfter: number, now: Date, teamChat: ShopNotices | null): QueuedNotice[] {
    const linkSnapshot = this.snapshotLink(link);
    const orderSnapshot = snapshotOrder(link, order);
    const at = now.toISOString();
    const toMerchant: Notice = {
      kind: 'order_event',
      event,
      link: linkSnapshot,
      order: orderSnapshot,
      usage: { paid: paidAfter, limit: link.usageLimit },
      at,
      ...(this.options.simulated ? { simulated: true as const } : {}),
    };
    const entries: QueuedNotice[] = [];
    const creator = { channel: link.createdVia, chatId: link.notifyChatId };
    const team = teamChat?.chat;
    const sameChat = team !== undefined && team.channel === creator.channel && team.chatId === creator.chatId;
    if (teamChat?.mode !== 'instead' || sameChat) {
      entries.push({ key: merchantNoticeKey(order, event), channel: creator.channel, target: creator.chatId, merchantId: link.merchantId, notice: toMerchant, notBefore: now });
    }
    // The shop's team chat (`/notif di sini`): one more notice, under its own key.
    if (team !== undefined && !sameChat) {
      entries.push({ key: teamNoticeKey(order, event), channel: team.channel, target: team.chatId, merchantId: link.merchantId, notice: toMerchant, notBefore: now });
    }
    const receiptTo = order.receiptTo ?? link.recipient;
    if ((event === 'paid' || event === 'paid_late') && receiptTo) {
      entries.push({
        key: receiptKey(order.id),
        channel: receiptTo.channel,
        target: receiptTo.chatId,
        merchantId: null,
        notice: { kind: 'receipt', link: linkSnapshot, order: orderSnapshot, merchantName: this.options.merchantName, at, ...(this.options.simulated ? { simulated: true as const } : {}) },
        notBefore: now,
      });
    }
    return entries;
  }

  snapshotLink(link: Link): LinkSnapshot {
    return {
      id: link.id,
      number: link.number,
      orderId: link.orderId,
      slug: link.slug,
      itemName: link.itemName,
      price: link.price,
      usageLimit: link.usageLimit,
      url: this.url(link),
      expiresAt: link.expiresAt?.toISOString() ?? null,
      ...linkOfferSnapshot(link),
    };
  }

  private async withUsage(link: Link): Promise<LinkWithUsage> {
    const now = this.clock();
    const usage = await this.store.links.usage(link.id);
    return { link, usage, state: linkState(link, usage, now) };
  }

  private checkedExpiry(expiresAt: Date | null, now: Date): Date | null {
    if (expiresAt === null) return null;
    const ahead = expiresAt.getTime() - now.getTime();
    if (!Number.isFinite(ahead) || ahead <= 0 || ahead > MAX_EXPIRY_MS) {
      throw new ValidationError('EXPIRY_INVALID', (w) => w.rules.expiryOutOfRange);
    }
    return expiresAt;
  }
}

function snapshotOrder(link: Link, order: Order): OrderSnapshot {
  return {
    id: order.id,
    amount: order.amount,
    amountReceived: order.payment?.amountReceived ?? null,
    refundedAmount: order.refundedAmount,
    customer: order.customer,
    method: order.payment?.method ?? null,
    channel: order.payment?.channel ?? null,
    ...orderOfferSnapshot(link, order),
  };
}
