/**
 * The customer's side of a checkout belongs to the browser that started it
 * (issue 12, points 10-12), over real HTTP: a stranger who knows or guesses an
 * order id, or types someone's email, never reaches their Snap session; one
 * client cannot hold a link's slots; another site's form cannot start a
 * checkout. Each customer here is a Browser: its cookie, its own address.
 */
import { expect } from 'chai';
import { Browser, CUSTOMER, type Harness, MINUTE, postForm, startHarness, startPayment } from './harness.ts';

const MALLORY = { name: 'Mallory', phone: '081399998888', email: 'siti@mail.com' } as const;

function snapCreates(h: Harness): number {
  return h.sim.requests().filter((r) => r.method === 'POST' && r.path === '/snap/v1/transactions').length;
}

describe('checkouts belong to the browser that started them', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness({ paymentWindowMs: 30 * MINUTE });
  });

  afterEach(async function () {
    await h.close();
  });

  describe('GET /p/:slug/done (point 10)', function () {
    it('offers "continue payment" to the browser that started the order, and only the status to anyone else', async function () {
      const link = await h.createLink({ usageLimit: 5 });
      const siti = new Browser(h);
      const orderId = await startPayment(h, link, CUSTOMER, siti);
      const snapUrl = (await h.links.order(orderId))!.snap!.redirectUrl;

      const own = await (await siti.get(`/p/${link.slug}/done?order=${orderId}`)).text();
      expect(own).to.contain('data-status="pending"').and.contain(`id="continue" href="${snapUrl}"`);
      expect(own, 'works without JavaScript: a cookie and a plain link').not.to.contain('<script');

      // Order ids are sequential: the next one along is easy to guess.
      const strangers = [new Browser(h), new Browser(h, siti.address)];
      await strangers[0]!.get(`/p/${link.slug}`);
      for (const stranger of strangers) {
        const res = await stranger.get(`/p/${link.slug}/done?order=${orderId}`);
        const page = await res.text();
        expect(res.status).to.equal(200);
        expect(page).to.contain('data-status="pending"').and.contain(orderId);
        expect(page).not.to.contain('id="continue"').and.not.to.contain(snapUrl).and.not.to.contain(h.sim.url);
        for (const personal of ['Siti', 'siti@mail.com', '6281234567890', '0812']) expect(page).not.to.contain(personal);
      }
      // Nor with a cookie that is not one of ours, or none at all.
      const forged = await fetch(`${h.url}/p/${link.slug}/done?order=${orderId}`, { headers: { cookie: `tagih_browser=${'A'.repeat(32)}` } });
      expect(await forged.text()).not.to.contain(snapUrl);
      expect(await (await fetch(`${h.url}/p/${link.slug}/done?order=${orderId}`)).text()).not.to.contain(snapUrl);
    });

    it('gives the browser an HttpOnly, SameSite=Lax cookie on the payment page, before it posts the form', async function () {
      const link = await h.createLink();
      const res = await fetch(`${h.url}/p/${link.slug}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tagih_browser='))!;
      expect(cookie).to.match(/^tagih_browser=[A-Za-z0-9_-]{32}; Max-Age=\d+; Path=\/p; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
      // The database never holds the token itself.
      const token = cookie.split(';')[0]!.split('=')[1]!;
      const siti = new Browser(h);
      await siti.get(`/p/${link.slug}`);
      const orderId = await startPayment(h, link, CUSTOMER, siti);
      const order = (await h.links.order(orderId))!;
      expect(order.client!.address).to.equal(siti.address);
      expect(JSON.stringify(order)).not.to.contain(token);
    });
  });

  describe('re-using a checkout (point 11)', function () {
    it('needs the same browser as well as the same details; someone typing your email gets a checkout of their own', async function () {
      const link = await h.createLink({ usageLimit: 5 });
      const siti = new Browser(h);
      const sitiOrder = await startPayment(h, link, CUSTOMER, siti);
      const sitiSnap = (await h.links.order(sitiOrder))!.snap!.redirectUrl;

      const mallory = new Browser(h);
      const res = await mallory.post(`/p/${link.slug}`, MALLORY);
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).not.to.equal(sitiSnap);
      const orders = await h.store.orders.listByLink(link.id, 10);
      expect(orders).to.have.length(2);
      expect(orders[0]!.customer).to.deep.equal({ name: 'Mallory', phone: '6281399998888', email: 'siti@mail.com' });
      expect(h.sim.transaction(orders[0]!.id)!.request.customer_details?.first_name).to.equal('Mallory');
      // Siti, coming back from her browser, still gets her own page; so does Mallory from hers.
      expect((await siti.post(`/p/${link.slug}`, CUSTOMER)).headers.get('location')).to.equal(sitiSnap);
      expect((await mallory.post(`/p/${link.slug}`, MALLORY)).headers.get('location')).to.equal(res.headers.get('location'));
      expect(snapCreates(h)).to.equal(2);
    });

    it('never hands the session to a request with no cookie, even with every detail right', async function () {
      const link = await h.createLink({ usageLimit: 5 });
      const siti = new Browser(h);
      const sitiOrder = await startPayment(h, link, CUSTOMER, siti);
      const sitiSnap = (await h.links.order(sitiOrder))!.snap!.redirectUrl;
      const res = await postForm(`${h.url}/p/${link.slug}`, CUSTOMER, { 'x-forwarded-for': '203.0.113.50' });
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).not.to.equal(sitiSnap);
    });
  });

  describe('no slot hoarding (point 12)', function () {
    it('lets one address hold one unpaid checkout per link: three emails cannot lock a 3-use link', async function () {
      const link = await h.createLink({ usageLimit: 3 });
      // Like curl: no cookie, one address, a new email each time.
      const answers = [];
      for (const email of ['a@mail.com', 'b@mail.com', 'c@mail.com']) {
        answers.push(await postForm(`${h.url}/p/${link.slug}`, { ...CUSTOMER, email }, { 'x-forwarded-for': '203.0.113.66' }));
      }
      expect(answers.map((r) => r.status)).to.deep.equal([303, 409, 409]);
      const refusal = await answers[1]!.text();
      expect(refusal).to.contain('sedang berjalan dari jaringan atau perangkat Anda').and.contain('WIB');
      expect(refusal).not.to.contain('id="continue"').and.not.to.contain(h.sim.url);
      expect(await h.store.orders.listByLink(link.id, 10)).to.have.length(1);
      // The other two slots are there for other customers.
      for (const email of ['d@mail.com', 'e@mail.com']) expect((await new Browser(h).post(`/p/${link.slug}`, { ...CUSTOMER, email })).status).to.equal(303);
      expect(snapCreates(h)).to.equal(3);
    });

    it('lets one browser hold one per link from any address, and points it at its own checkout (in English too)', async function () {
      const link = await h.createLink({ usageLimit: 3 });
      const siti = new Browser(h);
      const orderId = await startPayment(h, link, CUSTOMER, siti);
      // The same phone on another network, with a corrected email.
      const elsewhere = await siti.post(`/p/${link.slug}?lang=en`, { ...CUSTOMER, email: 'siti.r@mail.com' }, { 'x-forwarded-for': '203.0.113.99' });
      expect(elsewhere.status).to.equal(409);
      const page = await elsewhere.text();
      expect(page).to.contain('You have already started a payment for this link');
      expect(page).to.contain(`id="continue" href="/p/${link.slug}/done?order=${orderId}"`);
      const done = await (await siti.get(`/p/${link.slug}/done?order=${orderId}`)).text();
      expect(done).to.contain(`href="${(await h.links.order(orderId))!.snap!.redirectUrl}"`);
      expect(await h.store.orders.listByLink(link.id, 10)).to.have.length(1);
    });

    it('bounds a client’s unpaid checkouts across links, and frees them when they lapse or are paid', async function () {
      const links = [await h.createLink(), await h.createLink(), await h.createLink(), await h.createLink()];
      const budi = new Browser(h);
      for (const link of links.slice(0, 3)) await startPayment(h, link, CUSTOMER, budi);
      const fourth = await budi.post(`/p/${links[3]!.slug}`, CUSTOMER);
      expect(fourth.status).to.equal(429);
      expect(await fourth.text()).to.contain('beberapa pembayaran Anda yang belum selesai');
      // From a fresh browser on the same address: the same bound.
      expect((await new Browser(h, budi.address).post(`/p/${links[3]!.slug}`, CUSTOMER)).status).to.equal(429);
      expect(await h.store.orders.listByLink(links[3]!.id, 10)).to.have.length(0);

      // One of them is paid: room for one more.
      const first = (await h.store.orders.listByLink(links[0]!.id, 1))[0]!;
      await h.sim.pay(first.id);
      await h.sim.idle();
      expect((await h.links.order(first.id))!.status).to.equal('paid');
      expect((await budi.post(`/p/${links[3]!.slug}`, CUSTOMER)).status).to.equal(303);

      // The window passes: nothing is held any more.
      h.advance(31 * MINUTE);
      const more = await h.createLink();
      expect((await budi.post(`/p/${more.slug}`, CUSTOMER)).status).to.equal(303);
    });

    it('takes a burst of one client’s posts one at a time: exactly one checkout comes out of it', async function () {
      const link = await h.createLink({ usageLimit: null });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => postForm(`${h.url}/p/${link.slug}`, { ...CUSTOMER, email: `x${i}@mail.com` }, { 'x-forwarded-for': '203.0.113.77' })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 303)).to.have.length(1);
      expect(statuses.filter((s) => s === 409 || s === 429)).to.have.length(19);
      expect(await h.store.orders.listByLink(link.id, 100)).to.have.length(1);
    });

    describe('form posts a browser marks as cross-site', function () {
      const refused: Array<[string, Record<string, string>]> = [
        ['Origin of another site', { origin: 'https://evil.example' }],
        ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
        ['both', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
        ['Origin: null (a page that hides its origin)', { origin: 'null' }],
      ];
      for (const [what, headers] of refused) {
        it(`are refused (403) with a page that says why, holding nothing: ${what}`, async function () {
          const link = await h.createLink({ usageLimit: 1 });
          const res = await new Browser(h).post(`/p/${link.slug}`, CUSTOMER, headers);
          expect(res.status).to.equal(403);
          const page = await res.text();
          expect(page).to.contain('dikirim dari situs lain').and.contain(`href="/p/${link.slug}"`);
          const english = await new Browser(h).post(`/p/${link.slug}?lang=en`, CUSTOMER, headers);
          expect(await english.text()).to.contain('was sent from another website');
          expect(await h.store.orders.listByLink(link.id, 10)).to.have.length(0);
          expect(snapCreates(h)).to.equal(0);
        });
      }

      it('while our own page’s posts, and plain browsers that send neither header, go through', async function () {
        const accepted: Array<Record<string, string>> = [
          { origin: h.url, 'sec-fetch-site': 'same-origin' },
          { origin: 'http://127.0.0.1' },
          { 'sec-fetch-site': 'none' },
          {},
        ];
        for (const headers of accepted) {
          const link = await h.createLink();
          const res = await new Browser(h).post(`/p/${link.slug}`, CUSTOMER, headers);
          expect(res.status, JSON.stringify(headers)).to.equal(303);
        }
      });
    });
  });
});
