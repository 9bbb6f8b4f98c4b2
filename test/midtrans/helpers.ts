/**
 * Small real servers and clients for the Midtrans tests: a notification
 * receiver whose answer each test chooses, and a Snap create call that does
 * not go through the gateway (so simulator tests do not depend on it).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayError } from '../../src/midtrans/errors.ts';
import type { Simulator } from '../../src/midtrans/simulator/simulator.ts';
import type { SnapCreateBody } from '../../src/midtrans/types.ts';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/**
 * Answers `/answer/<status>` with that status and `/answer/hang` never;
 * `/redirect/<code>` redirects to `/answer/200`. Everything is recorded.
 */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>) });
      const [, kind, value] = path.split('/');
      if (kind === 'answer' && value === 'hang') return;
      if (kind === 'redirect') {
        res.writeHead(Number(value), { location: '/answer/200' }).end();
        return;
      }
      res.writeHead(kind === 'answer' ? Number(value) : 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound and released again. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function basicAuth(serverKey: string): string {
  return `Basic ${Buffer.from(`${serverKey}:`).toString('base64')}`;
}

export function snapBody(orderId: string, amount = 150000, extra: Partial<SnapCreateBody> = {}): SnapCreateBody {
  return {
    transaction_details: { order_id: orderId, gross_amount: amount },
    item_details: [{ id: 'item-1', name: 'Kaos', price: amount, quantity: 1 }],
    customer_details: { first_name: 'Budi', email: 'budi@example.com', phone: '+6281234567890' },
    callbacks: { finish: 'http://shop.test/p/abc/done' },
    ...extra,
  };
}

/** POST /snap/v1/transactions straight over HTTP; returns status and parsed body. */
export async function createSnap(sim: Simulator, serverKey: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.snapBaseUrl}/transactions`, {
    method: 'POST',
    headers: { authorization: basicAuth(serverKey), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The GatewayError a call fails with; a call that succeeds fails the test. */
export async function gatewayFailure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error('expected the call to fail');
}
