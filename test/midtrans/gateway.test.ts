import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { type Logger, pino } from 'pino';
import { isAppError } from '../../src/domain/errors.ts';
import { type GatewayError, MidtransGateway, type MidtransConfig, type SnapRequest } from '../../src/midtrans/gateway.ts';
import { toObservation } from '../../src/midtrans/observation.ts';
import { hasValidSignature } from '../../src/midtrans/signature.ts';
import { type Simulator, startSimulator } from '../../src/midtrans/simulator/simulator.ts';
import { gatewayFailure, unusedPort } from './helpers.ts';

/** Distinctive, so a leak anywhere is found by a plain substring search. */
const SERVER_KEY = 'SB-Mid-server-LEAKCHECK-7f3a9c1e5b';
const KEY_FORMS = [SERVER_KEY, Buffer.from(`${SERVER_KEY}:`).toString('base64'), 'LEAKCHECK'];

function snapRequest(orderId: string, overrides: Partial<SnapRequest> = {}): SnapRequest {
  const startAt = new Date();
  return {
    orderId,
    amount: 150000,
    items: [{ id: 'kaos', name: 'Kaos hitam', price: 150000, quantity: 1 }],
    customer: { firstName: 'Budi', email: 'budi@example.com', phone: '6281234567890' },
    finishUrl: 'http://shop.test/p/abc/done',
    startAt,
    expiresAt: new Date(startAt.getTime() + 30 * 60_000),
    ...overrides,
  };
}

/** JSON.stringify as a logger would try it; a circular value is a leak candidate too, so inspect it instead. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return inspect(value, { depth: null, showHidden: true });
  }
}

/** Every way an error could end up in a log or a response. */
function renderings(err: unknown): string {
  const parts = [json(err), inspect(err, { depth: null, showHidden: true }), String(err)];
  for (let e: unknown = err; e instanceof Error; e = e.cause) parts.push(e.message, e.stack ?? '', json(e));
  return parts.join('\n');
}

