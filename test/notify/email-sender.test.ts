import { expect } from 'chai';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { DeliveryError } from '../../src/notify/delivery.ts';
import { EmailSender } from '../../src/notify/email-sender.ts';
import { OutboxWorker } from '../../src/notify/outbox-worker.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { linkShare, outboxEntry } from './fixtures.ts';
import { captureLog, waitFor, type CapturedLog } from './helpers.ts';

const USER = 'tagih';
const PASSWORD = 'Sup3rSecretSmtpPa55';

interface Received {
  from: string | null;
  to: string[];
  raw: string;
}

interface TestSmtp {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback, requiring a login, refusing recipients with `rcptReply` when set. */
async function startSmtp(rcptReply: { code: number; text: string } | null = null): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(Object.assign(new Error('5.7.8 Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (!rcptReply) return callback();
      const err: SMTPServerError = Object.assign(new Error(rcptReply.text), { responseCode: rcptReply.code });
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(resolve)) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const smtpUrl = (port: number, password = PASSWORD) => `smtp://${USER}:${password}@127.0.0.1:${port}`;

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

async function sendError(sender: EmailSender, target = 'siti@mail.com'): Promise<DeliveryError> {
  const err: unknown = await sender.send(target, linkShare(), 'id').then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(err)}`);
  return err;
}

describe('EmailSender over a real SMTP server', function () {
  let log: CapturedLog;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(function () {
    log = captureLog();
  });

  afterEach(async function () {
    await Promise.all(closers.splice(0).map((close) => close()));
    expect(log.text(), 'the SMTP password reached a log line').not.to.include(PASSWORD);
  });

  async function smtp(rcptReply: { code: number; text: string } | null = null): Promise<TestSmtp> {
    const server = await startSmtp(rcptReply);
    closers.push(server.close);
    return server;
  }

  const sender = (url: string, timeoutMs?: number) =>
    new EmailSender({ smtpUrl: url, from: 'Toko Budi <toko@example.com>', logger: log.logger, ...(timeoutMs ? { timeoutMs } : {}) });

  it('delivers a link through the outbox worker: subject, From, To, price and Pay URL in both languages', async function () {
    const server = await smtp();
    const store = openSqliteStore({ path: ':memory:' });
    closers.push(() => store.close());
    const entry = outboxEntry('siti@mail.com', { channel: 'email', merchantId: null, notice: linkShare() });
    await store.outbox.enqueue([entry], new Date());
    const worker = new OutboxWorker({ outbox: store.outbox, senders: [sender(smtpUrl(server.port))], logger: log.logger, pollIntervalMs: 10 });
    closers.push(() => worker.stop());
    worker.start();

    await waitFor(async () => (await store.outbox.list({ status: 'sent', limit: 10 })).length === 1, 5000, 'mail sent');
    expect(server.received).to.have.length(1);
    const mail = server.received[0]!;
    expect(mail.from).to.equal('toko@example.com');
    expect(mail.to).to.deep.equal(['siti@mail.com']);

    const [head = '', ...rest] = mail.raw.split(/\r?\n\r?\n/);
    const headers = head.replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).to.match(/^Subject: Link pembayaran dari Toko Budi: Kaos Polos Hitam$/m);
    expect(headers).to.match(/^From: Toko Budi <toko@example\.com>$/m);
    expect(headers).to.match(/^To: siti@mail\.com$/m);
    expect(mail.raw).to.match(/Content-Transfer-Encoding: quoted-printable/i);
    const body = decodeQuotedPrintable(rest.join('\n\n'));
    for (const fact of ['Halo Siti', 'Hello Siti', 'Harga: Rp150.000', 'Price: Rp150.000', 'https://pay.example.com/p/k7q2m9x4p1ab']) {
      expect(body, fact).to.include(fact);
    }
    expect(body).to.include('<a href="https://pay.example.com/p/k7q2m9x4p1ab"');
    expect(log.text()).to.include('email channel ready').and.include('127.0.0.1');
  });

  it('calls a 550 recipient refusal permanent, without echoing the address', async function () {
    const server = await smtp({ code: 550, text: '5.1.1 <siti@mail.com>: Recipient address rejected' });
    const err = await sendError(sender(smtpUrl(server.port)));
    expect(err.failure).to.equal('permanent');
    expect(err.message).to.match(/^SMTP 550 at RCPT TO/);
    expect(err.message).not.to.include('siti@mail.com');
  });

  it('calls 553 permanent and a 4xx refusal transient', async function () {
    const refused = await smtp({ code: 553, text: '5.1.3 Bad recipient address syntax' });
    expect((await sendError(sender(smtpUrl(refused.port)))).failure).to.equal('permanent');
    const busy = await smtp({ code: 450, text: '4.2.1 Mailbox busy, try later' });
    expect((await sendError(sender(smtpUrl(busy.port)))).failure).to.equal('transient');
  });

  it('calls a server that is down transient', async function () {
    const err = await sendError(sender(smtpUrl(await closedPort())));
    expect(err.failure).to.equal('transient');
    expect(err.message).not.to.include(PASSWORD);
  });

  it('gives up on a server that never greets within the timeout, as transient', async function () {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const started = Date.now();
    const err = await sendError(sender(smtpUrl((silent.address() as AddressInfo).port), 200));
    expect(err.failure).to.equal('transient');
    expect(Date.now() - started).to.be.below(2000);
  });

  it('treats a refused login as the operator’s to fix (transient), never showing the password', async function () {
    const server = await smtp();
    const err = await sendError(sender(smtpUrl(server.port, 'wrong-Pa55word-xyz')));
    expect(err.failure).to.equal('transient');
    expect(err.message).to.match(/login refused/);
    expect(err.message).not.to.include('wrong-Pa55word-xyz');
  });

  it('keeps the password out of the worker’s logs when the server is down', async function () {
    const store = openSqliteStore({ path: ':memory:' });
    closers.push(() => store.close());
    const entry = outboxEntry('siti@mail.com', { channel: 'email', merchantId: null, notice: linkShare() });
    await store.outbox.enqueue([entry], new Date());
    const worker = new OutboxWorker({ outbox: store.outbox, senders: [sender(smtpUrl(await closedPort()))], logger: log.logger, pollIntervalMs: 10 });
    closers.push(() => worker.stop());
    worker.start();
    await waitFor(() => log.text().includes('will be retried'), 5000, 'a retry');
    const [pending] = await store.outbox.list({ limit: 1 });
    expect(pending!.lastError).to.match(/^transient: SMTP/).and.not.include(PASSWORD);
  });
});
