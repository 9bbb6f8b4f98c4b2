/**
 * Starting a payment: hold a slot on the link, open a Snap transaction for
 * it, remember the Snap session, and hand back where to send the customer.
 *
 * A customer who submits again while their order is pending gets the same
 * Snap page back: the reservation returns their live order, and an order
 * that already has a session is never sent to Midtrans twice.
 */
import type { Logger } from 'pino';
import type { CustomerInput } from '../domain/customer.ts';
import { AppError, isAppError, type Locale } from '../domain/errors.ts';
import type { ChatAddress, Link } from '../domain/link.ts';
import type { Order, SnapSession } from '../domain/order.ts';
import type { Clock, LinkService } from '../links/link-service.ts';
import { GatewayError, type PaymentGateway } from '../midtrans/gateway.ts';
import type { Store } from '../store/ports.ts';

export interface CheckoutOptions {
  links: LinkService;
  gateway: PaymentGateway;
  store: Pick<Store, 'orders'>;
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
      {
        id: 'Layanan pembayaran sedang sibuk. Tidak ada dana yang ditarik. Silakan coba lagi.',
        en: 'The payment service is busy right now. You have not been charged. Please try again.',
      },
      { orderId, cause: cause.code },
    );
    this.orderId = orderId;
  }
}

export class Checkout {
  private readonly clock: Clock;
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

  /** Throws LinkUnavailableError, ValidationError, StoreUnavailableError or PaymentStartError. */
  async start(request: CheckoutRequest): Promise<CheckoutStarted> {
    const { link, order, reused } = await this.options.links.reserve(request.slug, request.customer, { receiptTo: request.receiptTo });
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
      item: { id: link.orderId, name: link.itemName, price: order.amount, quantity: 1 },
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
      logger.warn({ orderId: order.id, err: isAppError(err) ? err.code : String(err) }, 'could not store the Snap session; redirecting anyway');
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
        // The reservation still lapses at reservedUntil; the customer need not wait for this.
        logger.error({ orderId: order.id, err: isAppError(closeErr) ? closeErr.code : String(closeErr) }, 'could not release the slot');
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
