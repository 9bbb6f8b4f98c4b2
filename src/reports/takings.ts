/**
 * The day's takings: what the orders of a period add up to. The tally is
 * pure; the orders come to it in pages from the store (order-pages.ts), so a
 * month of orders never has to be held at once.
 *
 * Money counts as the link's counters count it (domain/link.ts slotCounts):
 * an order took money when it was paid, including one refunded since; gross
 * is what those orders asked for, refunds what was given back (in full or in
 * part), net the difference. Orders are placed in the period, the chart's day
 * or hour, by when they were made (checkout).
 */
import type { Order } from '../domain/order.ts';
import { wibDateOf, wibHourOf, formatWibDay } from '../domain/time.ts';
import type { MerchantOrder, OrderStore } from '../store/ports.ts';
import { orderPages } from './order-pages.ts';
import { daysOf, isOneDay, type Period } from './period.ts';

export interface LinkTakings {
  number: number;
  itemName: string;
  paidCount: number;
  net: number;
}

export interface MethodTakings {
  /** Midtrans `payment_type` (`qris`, `bank_transfer`…), or null when none was reported. */
  method: string | null;
  paidCount: number;
  net: number;
}

/** One bar of the chart: a WIB day (`2026-12-02`) or, for a one-day period, an hour (`14`). */
export interface TakingsBucket {
  key: string;
  net: number;
}

export interface Takings {
  period: Period;
  paidCount: number;
  gross: number;
  refunded: number;
  net: number;
  /** Checkouts not paid yet, and what they ask for. */
  pendingCount: number;
  pendingAmount: number;
  /** Biggest net first. */
  byLink: LinkTakings[];
  byMethod: MethodTakings[];
  /** Every day (or hour) of the period, in order, empty ones included so the chart's axis has no gaps. */
  buckets: TakingsBucket[];
}

/** Paid, or paid and refunded since: the money was taken. */
export function tookMoney(order: Pick<Order, 'status'>): boolean {
  return order.status === 'paid' || order.status === 'refunded';
}

function bucketKeys(period: Period): string[] {
  if (isOneDay(period)) return Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
  return daysOf(period).map(formatWibDay);
}

function bucketKeyOf(order: Order, oneDay: boolean): string {
  return oneDay ? String(wibHourOf(order.createdAt)).padStart(2, '0') : formatWibDay(wibDateOf(order.createdAt));
}

const byNetThenCount = <T extends { net: number; paidCount: number }>(a: T, b: T) => b.net - a.net || b.paidCount - a.paidCount;

/** Adds up a period's orders page by page; `result()` any time after. */
export class TakingsTally {
  private readonly period: Period;
  private readonly oneDay: boolean;
  private paidCount = 0;
  private gross = 0;
  private refunded = 0;
  private pendingCount = 0;
  private pendingAmount = 0;
  private readonly links = new Map<string, LinkTakings>();
  private readonly methods = new Map<string | null, MethodTakings>();
  private readonly buckets: Map<string, number>;

  constructor(period: Period) {
    this.period = period;
    this.oneDay = isOneDay(period);
    this.buckets = new Map(bucketKeys(period).map((key) => [key, 0]));
  }

  add(rows: readonly MerchantOrder[]): void {
    for (const { order, link } of rows) {
      if (order.status === 'pending') {
        this.pendingCount += 1;
        this.pendingAmount += order.amount;
        continue;
      }
      if (!tookMoney(order)) continue;
      const net = order.amount - order.refundedAmount;
      this.paidCount += 1;
      this.gross += order.amount;
      this.refunded += order.refundedAmount;
      const perLink = this.links.get(link.id) ?? { number: link.number, itemName: link.itemName, paidCount: 0, net: 0 };
      perLink.paidCount += 1;
      perLink.net += net;
      this.links.set(link.id, perLink);
      const method = order.payment?.method ?? null;
      const perMethod = this.methods.get(method) ?? { method, paidCount: 0, net: 0 };
      perMethod.paidCount += 1;
      perMethod.net += net;
      this.methods.set(method, perMethod);
      const key = bucketKeyOf(order, this.oneDay);
      // An order outside the buckets cannot come from a correct store query; it is not counted twice by guessing.
      if (this.buckets.has(key)) this.buckets.set(key, this.buckets.get(key)! + net);
    }
  }

  result(): Takings {
    return {
      period: this.period,
      paidCount: this.paidCount,
      gross: this.gross,
      refunded: this.refunded,
      net: this.gross - this.refunded,
      pendingCount: this.pendingCount,
      pendingAmount: this.pendingAmount,
      byLink: [...this.links.values()].sort(byNetThenCount),
      byMethod: [...this.methods.values()].sort(byNetThenCount),
      buckets: [...this.buckets].map(([key, net]) => ({ key, net })),
    };
  }
}

/** The takings of a merchant's period, read from the store page by page. */
export async function readTakings(orders: Pick<OrderStore, 'ofMerchant'>, merchantId: string, period: Period): Promise<Takings> {
  const tally = new TakingsTally(period);
  for await (const page of orderPages(orders, merchantId, period)) tally.add(page);
  return tally.result();
}
