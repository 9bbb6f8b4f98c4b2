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
import { type ActionOptions, Engine, type NotifyOptions } from './engine.ts';
import { type Fault, type FaultRoute, Faults } from './faults.ts';
import type { SimAction, SimStatus, SimTransaction } from './ledger.ts';
import type { SimMethod } from './methods.ts';
import { type Delivery, Notifier } from './notifier.ts';

export type { ActionOptions, NotifyOptions } from './engine.ts';
export type { Fault, FaultRoute } from './faults.ts';
export type { SimPayment, SimStatus, SimTransaction } from './ledger.ts';
export type { SimMethod } from './methods.ts';
export type { Delivery } from './notifier.ts';
export type { RecordedRequest } from './app.ts';
export { retriesFor } from './notifier.ts';

/**
 * Midtrans waits about 2, 10, 30, 90 and 210 minutes between retries; a dev
 * tool that slow would look broken, so the same rhythm runs in seconds.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [2_000, 10_000, 30_000, 90_000, 210_000];
/** The key the simulator expects when none is given; `SB-` passes the sandbox key check like a real sandbox key. */
export const SIMULATOR_DEV_KEY = 'SB-Mid-server-simulator';
/** Midtrans gives a notification endpoint 15 s to answer. */
export const DEFAULT_NOTIFICATION_TIMEOUT_MS = 15_000;

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
  logger?: Logger;
}

/** A control on an order without a transaction first chooses `method` (default QRIS), as a customer would. */
export interface ControlOptions extends ActionOptions {
  method?: SimMethod;
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

  /** The customer picks a method: the transaction becomes pending (and a pending notification is sent). */
  choose(orderId: string, method: SimMethod, options?: ActionOptions): Promise<SimTransaction>;
  /** Pending → settlement (card: capture with fraud accept); chooses `method` (default QRIS) first if none was chosen. */
  pay(orderId: string, method?: SimMethod, options?: ActionOptions): Promise<SimTransaction>;
  /** Pending → expire. */
  expireTx(orderId: string, options?: ControlOptions): Promise<SimTransaction>;
  /** Pending → deny, or a reversal of a settled or captured payment. */
  deny(orderId: string, options?: ControlOptions): Promise<SimTransaction>;
  /** Settlement or capture → refund. */
  refund(orderId: string, options?: ActionOptions): Promise<SimTransaction>;

  /** (Re)sends the current state; `duplicate` adds identical copies sent at the same moment. */
  notify(orderId: string, options?: NotifyOptions): Promise<Delivery[]>;
  /** Sends one notification per status, in this order, each after the previous got its answer. */
  sendSequence(orderId: string, statuses: readonly SimStatus[]): Promise<Delivery[]>;
  /** Sends any body (unknown order, missing fields…); `sign: true` adds a correct signature_key. */
  sendRaw(body: Readonly<Record<string, unknown>>, options?: { sign?: boolean }): Promise<Delivery[]>;

  transactions(): SimTransaction[];
  transaction(orderId: string): SimTransaction | null;
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

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const notifier = new Notifier({
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.notificationTimeoutMs ?? DEFAULT_NOTIFICATION_TIMEOUT_MS,
    logger: options.logger,
  });
  notifier.setUrl(options.notificationUrl ?? null);
  const engine = new Engine(options.serverKey, notifier);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  let url = '';
  const app = createSimulatorApp({
    engine,
    faults,
    serverKey: options.serverKey,
    redirectBase: () => publicUrl,
    requests,
    logger: options.logger,
  });
  const server = createServer(app);
  const address = await listen(server, options.port ?? 0, host);
  url = `http://${reachableHost(host)}:${address.port}`;
  const publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? url;

  /** Runs a status change, first choosing a method the way the page would if there is no transaction yet. */
  const control = async (orderId: string, action: SimAction, method: SimMethod, actionOptions: ActionOptions): Promise<SimTransaction> => {
    const tx = engine.ledger.get(orderId);
    if (tx.payment === null) await engine.choose(tx, method, actionOptions);
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
      server.closeAllConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await notifier.close();
      engine.ledger.close();
      await closed;
    },
    setNotificationUrl: (next) => notifier.setUrl(next),

    async choose(orderId, method, actionOptions = {}) {
      const tx = engine.ledger.get(orderId);
      await engine.choose(tx, method, actionOptions);
      return snapshot(tx);
    },
    pay: (orderId, method = 'qris', actionOptions = {}) => control(orderId, 'pay', method, actionOptions),
    expireTx: (orderId, { method = 'qris', ...rest } = {}) => control(orderId, 'expire', method, rest),
    deny: (orderId, { method = 'qris', ...rest } = {}) => control(orderId, 'deny', method, rest),
    async refund(orderId, actionOptions = {}) {
      const tx = engine.ledger.get(orderId);
      await engine.act(tx, 'refund', actionOptions);
      return snapshot(tx);
    },

    notify: (orderId, notifyOptions) => engine.notify(engine.ledger.get(orderId), notifyOptions),
    async sendSequence(orderId, statuses) {
      const tx = engine.ledger.get(orderId);
      const sent: Delivery[] = [];
      for (const status of statuses) sent.push(...(await engine.notify(tx, { status })));
      return sent;
    },
    sendRaw: (body, rawOptions = {}) => engine.sendRaw(body, rawOptions.sign ?? false),

    transactions: () => engine.ledger.all().map(snapshot),
    transaction(orderId) {
      const tx = engine.ledger.find(orderId);
      return tx === null ? null : snapshot(tx);
    },
    deliveries: () => notifier.deliveries(),
    waitForDeliveries: (count, timeoutMs) => notifier.waitForDeliveries(count, timeoutMs),
    idle: (timeoutMs) => notifier.idle(timeoutMs),
    failNext: (route, fault) => faults.add(route, fault),
    requests: () => [...requests],
  };
}
