/**
 * What the fault tests share: a store opened on the same database a child
 * tagih uses, seeded links with pending orders, signed Midtrans
 * notifications, a webhook client that reports network failures instead of
 * throwing, bounded waiting, and reading back what the fake Bot API was told.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Link } from '../../src/domain/link.ts';
import { LinkService } from '../../src/links/link-service.ts';
import { pino } from 'pino';
import { MidtransGateway } from '../../src/midtrans/gateway.ts';
import { signatureFor } from '../../src/midtrans/signature.ts';
import type { Simulator } from '../../src/midtrans/simulator/simulator.ts';
import type { Store } from '../../src/store/ports.ts';
import { openMongoStore } from '../../src/store/mongo/mongo-store.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { FakeTelegram, RecordedCall } from '../support/fake-telegram.ts';
import { bareEnvironment } from '../support/tagih-process.ts';

/** A sandbox-shaped key that is nobody's real key. */
export const SERVER_KEY = 'SB-Mid-server-test-faults';

/** Epoch milliseconds on the same clock as the fake Bot API's `at`. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Where a child tagih keeps its data: the embedded file in DATA_DIR, or a MongoDB database. */
export type StoreTarget = { kind: 'sqlite'; dataDir: string } | { kind: 'mongodb'; uri: string };

/** A MongoDB URI naming a fresh database of its own on the server MONGODB_URI points at. */
export function freshMongoUri(base: string): string {
  const url = new URL(base);
  url.pathname = `/tagih_faults_${process.pid}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

export async function openStoreAt(target: StoreTarget): Promise<Store> {
  return target.kind === 'sqlite'
    ? openSqliteStore({ path: databasePath(target.dataDir) })
    : openMongoStore({ uri: target.uri });
}

/** The variables that point a child at its store; the rest comes from `tagihEnv`. */
export function storeVariables(target: StoreTarget): Record<string, string> {
  return target.kind === 'sqlite' ? { DATA_DIR: target.dataDir } : { DATA_DIR: process.env.TMPDIR ?? '/tmp', MONGODB_URI: target.uri };
}

export interface TagihEnvOptions {
  port: number;
  store: StoreTarget;
  /** The fake Bot API, with merchants allowed by id; omitted: no Telegram. */
  telegram?: { fake: FakeTelegram; merchants: readonly number[] };
  /** Anything else (MIDTRANS_* overrides, TELEGRAM_MODE, ...). */
  extra?: Record<string, string>;
}

/**
 * A production-like tagih: real Midtrans mode with a sandbox key (no local
 * simulator), notifications trusted as signed unless `extra` turns Get
 * Status on, Telegram at the fake, no console, logs on stdout.
 */
export function tagihEnv(options: TagihEnvOptions): NodeJS.ProcessEnv {
  const { telegram } = options;
  return bareEnvironment({
    PORT: String(options.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    ...storeVariables(options.store),
    CONSOLE: 'off',
    LOG_LEVEL: 'info',
    MERCHANT_NAME: 'Toko Uji',
    MIDTRANS_SERVER_KEY: SERVER_KEY,
    // Nothing listens there: a test that wants Midtrans points these at a simulator.
    MIDTRANS_API_BASE_URL: 'http://127.0.0.1:9',
    MIDTRANS_SNAP_BASE_URL: 'http://127.0.0.1:9/snap/v1',
    MIDTRANS_VERIFY_STATUS: 'false',
    // The reconciler is not what these tests are about; it stays out of their way.
    RECONCILE_AFTER_MINUTES: '600',
    ...(telegram
      ? { TELEGRAM_BOT_TOKEN: telegram.fake.token, TELEGRAM_API_ROOT: telegram.fake.apiRoot, MERCHANT_TELEGRAM_IDS: telegram.merchants.join(',') }
      : {}),
    ...options.extra,
  });
}

export interface SeededOrder {
  orderId: string;
  linkId: string;
  amount: number;
  /** The merchant's Telegram chat, which hears about the order. */
  chatId: string;
}

/** Links made by Telegram merchants (one slot each unless `usageLimit` says), spread round-robin over `merchants`. */
export async function seedLinks(store: Store, count: number, merchants: readonly number[], usageLimit = 1): Promise<Link[]> {
  const links = new LinkService({ store, publicUrl: 'http://127.0.0.1', merchantName: 'Toko Uji', paymentWindowMs: 60 * 60_000 });
  const made: Link[] = [];
  for (let i = 0; i < count; i++) {
    const merchant = String(merchants[i % merchants.length]);
    const { link } = await links.create({
      merchantId: `telegram:${merchant}`,
      via: 'telegram',
      notifyChatId: merchant,
      itemName: `Barang ${i + 1}`,
      price: 10_000 + 1_000 * i,
      usageLimit,
    });
    made.push(link);
  }
  return made;
}

/**
 * Links as `seedLinks` makes them, each with one customer's pending order, as
 * the payment page leaves them just before the customer pays. `clock` backdates them.
 */
export async function seedOrders(store: Store, count: number, merchants: readonly number[], clock?: () => Date): Promise<SeededOrder[]> {
  const links = new LinkService({ store, publicUrl: 'http://127.0.0.1', merchantName: 'Toko Uji', paymentWindowMs: 60 * 60_000, ...(clock ? { clock } : {}) });
  const seeded: SeededOrder[] = [];
  for (const [i, link] of (await seedLinks(store, count, merchants)).entries()) {
    const { order } = await links.reserve(link.slug, { name: `Pembeli ${i + 1}`, email: `pembeli${i + 1}@mail.com` });
    seeded.push({ orderId: order.id, linkId: link.id, amount: order.amount, chatId: link.notifyChatId });
  }
  return seeded;
}

/** Opens each order's transaction at the simulator, as the payment page's Snap call does, so Get Status knows it. */
export async function openAtSimulator(sim: Simulator, orders: readonly SeededOrder[]): Promise<void> {
  const gateway = new MidtransGateway(
    { serverKey: SERVER_KEY, clientKey: 'SB-Mid-client-test', environment: 'sandbox', apiBaseUrl: sim.apiBaseUrl, snapBaseUrl: sim.snapBaseUrl, timeoutMs: 5_000 },
    pino({ level: 'silent' }),
  );
  for (const order of orders) {
    await gateway.createSnap({
      orderId: order.orderId,
      amount: order.amount,
      items: [{ id: order.orderId, name: 'Barang', price: order.amount, quantity: 1 }],
      customer: { firstName: 'Pembeli', email: 'pembeli@mail.com', phone: null },
      finishUrl: 'http://127.0.0.1/done',
      startAt: new Date(),
      expiresAt: new Date(Date.now() + 60 * 60_000),
    });
  }
}

/** The transaction id of the order's latest attempt at the simulator. */
export function transactionIdAt(sim: Simulator, orderId: string): string {
  return sim.transaction(orderId)!.payment!.transactionId;
}

export type MidtransStatus = 'settlement' | 'pending' | 'expire' | 'cancel' | 'deny';

const STATUS_CODES: Record<MidtransStatus, string> = { settlement: '200', pending: '201', expire: '202', cancel: '202', deny: '202' };

/** A QRIS notification as Midtrans sends it, signed with `serverKey`; the raw JSON text. */
/**
 * A signed notification about `order`. With Get Status on, pass the
 * transaction id the simulator gave the order (`transactionIdAt`): tagih asks
 * Midtrans by the notification's transaction id, as midtrans-client does.
 */
export function notificationBody(
  order: Pick<SeededOrder, 'orderId' | 'amount'>,
  status: MidtransStatus,
  serverKey = SERVER_KEY,
  transactionId = `tx-${order.orderId}`,
): string {
  const grossAmount = `${order.amount}.00`;
  const statusCode = STATUS_CODES[status];
  return JSON.stringify({
    transaction_time: '2026-03-20 11:10:25',
    transaction_status: status,
    transaction_id: transactionId,
    status_message: 'midtrans payment notification',
    status_code: statusCode,
    signature_key: signatureFor(order.orderId, statusCode, grossAmount, serverKey),
    ...(status === 'settlement' ? { settlement_time: '2026-03-20 11:11:04' } : {}),
    payment_type: 'qris',
    issuer: 'gopay',
    acquirer: 'gopay',
    order_id: order.orderId,
    merchant_id: 'G000000001',
    gross_amount: grossAmount,
    fraud_status: 'accept',
    currency: 'IDR',
  });
}

/** POSTs a notification as Midtrans does; the HTTP status, or null when no answer came (refused, reset, timed out). */
export async function deliver(webhookUrl: string, raw: string, timeoutMs = 15_000): Promise<number | null> {
  try {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Veritrans' },
      body: raw,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

/**
 * Polls `check` until it returns something other than null/false, for at
 * most `timeoutMs`; then fails saying `what` and what `explain` reports.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | false> | T | null | false,
  options: { timeoutMs: number; intervalMs?: number; explain?: () => Promise<string> | string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const detail = options.explain ? `\n${await options.explain()}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(options.intervalMs ?? 50);
  }
}

