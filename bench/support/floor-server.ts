/**
 * The floor under the webhook's re-check-off figures: the yardstick's work
 * (parse the JSON, check its SHA-512 signature) plus keeping the body the way
 * tagih keeps every notification, `inbox.add` on the embedded store (one
 * write in a group commit, WAL, synchronous=FULL), and nothing applied: no
 * order, no counters, no notice. Whatever tagih costs above this is the
 * payment itself. FLOOR_DB names the database file.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasValidSignature } from '../../src/midtrans/signature.ts';
import { SIMULATOR_DEV_KEY } from '../../src/midtrans/simulator/simulator.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { serveParent } from './parent-link.ts';

const store = openSqliteStore({ path: process.env['FLOOR_DB'] ?? 'floor.db' });
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (!hasValidSignature(body, SIMULATOR_DEV_KEY)) return void res.writeHead(401).end();
    store.inbox.add({ orderId: String(body['order_id']), body: raw, receivedAt: new Date() }).then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
      () => res.writeHead(503).end(),
    );
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveParent(`http://127.0.0.1:${port}`, async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
});
