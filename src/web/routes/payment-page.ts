/**
 * The customer's side of a link: the payment page, the
 * form that starts a payment, the page Snap sends the customer back to, and
 * the link's images: its QR code and the preview card chat apps show.
 */
import express, { type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { ValidationError, type AppError } from '../../domain/errors.ts';
import { isLocale, type Locale } from '../../domain/locale.ts';
import { LinkUnavailableError, StockShortError, type Clock, type LinkService } from '../../links/link-service.ts';
import { CheckoutRefusedError, PaymentStartError, type Checkout } from '../../payments/checkout.ts';
import { isReceiptRefShape, resolveReceiptRef } from '../../payments/receipt-refs.ts';
import type { LinkWithUsage, Store } from '../../store/ports.ts';
import { PREVIEW_SHAPES, previewCardInput, previewVersion, renderPreviewCard } from '../cards/preview-card.ts';
import { PAGE_QR, qrPng } from '../cards/qr.ts';
import { browserOf, checkoutClient, clientAddress, knownBrowser } from '../client.ts';
import { EMPTY_FORM, FIELDS, readForm, readText, validateForm, type FieldErrors, type FieldName, type FormValues } from '../customer-form.ts';
import { WebError } from '../errors.ts';
import { html, type SafeHtml } from '../html.ts';
import { say, wordsIn, type Phrase } from '../../text/catalog.ts';
import { pageContext, sendPage, type PageContext } from '../page-context.ts';
import { doneTitle, renderDonePage } from '../pages/done-page.ts';
import type { PageFrame } from '../pages/layout.ts';
import { linkPreview, PREVIEW_FILES } from '../pages/link-preview.ts';
import { renderMessagePage } from '../pages/message-page.ts';
import { postButton } from '../pages/parts.ts';
import { renderPayPage, UPDATE_TOTAL_ACTION } from '../pages/pay-page.ts';
import { renderUnavailablePage, UNAVAILABLE_STATUS, type UnavailableState } from '../pages/unavailable-page.ts';
import { ImageCache } from '../image-cache.ts';
import { ReturnCheck, returnSaysPaid, type ConfirmPayment } from '../return-check.ts';
import { isCrossSiteForm, originOf } from '../security.ts';

export interface RateLimitOptions {
  windowMs: number;
  /** Payment attempts per IP address and link within the window. */
  limit: number;
}

/** 10 a minute is plenty for a person fixing typos, and too few to drain a link's slots. */
export const DEFAULT_PAYMENT_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, limit: 10 };

/**
 * Images (QR codes and preview cards) per address, all links together: a
 * person opens a few; a group behind one carrier address opens more; a flood
 * is cut off after this many and answered with a small 429 instead of tying
 * up the event loop.
 */
export const DEFAULT_QR_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, limit: 120 };

export interface PaymentPageOptions {
  links: LinkService;
  checkout: Checkout;
  store: Pick<Store, 'kv'>;
  logger: Logger;
  /** `PUBLIC_URL`: our own origin for form posts, and whether cookies are https-only. */
  publicUrl: string;
  merchantName: string;
  defaultLocale: Locale;
  simulated: boolean;
  rateLimit: RateLimitOptions;
  qrRateLimit: RateLimitOptions;
  /** Asks Midtrans about an order whose Snap return said paid (the done page); null shows "confirming" until the notification comes. */
  confirmPayment: ConfirmPayment | null;
  clock: Clock;
}

type SlugParams = { slug: string };

/** Anything else cannot be a slug; it is answered "not found" without a database read. */
const SLUG_SHAPE = /^[A-Za-z0-9-]{3,50}$/;
/** The QR code never changes for a slug (it encodes the link's URL). */
const QR_MAX_AGE_SECONDS = 24 * 60 * 60;
/**
 * A preview card changes when its link does (sold out, expired), and the page
 * then names a new version in og:image; an unversioned request is
 * revalidated after this long (ETag, 304).
 */
const PREVIEW_MAX_AGE_SECONDS = 5 * 60;
/** Preview cards of ~40 KB: 200 of them stay under 10 MB. */
const PREVIEW_CACHE_ENTRIES = 200;
/** How long a refused image request waits for its 429. */
const QR_REFUSAL_DELAY_MS = 1_000;
const FORM_LIMIT = '8kb';

function queryText(req: Request, name: string): string | null {
  const value: unknown = req.query[name];
  return typeof value === 'string' ? value : null;
}

