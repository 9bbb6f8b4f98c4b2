import { expect } from 'chai';
import { hasValidSignature } from '../../../src/midtrans/signature.ts';
import { type Simulator, retriesFor, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { createSnap, type Receiver, snapBody, startReceiver, unusedPort } from '../helpers.ts';

const DELAYS = [5, 5, 5, 5, 5];

describe('simulator notifications', () => {
  let sim: Simulator;
  /** Cuts a silent receiver off quickly; `sim` waits long enough for a loaded machine to answer. */
  let impatient: Simulator;
  let receiver: Receiver;
  let orders = 0;

  /** A fresh order with a chosen method, its pending notification sent to `path`; resolves when all retries are done. */
  async function deliverTo(path: string, from = sim): Promise<{ orderId: string; attempts: Array<number | null> }> {
    const orderId = `retry-${++orders}`;
    from.setNotificationUrl(`${receiver.url}${path}`);
    expect((await createSnap(from, TEST_SERVER_KEY, snapBody(orderId))).status).to.equal(201);
    await from.choose(orderId, 'qris');
    await from.idle();
    return { orderId, attempts: from.deliveries().filter((d) => d.orderId === orderId).map((d) => d.status) };
  }

  before(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: DELAYS, notificationTimeoutMs: 5_000 });
    impatient = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: DELAYS, notificationTimeoutMs: 100 });
  });
  after(async () => {
    await sim.close();
    await impatient.close();
    await receiver.close();
  });

  const TABLE: Array<[string, number | null, number]> = [
    ['/answer/200', 200, 1],
    ['/answer/204', 204, 1],
    ['/answer/500', 500, 2],
    ['/answer/503', 503, 5],
    ['/answer/400', 400, 3],
    ['/answer/404', 404, 3],
    ['/answer/301', 301, 1],
    ['/answer/302', 302, 1],
    ['/answer/303', 303, 1],
    ['/answer/401', 401, 6],
    ['/answer/502', 502, 6],
    ['/answer/hang', null, 6],
  ];
  for (const [path, status, attempts] of TABLE) {
    it(`tries ${attempts} time(s) in all when the receiver answers ${status ?? 'nothing (timeout)'}`, async () => {
      const result = await deliverTo(path, status === null ? impatient : sim);
      expect(result.attempts).to.deep.equal(Array<number | null>(attempts).fill(status));
    });
  }

  it('retries 5 times when the receiver cannot be reached', async () => {
    const port = await unusedPort();
    sim.setNotificationUrl(`http://127.0.0.1:${port}/webhook`);
    await createSnap(sim, TEST_SERVER_KEY, snapBody('retry-refused'));
    await sim.choose('retry-refused', 'gopay');
    await sim.idle();
    const attempts = sim.deliveries().filter((d) => d.orderId === 'retry-refused');
    expect(attempts.map((d) => [d.status, d.error])).to.deep.equal(Array(6).fill([null, 'ECONNREFUSED']));
  });

  it('follows a 307/308 to the new URL and re-POSTs the body', async () => {
    for (const code of [307, 308]) {
      const before = receiver.received.length;
      const result = await deliverTo(`/redirect/${code}`);
      expect(result.attempts).to.deep.equal([200]);
      const hits = receiver.received.slice(before);
      expect(hits.map((h) => h.path)).to.deep.equal([`/redirect/${code}`, '/answer/200']);
      expect(hits[1]?.body).to.deep.equal(hits[0]?.body);
    }
  });

  it('numbers attempts and waits between retries', async () => {
    const { orderId } = await deliverTo('/answer/500');
    const [first, second] = sim.deliveries().filter((d) => d.orderId === orderId);
    expect([first?.attempt, second?.attempt]).to.deep.equal([1, 2]);
    expect(first?.notification).to.equal(second?.notification);
    expect(second!.at.getTime() - first!.at.getTime()).to.be.at.least(DELAYS[0]!);
  });

  it('posts signed JSON with all-string values, User-Agent Veritrans, in the order things happened', async () => {
    sim.setNotificationUrl(`${receiver.url}/answer/200`);
    await createSnap(sim, TEST_SERVER_KEY, snapBody('order-flow', 150000));
    const before = receiver.received.length;
    await sim.pay('order-flow', 'bca_va');
    const hits = receiver.received.slice(before);
    expect(hits.map((h) => h.body['transaction_status'])).to.deep.equal(['pending', 'settlement']);
    for (const hit of hits) {
      expect(hit.headers['user-agent']).to.equal('Veritrans');
      expect(hit.headers['content-type']).to.equal('application/json');
      expect(hasValidSignature(hit.body, TEST_SERVER_KEY)).to.equal(true);
      for (const [field, value] of Object.entries(hit.body)) {
        if (!Array.isArray(value)) expect(value, field).to.be.a('string');
      }
    }
    const settlement = hits[1]!.body;
    expect(settlement).to.include({ gross_amount: '150000.00', status_code: '200', payment_type: 'bank_transfer', currency: 'IDR' });
    expect(settlement['transaction_time']).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(settlement['settlement_time']).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(settlement['va_numbers']).to.deep.equal([{ va_number: (hits[0]!.body['va_numbers'] as Array<{ va_number: string }>)[0]!.va_number, bank: 'bca' }]);
  });

  it('knows the retry table', () => {
    expect([200, 201, 299, 500, 503, 400, 404, 301, 302, 303, 307, 401, 403, 502, null].map(retriesFor)).to.deep.equal([
      0, 0, 0, 1, 4, 2, 2, 0, 0, 0, 5, 5, 5, 5, 5,
    ]);
  });
});

describe('simulator close', () => {
  it('drops scheduled retries and in-flight deliveries, and stops its timers', async () => {
    const receiver = await startReceiver();
    const sim = await startSimulator({ serverKey: TEST_SERVER_KEY, retryDelaysMs: [60_000], notificationUrl: `${receiver.url}/answer/503` });
    try {
      await createSnap(sim, TEST_SERVER_KEY, snapBody('close-1'));
      await sim.choose('close-1', 'qris');
      expect(sim.deliveries()).to.have.length(1);
      const hanging = await startSimulator({ serverKey: TEST_SERVER_KEY, notificationUrl: `${receiver.url}/answer/hang` });
      await createSnap(hanging, TEST_SERVER_KEY, snapBody('close-2'));
      void hanging.choose('close-2', 'qris');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      await Promise.all([sim.close(), hanging.close()]);
      expect(Date.now() - started).to.be.below(1000);
      const waiting = sim.waitForDeliveries(5, 50);
      await waiting.then(
        () => expect.fail('no more deliveries after close'),
        (err: Error) => expect(err.message).to.match(/timed out|closed/),
      );
    } finally {
      await receiver.close();
    }
  });
});
