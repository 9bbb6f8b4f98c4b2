/**
 * A local Midtrans over real HTTP, for the first run (no keys yet) and for
 * tests. Point a MidtransGateway at `apiBaseUrl` / `snapBaseUrl`, the
 * simulator's notifications at the app's webhook, and drive payments either
 * through the hosted page or with the controls below.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createSimulatorApp, type RecordedRequest } from './app.ts';
import type { Quirks } from './bodies.ts';
import { type ActionOptions, type DeliveryMode, Engine, type HeldNotification, type NotifyOptions } from './engine.ts';
import { type Fault, type FaultRoute, Faults } from './faults.ts';
import {
  acceptsAttempt,
  isPaid,
  type MoveParams,
  returnedAmount,
  type FraudStatus,
  type SimAction,
  type SimPayment,
  type SimStatus,
  type SimTransaction,
} from './ledger.ts';
import type { SimMethod } from './methods.ts';
import { type Delivery, Notifier } from './notifier.ts';

export type { ActionOptions, DeliveryMode, HeldNotification, NotifyOptions } from './engine.ts';
export type { Fault, FaultRoute } from './faults.ts';
export type { FraudStatus, MoveParams, SimPayment, SimRefund, SimStatus, SimTransaction } from './ledger.ts';
export type { SimMethod } from './methods.ts';
export { SIM_METHODS } from './methods.ts';
export type { Delivery } from './notifier.ts';
export type { RecordedRequest } from './app.ts';
export type { Quirks } from './bodies.ts';
export { retriesFor } from './notifier.ts';

/**
 * Midtrans waits about 2, 10, 30, 90 and 210 minutes between retries; a dev
 * tool that slow would look broken, so the same rhythm runs in seconds.
 */
const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [2_000, 10_000, 30_000, 90_000, 210_000];
/** The key the simulator expects when none is given; `SB-` passes the sandbox key check like a real sandbox key. */
export const SIMULATOR_DEV_KEY = 'SB-Mid-server-simulator';
/** Midtrans gives a notification endpoint 15 s to answer. */
const DEFAULT_NOTIFICATION_TIMEOUT_MS = 15_000;

export interface SimulatorOptions {
  serverKey: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Base of `redirect_url`s when the browser reaches the simulator at another address. */
  publicUrl?: string;
  /** Where notifications go; none are sent until one is set. */
  notificationUrl?: string;
  retryDelaysMs?: readonly number[];
  notificationTimeoutMs?: number;
  /**
   * A test's clock. With one, nothing happens on timers: expiries and
   * settlements happen when the test calls `runDue()` (and before any API
   * answer or page view), so time moves only when the test moves it.
   */
  clock?: () => Date;
  /**
   * Answer Core API refusals (404, 412…) with HTTP 200 and the code only in
   * the body's `status_code`, as midtrans-client and midtrans-php allow for
   * (they read the body's code); default false: the HTTP status is the code.
   */
  coreRefusalsAsHttp200?: boolean;
  /** Reported variants of Midtrans's behaviour (bodies.ts `Quirks`). */
  quirks?: Quirks;
  logger?: Logger;
}

/** A control on an order without a usable attempt first chooses `method` (default QRIS), as a customer would. */
export interface ControlOptions extends ActionOptions {
  method?: SimMethod;
}

/** What Midtrans knows about one attempt, in the terms a test compares. */
export interface AttemptTruth {
  transactionId: string;
  method: SimMethod;
  status: SimStatus;
  fraudStatus: FraudStatus;
  /** Money Midtrans took for it and still holds or held (refunds are counted apart). */
  paid: boolean;
  refundedAmount: number;
  chargedBackAmount: number;
}

/** Midtrans's truth about one order: what tagih's state is compared with. */
export interface OrderTruth {
  orderId: string;
  grossAmount: number;
  /** The latest attempt's status, or null while no method was chosen. */
  status: SimStatus | null;
  fraudStatus: FraudStatus | null;
  /** Every transaction id this order has had, oldest first. */
  transactionIds: string[];
  attempts: AttemptTruth[];
  /** Some attempt took money (before refunds). */
  paid: boolean;
  /** Money kept: paid amounts less refunds and chargebacks. */
  netAmount: number;
  refundedAmount: number;
  chargedBackAmount: number;
  /** Midtrans could still take money: a pending attempt, or a Snap page that would start a new one. */
  canStillPay: boolean;
}

export interface Simulator {
  /** `http://host:port` */
  readonly url: string;
  /** Where browsers reach the hosted pages: `publicUrl` when given, else `url`. */
  readonly publicUrl: string;
  /** For MIDTRANS_SNAP_BASE_URL: `${url}/snap/v1`. */
  readonly snapBaseUrl: string;
  /** For MIDTRANS_API_BASE_URL: `${url}`. */
  readonly apiBaseUrl: string;
  /** Stops the server, every timer and every notification in flight. */
  close(): Promise<void>;
  setNotificationUrl(url: string | null): void;

