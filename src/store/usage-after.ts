/**
 * A merchant's notice about an order tells the link's paid count right after
 * the change ("3/10 terbayar"). Only the store knows that count, inside the
 * atomic change, so the caller queues the notices and the store fills it in.
 */
import type { LinkUsage } from '../domain/link.ts';
import type { NewOutboxEntry } from './ports.ts';

export function withUsageAfter(entries: readonly NewOutboxEntry[], usage: LinkUsage): NewOutboxEntry[] {
  return entries.map((entry) =>
    entry.notice.kind === 'order_event' ? { ...entry, notice: { ...entry.notice, usage: { ...entry.notice.usage, paid: usage.paid } } } : entry,
  );
}
