/**
 * Pending orders the webhook benchmark can settle, and the notification
 * bodies that settle them, prepared before any load starts.
 */
import { randomUUID } from 'node:crypto';
import { signatureFor } from '../../src/midtrans/signature.ts';
import { SIMULATOR_DEV_KEY } from '../../src/midtrans/simulator/simulator.ts';
import { runConcurrently } from './measure.ts';
import type { NotificationSink } from './sink.ts';
import type { Services } from './tagih-world.ts';

/** Enough to keep the store and the simulator busy, few enough not to queue for long. */
const CONCURRENCY = 64;
const PRICE = 150_000;

export interface NotifiedOrders {
  orderIds: string[];
  /** Each order's settlement notification, as Midtrans would send it. */
  bodies: string[];
}

const customer = (i: number) => ({ name: `Pembeli ${i}`, email: `pembeli${i}@mail.com`, phone: '081234567890' });

/**
 * Links through LinkService, spread over a hundred merchant chats; returns the
 * slugs and the time it took. `usageLimit` null makes links many customers can pay.
 */
export async function createLinks(services: Services, count: number, tag: string, usageLimit: number | null = 1): Promise<{ slugs: string[]; ms: number }> {
  const slugs = new Array<string>(count);
  const ms = await runConcurrently(count, CONCURRENCY, async (i) => {
    const chat = String(700_000_000 + (i % 100));
    const { link } = await services.links.create({ merchantId: `telegram:${chat}`, via: 'telegram', notifyChatId: chat, itemName: `Kaos ${tag} ${i}`, price: PRICE, usageLimit });
    slugs[i] = link.slug;
  });
  return { slugs, ms };
}

/**
 * The whole customer path, so Midtrans (the simulator) knows each
 * transaction for Get Status: checkout (reservation + Snap), then paying on
 * the simulator's page; its settlement notifications are caught by the sink.
 */
export async function paidAtMidtrans(services: Services, sink: NotificationSink, slugs: readonly string[]): Promise<NotifiedOrders> {
  const orderIds = new Array<string>(slugs.length);
  await runConcurrently(slugs.length, CONCURRENCY, async (i) => {
    const started = await services.checkout.start({ slug: slugs[i]!, customer: customer(i), receiptTo: null, locale: null, client: null });
    orderIds[i] = started.order.id;
    const paid = await fetch(started.redirectUrl, { method: 'POST', body: new URLSearchParams({ method: 'qris', action: 'pay' }), redirect: 'manual' });
    await paid.body?.cancel();
    if (paid.status !== 303) throw new Error(`paying ${started.order.id} on the simulator's page answered ${paid.status}`);
  });
  return { orderIds, bodies: await sink.settlements(orderIds, 120_000) };
}

/**
 * Reservations only, for runs that never ask Midtrans: each body is a copy of
 * a real simulator notification, about its own order, signed with the
 * simulator's key as Midtrans signs.
 */
export async function reservedOnly(services: Services, slugs: readonly string[], template: string): Promise<NotifiedOrders> {
  const orderIds = new Array<string>(slugs.length);
  await runConcurrently(slugs.length, CONCURRENCY, async (i) => {
    orderIds[i] = (await services.links.reserve(slugs[i]!, customer(i))).order.id;
  });
  const sample = JSON.parse(template) as Record<string, unknown>;
  const statusCode = String(sample['status_code']);
  const grossAmount = String(sample['gross_amount']);
  const bodies = orderIds.map((orderId) =>
    JSON.stringify({ ...sample, order_id: orderId, transaction_id: randomUUID(), signature_key: signatureFor(orderId, statusCode, grossAmount, SIMULATOR_DEV_KEY) }),
  );
  return { orderIds, bodies };
}

/** A small seeded generator: the same sequence every run, so runs compare. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Every body once, plus `share` of them sent again within the next hundred
 * requests (Midtrans's duplicates arrive close to the original).
 */
export function withDuplicates(bodies: readonly string[], share: number): string[] {
  const random = seededRandom(42);
  const slots = bodies.map((body, i) => ({ at: i, body }));
  for (let k = 0; k < Math.round(bodies.length * share); k++) {
    const i = Math.floor(random() * bodies.length);
    slots.push({ at: i + 1 + random() * 100, body: bodies[i]! });
  }
  return slots.sort((a, b) => a.at - b.at).map((slot) => slot.body);
}
