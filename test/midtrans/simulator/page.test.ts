import { expect } from 'chai';
import { toObservation } from '../../../src/midtrans/observation.ts';
import { hasValidSignature } from '../../../src/midtrans/signature.ts';
import { type Simulator, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { createSnap, type Receiver, snapBody, startReceiver } from '../helpers.ts';

describe('simulator hosted page', () => {
  let sim: Simulator;
  let receiver: Receiver;

  async function openPage(orderId: string, finish = 'http://shop.test/p/abc/done?lang=id'): Promise<string> {
    const body = snapBody(orderId, 150000, { callbacks: { finish } });
    body.item_details = [{ id: 'k', name: 'Kaos <script>alert(1)</script> & "co"', price: 75000, quantity: 2 }];
    const created = await createSnap(sim, TEST_SERVER_KEY, body);
    expect(created.status).to.equal(201);
    return String(created.body['redirect_url']);
  }

  const submit = (pageUrl: string, form: Record<string, string>) =>
    fetch(pageUrl, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

  before(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY, notificationUrl: `${receiver.url}/answer/200` });
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  it('shows the amount, the escaped item and a form with stable names', async () => {
    const pageUrl = await openPage('page-show');
    expect(pageUrl).to.match(new RegExp(`^${sim.url}/snap/v3/redirection/[0-9a-f-]{36}$`));
    const response = await fetch(pageUrl);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/html');
    const html = await response.text();
    expect(html).to.contain('Rp150.000');
    expect(html).to.contain('Kaos &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');
    expect(html).not.to.contain('<script>');
    for (const method of ['qris', 'bca_va', 'gopay', 'credit_card']) expect(html).to.contain(`name="method" id="method-${method}" value="${method}"`);
    for (const action of ['pay', 'expire', 'deny']) expect(html).to.contain(`name="action" value="${action}"`);
  });

  it('pays: 303 to the finish URL with the outcome, pending then settlement notified and signed', async () => {
    const pageUrl = await openPage('page-pay');
    const response = await submit(pageUrl, { method: 'bca_va', action: 'pay' });
    expect(response.status).to.equal(303);
    const finish = new URL(response.headers.get('location') ?? '');
    expect(`${finish.origin}${finish.pathname}`).to.equal('http://shop.test/p/abc/done');
    expect(Object.fromEntries(finish.searchParams)).to.deep.equal({
      lang: 'id',
      order_id: 'page-pay',
      status_code: '200',
      transaction_status: 'settlement',
    });
    await sim.idle();
    const bodies = receiver.received.map((r) => r.body).filter((b) => b['order_id'] === 'page-pay');
    expect(bodies.map((b) => b['transaction_status'])).to.deep.equal(['pending', 'settlement']);
    for (const body of bodies) expect(hasValidSignature(body, TEST_SERVER_KEY)).to.equal(true);
    expect(toObservation(bodies[1])).to.include({ transactionStatus: 'settlement', channel: 'bca', grossAmount: '150000.00' });
    const after = await (await fetch(pageUrl)).text();
    expect(after).to.contain('data-status="settlement"');
    expect(after).not.to.contain('<form');
  });

  it('keeps a declined customer on the page, and takes a second attempt in the same session', async () => {
    const pageUrl = await openPage('page-deny');
    const declined = await submit(pageUrl, { method: 'credit_card', action: 'deny' });
    expect(declined.status).to.equal(200);
    const html = await declined.text();
    expect(html).to.contain('data-status="deny"');
    expect(html).to.contain('id="method-qris"').and.contain('id="method-credit_card"');
    const paid = new URL((await submit(pageUrl, { method: 'qris', action: 'pay' })).headers.get('location') ?? '');
    expect(paid.searchParams.get('transaction_status')).to.equal('settlement');
    const tx = sim.transaction('page-deny')!;
    expect(tx.attempts.map((a) => [a.method, a.status])).to.deep.equal([
      ['credit_card', 'deny'],
      ['qris', 'settlement'],
    ]);
    expect(tx.attempts[0]!.transactionId).not.to.equal(tx.attempts[1]!.transactionId);
    await sim.idle();
    const notified = receiver.received.map((r) => r.body).filter((b) => b['order_id'] === 'page-deny');
    expect(notified.map((b) => [b['transaction_status'], b['transaction_id']])).to.deep.equal([
      ['pending', tx.attempts[0]!.transactionId],
      ['deny', tx.attempts[0]!.transactionId],
      ['pending', tx.attempts[1]!.transactionId],
      ['settlement', tx.attempts[1]!.transactionId],
    ]);
  });

  it('lets a customer let a method run out and pick another', async () => {
    const pageUrl = await openPage('page-expire');
    const expired = await submit(pageUrl, { method: 'gopay', action: 'expire' });
    expect(expired.status).to.equal(200);
    expect(await expired.text()).to.contain('data-status="expire"');
    expect(sim.transaction('page-expire')?.payment).to.include({ method: 'gopay', status: 'expire' });
  });

  it('offers only the methods enabled_payments names (aliases included)', async () => {
    const created = await createSnap(sim, TEST_SERVER_KEY, snapBody('page-enabled', 150000, { enabled_payments: ['other_qris', 'bank_transfer'] }));
    const html = await (await fetch(String(created.body['redirect_url']))).text();
    expect(html).to.contain('id="method-qris"').and.contain('id="method-bca_va"').and.contain('id="method-bsi_va"').and.contain('id="method-echannel"');
    expect(html).not.to.contain('id="method-credit_card"');
    expect(html).not.to.contain('id="method-gopay"');
    expect((await submit(String(created.body['redirect_url']), { method: 'gopay', action: 'pay' })).status).to.equal(400);
  });

  it('lists every item with its quantity and unit price, under the total', async () => {
    const items = [
      { id: 'k', name: 'Kaos <b>', price: 50000, quantity: 3 },
      { id: 't', name: 'Topi', price: 25000, quantity: 1 },
    ];
    const created = await createSnap(sim, TEST_SERVER_KEY, snapBody('page-items', 175000, { item_details: items }));
    const html = await (await fetch(String(created.body['redirect_url']))).text();
    expect(html).to.contain('<h1 id="amount">Rp175.000</h1>');
    expect(html).to.contain('<tr><td>Kaos &lt;b&gt;</td><td class="num">3 × Rp50.000</td></tr>').and.contain('<td class="num">1 × Rp25.000</td>');
  });

  it('keeps a method chosen elsewhere and pays with it', async () => {
    const pageUrl = await openPage('page-chosen');
    await sim.choose('page-chosen', 'gopay');
    const html = await (await fetch(pageUrl)).text();
    expect(html).to.contain('id="method-gopay"');
    expect(html).not.to.contain('id="method-qris"');
    const response = await submit(pageUrl, { method: 'gopay', action: 'pay' });
    expect(response.status).to.equal(303);
    expect(sim.transaction('page-chosen')?.payment?.status).to.equal('settlement');
  });

  it('answers a form without a method or action with 400, and a finished page with 409', async () => {
    const pageUrl = await openPage('page-bad');
    expect((await submit(pageUrl, { action: 'pay' })).status).to.equal(400);
    expect((await submit(pageUrl, { method: 'qris', action: 'steal' })).status).to.equal(400);
    expect((await submit(pageUrl, { method: 'bitcoin', action: 'pay' })).status).to.equal(400);
    expect(sim.transaction('page-bad')?.payment).to.equal(null);
    await submit(pageUrl, { method: 'qris', action: 'pay' });
    const again = await submit(pageUrl, { method: 'qris', action: 'pay' });
    expect(again.status).to.equal(409);
  });

  it('shows an outcome page when the request had no finish URL, and 404 for unknown tokens', async () => {
    const created = await createSnap(sim, TEST_SERVER_KEY, snapBody('page-nofinish', 150000, { callbacks: {} }));
    const response = await submit(String(created.body['redirect_url']), { method: 'qris', action: 'pay' });
    expect(response.status).to.equal(200);
    expect(await response.text()).to.contain('settlement');
    expect((await fetch(`${sim.url}/snap/v3/redirection/00000000-0000-0000-0000-000000000000`)).status).to.equal(404);
  });

  it('uses publicUrl for redirect_url when browsers reach the simulator elsewhere', async () => {
    const proxied = await startSimulator({ serverKey: TEST_SERVER_KEY, publicUrl: 'https://pay.example.test/' });
    try {
      const created = await createSnap(proxied, TEST_SERVER_KEY, snapBody('page-public'));
      expect(String(created.body['redirect_url'])).to.match(/^https:\/\/pay\.example\.test\/snap\/v3\/redirection\/[0-9a-f-]{36}$/);
    } finally {
      await proxied.close();
    }
  });
});