describe('MidtransGateway against the simulator', () => {
  let sim: Simulator;
  let gateway: MidtransGateway;
  let logger: Logger;
  let logged = '';

  const config = (overrides: Partial<MidtransConfig> = {}): MidtransConfig => ({
    serverKey: SERVER_KEY,
    clientKey: 'SB-Mid-client-test',
    environment: 'sandbox',
    apiBaseUrl: sim.apiBaseUrl,
    snapBaseUrl: sim.snapBaseUrl,
    timeoutMs: 2000,
    ...overrides,
  });
  /** Every gateway logs into `logged`, so the leak check sees all their log lines. */
  const newGateway = (overrides: Partial<MidtransConfig> = {}) => new MidtransGateway(config(overrides), logger);
  const expectFailure = async (promise: Promise<unknown>, code: string): Promise<GatewayError> => {
    const err = await gatewayFailure(promise);
    expect(isAppError(err, code), `${String(err)}`).to.equal(true);
    return err;
  };

  before(async () => {
    sim = await startSimulator({ serverKey: SERVER_KEY });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    logger = pino({ level: 'debug' }, sink);
    gateway = newGateway();
  });
  after(() => sim.close());

  it('creates a Snap page and sends Midtrans a complete body', async () => {
    const session = await gateway.createSnap(snapRequest('gw-create-1'));
    expect(session.token).to.match(/^[0-9a-f-]{36}$/);
    expect(session.redirectUrl).to.equal(`${sim.url}/snap/v3/redirection/${session.token}`);
    const { request } = sim.transaction('gw-create-1')!;
    expect(request.item_details).to.deep.equal([{ id: 'kaos', name: 'Kaos hitam', price: 150000, quantity: 1 }]);
    expect(request.expiry).to.include({ unit: 'minute', duration: 30 });
    expect(request.expiry?.start_time).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0700$/);
    expect(request.callbacks).to.deep.equal({ finish: 'http://shop.test/p/abc/done' });
  });

  it('maps a wrong key to MIDTRANS_UNAUTHORIZED, not retryable', async () => {
    const wrong = newGateway({ serverKey: 'SB-Mid-server-wrong' });
    const err = await expectFailure(wrong.createSnap(snapRequest('gw-401')), 'MIDTRANS_UNAUTHORIZED');
    expect(err.retryable).to.equal(false);
    expect(err.details.httpStatus).to.equal(401);
    await expectFailure(wrong.getStatus('gw-401'), 'MIDTRANS_UNAUTHORIZED');
  });

  it('refuses a mismatched amount itself, without calling Midtrans', async () => {
    const before = sim.requests().length;
    const err = await gatewayFailure(gateway.createSnap(snapRequest('gw-sum', { amount: 100 })));
    expect(isAppError(err, 'SNAP_AMOUNT_MISMATCH')).to.equal(true);
    expect(sim.requests()).to.have.length(before);
  });

  it("keeps Midtrans's messages when it rejects a request (duplicate order id)", async () => {
    await gateway.createSnap(snapRequest('gw-dup'));
    const err = await expectFailure(gateway.createSnap(snapRequest('gw-dup')), 'MIDTRANS_REJECTED');
    expect(err.retryable).to.equal(false);
    expect(err.details.httpStatus).to.equal(400);
    expect(err.details.messages).to.deep.equal(['transaction_details.order_id has been paid and utilized, please use another order ID']);
    expect(err.say('en')).to.contain('has been paid and utilized');
  });

  it('maps a 400 for a sum mismatch to MIDTRANS_REJECTED with the message', async () => {
    sim.failNext('snap', { status: 400, body: { error_messages: ['transaction_details.gross_amount is not equal to the sum of item_details'] } });
    const err = await expectFailure(gateway.createSnap(snapRequest('gw-400')), 'MIDTRANS_REJECTED');
    expect(err.details.messages).to.deep.equal(['transaction_details.gross_amount is not equal to the sum of item_details']);
  });

  it('reads Get Status: null before a method is chosen, the signed body after', async () => {
    await gateway.createSnap(snapRequest('gw-status'));
    expect(await gateway.getStatus('gw-status')).to.equal(null);
    await sim.choose('gw-status', 'bca_va');
    const body = await gateway.getStatus('gw-status');
    expect(body).to.include({ order_id: 'gw-status', transaction_status: 'pending', status_code: '201', gross_amount: '150000.00' });
    expect(body?.status_message).to.equal('Success, transaction is found');
    expect(hasValidSignature(body, SERVER_KEY)).to.equal(true);
    expect(toObservation(body)).to.include({ transactionStatus: 'pending', channel: 'bca', paymentType: 'bank_transfer' });
    const byTransactionId = await gateway.getStatus(String(body?.transaction_id));
    expect(byTransactionId?.order_id).to.equal('gw-status');
  });

  it('treats a 200 answer whose body says 404 as "no such transaction"', async () => {
    sim.failNext('status', { status: 200, body: { status_code: '404', status_message: 'The requested resource is not found' } });
    expect(await gateway.getStatus('gw-anything')).to.equal(null);
  });

  it('cancels a pending transaction, and reports a refused cancel', async () => {
    await gateway.createSnap(snapRequest('gw-cancel'));
    await sim.choose('gw-cancel', 'gopay');
    await gateway.cancel('gw-cancel');
    expect(sim.transaction('gw-cancel')?.payment?.status).to.equal('cancel');
    const err = await expectFailure(gateway.cancel('gw-cancel'), 'MIDTRANS_REJECTED');
    expect(err.details.httpStatus).to.equal(412);
    expect(err.details.messages?.[0]).to.contain('Merchant cannot modify the status of the transaction');
  });

  it('refunds by transaction id with refund_key, amount and reason, and reads the answer; a VA refund is refused', async () => {
    await gateway.createSnap(snapRequest('gw-refund'));
    await sim.pay('gw-refund', 'qris');
    const transactionId = sim.truth('gw-refund').transactionIds[0]!;
    const answer = await gateway.refund(transactionId, { refundKey: 'gw-r-1', amount: 40000, reason: 'rusak' });
    expect(answer).to.deep.equal({ refundKey: 'gw-r-1', refundAmount: 40000, transactionStatus: 'partial_refund' });
    expect(sim.transaction('gw-refund')!.payment!.refunds[0]).to.include({ key: 'gw-r-1', amount: 40000, reason: 'rusak' });
    await gateway.createSnap(snapRequest('gw-refund-va'));
    await sim.pay('gw-refund-va', 'bca_va');
    const err = await expectFailure(gateway.refund('gw-refund-va', { refundKey: 'gw-r-2', amount: 1000, reason: null }), 'MIDTRANS_REJECTED');
    expect(err.details).to.include({ operation: 'refund', httpStatus: 412 });
  });

  it('expires a pending transaction (status_code 407 is success); Get Status then says 407', async () => {
    await gateway.createSnap(snapRequest('gw-expire'));
    await sim.choose('gw-expire', 'qris');
    expect(await gateway.expire('gw-expire')).to.deep.equal({ kind: 'expired' });
    const body = await gateway.getStatus('gw-expire');
    expect(body).to.include({ transaction_status: 'expire', status_code: '407' });
    expect(hasValidSignature(body, SERVER_KEY)).to.equal(true);
  });

  it('answers "absent" to expiring what Midtrans does not know, and MIDTRANS_NOT_FOUND to cancelling it', async () => {
    expect(await gateway.expire('gw-never-created')).to.deep.equal({ kind: 'absent' });
    await gateway.createSnap(snapRequest('gw-no-method'));
    expect(await gateway.expire('gw-no-method')).to.deep.equal({ kind: 'absent' });
    await expectFailure(gateway.cancel('gw-no-method'), 'MIDTRANS_NOT_FOUND');
  });

  it('answers "refused" to expiring a transaction past pending (412): the slot it holds must stay', async () => {
    await gateway.createSnap(snapRequest('gw-paid-expire'));
    await sim.pay('gw-paid-expire', 'qris', { notify: false });
    expect(await gateway.expire('gw-paid-expire')).to.deep.equal({ kind: 'refused' });
    expect((await gateway.getStatus('gw-paid-expire'))!.transaction_status).to.equal('settlement');
  });

  it('gives up after timeoutMs with MIDTRANS_TIMEOUT, retryable', async () => {
    const quick = newGateway({ timeoutMs: 150 });
    sim.failNext('status', { delayMs: 2000 });
    const started = Date.now();
    const err = await expectFailure(quick.getStatus('gw-slow'), 'MIDTRANS_TIMEOUT');
    expect(Date.now() - started).to.be.below(1000);
    expect(err.retryable).to.equal(true);
    sim.failNext('snap', { delayMs: 2000 });
    await expectFailure(quick.createSnap(snapRequest('gw-slow-snap')), 'MIDTRANS_TIMEOUT');
  });

  it('maps 5xx to MIDTRANS_UNAVAILABLE, retryable', async () => {
    sim.failNext('snap', { status: 500 });
    const err = await expectFailure(gateway.createSnap(snapRequest('gw-500')), 'MIDTRANS_UNAVAILABLE');
    expect(err.retryable).to.equal(true);
    expect(err.details).to.include({ httpStatus: 500 });
    sim.failNext('status', { status: 503 });
    await expectFailure(gateway.getStatus('gw-503'), 'MIDTRANS_UNAVAILABLE');
  });

  it('maps a refused port and a dropped connection to MIDTRANS_UNREACHABLE, retryable', async () => {
    const port = await unusedPort();
    const nowhere = newGateway({ apiBaseUrl: `http://127.0.0.1:${port}`, snapBaseUrl: `http://127.0.0.1:${port}/snap/v1` });
    const refused = await expectFailure(nowhere.createSnap(snapRequest('gw-refused')), 'MIDTRANS_UNREACHABLE');
    expect(refused.retryable).to.equal(true);
    expect(refused.details.networkCode).to.equal('ECONNREFUSED');
    sim.failNext('expire', { drop: true });
    await expectFailure(gateway.expire('gw-dropped'), 'MIDTRANS_UNREACHABLE');
  });

  it('calls an answer that is not what Midtrans documents MIDTRANS_UNAVAILABLE', async () => {
    sim.failNext('snap', { status: 201, body: { tokens: 'nope' } });
    const err = await expectFailure(gateway.createSnap(snapRequest('gw-odd')), 'MIDTRANS_UNAVAILABLE');
    expect(err.details.reason).to.equal('unexpected answer');
  });

  it('encodes order ids in paths', async () => {
    expect(await gateway.getStatus('a b~c')).to.equal(null);
    expect(await gateway.getStatus('a/b#c?d')).to.equal(null);
    const paths = sim.requests().map((r) => r.path);
    expect(paths).to.include('/v2/a%20b~c/status');
    expect(paths).to.include('/v2/a%2Fb%23c%3Fd/status');
  });

  it('works end to end with every character Midtrans allows in an order id', async () => {
    await gateway.createSnap(snapRequest('Ab9-_.~x'));
    await sim.pay('Ab9-_.~x', 'credit_card');
    expect(await gateway.getStatus('Ab9-_.~x')).to.include({ transaction_status: 'capture', fraud_status: 'accept' });
  });

  it('gives a clean error for an order id Midtrans does not allow', async () => {
    const err = await expectFailure(gateway.createSnap(snapRequest('a b~c')), 'MIDTRANS_REJECTED');
    expect(err.details.messages?.[0]).to.contain('transaction_details.order_id');
    for (const unusable of ['', '.', '..']) {
      expect(isAppError(await gatewayFailure(gateway.getStatus(unusable)), 'MIDTRANS_ORDER_ID_INVALID'), unusable).to.equal(true);
    }
  });

  it('never lets the server key reach an error, a log line or an inspection of the gateway', async () => {
    const port = await unusedPort();
    const quick = newGateway({ timeoutMs: 100 });
    const nowhere = newGateway({ apiBaseUrl: `http://127.0.0.1:${port}`, snapBaseUrl: `http://127.0.0.1:${port}/snap/v1` });
    sim.failNext('status', { delayMs: 1000 });
    sim.failNext('cancel', { status: 500 });
    sim.failNext('expire', { drop: true });
    await gateway.createSnap(snapRequest('gw-leak'));
    const errors = await Promise.all([
      gatewayFailure(newGateway({ serverKey: `${SERVER_KEY}-wrong` }).createSnap(snapRequest('gw-leak-401'))),
      gatewayFailure(gateway.createSnap(snapRequest('gw-leak'))),
      gatewayFailure(quick.getStatus('gw-leak')),
      gatewayFailure(gateway.cancel('gw-leak')),
      gatewayFailure(gateway.expire('gw-leak')),
      gatewayFailure(nowhere.getStatus('gw-leak')),
    ]);
    expect(errors.map((e) => e.code)).to.deep.equal([
      'MIDTRANS_UNAUTHORIZED',
      'MIDTRANS_REJECTED',
      'MIDTRANS_TIMEOUT',
      'MIDTRANS_UNAVAILABLE',
      'MIDTRANS_UNREACHABLE',
      'MIDTRANS_UNREACHABLE',
    ]);
    const everything = [...errors.map(renderings), logged, inspect(gateway, { depth: null, showHidden: true }), json(gateway)].join('\n');
    for (const form of KEY_FORMS) expect(everything).not.to.contain(form);
    for (const code of ['MIDTRANS_UNAUTHORIZED', 'MIDTRANS_TIMEOUT', 'MIDTRANS_UNREACHABLE']) expect(logged).to.contain(code);
  });
});