  /** The customer picks a method: a new attempt, pending (and a pending notification is sent). */
  choose(orderId: string, method: SimMethod, options?: ActionOptions): Promise<SimTransaction>;
  /** Pending → settlement (card: capture with fraud accept); chooses `method` (default QRIS) first if no attempt is pending. */
  pay(orderId: string, method?: SimMethod, options?: ActionOptions): Promise<SimTransaction>;
  /** Card pending → capture held for review (fraud_status challenge, status_code 201). */
  challenge(orderId: string, options?: ActionOptions): Promise<SimTransaction>;
  /** Challenged capture → capture accept, as the merchant's dashboard approval would. */
  approve(orderId: string, options?: ActionOptions): Promise<SimTransaction>;
  /** Pending → deny (a bank or FDS decline; the session takes a new attempt), challenge → deny, or a reversal of a settled Permata / Mandiri bill / Indomaret payment. */
  deny(orderId: string, options?: ControlOptions): Promise<SimTransaction>;
  /** A declined card: `deny` choosing a card (default) when no attempt is pending. */
  decline(orderId: string, options?: ControlOptions): Promise<SimTransaction>;
  /** Pending → failure (Midtrans's rare unexpected error). */
  fail(orderId: string, options?: ControlOptions): Promise<SimTransaction>;
  /** Pending → expire. */
  expireTx(orderId: string, options?: ControlOptions): Promise<SimTransaction>;
  /** Pending or capture → cancel (a void before settlement). */
  cancel(orderId: string, options?: ActionOptions): Promise<SimTransaction>;
  /** Capture → settlement now (challenged: cancel), instead of waiting for D+1 16:00 WIB. */
  settle(orderId: string, options?: ActionOptions): Promise<SimTransaction>;
  /** Settled → refund or partial_refund (`amount` defaults to all that is left). */
  refund(orderId: string, options?: ActionOptions & MoveParams): Promise<SimTransaction>;
  /** Settled → chargeback or partial_chargeback. */
  chargeback(orderId: string, options?: ActionOptions & MoveParams): Promise<SimTransaction>;
  /** Applies expiries and settlements whose time has come on the clock. */
  runDue(): Promise<Delivery[]>;

  /** The default for every change's notification: send (default), hold for `deliverHeld`, or drop. */
  setDelivery(mode: DeliveryMode): void;
  /** Held notifications, oldest first. */
  held(): HeldNotification[];
  /** Sends held notifications in the order of `ids` (all when absent), optionally duplicated. */
  deliverHeld(ids?: readonly number[], options?: { duplicate?: number }): Promise<Delivery[]>;
  /** Loses held notifications for good. */
  dropHeld(ids?: readonly number[]): HeldNotification[];
  /** (Re)sends the current state; `duplicate` adds identical copies sent at the same moment. */
  notify(orderId: string, options?: NotifyOptions): Promise<Delivery[]>;
  /** Sends one notification per status, in this order, each after the previous got its answer. */
  sendSequence(orderId: string, statuses: readonly SimStatus[]): Promise<Delivery[]>;
  /** Sends any body (unknown order, missing fields…); `sign: true` adds a correct signature_key. */
  sendRaw(body: Readonly<Record<string, unknown>>, options?: { sign?: boolean }): Promise<Delivery[]>;

