/**
 * The whole payment side wired as main.ts wires it, over real HTTP: an
 * in-memory SQLite store, the LinkService, the Midtrans simulator behind a
 * real MidtransGateway, the web app on port 0, and the simulator's
 * notifications pointed at our webhook. Shared by the web, payments and
 * end-to-end tests.
 */
import { type Logger, pino } from 'pino';
import type { TrustProxy } from '../../src/config.ts';
import type { Link } from '../../src/domain/link.ts';
import { LinkService, type NewLinkInput } from '../../src/links/link-service.ts';
import { MidtransGateway, type PaymentGateway } from '../../src/midtrans/gateway.ts';
import { type Quirks, type Simulator, startSimulator } from '../../src/midtrans/simulator/simulator.ts';
import { Checkout } from '../../src/payments/checkout.ts';
import { InboxWorker } from '../../src/payments/inbox-worker.ts';
import { NotificationHandler, type NotificationRetryPolicy } from '../../src/payments/notification-handler.ts';
import { Reconciler } from '../../src/payments/reconciler.ts';
import type { OutboxEntry, Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { createWebApp } from '../../src/web/app.ts';
import type { RateLimitOptions } from '../../src/web/routes/payment-page.ts';
import { listen, type RunningServer } from '../../src/web/server.ts';
import { TEST_SERVER_KEY } from '../midtrans/fixtures/notifications.ts';

export const MINUTE = 60_000;
export const SERVER_KEY = TEST_SERVER_KEY;
export const MERCHANT = { merchantId: 'telegram:100', via: 'telegram', notifyChatId: '100' } as const;

export interface HarnessOptions {
  verifyStatus?: boolean;
  /** Replaces the simulator-backed gateway (e.g. to wrap it). */
  gateway?: (real: PaymentGateway) => PaymentGateway;
  rateLimit?: RateLimitOptions;
  qrRateLimit?: RateLimitOptions;
  /** `TRUST_PROXY`; the harness trusts loopback by default, so a test names each customer's address in X-Forwarded-For. */
  trustProxy?: TrustProxy;
  paymentWindowMs?: number;
  retry?: NotificationRetryPolicy;
  store?: Store;
  merchantName?: string;
  logger?: Logger;
  webhookAnswerWithinMs?: number;
  /** Reported variants of Midtrans's behaviour for the simulator to play. */
  quirks?: Quirks;
}

export interface Harness {
  url: string;
  store: Store;
  links: LinkService;
  sim: Simulator;
  gateway: PaymentGateway;
  notifications: NotificationHandler;
  inbox: InboxWorker;
  reconciler: Reconciler;
  server: RunningServer;
  /** Moves our clock (not the simulator's) forward. */
  advance(ms: number): void;
  now(): Date;
  /** How many times onNotice was called. */
  kicks(): number;
  createLink(extra?: Partial<NewLinkInput>): Promise<Link>;
  outbox(): Promise<OutboxEntry[]>;
  close(): Promise<void>;
}

export function silentLogger(): Logger {
  return pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const logger = options.logger ?? silentLogger();
  let offset = 0;
  let kicks = 0;
  const clock = () => new Date(Date.now() + offset);
  const store = options.store ?? openSqliteStore({ path: ':memory:' });
  const sim = await startSimulator({
    serverKey: SERVER_KEY,
    retryDelaysMs: [50, 100],
    notificationTimeoutMs: 5_000,
    ...(options.quirks ? { quirks: options.quirks } : {}),
  });
  const real = new MidtransGateway(
    { serverKey: SERVER_KEY, clientKey: 'SB-Mid-client-test', environment: 'sandbox', apiBaseUrl: sim.apiBaseUrl, snapBaseUrl: sim.snapBaseUrl, timeoutMs: 1_500 },
    logger,
  );
  const gateway = options.gateway ? options.gateway(real) : real;
  const merchantName = options.merchantName ?? 'Toko Budi';
  let url = '';
  const links = new LinkService({
    store,
    // Filled in once the server listens; LinkService reads it only when building URLs.
    get publicUrl() {
      return url;
    },
    merchantName,
    paymentWindowMs: options.paymentWindowMs ?? 30 * MINUTE,
    clock,
  });
  const onNotice = () => {
    kicks += 1;
  };
  const notifications = new NotificationHandler({
    links,
    gateway,
    store,
    serverKey: SERVER_KEY,
    verifyStatus: options.verifyStatus ?? true,
    logger,
    onNotice,
    clock,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const checkout = new Checkout({
    links,
    gateway,
    store,
    get publicUrl() {
      return url;
    },
    logger,
    clock,
  });
  const app = createWebApp({
    links,
    checkout,
    notifications,
    store,
    logger,
    publicUrl: 'http://127.0.0.1',
    merchantName,
    defaultLocale: 'id',
    snapUrls: [sim.url],
    trustProxy: options.trustProxy ?? ['loopback'],
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.qrRateLimit ? { qrRateLimit: options.qrRateLimit } : {}),
    ...(options.webhookAnswerWithinMs === undefined ? {} : { webhookAnswerWithinMs: options.webhookAnswerWithinMs }),
    // As main.ts wires it; the reconciler is made below, once the server's URL is known.
    confirmPayment: (order) => reconciler.check(order),
    clock,
  });
  const server = await listen(app, 0);
  url = server.url;
  sim.setNotificationUrl(`${url}/webhooks/midtrans`);
  const inbox = new InboxWorker({ store, handler: notifications, logger, intervalMs: 50, clock });
  const reconciler = new Reconciler({
    store,
    links,
    gateway,
    serverKey: SERVER_KEY,
    logger,
    intervalMs: 50,
    staleAfterMs: 0,
    recheckAfterMs: 0,
    onNotice,
    clock,
  });

  return {
    get url() {
      return url;
    },
    store,
    links,
    sim,
    gateway,
    notifications,
    inbox,
    reconciler,
    server,
    advance(ms) {
      offset += ms;
    },
    now: clock,
    kicks: () => kicks,
    async createLink(extra = {}) {
      const { link } = await links.create({ ...MERCHANT, itemName: 'Kaos Hitam', price: 150_000, ...extra });
      return link;
    },
    outbox: () => store.outbox.list({ limit: 1000 }),
    async close() {
      await inbox.stop();
      await reconciler.stop();
      await sim.close();
      await notifications.drain();
      await server.close();
      await store.close().catch(() => undefined);
    },
  };
}

/** A form post as a browser sends it; redirects are not followed. */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Veritrans', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
}

export const CUSTOMER = { name: 'Siti Rahayu', phone: '0812-3456-7890', email: 'Siti@Mail.com' } as const;

let browsers = 0;

/**
 * One customer's browser: it keeps the cookie the payment page gives it, as
 * a browser does (without JavaScript too), and comes from its own address,
 * which the harness's trusted loopback proxy names in X-Forwarded-For.
 */
export class Browser {
  private cookie: string | null = null;
  readonly address: string;

  private readonly base: { readonly url: string };

  constructor(base: { readonly url: string }, address?: string) {
    this.base = base;
    browsers += 1;
    this.address = address ?? `198.18.${Math.floor(browsers / 250) % 250}.${(browsers % 250) + 1}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { 'x-forwarded-for': this.address, ...(this.cookie === null ? {} : { cookie: this.cookie }), ...extra };
  }

  private keep(res: Response): Response {
    const set = res.headers.getSetCookie().find((c) => c.startsWith('tagih_browser='));
    if (set !== undefined) this.cookie = set.split(';')[0]!;
    return res;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(await fetch(`${this.base.url}${path}`, { headers: this.headers(headers), redirect: 'manual' }));
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(await postForm(`${this.base.url}${path}`, fields, this.headers(headers)));
  }
}

/** Starts a payment through the real page, from `browser` (a new one by default), and returns the order id Snap was opened for. */
export async function startPayment(h: Harness, link: Link, customer: Record<string, string> = CUSTOMER, browser = new Browser(h)): Promise<string> {
  const res = await browser.post(`/p/${link.slug}`, customer);
  if (res.status !== 303) throw new Error(`expected 303 from the payment form, got ${res.status}: ${await res.text()}`);
  const orders = await h.store.orders.listByLink(link.id, 1);
  return orders[0]!.id;
}

/** The store with every inbox.add recorded, to prove that nothing was stored. */
/** How a notification reached the inbox: kept open, by the write of the change it made, processed, or due for a retry. */
export type KeptBy = 'add' | 'change' | 'processed' | 'retry';

/** Every notification kept in the inbox, by order id (`added`), and how (`ways`, `orderId:by`). */
export function spyOnInbox(store: Store): { store: Store; added: string[]; ways: string[] } {
  const added: string[] = [];
  const ways: string[] = [];
  const kept = (orderId: string, by: KeptBy) => {
    added.push(orderId);
    ways.push(`${orderId}:${by}`);
  };
  const { inbox, orders } = store;
  const spied: Store = {
    kind: store.kind,
    links: store.links,
    orders: {
      reserve: (request) => orders.reserve(request),
      byId: (orderId) => orders.byId(orderId),
      liveOfClient: (...args) => orders.liveOfClient(...args),
      listByLink: (...args) => orders.listByLink(...args),
      ofMerchant: (query) => orders.ofMerchant(query),
      attachSnap: (...args) => orders.attachSnap(...args),
      addTransactionId: (...args) => orders.addTransactionId(...args),
      transition: async (request) => {
        const result = await orders.transition(request);
        if (result.applied && request.notification && 'received' in request.notification) kept(request.notification.received.orderId, 'change');
        return result;
      },
      claimStale: (input) => orders.claimStale(input),
    },
    outbox: store.outbox,
    kv: store.kv,
    leases: store.leases,
    team: store.team,
    ping: () => store.ping(),
    close: () => store.close(),
    inbox: {
      add: (input) => {
        kept(input.orderId, 'add');
        return inbox.add(input);
      },
      keepProcessed: async (input, outcome) => {
        await inbox.keepProcessed(input, outcome);
        kept(input.orderId, 'processed');
      },
      keepForRetry: async (...args) => {
        await inbox.keepForRetry(...args);
        kept(args[0].orderId, 'retry');
      },
      processed: (body) => inbox.processed(body),
      markProcessed: (...args) => inbox.markProcessed(...args),
      markRetry: (...args) => inbox.markRetry(...args),
      claimDue: (input) => inbox.claimDue(input),
    },
  };
  return { store: spied, added, ways };
}

/** Inbox entries still open (due now or later). */
export function openInboxEntries(store: Store) {
  return store.inbox.claimDue({ now: new Date(Date.now() + 365 * 24 * 60 * MINUTE), worker: 'test-peek', leaseMs: 1, limit: 100 });
}
