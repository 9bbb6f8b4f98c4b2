/**
 * The customer's side of a link: the payment page, the
 * form that starts a payment, the page Snap sends the customer back to, and
 * the link's QR code.
 */
import express, { type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import type { Customer } from '../../domain/customer.ts';
import type { Locale } from '../../domain/errors.ts';
import { LinkUnavailableError, type Clock, type LinkService } from '../../links/link-service.ts';
import { PaymentStartError, type Checkout } from '../../payments/checkout.ts';
import { isReceiptRefShape, resolveReceiptRef } from '../../payments/receipt-refs.ts';
import type { LinkWithUsage, Store } from '../../store/ports.ts';
import { EMPTY_FORM, readForm, readText, validateForm, type FieldErrors, type FormValues } from '../customer-form.ts';
import { WebError } from '../errors.ts';
import { MESSAGES } from '../i18n.ts';
import { pageContext, sendPage, type PageContext } from '../page-context.ts';
import { doneTitle, renderDonePage } from '../pages/done-page.ts';
import { renderMessagePage } from '../pages/message-page.ts';
import { postButton } from '../pages/parts.ts';
import { renderPayPage } from '../pages/pay-page.ts';
import { renderUnavailablePage, UNAVAILABLE_STATUS, type UnavailableState } from '../pages/unavailable-page.ts';

export interface RateLimitOptions {
  windowMs: number;
  /** Payment attempts per IP address and link within the window. */
  limit: number;
}

/** 10 a minute is plenty for a person fixing typos, and too few to drain a link's slots. */
export const DEFAULT_PAYMENT_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, limit: 10 };

export interface PaymentPageOptions {
  links: LinkService;
  checkout: Checkout;
  store: Pick<Store, 'kv'>;
  logger: Logger;
  merchantName: string;
  defaultLocale: Locale;
  simulated: boolean;
  rateLimit: RateLimitOptions;
  clock: Clock;
}

type SlugParams = { slug: string };

/** Anything else cannot be a slug; it is answered "not found" without a database read. */
const SLUG_SHAPE = /^[A-Za-z0-9-]{3,50}$/;
/** The QR code never changes for a slug (it encodes the link's URL). */
const QR_MAX_AGE_SECONDS = 24 * 60 * 60;
const FORM_LIMIT = '8kb';

function queryText(req: Request, name: string): string | null {
  const value: unknown = req.query[name];
  return typeof value === 'string' ? value : null;
}

