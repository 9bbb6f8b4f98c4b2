import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { CoreApiClient } from '../../src/midtrans/core-api.ts';
import { basicAuth, gatewayFailure } from './helpers.ts';

const KEY = 'SB-Mid-server-core-test';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A stand-in for the Core API whose behaviour each test sets; it records what it was asked. */
async function startServer(behave: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      behave(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('CoreApiClient', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let client: CoreApiClient | undefined;
  const start = async (behave: Parameters<typeof startServer>[0], timeoutMs = 2000) => {
    server = await startServer(behave);
    client = new CoreApiClient(server.url, KEY, timeoutMs);
    return { server, client };
  };
  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  it('asks with Basic auth and JSON, below the base URL, and resolves with the body', async () => {
    const { server, client } = await start((_req, res) => json(res, 200, { status_code: '200', transaction_status: 'settlement' }));
    const body = await client.call('getStatus', 'GET', 'v2/INV-1-1/status');
    expect(body).to.deep.equal({ status_code: '200', transaction_status: 'settlement' });
    expect(server.seen[0]).to.include({ method: 'GET', url: '/v2/INV-1-1/status', body: '' });
    expect(server.seen[0]!.authorization).to.equal(basicAuth(KEY));
    await client.call('cancel', 'POST', 'v2/INV-1-1/cancel');
    expect(server.seen[1]).to.include({ method: 'POST', contentType: 'application/json', body: '{}' });
  });

  it('reads a 200 whose body carries an error status_code as that error, except 407', async () => {
    const { client } = await start((req, res) =>
      req.url!.includes('gone')
        ? json(res, 200, { status_code: '407', transaction_status: 'expire' })
        : json(res, 200, { status_code: '404', status_message: "Transaction doesn't exist." }),
    );
    const err = await gatewayFailure(client.call('getStatus', 'GET', 'v2/x/status'));
    expect(isAppError(err, 'MIDTRANS_NOT_FOUND')).to.equal(true);
    expect(err.details).to.deep.include({ httpStatus: 404, messages: ["Transaction doesn't exist."] });
    expect(await client.call('expire', 'POST', 'v2/gone/expire')).to.include({ status_code: '407' });
  });

  it('maps HTTP error statuses with what Midtrans said', async () => {
    const { client } = await start((req, res) => json(res, Number(req.url!.slice(1, 4)), { error_messages: ['said so'] }));
    const cases: Array<[string, string, boolean]> = [
      ['401', 'MIDTRANS_UNAUTHORIZED', false],
      ['404', 'MIDTRANS_NOT_FOUND', false],
      ['412', 'MIDTRANS_REJECTED', false],
      ['429', 'MIDTRANS_UNAVAILABLE', true],
      ['502', 'MIDTRANS_UNAVAILABLE', true],
    ];
    for (const [status, code, retryable] of cases) {
      const err = await gatewayFailure(client.call('getStatus', 'GET', `${status}/status`));
      expect(err.code, status).to.equal(code);
      expect(err.retryable, status).to.equal(retryable);
      expect(err.details.httpStatus, status).to.equal(Number(status));
    }
  });

  it('calls what is not a Midtrans answer unexpected: not JSON, not an object, a redirect, too big', async () => {
    const { client } = await start((req, res) => {
      if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<h1>proxy</h1>');
      }
      if (req.url === '/array') return json(res, 200, [1, 2]);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/elsewhere' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"status_code":"200","padding":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    });
    for (const path of ['html', 'array', 'redirect', 'huge']) {
      const err = await gatewayFailure(client.call('getStatus', 'GET', path));
      expect(err.code, path).to.equal('MIDTRANS_UNAVAILABLE');
      expect(err.details.reason, path).to.equal('unexpected answer');
    }
  });

  it('ends a call at its deadline, even while the answer trickles in', async () => {
    const { client } = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status_code":');
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    }, 300);
    const started = Date.now();
    const err = await gatewayFailure(client.call('getStatus', 'GET', 'v2/slow/status'));
    expect(err.code).to.equal('MIDTRANS_TIMEOUT');
    expect(err.retryable).to.equal(true);
    expect(Date.now() - started).to.be.within(250, 1500);
  });

  it('asks once more when a kept-alive connection was closed under a read, never under a write', async () => {
    let calls = 0;
    const { server, client } = await start((req, res) => {
      calls += 1;
      // The first answer keeps the connection open; the second request on it finds it cut.
      if (calls === 2) return req.socket.destroy();
      json(res, 200, { status_code: '200' });
    });
    await client.call('getStatus', 'GET', 'v2/a/status');
    expect(await client.call('getStatus', 'GET', 'v2/a/status')).to.deep.equal({ status_code: '200' });
    expect(server.seen.map((s) => s.method)).to.deep.equal(['GET', 'GET', 'GET']);

    calls = 0;
    await client.call('getStatus', 'GET', 'v2/b/status');
    const err = await gatewayFailure(client.call('cancel', 'POST', 'v2/b/cancel'));
    expect(err.code).to.equal('MIDTRANS_UNREACHABLE');
    expect(err.details.networkCode).to.equal('ECONNRESET');
  });

  it('says MIDTRANS_UNREACHABLE with the network code when nobody listens', async () => {
    const { server } = await start(() => undefined);
    await server.close();
    const err = await gatewayFailure(client!.call('getStatus', 'GET', 'v2/a/status'));
    expect(err.code).to.equal('MIDTRANS_UNREACHABLE');
    expect(err.details.networkCode).to.equal('ECONNREFUSED');
  });
});
