/**
 * `POST /webhooks/midtrans`: Midtrans's HTTP notifications (flow 4).
 *
 * Every answer is deliberate, because Midtrans decides from the status alone
 * what to do next (shared/reference/midtrans.md §5.6): 200 once the body is
 * stored, whatever processing then makes of it; 401 for a bad signature (it
 * retries, giving time to fix a wrong key); 400 for what is not a JSON
 * notification; 413 for an oversized body; 503 when we cannot store it (it
 * retries four times). Never 500, which would get a single retry, and never a
 * 3xx, which it treats as a permanent failure.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { isAppError, StoreUnavailableError } from '../../domain/errors.ts';
import type { NotificationHandler } from '../../payments/notification-handler.ts';

export interface WebhookOptions {
  handler: NotificationHandler;
  logger: Logger;
  /**
   * Answer within this long. Midtrans waits 15 s but asks for 5; a
   * notification still being processed then is already stored, so it gets 200
   * and processing goes on (default 4 s).
   */
  answerWithinMs?: number;
}

const BODY_LIMIT = '64kb';

function answer(res: Response, status: number, error?: string): void {
  res.status(status).set('Cache-Control', 'no-store').json(error === undefined ? { status: 'ok' } : { status: 'error', error });
}

/** Resolves true if `work` settled within `ms`, false otherwise; `work` is never abandoned, only no longer awaited. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, sleep(Math.max(0, ms), false, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

/** body-parser's error types, mapped to what we answer. */
const PARSER_ERRORS: Readonly<Record<string, [number, string]>> = {
  'entity.too.large': [413, 'body too large'],
  'charset.unsupported': [400, 'unsupported charset'],
  'encoding.unsupported': [400, 'unsupported content encoding'],
  'request.aborted': [400, 'request aborted'],
  'request.size.invalid': [400, 'body size mismatch'],
  'stream.encoding.set': [400, 'unreadable body'],
};

export function midtransWebhookRouter(options: WebhookOptions): express.Router {
  const { handler, logger } = options;
  const budgetMs = options.answerWithinMs ?? 4_000;
  const router = express.Router();

  router.post(
    '/',
    (req, res, next) => {
      // Midtrans always sends JSON; anything else is not a notification.
      if (!req.is('application/json')) return answer(res, 400, 'content type must be application/json');
      next();
    },
    // Kept as text: the inbox stores the body exactly as received.
    express.text({ type: () => true, limit: BODY_LIMIT }),
    async (req: Request, res) => {
      const started = Date.now();
      const raw: unknown = req.body;
      if (typeof raw !== 'string') return answer(res, 400, 'empty body');

      const accepting = handler.accept(raw);
      if (!(await settlesWithin(accepting, budgetMs))) {
        logger.error('storing a notification took too long; answered 503 so Midtrans sends it again');
        return answer(res, 503, 'try again later');
      }
      const accepted = await accepting;
      if (accepted.kind === 'invalid') return answer(res, 400, 'body must be a JSON object');
      if (accepted.kind === 'unauthorized') return answer(res, 401, 'invalid signature');
      if (accepted.duplicate) return answer(res, 200);

      const processing = handler.process(accepted.notification);
      if (!(await settlesWithin(processing, budgetMs - (Date.now() - started)))) {
        logger.warn({ orderId: accepted.notification.orderId }, 'notification still processing; answered 200 as it is stored');
      }
      answer(res, 200);
    },
  );

  router.all('/', (_req, res) => {
    res.set('Allow', 'POST');
    answer(res, 405, 'method not allowed');
  });

  const errors: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
    const parser = typeof type === 'string' ? PARSER_ERRORS[type] : undefined;
    if (parser !== undefined) return answer(res, parser[0], parser[1]);
    // body-parser's other 4xx carry no type (a gzip body that does not inflate): the request is broken, retrying cannot fix it.
    const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
    if (typeof status === 'number' && status >= 400 && status < 500) return answer(res, 400, 'unreadable body');
    if (err instanceof StoreUnavailableError) {
      logger.error('store unavailable: notification not stored, answered 503');
      return answer(res, 503, 'try again later');
    }
    // Unforeseen: 503 makes Midtrans try again later, which is what we want from it.
    logger.error({ err: isAppError(err) ? err.code : String(err) }, 'webhook failed unexpectedly');
    answer(res, 503, 'try again later');
  };
  router.use(errors);
  return router;
}
