/**
 * Where the simulator sends its notifications while orders are being paid
 * for a benchmark: it keeps each order's settlement body exactly as sent, to
 * be replayed later at the server under test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NotificationSink {
  /** The URL to give the simulator as its notification URL. */
  url: string;
  /** Resolves with the settlement body of every order in `orderIds`, once all have arrived. */
  settlements(orderIds: readonly string[], timeoutMs: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function startSink(): Promise<NotificationSink> {
  const received = new Map<string, string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body: unknown = JSON.parse(raw);
      if (typeof body === 'object' && body !== null) {
        const { order_id: orderId, transaction_status: status } = body as Record<string, unknown>;
        if (status === 'settlement' && typeof orderId === 'string') received.set(orderId, raw);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notifications`,
    async settlements(orderIds, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (orderIds.some((id) => !received.has(id))) {
        if (Date.now() > deadline) {
          const missing = orderIds.filter((id) => !received.has(id)).length;
          throw new Error(`${missing} of ${orderIds.length} settlement notifications did not arrive within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return orderIds.map((id) => received.get(id)!);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
