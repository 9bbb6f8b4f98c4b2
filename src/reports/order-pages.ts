/**
 * A merchant's orders of a period, page after page from the store: the one
 * loop behind the takings and the export, so both see exactly the same orders.
 */
import type { MerchantOrder, OrderStore } from '../store/ports.ts';
import type { Period } from './period.ts';

/** Orders asked of the store at a time. */
export const PAGE_SIZE = 500;

export async function* orderPages(
  orders: Pick<OrderStore, 'ofMerchant'>,
  merchantId: string,
  period: Pick<Period, 'from' | 'until'>,
  limit = PAGE_SIZE,
): AsyncGenerator<MerchantOrder[]> {
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page = await orders.ofMerchant({ merchantId, from: period.from, until: period.until, after, limit });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (page.length < limit || !last) return;
    after = { createdAt: last.order.createdAt, id: last.order.id };
  }
}
