/**
 * The Midtrans server key never reaches a log line, an error anyone can
 * print, or an HTTP answer, whatever goes wrong on the way to Midtrans: a
 * wrong key (401), a 500, a timeout, a dropped or refused connection, over
 * the paths that really call it (the payment form, the webhook's Get
 * Status, the reconciler), and not through a webhook with a bad signature
 * either, which must not hand out the signature it expected.
 */
import { expect } from 'chai';
import { inspect } from 'node:util';
import { MidtransGateway, type PaymentGateway } from '../../src/midtrans/gateway.ts';
import { signatureFor } from '../../src/midtrans/signature.ts';
import { NOTIFICATION_SAMPLES, signed } from '../midtrans/fixtures/notifications.ts';
import { unusedPort } from '../midtrans/helpers.ts';
import { CUSTOMER, postForm, postJson, SERVER_KEY, startHarness, type Harness } from '../web/harness.ts';
import { captureLogs, everyRendering, leaks, type CapturedLog } from './capture.ts';

/** The key this installation is (wrongly) configured with; the simulator expects SERVER_KEY. */
const WRONG_KEY = 'SB-Mid-server-CANARY-7f3a9c1e5b2d8f4a6c0e';
const basic = (key: string) => Buffer.from(`${key}:`).toString('base64');
const SECRETS = [SERVER_KEY, WRONG_KEY, basic(SERVER_KEY), basic(WRONG_KEY)];

describe('secrets: the Midtrans server key', function () {
  this.timeout(30_000);
  let h: Harness;
  let log: CapturedLog;
  /** Which gateway the app uses right now; tests switch it to make each failure. */
  let current: PaymentGateway;
  const seen: string[] = [];

  const gateway = (overrides: { serverKey?: string; apiBaseUrl?: string; snapBaseUrl?: string; timeoutMs?: number } = {}) =>
    new MidtransGateway(
      {
        serverKey: overrides.serverKey ?? WRONG_KEY,
        clientKey: 'SB-Mid-client-test',
        environment: 'sandbox',
        apiBaseUrl: overrides.apiBaseUrl ?? h.sim.apiBaseUrl,
        snapBaseUrl: overrides.snapBaseUrl ?? h.sim.snapBaseUrl,
        timeoutMs: overrides.timeoutMs ?? 300,
      },
      log.logger.child({ component: 'midtrans' }),
    );

  before(async function () {
    log = captureLogs('trace');
    const switching: PaymentGateway = {
      createSnap: (request) => current.createSnap(request),
      getStatus: (orderId) => current.getStatus(orderId),
      cancel: (orderId) => current.cancel(orderId),
      expire: (orderId) => current.expire(orderId),
      approve: (orderId) => current.approve(orderId),
      deny: (orderId) => current.deny(orderId),
    };
    h = await startHarness({ logger: log.logger, verifyStatus: true, gateway: () => switching, retry: { baseMs: 10, maxMs: 20, maxAttempts: 2, notFoundAttempts: 2 } });
  });

  after(async function () {
    await h.close();
  });

  /** A form post whose payment cannot start: the customer gets a 503 page that names no key. */
  async function payAndFail(): Promise<void> {
    const link = await h.createLink({ usageLimit: null });
    const res = await postForm(`${h.url}/p/${link.slug}`, CUSTOMER);
    const page = await res.text();
    seen.push(page, JSON.stringify([...res.headers]));
    expect(res.status).to.equal(503);
    expect(leaks(page, SECRETS)).to.deep.equal([]);
  }

  it('stays out of the payment page, logs and errors when Midtrans refuses the key (401)', async function () {
    current = gateway();
    await payAndFail();
    const err = await current.getStatus('any-order').catch((e: unknown) => e);
    seen.push(everyRendering(err), inspect(current, { depth: null, showHidden: true }), JSON.stringify(current));
    expect(everyRendering(err)).to.contain('MIDTRANS_UNAUTHORIZED');
    expect(log.text()).to.contain('MIDTRANS_UNAUTHORIZED');
  });

  it('stays out of them on a 500, a timeout and a dropped connection', async function () {
    current = gateway({ serverKey: SERVER_KEY });
    for (const fault of [{ status: 500 }, { delayMs: 1_000 }, { drop: true }]) {
      h.sim.failNext('snap', fault);
      await payAndFail();
      h.sim.failNext('status', fault);
      seen.push(everyRendering(await current.getStatus('x').catch((e: unknown) => e)));
    }
    expect(log.text()).to.contain('MIDTRANS_TIMEOUT').and.contain('MIDTRANS_UNAVAILABLE').and.contain('MIDTRANS_UNREACHABLE');
  });

  it('stays out of them when nothing listens where Midtrans should be', async function () {
    const port = await unusedPort();
    current = gateway({ apiBaseUrl: `http://127.0.0.1:${port}`, snapBaseUrl: `http://127.0.0.1:${port}/snap/v1` });
    await payAndFail();
    seen.push(everyRendering(await current.cancel('x').catch((e: unknown) => e)));
  });

  it('stays out of the webhook answer and the logs when Get Status fails and the reconciler retries', async function () {
    current = gateway({ serverKey: SERVER_KEY });
    const link = await h.createLink({ usageLimit: null });
    const { order } = await h.links.reserve(link.slug, CUSTOMER);
    current = gateway();
    const res = await postJson(`${h.url}/webhooks/midtrans`, signed(NOTIFICATION_SAMPLES.qrisSettlement, SERVER_KEY, { order_id: order.id, gross_amount: '150000.00' }));
    seen.push(await res.text());
    expect(res.status).to.equal(200);
    await h.notifications.drain();
    await h.reconciler.runOnce();
    expect(log.text()).to.contain('Get Status failed');
  });

  it('answers a bad signature with 401 and never shows or logs the signature it expected', async function () {
    const body = { ...NOTIFICATION_SAMPLES.qrisSettlement, order_id: 'INV-SIG-1', signature_key: 'f'.repeat(128) };
    const expected = signatureFor(body.order_id, body.status_code, body.gross_amount, SERVER_KEY);
    const res = await postJson(`${h.url}/webhooks/midtrans`, body);
    const answer = await res.text();
    seen.push(answer);
    expect(res.status).to.equal(401);
    expect(answer).to.equal('{"status":"error","error":"invalid signature"}');
    expect(log.text()).to.not.contain(expected);
    expect(log.text()).to.contain('missing or wrong signature');
  });

  it('appears in no log line of this whole run', function () {
    expect(log.lines().length).to.be.greaterThan(10);
    expect(leaks([log.text(), ...seen].join('\n'), SECRETS)).to.deep.equal([]);
  });
});
