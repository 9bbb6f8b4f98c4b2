/**
 * The comparison point for the webhook benchmark: a Midtrans webhook written
 * the way midtrans-client's README and most tutorials write it. express.json(),
 * `core.transaction.notification(body)` (Get Status through the library, by
 * transaction_id), then a read-modify-write of the order. No inbox and no
 * signature check (the library does none). Each write is its own commit on a
 * WAL database with synchronous=FULL, as durable as tagih's store, so the
 * comparison is fair about fsync.
 *
 * Environment: NAIVE_DB (an SQLite file whose `orders` table the benchmark
 * filled), MIDTRANS_API_BASE_URL (the simulator), MIDTRANS_SERVER_KEY.
 */
import Database from 'better-sqlite3';
import express from 'express';
import midtransClient from 'midtrans-client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from './parent-link.ts';

/** What the tutorial code reads from the Get Status answer, trusted as is. */
interface StatusAnswer {
  order_id?: string;
  transaction_status?: string;
  fraud_status?: string;
}

interface CoreApi {
  apiConfig: { getCoreApiBaseUrl(): string };
  transaction: { notification(body: unknown): Promise<StatusAnswer> };
}

// The project's declaration of midtrans-client types only what the gateway uses; CoreApi is the tutorials' entry point.
const { CoreApi } = midtransClient as unknown as { CoreApi: new (options: { isProduction: boolean; serverKey: string; clientKey: string }) => CoreApi };

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const apiBaseUrl = required('MIDTRANS_API_BASE_URL');
const core = new CoreApi({ isProduction: false, serverKey: required('MIDTRANS_SERVER_KEY'), clientKey: '' });
core.apiConfig.getCoreApiBaseUrl = () => apiBaseUrl;

const db = new Database(required('NAIVE_DB'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
// Prepared once: kinder to the naive handler than preparing per request, as much code does.
const readOrder = db.prepare<[string], { id: string; status: string }>('SELECT id, status FROM orders WHERE id = ?');
const writeOrder = db.prepare<[string, number, string]>('UPDATE orders SET status = ?, updated_at = ? WHERE id = ?');

/** The README's mapping of a Get Status answer to an order status. */
function statusFrom(answer: StatusAnswer): string {
  const { transaction_status: status, fraud_status: fraud } = answer;
  if (status === 'capture') return fraud === 'accept' ? 'paid' : 'challenge';
  if (status === 'settlement') return 'paid';
  if (status === 'cancel' || status === 'deny' || status === 'expire') return 'failed';
  return 'pending';
}

const app = express();
app.post('/webhooks/midtrans', express.json(), async (req, res) => {
  try {
    const answer = await core.transaction.notification(req.body);
    const order = readOrder.get(String(answer.order_id));
    if (!order) return void res.status(404).send('order not found');
    order.status = statusFrom(answer);
    writeOrder.run(order.status, Date.now(), order.id);
    res.status(200).send('OK');
  } catch {
    res.status(500).send('error');
  }
});

const server = createServer(app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveParent(`http://127.0.0.1:${port}`, async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  db.close();
});