/** The form field an error names in `details.field`, when it is one. */
function formField(value: unknown): FieldName | null {
  return typeof value === 'string' && (FIELDS as readonly string[]).includes(value) ? (value as FieldName) : null;
}

/** The fields the customer filled in, to carry through a retry. */
function filled(values: FormValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}

export function paymentPageRouter(options: PaymentPageOptions): express.Router {
  const { links, checkout, store, logger, merchantName, defaultLocale, simulated } = options;
  const router = express.Router();
  const context = (req: Request) => pageContext(req, merchantName, defaultLocale, simulated);
  const publicOrigin = originOf(options.publicUrl);
  const secureCookies = options.publicUrl.startsWith('https:');

  /** A page with one message (and maybe one button), titled in the customer's language. */
  function sendMessage(req: Request, res: Response, status: number, title: Phrase, err: AppError, action: SafeHtml | null = null): void {
    const ctx = context(req);
    sendPage(res, status, renderMessagePage(ctx.frame(say(title, ctx.locale)), { id: err.code, text: err.say(ctx.locale), action }));
  }
  const sendError = (req: Request, res: Response, err: WebError, action: SafeHtml | null = null) => sendMessage(req, res, err.status, err.title, err, action);

  /** The link behind `:slug`, or null after answering "not found". */
  async function findLink(req: Request<SlugParams>, res: Response, ctx: PageContext): Promise<LinkWithUsage | null> {
    const slug = req.params.slug;
    const found = SLUG_SHAPE.test(slug) ? await links.publicLink(slug) : null;
    if (found === null) sendUnavailable(req, res, ctx, 'unknown', null);
    return found;
  }

  /** The page's Open Graph tags: the link as a chat app should show it. */
  function previewFrame(req: Request, ctx: PageContext, title: string, state: UnavailableState | 'active', found: LinkWithUsage | null): PageFrame {
    const slug = found?.link.slug ?? String(req.params['slug']);
    const pageUrl = found === null ? `${options.publicUrl}/p/${encodeURIComponent(slug)}` : links.url(found.link);
    const preview = linkPreview({ link: found?.link ?? null, state, locale: ctx.locale, merchantName, publicUrl: options.publicUrl, pageUrl });
    return { ...ctx.frame(title), preview };
  }

  function sendUnavailable(req: Request, res: Response, ctx: PageContext, state: UnavailableState, found: LinkWithUsage | null): void {
    const frame = previewFrame(req, ctx, wordsIn(ctx.locale).page.unavailableTitle[state], state, found);
    sendPage(res, UNAVAILABLE_STATUS[state], renderUnavailablePage(frame, state, found));
  }

  /** The form posts back to the page's own URL, keeping a language the customer picked. */
  function formAction(slug: string, ctx: PageContext): string {
    return `/p/${encodeURIComponent(slug)}${ctx.explicitLocale === null ? '' : `?lang=${ctx.explicitLocale}`}`;
  }

  function sendPayPage(req: Request, res: Response, status: number, ctx: PageContext, found: LinkWithUsage, form: { values: FormValues; errors: FieldErrors; ref: string | null }): void {
    const page = renderPayPage({
      frame: previewFrame(req, ctx, found.link.itemName, 'active', found),
      link: found.link,
      usage: found.usage,
      action: formAction(found.link.slug, ctx),
      receiptRef: form.ref,
      langQuery: ctx.explicitLocale,
      values: form.values,
      errors: form.errors,
    });
    sendPage(res, status, page);
  }

  router.get('/:slug', async (req: Request<SlugParams>, res) => {
    const ctx = context(req);
    const found = await findLink(req, res, ctx);
    if (found === null) return;
    if (found.state !== 'active') return sendUnavailable(req, res, ctx, found.state, found);
    const ref = queryText(req, 'ref');
    // The cookie the form post will carry: how a returning customer is told from someone typing their email.
    browserOf(req, res, secureCookies);
    // A preset amount's link (`?amount=25000`) fills in the amount; the form post still decides.
    const range = found.link.quantity;
    const values = { ...EMPTY_FORM, amount: (queryText(req, 'amount') ?? '').slice(0, 30), quantity: range === null ? '' : String(range.min) };
    sendPayPage(req, res, 200, ctx, found, { values, errors: {}, ref: isReceiptRefShape(ref) ? ref : null });
  });

  const limiter = rateLimit({
    windowMs: options.rateLimit.windowMs,
    limit: options.rateLimit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${clientAddress(req)}:${String(req.params['slug']).toLowerCase()}`,
    handler: (req, res) => {
      logger.warn({ ip: req.ip, path: req.path }, 'payment attempts rate-limited');
      sendError(req, res, new WebError('RATE_LIMITED'));
    },
  });

  /** Another site's form cannot start (and hold) a checkout in our customer's name. */
  const refuseCrossSite: express.RequestHandler = (req, res, next) => {
    if (!isCrossSiteForm(req, publicOrigin)) return next();
    logger.warn({ ip: req.ip, path: req.path, origin: req.get('origin') ?? null }, 'cross-site form post refused');
    const ctx = context(req);
    const back = formAction(String(req.params['slug']), ctx);
    sendError(req, res, new WebError('CROSS_SITE_FORM'), html`<a class="btn" id="back-to-link" href="${back}">${wordsIn(ctx.locale).page.backToLink}</a>`);
  };

  router.post('/:slug', refuseCrossSite, limiter, express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 20 }), async (req: Request<SlugParams>, res) => {
    const ctx = context(req);
    const found = await findLink(req, res, ctx);
    if (found === null) return;
    const body: unknown = req.body;
    const rawRef = readText(body, 'ref');
    const ref = isReceiptRefShape(rawRef) ? rawRef : null;

    // A named customer's link pays as them (its contact fields are not read); everyone else fills in the form.
    const values = readForm(body);
    const verdict = validateForm(values, found.link, ctx.locale);
    if (readText(body, 'action') === UPDATE_TOTAL_ACTION) {
      // "Hitung total": the page again with the total for the quantity typed; nothing is reserved.
      if (found.state !== 'active') return sendUnavailable(req, res, ctx, found.state, found);
      const errors: FieldErrors = verdict.ok || verdict.errors.quantity === undefined ? {} : { quantity: verdict.errors.quantity };
      return sendPayPage(req, res, 200, ctx, found, { values, errors, ref });
    }
    if (!verdict.ok) {
      if (found.state !== 'active') return sendUnavailable(req, res, ctx, found.state, found);
      return sendPayPage(req, res, 422, ctx, found, { values, errors: verdict.errors, ref });
    }

    try {
      // The state is not checked here: a customer with a live pending order gets it back even when it took the last slot.
      const started = await checkout.start({
        slug: found.link.slug,
        // As typed: LinkService normalises it (once). A normalised phone does not survive a second pass:
        // "+85212345678" becomes "85212345678", which reads as the Indonesian 0852… number.
        customer: verdict.typed,
        terms: verdict.terms,
        receiptTo: await resolveReceiptRef(store, ref),
        locale: ctx.explicitLocale,
        client: checkoutClient(req, res, secureCookies),
      });
      res.redirect(303, started.redirectUrl);
    } catch (err) {
      if (err instanceof LinkUnavailableError) return sendUnavailable(req, res, ctx, err.state, err.state === 'unknown' ? null : found);
      // Sold out for this quantity ("Stok tinggal 2"), while a smaller one may still fit: the form again, nothing held.
      if (err instanceof StockShortError) return sendPayPage(req, res, 409, ctx, found, { values, errors: { quantity: err.say(ctx.locale) }, ref });
      // The reservation runs the page's rules again; should one still refuse, it names its field like the form does.
      if (err instanceof ValidationError) {
        const field = formField(err.details['field']);
        if (field !== null) return sendPayPage(req, res, 422, ctx, found, { values, errors: { [field]: err.say(ctx.locale) }, ref });
      }
      if (err instanceof CheckoutRefusedError) {
        logger.info({ ip: req.ip, slug: found.link.slug, code: err.code }, 'checkout refused: the client holds enough');
        // Its own checkout, this browser may go on paying: the done page offers it (to this browser only).
        const own = err.own === null ? null : `/p/${encodeURIComponent(found.link.slug)}/done?${new URLSearchParams({ order: err.own.id }).toString()}`;
        const action = own === null ? null : html`<a class="btn" id="continue" href="${own}">${wordsIn(ctx.locale).page.continuePayment}</a>`;
        return sendMessage(req, res, err.code === 'TOO_MANY_CHECKOUTS' ? 429 : 409, (w) => w.page.paymentNotStarted, err, action);
      }
      if (!(err instanceof PaymentStartError)) throw err;
      const t = wordsIn(ctx.locale).page;
      // The retry button posts the same details again; the released slot is taken afresh.
      const retry = postButton(formAction(found.link.slug, ctx), t.tryAgain, { ...filled(values), ref }, 'retry');
      // 503: nothing is wrong with the customer's request; the payment service is, for now.
      sendPage(res, 503, renderMessagePage(ctx.frame(t.paymentNotStarted), { id: err.code, text: err.say(ctx.locale), action: retry }));
    }
  });

  const returnCheck = new ReturnCheck({ confirm: options.confirmPayment, clock: options.clock });

  router.get('/:slug/done', async (req: Request<SlugParams>, res) => {
    const ctx = context(req);
    const found = await findLink(req, res, ctx);
    if (found === null) return;
    // The order id (ours, or Snap's own when the dashboard's finish URL is used) and Snap's transaction_status
    // are all that is read from the query, and only an order of this link is shown.
    const orderId = queryText(req, 'order') ?? queryText(req, 'order_id');
    let order = orderId === null || orderId.length > 60 ? null : await links.order(orderId);
    if (order === null || order.linkId !== found.link.id) {
      return sendError(req, res, new WebError('ORDER_NOT_FOUND'));
    }
    // Snap's return says paid: ask Midtrans rather than offer to pay again. The answer decides; the query only asked.
    let confirming = false;
    if (order.status === 'pending' && returnSaysPaid(queryText(req, 'transaction_status'))) {
      const verdict = await returnCheck.ask(order);
      order = (await links.order(order.id)) ?? order;
      confirming = order.status === 'pending' && verdict === 'unknown';
    }
    // Snap's page shows the customer's name, email, phone and VA number: only the browser that started it may go back to it.
    const ownBrowser = order.client !== null && order.client.browser === knownBrowser(req);
    const payable = ownBrowser && order.status === 'pending' && order.snap !== null && order.reservedUntil.getTime() > options.clock().getTime();
    const page = renderDonePage({
      frame: ctx.frame(doneTitle(ctx.locale, order.status, confirming)),
      link: found.link,
      order,
      continueUrl: payable ? order.snap!.redirectUrl : null,
      linkUrl: formAction(found.link.slug, ctx),
      confirming,
    });
    sendPage(res, 200, page);
  });

  const imageLimiter = rateLimit({
    windowMs: options.qrRateLimit.windowMs,
    limit: options.qrRateLimit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => clientAddress(req),
    // Held back before it is sent: a client that asks again as soon as it is answered (a flood on
    // keep-alive connections) then asks once a second per connection, instead of keeping the
    // event loop, which the webhook shares, busy with refusals.
    handler: (_req, res) => {
      const answer = () => void res.status(429).set({ 'Cache-Control': 'no-store', 'Retry-After': '60' }).type('text/plain').send('Too many requests');
      setTimeout(answer, QR_REFUSAL_DELAY_MS);
    },
  });
  const qrImages = new ImageCache();
  const previewCards = new ImageCache(PREVIEW_CACHE_ENTRIES);

  router.get('/:slug/qr.png', imageLimiter, async (req: Request<SlugParams>, res) => {
    const slug = req.params.slug.toLowerCase();
    // A slug never changes hands (deleted links keep theirs), so a cached image needs no database read.
    let image = qrImages.get(slug);
    if (image === undefined) {
      const found = SLUG_SHAPE.test(slug) ? await links.publicLink(slug) : null;
      if (found === null) {
        res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found');
        return;
      }
      const url = links.url(found.link);
      image = qrImages.render(slug, async () => qrPng(url, PAGE_QR));
    }
    const { png, etag } = await image;
    // Express answers 304 itself when If-None-Match names this ETag (req.fresh in res.send).
    res.set({ 'Cache-Control': `public, max-age=${QR_MAX_AGE_SECONDS}`, ETag: etag }).type('png').send(png);
  });

  // The og:images of the payment page. `v` only busts caches: a card always shows the link as it is now.
  for (const shape of PREVIEW_SHAPES) {
    router.get(`/:slug/${PREVIEW_FILES[shape]}`, imageLimiter, async (req: Request<SlugParams>, res) => {
      const slug = req.params.slug;
      const found = SLUG_SHAPE.test(slug) ? await links.publicLink(slug) : null;
      if (found === null) {
        res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found');
        return;
      }
      const lang = queryText(req, 'lang');
      const card = previewCardInput(found.link, found.state, isLocale(lang) ? lang : defaultLocale, merchantName);
      const { png, etag } = await previewCards.render(`${shape}:${previewVersion(card)}`, () => renderPreviewCard(card, shape));
      res.set({ 'Cache-Control': `public, max-age=${PREVIEW_MAX_AGE_SECONDS}`, ETag: etag }).type('png').send(png);
    });
  }

  return router;
}