  /** Midtrans's truth about an order. */
  truth(orderId: string): OrderTruth;
  transactions(): SimTransaction[];
  /** The Snap session behind an order id or one of its transaction ids (a copy). */
  transaction(id: string): SimTransaction | null;
  /** Every notification attempt so far, retries included, with the HTTP status each got. */
  deliveries(): Delivery[];
  waitForDeliveries(count: number, timeoutMs?: number): Promise<Delivery[]>;
  /** Resolves when no notification is queued, in flight or scheduled for retry. */
  idle(timeoutMs?: number): Promise<void>;
  /** Makes the next request(s) on a route fail: a status, a delay, or a dropped connection. */
  failNext(route: FaultRoute, fault: Fault): void;
  /** API requests received (method and raw path), oldest first. */
  requests(): RecordedRequest[];
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** A wildcard bind address is not somewhere a client can connect to. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

const snapshot = (tx: SimTransaction): SimTransaction => structuredClone(tx);

function attemptTruth(payment: SimPayment): AttemptTruth {
  return {
    transactionId: payment.transactionId,
    method: payment.method,
    status: payment.status,
    fraudStatus: payment.fraudStatus,
    paid: isPaid(payment),
    refundedAmount: returnedAmount(payment, 'refund'),
    chargedBackAmount: returnedAmount(payment, 'chargeback'),
  };
}

function orderTruth(tx: SimTransaction, now: Date): OrderTruth {
  const attempts = tx.attempts.map(attemptTruth);
  const paid = attempts.filter((a) => a.paid);
  const refundedAmount = paid.reduce((sum, a) => sum + a.refundedAmount, 0);
  const chargedBackAmount = paid.reduce((sum, a) => sum + a.chargedBackAmount, 0);
  const pending = tx.payment?.status === 'pending' && now.getTime() < tx.payment.expiresAt.getTime();
  return {
    orderId: tx.orderId,
    grossAmount: tx.grossAmount,
    status: tx.payment?.status ?? null,
    fraudStatus: tx.payment?.fraudStatus ?? null,
    transactionIds: attempts.map((a) => a.transactionId),
    attempts,
    paid: paid.length > 0,
    netAmount: paid.length * tx.grossAmount - refundedAmount - chargedBackAmount,
    refundedAmount,
    chargedBackAmount,
    canStillPay: pending || acceptsAttempt(tx, now),
  };
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const notifier = new Notifier({
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.notificationTimeoutMs ?? DEFAULT_NOTIFICATION_TIMEOUT_MS,
    logger: options.logger,
  });
  notifier.setUrl(options.notificationUrl ?? null);
  const clock = options.clock ?? (() => new Date());
  const engine = new Engine(options.serverKey, notifier, clock, options.clock === undefined, options.quirks);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  let url = '';
  const app = createSimulatorApp({
    engine,
    faults,
    serverKey: options.serverKey,
    redirectBase: () => publicUrl,
    requests,
    coreRefusalsAsHttp200: options.coreRefusalsAsHttp200 ?? false,
    logger: options.logger,
  });
  const server = createServer(app);
  const address = await listen(server, options.port ?? 0, host);
  url = `http://${reachableHost(host)}:${address.port}`;
  const publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? url;

  /** Runs a status change on the latest attempt, first starting one with `method` when none is pending. */
  const control = async (orderId: string, action: SimAction, method: SimMethod, actionOptions: ActionOptions & MoveParams): Promise<SimTransaction> => {
    await engine.runDue();
    const tx = engine.ledger.get(orderId);
    if (tx.payment === null || (tx.payment.status !== 'pending' && acceptsAttempt(tx, clock()))) {
      await engine.choose(tx, method, actionOptions);
    }
    await engine.act(tx, action, actionOptions);
    return snapshot(tx);
  };
  /** A change on the latest attempt as it is: it never starts one. */
  const change = async (orderId: string, action: SimAction, actionOptions: ActionOptions & MoveParams): Promise<SimTransaction> => {
    await engine.runDue();
    const tx = engine.ledger.get(orderId);
    await engine.act(tx, action, actionOptions);
    return snapshot(tx);
  };

  return {
    url,
    publicUrl,
    snapBaseUrl: `${url}/snap/v1`,
    apiBaseUrl: url,
    async close() {
      faults.close();
      engine.close();
      server.closeAllConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await notifier.close();
      await closed;
    },
    setNotificationUrl: (next) => notifier.setUrl(next),

    async choose(orderId, method, actionOptions = {}) {
      await engine.runDue();
      const tx = engine.ledger.get(orderId);
      await engine.choose(tx, method, actionOptions);
      return snapshot(tx);
    },
    pay: (orderId, method = 'qris', actionOptions = {}) => control(orderId, 'pay', method, actionOptions),
    challenge: (orderId, actionOptions = {}) => control(orderId, 'challenge', 'credit_card', actionOptions),
    approve: (orderId, actionOptions = {}) => change(orderId, 'approve', actionOptions),
    deny: (orderId, { method = 'qris', ...rest } = {}) => control(orderId, 'deny', method, rest),
    decline: (orderId, { method = 'credit_card', ...rest } = {}) => control(orderId, 'deny', method, rest),
    fail: (orderId, { method = 'qris', ...rest } = {}) => control(orderId, 'fail', method, rest),
    expireTx: (orderId, { method = 'qris', ...rest } = {}) => control(orderId, 'expire', method, rest),
    cancel: (orderId, actionOptions = {}) => change(orderId, 'cancel', actionOptions),
    settle: (orderId, actionOptions = {}) => change(orderId, 'settle', actionOptions),
    refund: (orderId, actionOptions = {}) => change(orderId, 'refund', actionOptions),
    chargeback: (orderId, actionOptions = {}) => change(orderId, 'chargeback', actionOptions),
    runDue: () => engine.runDue(),

    setDelivery: (mode) => engine.setDelivery(mode),
    held: () => engine.held(),
    deliverHeld: (ids, deliverOptions) => engine.deliverHeld(ids, deliverOptions),
    dropHeld: (ids) => engine.dropHeld(ids),
    notify: (orderId, notifyOptions) => engine.notify(engine.ledger.get(orderId), notifyOptions),
    async sendSequence(orderId, statuses) {
      const tx = engine.ledger.get(orderId);
      const sent: Delivery[] = [];
      for (const status of statuses) sent.push(...(await engine.notify(tx, { status })));
      return sent;
    },
    sendRaw: (body, rawOptions = {}) => engine.sendRaw(body, rawOptions.sign ?? false),

    truth(orderId) {
      const tx = engine.ledger.get(orderId);
      return orderTruth(tx, clock());
    },
    transactions: () => engine.ledger.all().map(snapshot),
    transaction(id) {
      const tx = engine.ledger.find(id);
      return tx === null ? null : snapshot(tx);
    },
    deliveries: () => notifier.deliveries(),
    waitForDeliveries: (count, timeoutMs) => notifier.waitForDeliveries(count, timeoutMs),
    idle: (timeoutMs) => notifier.idle(timeoutMs),
    failNext: (route, fault) => faults.add(route, fault),
    requests: () => [...requests],
  };
}
