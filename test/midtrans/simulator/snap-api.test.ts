import { expect } from 'chai';
import { escapeHtml } from '../../../src/escape-html.ts';
import { type Simulator, startSimulator } from '../../../src/midtrans/simulator/simulator.ts';
import { validateSnapBody } from '../../../src/midtrans/simulator/snap-validation.ts';
import { TEST_SERVER_KEY } from '../fixtures/notifications.ts';
import { basicAuth, createSnap, snapBody } from '../helpers.ts';

const NOW = new Date('2026-03-01T03:00:00.000Z');

function rejected(body: unknown): string[] {
  const verdict = validateSnapBody(body, NOW);
  if (verdict.ok) throw new Error('expected a rejection');
  return verdict.messages;
}

/** The simulator's refusal when the items do not add up to gross_amount, spelled out so a changed message is noticed. */
const SUM_MISMATCH = 'transaction_details.gross_amount is not equal to the sum of item_details';

describe('simulator Snap validation', () => {
  it('accepts a full body and works out both expiries', () => {
    const verdict = validateSnapBody(
      snapBody('ok-1', 150000, {
        expiry: { start_time: '2026-03-01 10:00:00 +0700', unit: 'minute', duration: 30 },
        page_expiry: { duration: 2, unit: 'hours' as 'hour' },
      }),
      NOW,
    );
    if (!verdict.ok) throw new Error(verdict.messages.join());
    expect(verdict.snap.payExpiresAt?.toISOString()).to.equal('2026-03-01T03:30:00.000Z');
    expect(verdict.snap.pageExpiresAt.toISOString()).to.equal('2026-03-01T05:00:00.000Z');
  });

  it('gives the page 24 hours, or the expiry window, by default', () => {
    const plain = validateSnapBody(snapBody('ok-2'), NOW);
    expect(plain.ok && plain.snap.pageExpiresAt.toISOString()).to.equal('2026-03-02T03:00:00.000Z');
    const windowed = validateSnapBody(snapBody('ok-3', 150000, { expiry: { unit: 'day', duration: 2 } }), NOW);
    expect(windowed.ok && windowed.snap.pageExpiresAt.toISOString()).to.equal('2026-03-03T03:00:00.000Z');
    // Without start_time the payment window starts when the customer picks a method.
    expect(windowed.ok && [windowed.snap.payExpiresAt, windowed.snap.payWindowMs]).to.deep.equal([null, 2 * 86_400_000]);
  });

  it('accepts enabled_payments names and credit_card.secure as Snap documents them', () => {
    const verdict = validateSnapBody(snapBody('ok-4', 150000, { enabled_payments: ['credit_card', 'cstore', 'bca_klikpay'] }), NOW);
    if (!verdict.ok) throw new Error(verdict.messages.join());
    expect(verdict.snap.methods).to.deep.equal(['credit_card', 'indomaret', 'alfamart']);
    const secure = validateSnapBody({ ...snapBody('ok-5'), credit_card: { secure: true } }, NOW);
    expect(secure.ok && secure.snap.secure).to.equal(true);
    expect(rejected({ ...snapBody('bad-1'), credit_card: { secure: 'yes' } })).to.deep.equal(['credit_card.secure must be a boolean']);
    expect(rejected(snapBody('bad-2', 150000, { enabled_payments: ['bitcoin'] }))).to.deep.equal(['enabled_payments has unknown payment methods: bitcoin']);
    expect(rejected(snapBody('bad-3', 150000, { callbacks: { finish: 'https://shop.test/done', error: 5 as unknown as string } }))).to.deep.equal([
      'callbacks.error must be a string',
    ]);
  });

  it('enforces order id rules and integer amounts', () => {
    expect(rejected(snapBody('x'.repeat(51)))[0]).to.contain('transaction_details.order_id');
    expect(rejected(snapBody('a b'))[0]).to.contain('transaction_details.order_id');
    expect(rejected(snapBody('a/b'))[0]).to.contain('transaction_details.order_id');
    expect(rejected({ transaction_details: { gross_amount: 1 } })).to.deep.equal(['transaction_details.order_id is required']);
    expect(rejected(snapBody('ok', 1500.5))[0]).to.contain('gross_amount must be an integer');
    expect(rejected(snapBody('ok', 0))[0]).to.contain('gross_amount must be an integer');
    expect(rejected({})).to.deep.equal(['transaction_details is required']);
    expect(rejected(null)).to.deep.equal(['transaction_details is required']);
  });

  it('wants items that add up, with names of at most 50 characters', () => {
    expect(rejected(snapBody('ok', 150001, { item_details: [{ id: 'a', name: 'A', price: 150000, quantity: 1 }] }))).to.deep.equal([SUM_MISMATCH]);
    expect(rejected(snapBody('ok', 150000, { item_details: [{ id: 'a', name: 'n'.repeat(51), price: 150000, quantity: 1 }] }))[0]).to.contain(
      'item_details[0].name',
    );
    expect(rejected(snapBody('ok', 150000, { item_details: [{ id: 'a', name: 'A', price: 150000, quantity: 0 }] }))[0]).to.contain('quantity');
    const discounted = snapBody('ok', 100000, {
      item_details: [
        { id: 'a', name: 'A', price: 60000, quantity: 2 },
        { id: 'd', name: 'Diskon', price: -20000, quantity: 1 },
      ],
    });
    expect(validateSnapBody(discounted, NOW).ok).to.equal(true);
  });

  it('counts each item as price × quantity, so several items and quantities must add up to gross_amount', () => {
    const bundle = (gross: number) =>
      snapBody('ok', gross, {
        item_details: [
          { id: 'k', name: 'Kaos', price: 50000, quantity: 3 },
          { id: 't', name: 'Topi', price: 25000, quantity: 1 },
        ],
      });
    expect(validateSnapBody(bundle(175000), NOW).ok).to.equal(true);
    // Price × quantity, not price alone: 50.000 + 25.000 is refused for three shirts and a cap.
    expect(rejected(bundle(75000))).to.deep.equal([SUM_MISMATCH]);
    expect(rejected(snapBody('ok', 150000, { item_details: [{ id: 'a', name: 'A', price: 75000, quantity: 2.5 }] }))[0]).to.contain('quantity');
  });

  it('wants item ids of at most 50 characters (assumed, like names)', () => {
    expect(rejected(snapBody('ok', 150000, { item_details: [{ id: 'i'.repeat(51), name: 'A', price: 150000, quantity: 1 }] }))).to.deep.equal([
      'item_details[0].id is too long, the maximum is 50 characters',
    ]);
    expect(validateSnapBody(snapBody('ok', 150000, { item_details: [{ id: 'i'.repeat(50), name: 'A', price: 150000, quantity: 1 }] }), NOW).ok).to.equal(true);
  });

  it('refuses expiries Midtrans refuses', () => {
    expect(rejected(snapBody('ok', 150000, { expiry: { unit: 'week' as 'day', duration: 1 } }))[0]).to.contain('expiry.unit');
    expect(rejected(snapBody('ok', 150000, { expiry: { unit: 'day', duration: 8 } }))[0]).to.contain('7 days');
    expect(rejected(snapBody('ok', 150000, { expiry: { unit: 'minute', duration: 1.5 } }))[0]).to.contain('expiry.duration');
    expect(rejected(snapBody('ok', 150000, { expiry: { start_time: '2026-03-01T10:00:00Z', unit: 'minute', duration: 5 } }))[0]).to.contain('start_time');
    expect(rejected(snapBody('ok', 150000, { page_expiry: { unit: 'hour', duration: 0 } }))[0]).to.contain('page_expiry.duration');
  });
});

