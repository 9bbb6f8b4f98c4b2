/**
 * Starting a payment: hold a slot on the link, open a Snap transaction for
 * it, remember the Snap session, and hand back where to send the customer.
 *
 * A customer who submits again while their order is pending gets the same
 * Snap page back: the reservation returns their live order, and an order
 * that already has a session is never sent to Midtrans twice. "The same
 * customer" means the same details from the same browser: anyone can type
 * someone else's email.
 *
 * No slot hoarding: a client (a browser, and separately an address) holds at
 * most one unpaid checkout per link and `maxLiveCheckouts` in all. Requests of
 * one client are taken one at a time in this process, so a burst of them
 * cannot slip past the count; across several processes the count may be
 * exceeded by at most one checkout per process.
 */
import type { Logger } from 'pino';
import { customerKey, payingCustomer, type CheckoutClient, type CustomerInput } from '../domain/customer.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import type { Locale } from '../domain/locale.ts';
import { formatWib } from '../domain/time.ts';
import type { Phrase } from '../text/catalog.ts';
import type { ChatAddress, Link } from '../domain/link.ts';
import { orderLines, orderTerms, type TermsInput } from '../domain/link-offer.ts';
import { sameTerms, type Order, type SnapSession } from '../domain/order.ts';
import { LinkUnavailableError, type Clock, type LinkService } from '../links/link-service.ts';
import { GatewayError, type PaymentGateway, type SnapItemLine } from '../midtrans/gateway.ts';
import type { Store } from '../store/ports.ts';
import { KeyedQueue } from '../keyed-queue.ts';

export interface CheckoutOptions {
  links: LinkService;
  gateway: PaymentGateway;
  store: Pick<Store, 'orders' | 'links'>;
  /** Unpaid checkouts one client may hold at once across all links (default 3). */
  maxLiveCheckouts?: number;
  /** `PUBLIC_URL`: Snap sends the customer back to `${publicUrl}/p/<slug>/done`. */
  publicUrl: string;
  logger: Logger;
  clock?: Clock;
}

export interface CheckoutRequest {
  slug: string;
  /** Null for a link made for a named customer: they pay as themselves. */
  customer: CustomerInput | null;
  receiptTo: ChatAddress | null;
  /** Keeps the customer's language on the page Snap sends them back to; null for the default. */
  locale: Locale | null;
  /** Who is asking, from the payment page; null where there is no browser (then no per-client rules apply). */
  client: CheckoutClient | null;
  /** The page's amount, quantity and answers as typed; absent for a link that has none of them. */
  terms?: TermsInput;
}

export interface CheckoutStarted {
  redirectUrl: string;
  order: Order;
  /** The customer's own pending order was handed back instead of a new one. */
  reused: boolean;
}

/**
 * Snap could not be opened. Nothing was charged, and the slot was released
 * when this request had taken it.
 */
export class PaymentStartError extends AppError<'PAYMENT_START_FAILED'> {
  readonly orderId: string;
  constructor(
    orderId: string,
    cause: AppError,
  ) {
    super(
      'PAYMENT_START_FAILED',
      (w) => w.payments.startFailed,
      { orderId, cause: cause.code },
    );
    this.orderId = orderId;
  }
}

const DEFAULT_MAX_LIVE_CHECKOUTS = 3;

/**
 * The client already holds what it may: an unpaid checkout of this link
 * (`CHECKOUT_IN_PROGRESS`; `own` when it is this browser's, which may go on
 * paying it) or `maxLiveCheckouts` in all (`TOO_MANY_CHECKOUTS`). Nothing was
 * reserved and nothing was sent to Midtrans.
 */
export class CheckoutRefusedError extends AppError<'CHECKOUT_IN_PROGRESS' | 'TOO_MANY_CHECKOUTS'> {
  /** When the first of the blocking checkouts lapses. */
  readonly until: Date;
  /** This browser's own unpaid checkout of the link, which it may continue. */
  readonly own: Order | null;
  constructor(code: 'CHECKOUT_IN_PROGRESS' | 'TOO_MANY_CHECKOUTS', until: Date, own: Order | null) {
    const time = formatWib(until);
    const phrase: Phrase =
      code === 'TOO_MANY_CHECKOUTS'
        ? (w) => w.payments.tooManyCheckouts(time)
        : own !== null
          ? (w) => w.payments.ownCheckoutOpen(time)
          : (w) => w.payments.checkoutInProgress(time);
    super(code, phrase, { until: until.toISOString(), own: own?.id ?? null });
    this.until = until;
    this.own = own;
  }
}

export class Checkout {
  private readonly clock: Clock;
  private readonly perClient = new KeyedQueue();
  /**
   * Snap sessions being opened in this process, by order id: a double click
   * waits for the first request's session instead of asking Midtrans again
   * (which would refuse the reused order id).
   */
  private readonly opening = new Map<string, Promise<SnapSession>>();