export function paymentPageRouter(options: PaymentPageOptions): express.Router {
  const { links, checkout, store, logger, merchantName, defaultLocale, simulated } = options;
  const router = express.Router();
  const context = (req: Request) => pageContext(req, merchantName, defaultLocale, simulated);

  /** The link behind `:slug`, or null after answering "not found". */
  async function findLink(req: Request<SlugParams>, res: Response, ctx: PageContext): Promise<LinkWithUsage | null> {
    const slug = req.params.slug;
    const found = SLUG_SHAPE.test(slug) ? await links.publicLink(slug) : null;
    if (found === null) sendUnavailable(res, ctx, 'unknown', null);
    return found;
  }

  function sendUnavailable(res: Response, ctx: PageContext, state: UnavailableState, found: LinkWithUsage | null): void {
    sendPage(res, UNAVAILABLE_STATUS[state], renderUnavailablePage(ctx.frame(MESSAGES[ctx.locale].unavailableTitle[state]), state, found));
  }

  /** The form posts back to the page's own URL, keeping a language the customer picked. */
  function formAction(slug: string, ctx: PageContext): string {
    return `/p/${encodeURIComponent(slug)}${ctx.explicitLocale === null ? '' : `?lang=${ctx.explicitLocale}`}`;
  }

  function sendPayPage(res: Response, status: number, ctx: PageContext, found: LinkWithUsage, form: { values: FormValues; errors: FieldErrors; ref: string | null }): void {
    const page = renderPayPage({
      frame: ctx.frame(found.link.itemName),
      link: found.link,
      usage: found.usage,
      action: formAction(found.link.slug, ctx),
      receiptRef: form.ref,
      values: form.values,
      errors: form.errors,
    });
    sendPage(res, status, page);
  }

  router.get('/:slug', async (req: Request<SlugParams>, res) => {
    const ctx = context(req);
    const found = await findLink(req, res, ctx);
    if (found === null) return;
    if (found.state !== 'active') return sendUnavailable(res, ctx, found.state, found);
    const ref = queryText(req, 'ref');
    sendPayPage(res, 200, ctx, found, { values: EMPTY_FORM, errors: {}, ref: isReceiptRefShape(ref) ? ref : null });
  });

  const limiter = rateLimit({
    windowMs: options.rateLimit.windowMs,
    limit: options.rateLimit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? 'unknown')}:${String(req.params['slug']).toLowerCase()}`,
    handler: (req, res) => {
      const ctx = context(req);
      const err = new WebError('RATE_LIMITED');
      logger.warn({ ip: req.ip, path: req.path }, 'payment attempts rate-limited');
      sendPage(res, err.status, renderMessagePage(ctx.frame(err.title[ctx.locale]), { id: err.code, text: err.say(ctx.locale) }));
    },
  });

  router.post('/:slug', limiter, express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 20 }), async (req: Request<SlugParams>, res) => {
    const ctx = context(req);
    const found = await findLink(req, res, ctx);
    if (found === null) return;
    const body: unknown = req.body;
    const rawRef = readText(body, 'ref');
    const ref = isReceiptRefShape(rawRef) ? rawRef : null;

    // A named customer's link pays as them; everyone else fills in the form.
    const values = found.link.customer ? EMPTY_FORM : readForm(body);
    let customer: Customer | null = null;
    if (!found.link.customer) {
      const verdict = validateForm(values, ctx.locale);
      if (!verdict.ok) {
        if (found.state !== 'active') return sendUnavailable(res, ctx, found.state, found);
        return sendPayPage(res, 422, ctx, found, { values, errors: verdict.errors, ref });
      }
      customer = verdict.customer;
    }

    try {
      // The state is not checked here: a customer with a live pending order gets it back even when it took the last slot.
      const started = await checkout.start({
        slug: found.link.slug,
        // As typed: LinkService normalises it (once). A normalised phone does not survive a second pass:
        // "+85212345678" becomes "85212345678", which reads as the Indonesian 0852… number.
        customer: customer === null ? null : values,
        receiptTo: await resolveReceiptRef(store, ref),
        locale: ctx.explicitLocale,
      });
      res.redirect(303, started.redirectUrl);
    } catch (err) {
      if (err instanceof LinkUnavailableError) return sendUnavailable(res, ctx, err.state, err.state === 'unknown' ? null : found);
      if (!(err instanceof PaymentStartError)) throw err;
      const t = MESSAGES[ctx.locale];
      // The retry button posts the same details again; the released slot is taken afresh.
      const retry = postButton(formAction(found.link.slug, ctx), t.tryAgain, { ...(customer ? values : {}), ref }, 'retry');
      // 503: nothing is wrong with the customer's request; the payment service is, for now.
      sendPage(res, 503, renderMessagePage(ctx.frame(t.paymentNotStarted), { id: err.code, text: err.say(ctx.locale), action: retry }));
    }
  });

  router.get('/:slug/done', async (req: Request<SlugParams>, res) => {
    const ctx = context(req);
    const found = await findLink(req, res, ctx);
    if (found === null) return;
    // Only the order id is read from the query, and only an order of this link is shown.
    const orderId = queryText(req, 'order');
    const order = orderId === null || orderId.length > 60 ? null : await links.order(orderId);
    if (order === null || order.linkId !== found.link.id) {
      const err = new WebError('ORDER_NOT_FOUND');
      return sendPage(res, err.status, renderMessagePage(ctx.frame(err.title[ctx.locale]), { id: err.code, text: err.say(ctx.locale) }));
    }
    const payable = order.status === 'pending' && order.snap !== null && order.reservedUntil.getTime() > options.clock().getTime();
    const page = renderDonePage({
      frame: ctx.frame(doneTitle(ctx.locale, order.status)),
      link: found.link,
      order,
      continueUrl: payable ? order.snap!.redirectUrl : null,
      linkUrl: formAction(found.link.slug, ctx),
    });
    sendPage(res, 200, page);
  });

  router.get('/:slug/qr.png', async (req: Request<SlugParams>, res) => {
    const slug = req.params.slug;
    const found = SLUG_SHAPE.test(slug) ? await links.publicLink(slug) : null;
    if (found === null) {
      res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found');
      return;
    }
    const png = await QRCode.toBuffer(links.url(found.link), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 });
    res.set('Cache-Control', `public, max-age=${QR_MAX_AGE_SECONDS}`).type('png').send(png);
  });

  return router;
}

