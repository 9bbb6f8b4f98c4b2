/**
 * The SMTP password in SMTP_URL never reaches a log line, the outbox's
 * last_error or an error anyone can print: not when the server is down,
 * never greets, speaks plain text to an smtps:// URL, or refuses the login,
 * and not when a server quotes the login it refused (the AUTH PLAIN or LOGIN
 * payload is the password in base64). Driven through the outbox worker, as
 * main.ts runs it.
 */
import { expect } from 'chai';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DeliveryError } from '../../src/notify/delivery.ts';
import { EmailSender } from '../../src/notify/email-sender.ts';
import { OutboxWorker } from '../../src/notify/outbox-worker.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { unusedPort } from '../midtrans/helpers.ts';
import { linkShare, outboxEntry } from '../notify/fixtures.ts';
import { captureLogs, everyRendering, leaks, type CapturedLog } from './capture.ts';

const USER = 'toko@example.com';
/** URL-special characters on purpose: the URL carries it percent-encoded. */
const PASSWORD = 'Canary-p@ss:w/rd#7?&x=Q9z';
const url = (port: number, scheme = 'smtp') => `${scheme}://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
/** Every piece of these must stay out (the user name alone is not secret, so the PLAIN payload is checked whole). */
const SECRETS = [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(PASSWORD).toString('base64')];
const PLAIN_PAYLOAD = Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString('base64');

type Behaviour = 'silent' | 'echo-plain' | 'echo-login';

/**
 * A scripted SMTP server: `silent` never greets; the others offer one AUTH
 * method and refuse the login, quoting what the client sent (some servers
 * and proxies do).
 */
async function scriptedSmtp(behaviour: Behaviour): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (behaviour === 'silent') return;
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 smtp.test ESMTP');
    let buffer = '';
    let loginStep = 0;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (loginStep === 1) {
          loginStep = 2;
          say('334 UGFzc3dvcmQ6');
        } else if (loginStep === 2) {
          say(`535 5.7.8 Authentication failed for ${line}`);
          loginStep = 0;
        } else if (/^EHLO/i.test(line)) say(`250-smtp.test\r\n250 AUTH ${behaviour === 'echo-plain' ? 'PLAIN' : 'LOGIN'}`);
        else if (/^AUTH PLAIN/i.test(line)) say(`535 5.7.8 Authentication credentials invalid: ${line}`);
        else if (/^AUTH LOGIN/i.test(line)) {
          loginStep = 1;
          say('334 VXNlcm5hbWU6');
        } else if (/^QUIT/i.test(line)) {
          say('221 bye');
          socket.end();
        } else say(`500 5.5.2 unrecognised: ${line}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('secrets: the SMTP password', function () {
  this.timeout(20_000);
  let log: CapturedLog;
  let store: Store;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(function () {
    log = captureLogs('trace');
    store = openSqliteStore({ path: ':memory:' });
  });

  afterEach(async function () {
    await Promise.all(closers.splice(0).map((close) => close()));
    await store.close();
  });

  /** Sends once directly (the thrown error) and once through the worker (its logs and last_error). */
  async function failAndCheck(smtpUrl: string): Promise<DeliveryError> {
    const sender = new EmailSender({ smtpUrl, from: 'Toko Budi <toko@example.com>', logger: log.logger.child({ component: 'email' }), timeoutMs: 400 });
    const thrown = await sender.send('siti@mail.com', linkShare(), 'id').then(
      () => null,
      (err: unknown) => err,
    );
    expect(thrown).to.be.instanceOf(DeliveryError);

    await store.outbox.enqueue([outboxEntry('siti@mail.com', { channel: 'email', merchantId: null, notice: linkShare() })], new Date());
    const worker = new OutboxWorker({ outbox: store.outbox, senders: [sender], logger: log.logger.child({ component: 'outbox' }), pollIntervalMs: 10 });
    worker.start();
    const deadline = Date.now() + 5_000;
    while (!(await store.outbox.list({ limit: 10 })).some((e) => e.lastError !== null) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    const entries = await store.outbox.list({ limit: 10 });
    expect(entries.some((e) => e.lastError !== null), 'the worker recorded the failure').to.equal(true);

    const everything = [everyRendering(thrown), log.text(), ...entries.map((e) => e.lastError ?? '')].join('\n');
    expect(leaks(everything, SECRETS, 10)).to.deep.equal([]);
    expect(everything).to.not.contain(PLAIN_PAYLOAD);
    return thrown as DeliveryError;
  }

  it('stays out when the server is down', async function () {
    const err = await failAndCheck(url(await unusedPort()));
    expect(err.failure).to.equal('transient');
  });

  it('stays out when the server never greets', async function () {
    const server = await scriptedSmtp('silent');
    closers.push(server.close);
    await failAndCheck(url(server.port));
  });

  it('stays out when an smtps:// URL meets a plain-text server', async function () {
    const server = await scriptedSmtp('echo-plain');
    closers.push(server.close);
    await failAndCheck(url(server.port, 'smtps'));
  });

  it('stays out when the server refuses AUTH PLAIN and quotes the payload', async function () {
    const server = await scriptedSmtp('echo-plain');
    closers.push(server.close);
    const err = await failAndCheck(url(server.port));
    expect(err.message).to.match(/login refused/);
  });

  it('stays out when the server refuses AUTH LOGIN and quotes the password line', async function () {
    const server = await scriptedSmtp('echo-login');
    closers.push(server.close);
    const err = await failAndCheck(url(server.port));
    expect(err.message).to.match(/login refused/);
  });
});