  private readonly options: CheckoutOptions;
  constructor(options: CheckoutOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Throws LinkUnavailableError, ValidationError, CheckoutRefusedError, StoreUnavailableError or PaymentStartError. */
  async start(request: CheckoutRequest): Promise<CheckoutStarted> {
    const { client } = request;
    if (client === null) return this.reserveAndOpen(request);
    return this.perClient.run([`address:${client.address}`, `browser:${client.browser}`], async () => {
      await this.refuseHoarding(request, client);
      return this.reserveAndOpen(request);
    });
  }

  /** Throws CheckoutRefusedError when this client may not start another checkout of the link now. */
  private async refuseHoarding(request: CheckoutRequest, client: CheckoutClient): Promise<void> {
    const { store } = this.options;
    const link = await store.links.bySlug(request.slug.toLowerCase());
    if (!link) throw new LinkUnavailableError('unknown');
    const key = customerKey(payingCustomer(link.customer, request.customer), client);
    // Bad terms are refused here as in the reservation (the same rule), before anything is read for them.
    const terms = orderTerms(link, request.terms ?? {});
    const max = this.options.maxLiveCheckouts ?? DEFAULT_MAX_LIVE_CHECKOUTS;
    const live = await store.orders.liveOfClient(client, this.clock(), max + 1);
    // The very checkout this request would get back holds nothing new. The same customer asking for another
    // amount, quantity or answers would get a second order of the link: that is refused below like any other.
    if (live.some((order) => order.linkId === link.id && order.customerKey === key && sameTerms(order, terms))) return;
    const here = live.find((order) => order.linkId === link.id);
    if (here) {
      const own = here.client?.browser === client.browser ? here : null;
      throw new CheckoutRefusedError('CHECKOUT_IN_PROGRESS', here.reservedUntil, own);
    }
    if (live.length >= max) {
      const first = Math.min(...live.map((order) => order.reservedUntil.getTime()));
      throw new CheckoutRefusedError('TOO_MANY_CHECKOUTS', new Date(first), null);
    }
  }

  private async reserveAndOpen(request: CheckoutRequest): Promise<CheckoutStarted> {
    const { link, order, reused } = await this.options.links.reserve(request.slug, request.customer, {
      receiptTo: request.receiptTo,
      client: request.client,
      ...(request.terms === undefined ? {} : { terms: request.terms }),
    });
    if (order.snap) return { redirectUrl: order.snap.redirectUrl, order, reused };

    let session: SnapSession;
    try {
      session = await this.open(link, order, request.locale);
    } catch (err) {
      // Midtrans failing or refusing our body is the customer's "try again"; anything untyped is a bug.
      if (!isAppError(err)) throw err;
      return this.recover(order, reused, err);
    }
    return { redirectUrl: session.redirectUrl, order: { ...order, snap: session }, reused };
  }

  private open(link: Link, order: Order, locale: Locale | null): Promise<SnapSession> {
    const already = this.opening.get(order.id);
    if (already) return already;
    const opening = this.createAndAttach(link, order, locale).finally(() => this.opening.delete(order.id));
    this.opening.set(order.id, opening);
    return opening;
  }

  private async createAndAttach(link: Link, order: Order, locale: Locale | null): Promise<SnapSession> {
    const { gateway, logger, store } = this.options;
    const session = await gateway.createSnap({
      orderId: order.id,
      amount: order.amount,
      items: snapItems(link, order),
      enabledPayments: link.methods,
      customer: { firstName: order.customer.name, email: order.customer.email, phone: order.customer.phone },
      finishUrl: this.finishUrl(link, order, locale),
      startAt: this.clock(),
      expiresAt: order.reservedUntil,
    });
    try {
      await store.orders.attachSnap(order.id, session);
    } catch (err) {
      // The transaction exists at Midtrans: sending the customer there is still right, and the
      // webhook and the reconciler work from the order id alone. Only reuse of the page is lost.
      logger.warn({ orderId: order.id, err }, 'could not store the Snap session; redirecting anyway');
    }
    logger.info({ orderId: order.id, linkId: link.id }, 'snap transaction opened');
    return session;
  }

  /**
   * After a failed Snap call: a slot this request took is released at once so
   * the link is not blocked for the whole window. A reused order is left
   * alone, since another request may have opened its Snap page meanwhile; if
   * one did, the customer is sent there.
   */
  private async recover(order: Order, reused: boolean, err: AppError): Promise<CheckoutStarted> {
    const { links, logger } = this.options;
    logger.warn(
      { orderId: order.id, code: err.code, details: err instanceof GatewayError ? err.details : undefined },
      'could not open a Snap transaction',
    );
    if (reused) {
      const current = await links.order(order.id);
      if (current?.status === 'pending' && current.snap) return { redirectUrl: current.snap.redirectUrl, order: current, reused };
    } else {
      try {
        await links.closeUnpaid(order.id, 'failed');
      } catch (closeErr) {
        // The reconciler closes it after its window (Midtrans has no transaction for it); the customer need not wait for this.
        logger.error({ orderId: order.id, err: closeErr }, 'could not release the slot');
      }
    }
    throw new PaymentStartError(order.id, err);
  }

  private finishUrl(link: Link, order: Order, locale: Locale | null): string {
    const query = new URLSearchParams({ order: order.id });
    if (locale !== null) query.set('lang', locale);
    return `${this.options.publicUrl}/p/${encodeURIComponent(link.slug)}/done?${query.toString()}`;
  }
}

/**
 * The order's lines as Snap's `item_details`: what the page showed and what
 * the amount is made of. Several items get ids of their own, since some
 * methods refuse repeated item ids (https://docs.midtrans.com/reference/item-details-object).
 */
function snapItems(link: Link, order: Order): SnapItemLine[] {
  const lines = orderLines(link, order);
  return lines.map((line, i) => ({ id: lines.length === 1 ? link.orderId : `${link.orderId}/${i + 1}`, ...line }));
}
