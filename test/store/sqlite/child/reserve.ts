/**
 * One process of the two-process stock test (../sqlite-store.test.ts; kept in
 * a folder of its own so mocha never loads it as a test): opens the database
 * file, says `ready`, and on `go` (a line on stdin) reserves `count` orders
 * of quantities 1–5 on the link one after another, then prints how many items
 * it got. One at a time, each reservation is a transaction of its own (at once
 * they would share one batch), so the two processes' transactions interleave;
 * the go line makes them start together, whatever their start-up time.
 *
 *   node --import tsx child/reserve.ts <path> <linkId> <count> <name>
 */
import { once } from 'node:events';
import { openSqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';

const [path, linkId, count, name] = process.argv.slice(2);
const store = openSqliteStore({ path: path! });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
let taken = 0;
for (let i = 0; i < Number(count); i++) {
  const quantity = 1 + (i % 5);
  const who = `${name}${i}`;
  const result = await store.orders.reserve({
    linkId: linkId!,
    customer: { name: who, phone: null, email: `${who}@mail.com` },
    customerKey: `email:${who}@mail.com`,
    amount: 150_000 * quantity,
    quantity,
    now: new Date(),
    holdUntil: new Date(Date.now() + 60_000),
    receiptTo: null,
  });
  if (result.kind === 'reserved') taken += result.order.quantity;
}
await store.close();
process.stdout.write(`${JSON.stringify({ taken })}\n`);
process.exit(0);
