/**
 * The simulator's HTTP surface, answering with Midtrans's paths, status codes
 * and bodies: Snap create, the hosted page, and the Core API's Get Status,
 * cancel, expire, approve, deny and refund.
 * Snap errors are `{error_messages}`; Core API errors are
 * `{status_code, status_message}`, as each real API answers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { statusCodeFor } from './bodies.ts';
import type { Engine } from './engine.ts';
import type { FaultRoute, Faults } from './faults.ts';
import { acceptsAttempt, type MoveParams, type SimAction, type SimPayment, type SimTransaction, SimulatorRefusal } from './ledger.ts';
import { isSimMethod } from './methods.ts';
import { renderMessagePage, renderPaymentPage } from './page.ts';
import { validateSnapBody } from './snap-validation.ts';
import { isJsonObject } from '../types.ts';

export interface RecordedRequest {
  method: string;
  /** The path as it arrived, still percent-encoded. */
  path: string;
}

export interface AppDeps {
  engine: Engine;
  faults: Faults;
  serverKey: string;
  /** Base of `redirect_url`s: the public URL, or the listening address. */
  redirectBase: () => string;
  /** Every API request (not page views) is appended here, for tests. */
  requests: RecordedRequest[];
  /** Core API refusals under HTTP 200, the code only in the body (see the README's conformance table). */
  coreRefusalsAsHttp200: boolean;
  logger?: Logger | undefined;
}

type Api = 'snap' | 'core';

const UNAUTHORIZED: Record<Api, unknown> = {
  snap: {
    error_messages: [
      'Access denied due to unauthorized transaction, please check client or server key',
      'Visit https://snap-docs.midtrans.com/#request-headers for more details',
    ],
  },
  core: { status_code: '401', status_message: 'Unknown Merchant server_key/id' },
};

function errorBody(api: Api, status: number, message: string): unknown {
  return api === 'snap' ? { error_messages: [message] } : { status_code: String(status), status_message: message };
}

/** The user part of `Authorization: Basic base64("<key>:")`. */
function basicUser(header: string | undefined): string | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

/** Hashing first gives equal lengths, so the comparison time says nothing about the key. */
function sameKey(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function requireKey(api: Api, serverKey: string): RequestHandler {
  return (req, res, next) => {
    const user = basicUser(req.get('authorization'));
    if (user !== null && sameKey(user, serverKey)) return next();
    res.status(401).json(UNAUTHORIZED[api]);
  };
}

function apiErrors(api: Api, logger: Logger | undefined, refusalsAsHttp200 = false): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof SimulatorRefusal) {
      return void res.status(refusalsAsHttp200 ? 200 : err.httpStatus).json(errorBody(api, err.httpStatus, err.message));
    }
    if (err instanceof SyntaxError) return void res.status(400).json(errorBody(api, 400, 'Invalid JSON data provided.'));
    logger?.error({ err }, 'simulator route failed');
    res.status(500).json(errorBody(api, 500, 'Sorry, we encountered internal server error. We will fix this soon.'));
  };
}

function snapRoutes(deps: AppDeps): express.Router {
  const { engine } = deps;
  const router = express.Router();
  router.post('/transactions', deps.faults.middleware('snap'), requireKey('snap', deps.serverKey), express.json(), (req, res) => {
    const verdict = validateSnapBody(req.body, engine.clock());
    if (!verdict.ok) return void res.status(400).json({ error_messages: verdict.messages });
    const tx = engine.open(verdict.snap, deps.redirectBase());
    deps.logger?.info({ orderId: tx.orderId, grossAmount: tx.grossAmount }, 'simulator snap created');
    res.status(201).json({ token: tx.token, redirect_url: tx.redirectUrl });
  });
  router.post('/transactions/:token/cancel', deps.faults.middleware('snap-cancel'), requireKey('snap', deps.serverKey), (req, res) => {
    const canceledAt = engine.ledger.cancelSession(String(req.params['token']), engine.clock());
    res.json({ canceled_at: canceledAt.toISOString() });
  });
  router.use(apiErrors('snap', deps.logger));
  return router;
}

/** What each Core API change answers with: the transaction's facts, unsigned, under its own code and message. */
const CHANGES: ReadonlyArray<{ route: FaultRoute; action: SimAction; statusCode: string; statusMessage: string }> = [
  // docs.midtrans.com/reference/cancel-transaction, /expire-transaction, /approve-transaction; deny has no
  // reference page, only midtrans-client's lib/transaction.js, so its message is assumed (see the README).
  { route: 'cancel', action: 'cancel', statusCode: '200', statusMessage: 'Success, transaction is canceled' },
  { route: 'expire', action: 'expire', statusCode: '407', statusMessage: 'Success, transaction has expired' },
  { route: 'approve', action: 'approve', statusCode: '200', statusMessage: 'Success, transaction is approved' },
  { route: 'deny', action: 'deny', statusCode: '200', statusMessage: 'Success, transaction is denied' },
];

function refundParams(body: unknown): MoveParams {
  const input = isJsonObject(body) ? body : {};
  const params: MoveParams = {};
  if (input['amount'] !== undefined) params.amount = Number(input['amount']);
  if (typeof input['refund_key'] === 'string') params.key = input['refund_key'];
  if (typeof input['reason'] === 'string') params.reason = input['reason'];
  return params;
}

