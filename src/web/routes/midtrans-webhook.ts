/**
 * `POST /webhooks/midtrans`: Midtrans's HTTP notifications.
 *
 * Every answer is deliberate, because Midtrans decides from the status alone
 * what to do next (docs/midtrans.md, "Notifications"): 200 once the inbox
 * has the body, whatever processing makes of it; 401 for a bad signature (it
 * retries, giving time to fix a wrong key); 400 for what is not a JSON
 * notification; 413 for an oversized body; 503 when we cannot keep it (it
 * retries four times). Never 500, which would get a single retry, and never a
 * 3xx, which it treats as a permanent failure.
 *
 * This is the hot path under load, so it is a plain node:http handler that
 * the app calls before Express: routing, response helpers and per-request
 * abort signals cost more CPU than everything else a notification needs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../../domain/errors.ts';
import type { Acceptance, NotificationHandler, PendingNotification, Processed } from '../../payments/notification-handler.ts';
import { settlesWithin } from '../../retry.ts';
import { requestFault } from '../request-faults.ts';

export interface WebhookOptions {
  handler: NotificationHandler;
  logger: Logger;
  /**
   * Answer within this long. Midtrans waits 15 s but asks for 5; a
   * notification still being processed then is kept in the inbox first, so
   * it gets 200 and processing goes on (default 4 s).
   */
  answerWithinMs?: number;
}

const MIDTRANS_WEBHOOK_PATH = '/webhooks/midtrans';
const BODY_LIMIT = '64kb';

/** Whether a request is for this route: the path with or without a trailing slash, any case, any query. */
export function isMidtransWebhook(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0]!.toLowerCase();
  return path === MIDTRANS_WEBHOOK_PATH || path === `${MIDTRANS_WEBHOOK_PATH}/`;
}

function answer(res: ServerResponse, status: number, error?: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(error === undefined ? { status: 'ok' } : { status: 'error', error });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** How far a notification got: checked, and, when it was new, processed. */
interface Handled {
  accepted: Acceptance;
  processed?: Processed;
}

export function midtransWebhook(options: WebhookOptions): NodeHandler {
  const { handler, logger } = options;
  const budgetMs = options.answerWithinMs ?? 4_000;
  // Kept as text: the inbox stores the body exactly as received. body-parser
  // still does the reading: limits, charsets and content encodings.
  const readText = express.text({ type: () => true, limit: BODY_LIMIT });

  const notify = async (raw: unknown, res: ServerResponse): Promise<void> => {
    if (typeof raw !== 'string') return answer(res, 400, 'empty body');
    // One deadline for both steps; `progress` says how far they got when it came.
    const progress: { received: PendingNotification | null } = { received: null };
    const handling = handler.accept(raw).then(async (accepted): Promise<Handled> => {
      if (accepted.kind !== 'received') return { accepted };
      progress.received = accepted.notification;
      return { accepted, processed: await handler.process(accepted.notification) };
    });
    if (!(await settlesWithin(handling, budgetMs))) {
      const { received } = progress;
      if (received === null) {
        logger.error('checking a notification took too long; answered 503 so Midtrans sends it again');
        return answer(res, 503, 'try again later');
      }
      // Kept now, so a 200 holds whatever processing then comes to.
      await handler.keep(received);
      logger.warn({ orderId: received.orderId }, 'notification still processing; answered 200 as it is stored');
      return answer(res, 200);
    }
    const { accepted, processed } = await handling;
    if (accepted.kind === 'invalid') return answer(res, 400, 'body must be a JSON object');
    if (accepted.kind === 'unauthorized') return answer(res, 401, 'invalid signature');
    if (processed?.kept === false) return answer(res, 503, 'try again later');
    answer(res, 200);
  };

  const failed = (err: unknown, res: ServerResponse): void => {
    if (res.headersSent) return void res.end();
    if (err instanceof StoreUnavailableError) {
      logger.error('store unavailable: notification not stored, answered 503');
    } else {
      // Unforeseen: 503 makes Midtrans try again later, which is what we want from it.
      logger.error({ err }, 'webhook failed unexpectedly');
    }
    answer(res, 503, 'try again later');
  };

  return (req, res) => {
    if (req.method !== 'POST') return answer(res, 405, 'method not allowed', { allow: 'POST' });
    // Midtrans always sends JSON; anything else is not a notification.
    if (!isJson(req.headers['content-type'])) return answer(res, 400, 'content type must be application/json');
    const withBody = req as IncomingMessage & { body?: unknown };
    readText(withBody as express.Request, res as express.Response, (err?: unknown) => {
      if (err !== undefined) {
        const fault = requestFault(err);
        return fault ? answer(res, fault.status, fault.reason) : failed(err, res);
      }
      notify(withBody.body, res).catch((thrown: unknown) => failed(thrown, res));
    });
  };
}