/** One notice as it reached a merchant's chat. */
export interface Told {
  chatId: string;
  orderId: string;
  /** From the headline: paid, expired, ... */
  event: string;
  /** When the fake Bot API received it. */
  at: number;
  /** The outbox key it delivers (`<order>:<event>:merchant`). */
  key: string;
  /** The fake's HTTP answer (200: delivered); absent when it held or dropped the call. */
  answer: number | undefined;
}

const HEADLINES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^✅ Rp[\d.]+ · /, 'paid'],
  [/^⌛ (Order kedaluwarsa|Order expired)/, 'expired'],
  [/^🚫 /, 'cancelled'],
  [/^❌ /, 'failed'],
  [/^⚠️ (Pembayaran kurang|Underpaid)/, 'underpaid'],
  [/^⚠️ /, 'reversed'],
  [/^↩️ /, 'refunded'],
];

/** The merchant notices the fake Bot API received (command replies and others left out), oldest first. */
export function toldNotices(calls: readonly RecordedCall[]): Told[] {
  const told: Told[] = [];
  for (const call of calls) {
    if (call.method !== 'sendMessage') continue;
    const text = String(call.body.text ?? '');
    const orderId = /Order ID: (\S+)/.exec(text)?.[1];
    const event = HEADLINES.find(([pattern]) => pattern.test(text))?.[1];
    if (orderId === undefined || event === undefined) continue;
    told.push({ chatId: String(call.body.chat_id), orderId, event, at: call.at, key: `${orderId}:${event}:merchant`, answer: call.answer });
  }
  return told;
}

/** Groups items by a key, keeping their order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/** A small seeded PRNG (mulberry32): the same seed, the same "random" kill moments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
