/**
 * The HTTP application: health, the Midtrans webhook and the customer pages
 * (README.md, "HTTP"). Built from its parts so main.ts wires it and tests can
 * start it on port 0.
 */
import type { RequestListener } from 'node:http';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { TrustProxy } from '../config.ts';
import { isAppError, StoreUnavailableError } from '../domain/errors.ts';
import type { Locale } from '../domain/locale.ts';
import type { Clock, LinkService } from '../links/link-service.ts';
import type { Checkout } from '../payments/checkout.ts';
import type { NotificationHandler } from '../payments/notification-handler.ts';
import type { Store } from '../store/ports.ts';
import { WebError } from './errors.ts';
import { pageContext, sendPage } from './page-context.ts';
import { say } from '../text/catalog.ts';
import { requestFault } from './request-faults.ts';
import { renderMessagePage } from './pages/message-page.ts';
import { healthRouter } from './routes/health.ts';
import { isMidtransWebhook, midtransWebhook } from './routes/midtrans-webhook.ts';
import { DEFAULT_PAYMENT_RATE_LIMIT, DEFAULT_QR_RATE_LIMIT, paymentPageRouter, type RateLimitOptions } from './routes/payment-page.ts';
import type { ConfirmPayment } from './return-check.ts';
import { originOf, securityHeaders } from './security.ts';

export interface WebAppOptions {
  links: LinkService;
  checkout: Checkout;
  notifications: NotificationHandler;
  store: Store;
  logger: Logger;
  /** `PUBLIC_URL`: decides whether https-only headers are sent. */
  publicUrl: string;
  /** `MERCHANT_NAME`, shown on every page. */
  merchantName: string;
  /** `LOCALE`: the pages' language unless the customer's browser or `?lang=` says otherwise. */
  defaultLocale: Locale;
  /**
   * Where Snap's hosted pages live (its `redirect_url` origin, e.g.
   * `https://app.sandbox.midtrans.com`, or the simulator's URL); URLs are
   * reduced to their origin.
   */
  snapUrls: readonly string[];
  /** The built-in simulator plays Midtrans: every page says no money moves. */
  simulated?: boolean;
  /**
   * `TRUST_PROXY`: false (default) when customers reach tagih directly, the
   * number of proxies (e.g. 1) or their addresses behind a reverse proxy, so
   * rate limits and the per-client rules see the customer's address, not the proxy's.
   */
  trustProxy?: TrustProxy;
  /** Payment attempts per IP address and link (default 10 a minute). */
  rateLimit?: RateLimitOptions;
  /** QR images per IP address (default 120 a minute). */
  qrRateLimit?: RateLimitOptions;
  /**
   * One Get Status for an order, applied (the reconciler's `check`): the done
   * page asks it when Snap's return says paid before our notification came.
   */
  confirmPayment?: ConfirmPayment;
  /** The webhook answers within this long (default 4 s). */
  webhookAnswerWithinMs?: number;
  /** Telegram updates in webhook mode, mounted at the full path (telegraf matches the whole URL). */
  telegramWebhook?: RequestHandler;
  clock?: Clock;
}

/**
 * The request listener: Midtrans's notifications go straight to their lean
 * handler (the hot path), everything else through Express.
 */
export function createWebApp(options: WebAppOptions): RequestListener {
  const webhook = midtransWebhook({
    handler: options.notifications,
    logger: options.logger,
    ...(options.webhookAnswerWithinMs === undefined ? {} : { answerWithinMs: options.webhookAnswerWithinMs }),
  });
  const pages = createExpressApp(options);
  return (req, res) => (isMidtransWebhook(req.url) ? webhook(req, res) : pages(req, res));
}

function createExpressApp(options: WebAppOptions): express.Express {
  const { logger, merchantName, defaultLocale } = options;
  const simulated = options.simulated ?? false;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);

  const sendError = (req: Request, res: Response, err: WebError) => {
    const ctx = pageContext(req, merchantName, defaultLocale, simulated);
    sendPage(res, err.status, renderMessagePage(ctx.frame(say(err.title, ctx.locale)), { id: err.code, text: err.say(ctx.locale) }));
  };

  app.use(healthRouter(options.store, logger));
  // Browsers ask for it on every first visit; "nothing here" beats a 404 page in the logs.
  app.get('/favicon.ico', (_req, res) => void res.status(204).set('Cache-Control', 'public, max-age=86400').end());
  if (options.telegramWebhook) app.post('/webhooks/telegram', options.telegramWebhook);
  app.use(securityHeaders({ paymentOrigins: options.snapUrls.map(originOf), https: options.publicUrl.startsWith('https:') }));
  app.use(
    '/p',
    paymentPageRouter({
      links: options.links,
      checkout: options.checkout,
      store: options.store,
      logger,
      publicUrl: options.publicUrl,
      merchantName,
      defaultLocale,
      simulated,
      rateLimit: options.rateLimit ?? DEFAULT_PAYMENT_RATE_LIMIT,
      qrRateLimit: options.qrRateLimit ?? DEFAULT_QR_RATE_LIMIT,
      confirmPayment: options.confirmPayment ?? null,
      clock: options.clock ?? (() => new Date()),
    }),
  );
  app.use((req, res) => sendError(req, res, new WebError('PAGE_NOT_FOUND')));

  const errors: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    if (res.headersSent) return void res.end();
    // body-parser's failures on the payment form, and the router's 400 for a path it cannot decode (`/p/%ZZ`).
    const fault = requestFault(err);
    if (fault !== null) return sendError(req, res, new WebError(fault.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST'));
    if (err instanceof StoreUnavailableError) {
      logger.error({ path: req.path }, 'store unavailable while serving a page');
      return sendError(req, res, new WebError('SERVICE_UNAVAILABLE'));
    }
    logger.error({ path: req.path, err: isAppError(err) ? err.code : err }, 'page failed');
    sendError(req, res, new WebError('INTERNAL'));
  };
  app.use(errors);
  return app;
}