describe('simulator Snap API over HTTP', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ serverKey: TEST_SERVER_KEY });
  });
  after(() => sim.close());

  it('answers 201 with token and redirect_url, and 400 with Midtrans messages', async () => {
    const created = await createSnap(sim, TEST_SERVER_KEY, snapBody('api-1'));
    expect(created.status).to.equal(201);
    expect(Object.keys(created.body).sort()).to.deep.equal(['redirect_url', 'token']);
    const mismatch = await createSnap(sim, TEST_SERVER_KEY, snapBody('api-2', 150001, { item_details: [{ id: 'a', name: 'A', price: 150000, quantity: 1 }] }));
    expect(mismatch).to.deep.equal({ status: 400, body: { error_messages: [SUM_MISMATCH] } });
    const duplicate = await createSnap(sim, TEST_SERVER_KEY, snapBody('api-1'));
    expect(duplicate).to.deep.equal({
      status: 400,
      body: { error_messages: ['transaction_details.order_id has been paid and utilized, please use another order ID'] },
    });
  });

  it('wants Basic auth with the server key on Snap and Core alike', async () => {
    const snap = await createSnap(sim, 'SB-Mid-server-other', snapBody('api-401'));
    expect(snap.status).to.equal(401);
    expect(snap.body['error_messages']).to.have.length(2);
    const anonymous = await fetch(`${sim.apiBaseUrl}/v2/api-1/status`);
    expect(anonymous.status).to.equal(401);
    expect(await anonymous.json()).to.deep.equal({ status_code: '401', status_message: 'Unknown Merchant server_key/id' });
    const notFound = await fetch(`${sim.apiBaseUrl}/v2/api-1/status`, { headers: { authorization: basicAuth(TEST_SERVER_KEY) } });
    expect(notFound.status).to.equal(404);
    expect(await notFound.json()).to.deep.equal({ status_code: '404', status_message: "Transaction doesn't exist." });
  });

  it('answers malformed JSON with 400 and reports health', async () => {
    const response = await fetch(`${sim.snapBaseUrl}/transactions`, {
      method: 'POST',
      headers: { authorization: basicAuth(TEST_SERVER_KEY), 'content-type': 'application/json' },
      body: '{"transaction_details":',
    });
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({ error_messages: ['Invalid JSON data provided.'] });
    const health = await fetch(`${sim.url}/healthz`);
    expect(await health.json()).to.include({ status: 'ok', simulator: true });
  });
});

describe('simulator page escaping', () => {
  it('escapes every character that matters in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).to.equal('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
