/**
 * Back from Snap before our notification: Snap's finish redirect
 * (https://docs.midtrans.com/reference/window-redirection) lands on the done
 * page with `order_id`, `status_code` and `transaction_status`. The return is
 * made by the simulator's hosted page (its finishRedirect), as Snap makes it.
 */
import { expect } from 'chai';
import type { Link } from '../../src/domain/link.ts';
import { Browser, CUSTOMER, type Harness, startHarness, startPayment } from './harness.ts';

/** Get Status calls the simulator received for `orderId`. */
function statusCalls(h: Harness, orderId: string): number {
  return h.sim.requests().filter((r) => r.method === 'GET' && r.path === `/v2/${encodeURIComponent(orderId)}/status`).length;
}

/** The customer pays on Snap's page; Snap sends the browser back to our finish URL: its path and query. */
async function payOnSnap(h: Harness, orderId: string): Promise<string> {
  const order = (await h.links.order(orderId))!;
  const res = await fetch(order.snap!.redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: 'qris', action: 'pay' }).toString(),
    redirect: 'manual',
  });
  expect(res.status, await res.text()).to.equal(303);
  const back = new URL(res.headers.get('location')!);
  expect(back.origin).to.equal(h.url);
  return `${back.pathname}${back.search}`;
}

describe('back from Snap (GET /p/:slug/done)', function () {
  let h: Harness;
  let link: Link;
  let siti: Browser;
  let orderId: string;

  beforeEach(async function () {
    h = await startHarness();
    link = await h.createLink({ itemName: 'Kaos', price: 150_000 });
    siti = new Browser(h);
    orderId = await startPayment(h, link, CUSTOMER, siti);
    // The notification is on its way: it has not reached us yet.
    h.sim.setNotificationUrl(null);
  });

  afterEach(async function () {
    await h.close();
  });

  it('asks Midtrans once when Snap says settlement, and shows the payment as received instead of a pay button', async function () {
    const back = await payOnSnap(h, orderId);
    expect(back).to.contain('transaction_status=settlement').and.contain(`order_id=${orderId}`);
    const res = await siti.get(back);
    const body = await res.text();
    expect(res.status).to.equal(200);
    expect(body).to.contain('data-status="paid"').and.contain('Pembayaran berhasil');
    expect(body).not.to.contain('id="continue"');
    expect(statusCalls(h, orderId)).to.equal(1);
    expect((await h.links.order(orderId))!.status).to.equal('paid');
  });

  it('shows "Memastikan pembayaran…" without a pay button while Midtrans cannot answer, asking at most once per window, and refreshes until it knows', async function () {
    const back = await payOnSnap(h, orderId);
    h.sim.failNext('status', { status: 503, times: 1 });
    for (let i = 0; i < 4; i += 1) {
      const body = await (await siti.get(back)).text();
      expect(body, `load ${i}`).to.contain('data-status="confirming"').and.contain('Memastikan pembayaran…').and.contain('Jangan membayar lagi');
      expect(body, `load ${i}`).not.to.contain('id="continue"').and.not.to.contain('Menunggu pembayaran');
      expect(body, `load ${i}`).to.contain('<meta http-equiv="refresh" content="3">');
    }
    expect(statusCalls(h, orderId), 'one question for four loads').to.equal(1);

    h.advance(10_000);
    const body = await (await siti.get(back)).text();
    expect(body).to.contain('data-status="paid"');
    expect(statusCalls(h, orderId)).to.equal(2);
  });

  it('speaks English while confirming', async function () {
    const back = await payOnSnap(h, orderId);
    h.sim.failNext('status', { status: 503, times: 1 });
    const body = await (await siti.get(`${back}&lang=en`)).text();
    expect(body).to.contain('Confirming your payment…').and.contain('Please do not pay again');
  });

  it('never takes the query for the order state: a typed settlement on an unpaid order gets one Get Status and the usual waiting page', async function () {
    const forged = `/p/${link.slug}/done?order=${orderId}&order_id=${orderId}&status_code=200&transaction_status=settlement`;
    for (let i = 0; i < 3; i += 1) {
      const body = await (await siti.get(forged)).text();
      expect(body).to.contain('data-status="pending"').and.contain('Menunggu pembayaran').and.contain('id="continue"');
    }
    expect(statusCalls(h, orderId)).to.equal(1);
    expect((await h.links.order(orderId))!.status).to.equal('pending');
  });

  it('keeps the way back to Snap for a pending return (a VA still to pay), without asking Midtrans', async function () {
    // The simulator's page only pays, expires or denies: the pending return is written as Snap's documented one.
    await h.sim.choose(orderId, 'bca_va', { notify: false });
    const back = `/p/${link.slug}/done?order=${orderId}&order_id=${orderId}&status_code=201&transaction_status=pending`;
    const body = await (await siti.get(back)).text();
    expect(body).to.contain('data-status="pending"').and.contain('id="continue"');
    expect(statusCalls(h, orderId)).to.equal(0);
  });

  it('finds the order by Snap\'s own order_id when the finish URL has no order parameter (a dashboard finish URL)', async function () {
    await payOnSnap(h, orderId);
    const body = await (await siti.get(`/p/${link.slug}/done?order_id=${orderId}&status_code=200&transaction_status=settlement`)).text();
    expect(body).to.contain('data-status="paid"');
  });
});
