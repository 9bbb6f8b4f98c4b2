/**
 * The yardstick for the webhook numbers: node:http, parse the JSON body,
 * check its SHA-512 signature, answer 200. Nothing stored, no framework. Its
 * rate says how fast this machine is at the moment of the run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasValidSignature } from '../../src/midtrans/signature.ts';
import { SIMULATOR_DEV_KEY } from '../../src/midtrans/simulator/simulator.ts';
import { serveParent } from './parent-link.ts';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const valid = hasValidSignature(JSON.parse(Buffer.concat(chunks).toString('utf8')), SIMULATOR_DEV_KEY);
    res.writeHead(valid ? 200 : 401, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveParent(`http://127.0.0.1:${port}`, async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
