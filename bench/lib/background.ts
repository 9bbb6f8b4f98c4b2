/**
 * A store that has been in use: `links` links of many merchants (a tenth of
 * them of one busy merchant, BUSY_MERCHANT), each with a paid and an expired order, the paid one's settlement notification in the
 * inbox and its merchant message in the outbox, all delivered. The HTTP
 * benchmarks run on top of this, at a small size, a base size and 10x it, to
 * see what the size of the store costs. Written directly (the schema comes from the
 * store's own migrations): through the service a million links would take
 * many minutes.
 */
import { openDatabase } from '../../src/store/sqlite/database.ts';

const BATCH = 50_000;
/** The merchant with a tenth of all links, whose lists show what a big shop costs. */
export const BUSY_MERCHANT = 'telegram:500000000';

export function seedBackground(path: string, links: number): void {
  // Filling, not measuring: durability and the page cache come back with the
  // store's own settings when it is reopened. A big cache here keeps the
  // unique indexes (slugs, order ids, body hashes), filled in random order, off the disk.
  const db = openDatabase({ path, cacheMib: 512 });
  db.pragma('synchronous = OFF');
  const insertLink = db.prepare(`
    INSERT INTO links (id, merchant_id, number, order_id, slug, item_name, price, usage_limit, created_via, notify_chat_id,
                       created_at, order_seq, pending_count, paid_count, paid_total)
    VALUES (?, ?, ?, ?, ?, ?, 150000, 5, 'telegram', ?, ?, 2, 0, 1, 150000)`);
  const insertOrder = db.prepare(`
    INSERT INTO orders (id, link_id, seq, customer, customer_key, amount, status, reserved_until, created_at, updated_at)
    VALUES (?, ?, ?, '{"name":"Ani","phone":null,"email":"ani@mail.com"}', 'email:ani@mail.com', 150000, ?, ?, ?, ?)`);
  const insertInbox = db.prepare(`
    INSERT INTO inbox (body_hash, order_id, body, received_at, status, outcome, next_attempt_at, processed_at)
    VALUES (?, ?, ?, ?, 'processed', 'applied:paid', ?, ?)`);
  const insertOutbox = db.prepare(`
    INSERT INTO outbox (key, channel, target, merchant_id, notice, status, next_attempt_at, created_at, sent_at)
    VALUES (?, 'telegram', ?, ?, '{"kind":"order_event","event":"paid"}', 'sent', ?, ?, ?)`);
  const merchants = Math.max(1, Math.floor(links / 100));
  const numbers = new Map<string, number>();
  const startedAt = Date.now();
  const fill = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const merchant = i % 10 === 0 ? BUSY_MERCHANT : `telegram:${600_000_000 + (i % merchants)}`;
      const chat = merchant.slice('telegram:'.length);
      const number = (numbers.get(merchant) ?? 0) + 1;
      numbers.set(merchant, number);
      const id = `bg${i}`;
      const paidOrder = `BG-${i}-1`;
      const at = startedAt - (links - i) * 1000;
      insertLink.run(id, merchant, number, `BG-${i}`, `bg-${i}`, `Barang ${i}`, chat, at);
      insertOrder.run(paidOrder, id, 1, 'paid', at + 3_600_000, at, at);
      insertOrder.run(`BG-${i}-2`, id, 2, 'expired', at + 3_600_000, at, at);
      const body = `{"order_id":"${paidOrder}","transaction_status":"settlement","status_code":"200","gross_amount":"150000.00"}`;
      insertInbox.run(`bg-${i}`, paidOrder, body, at, at, at);
      insertOutbox.run(`${paidOrder}:paid:merchant`, chat, merchant, at, at, at);
    }
  });
  for (let from = 0; from < links; from += BATCH) fill(from, Math.min(links, from + BATCH));
  db.close();
}