function coreRoutes(deps: AppDeps): express.Router {
  const { engine, faults } = deps;
  const router = express.Router();
  const auth = requireKey('core', deps.serverKey);
  /** Expiries and settlements that came due are applied before any answer, as Midtrans's own clock would have. */
  const catchUp: RequestHandler = (_req, _res, next) => void engine.runDue().then(() => next(), next);
  const facts = (tx: SimTransaction, payment: SimPayment) => {
    const { signature_key: _unsigned, ...rest } = engine.body(tx, payment, 'status');
    return rest;
  };

  router.get('/:id/status', faults.middleware('status'), auth, catchUp, (req, res) => {
    const { tx, payment } = engine.ledger.locate(String(req.params['id']), 'skip-bi-snap');
    res.json(engine.body(tx, payment, 'status'));
  });
  for (const change of CHANGES) {
    router.post(`/:id/${change.route}`, faults.middleware(change.route), auth, catchUp, (req, res) => {
      const { tx, payment } = engine.ledger.locate(String(req.params['id']));
      // The notification goes out on its own: the API answer never waits for the merchant's webhook.
      void engine.act(tx, change.action, {}, payment);
      res.json({ ...facts(tx, payment), status_code: change.statusCode, status_message: change.statusMessage });
    });
  }
  // docs.midtrans.com/reference/refund-transaction: the answer names this refund; a repeated refund_key is the same refund.
  // The body is read before a fault applies, so a delayed request still refunds after the client gave up:
  // the lost answer a refund_key exists for (a timeout says nothing about whether the refund happened).
  router.post('/:id/refund', express.json(), faults.middleware('refund'), auth, catchUp, (req, res) => {
    const { tx, payment } = engine.ledger.locate(String(req.params['id']));
    const params = refundParams(req.body);
    void engine.act(tx, 'refund', params, payment);
    const refund = payment.refunds.find((r) => r.key === params.key) ?? payment.refunds.at(-1)!;
    res.json({
      ...facts(tx, payment),
      status_code: '200',
      status_message: 'Success, refund request is approved',
      refund_chargeback_id: refund.id,
      refund_amount: `${refund.amount}.00`,
      refund_key: refund.key,
    });
  });
  router.use(apiErrors('core', deps.logger, deps.coreRefusalsAsHttp200));
  return router;
}

const PAGE_ACTIONS: readonly SimAction[] = ['pay', 'expire', 'deny'];

/** Snap appends the outcome to the finish URL; we never trust it, but the app's page reads it. */
function finishRedirect(res: Response, tx: SimTransaction, payment: SimPayment): void {
  const finish = tx.request.callbacks?.finish;
  let target: URL | null = null;
  try {
    target = finish === undefined ? null : new URL(finish);
  } catch {
    target = null;
  }
  if (target === null) {
    res.type('html').send(renderMessagePage('Selesai', `Order ${tx.orderId}: ${payment.status}`));
    return;
  }
  target.searchParams.set('order_id', tx.orderId);
  target.searchParams.set('status_code', statusCodeFor(payment.status, 'notification', payment.fraudStatus));
  target.searchParams.set('transaction_status', payment.status);
  res.redirect(303, target.toString());
}

function pageRoutes(deps: AppDeps): express.Router {
  const { engine } = deps;
  const router = express.Router();
  const notFound = (res: Response) =>
    res.status(404).type('html').send(renderMessagePage('Tidak ditemukan', 'Halaman pembayaran ini tidak dikenal.'));

  router.get('/:token', async (req, res) => {
    await engine.runDue();
    const tx = engine.ledger.byToken(String(req.params['token']));
    if (tx === null) return void notFound(res);
    res.type('html').send(renderPaymentPage(tx, engine.clock()));
  });

  router.post('/:token', express.urlencoded({ extended: false, limit: '10kb' }), async (req, res) => {
    await engine.runDue();
    const tx = engine.ledger.byToken(String(req.params['token']));
    if (tx === null) return void notFound(res);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const method = form['method'];
    const action = PAGE_ACTIONS.find((a) => a === form['action']);
    if (!isSimMethod(method) || action === undefined) {
      return void res.status(400).type('html').send(renderPaymentPage(tx, engine.clock(), 'Pilih metode pembayaran dan salah satu tombol.'));
    }
    let payment: SimPayment;
    try {
      void engine.choose(tx, method);
      void engine.act(tx, action);
      payment = engine.payment(tx);
    } catch (err) {
      if (!(err instanceof SimulatorRefusal)) throw err;
      return void res.status(err.httpStatus).type('html').send(renderPaymentPage(tx, engine.clock(), err.message));
    }
    // Snap keeps a declined customer on its page to try again, in the same session, with any method.
    if (acceptsAttempt(tx, engine.clock())) {
      return void res.type('html').send(renderPaymentPage(tx, engine.clock(), `Pembayaran ${payment.status}: coba lagi atau pilih metode lain.`));
    }
    finishRedirect(res, tx, payment);
  });
  return router;
}

export function createSimulatorApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', simulator: true, transactions: deps.engine.ledger.all().length });
  });
  app.use(['/snap/v1', '/v2'], (req, _res, next) => {
    deps.requests.push({ method: req.method, path: req.originalUrl });
    next();
  });
  app.use('/snap/v1', snapRoutes(deps));
  app.use('/v2', coreRoutes(deps));
  app.use('/snap/v3/redirection', pageRoutes(deps));
  return app;
}
