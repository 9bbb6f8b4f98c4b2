/**
 * TRUST_PROXY: behind a reverse proxy every customer reaches tagih from the
 * proxy's address; only a trusted proxy's X-Forwarded-For may name the
 * customer's. Semantics are Express's `trust proxy`
 * (https://expressjs.com/en/guide/behind-proxies.html).
 */
import { expect } from 'chai';
import { loadConfig } from '../../src/config.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { CUSTOMER, type Harness, postForm, startHarness } from './harness.ts';

function refusal(value: string): string {
  try {
    loadConfig({ TRUST_PROXY: value });
  } catch (err) {
    if (isAppError(err, 'CONFIG_INVALID') && err.details['variable'] === 'TRUST_PROXY') return err.say('en');
    throw err;
  }
  throw new Error(`TRUST_PROXY=${value} was accepted`);
}

describe('TRUST_PROXY', function () {
  it('is off by default; reads a hop count or a list of addresses, subnets and Express subnet names', function () {
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, ::1, fd00::/8, Loopback, uniquelocal' }).trustProxy).to.deep.equal([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
      'uniquelocal',
    ]);
  });

  it('stops the start on anything else, saying what it accepts and why true is refused', function () {
    for (const bad of ['true', 'yes-please', '11', '10.0.0.0/33', '10.0.0.1/8/8', '::1/129', 'proxy.local', '1.2.3', ',']) {
      const message = refusal(bad);
      expect(message, bad).to.contain('TRUST_PROXY is not valid').and.contain('number of proxies').and.contain('not true');
    }
  });

  describe('over HTTP, as the rate limit sees customers', function () {
    let h: Harness | null = null;
    afterEach(async function () {
      await h?.close();
      h = null;
    });

    // Three customers behind one proxy, each named by the proxy in X-Forwarded-For.
    const attempts = (harness: Harness, slug: string, addresses: string[]) =>
      Promise.all(addresses.map((ip, i) => postForm(`${harness.url}/p/${slug}`, { ...CUSTOMER, email: `c${i}@mail.com` }, { 'x-forwarded-for': ip })));

    it('off: X-Forwarded-For is ignored, so nobody can choose their own address', async function () {
      h = await startHarness({ trustProxy: false, rateLimit: { windowMs: 60_000, limit: 2 } });
      const link = await h.createLink({ usageLimit: null });
      const statuses = (await attempts(h, link.slug, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).to.have.length(1);
    });

    it('and as the per-customer rules see them: off, everyone behind the proxy is one client holding one checkout of a link', async function () {
      for (const [trustProxy, expected] of [
        [false, [303, 409]],
        [1, [303, 303]],
      ] as const) {
        const harness = await startHarness({ trustProxy });
        try {
          const link = await harness.createLink({ usageLimit: 5 });
          const statuses = [];
          for (const [i, ip] of ['203.0.113.1', '203.0.113.2'].entries()) {
            statuses.push((await postForm(`${harness.url}/p/${link.slug}`, { ...CUSTOMER, email: `c${i}@mail.com` }, { 'x-forwarded-for': ip })).status);
          }
          expect(statuses, `TRUST_PROXY=${String(trustProxy)}`).to.deep.equal(expected);
        } finally {
          await harness.close();
        }
      }
    });

    for (const [what, trustProxy] of [
      ['a hop count (1)', 1],
      ['the proxy address (127.0.0.1)', ['127.0.0.1']],
    ] as const) {
      it(`${what}: each customer behind the proxy is counted on their own address`, async function () {
        h = await startHarness({ trustProxy, rateLimit: { windowMs: 60_000, limit: 2 } });
        const link = await h.createLink({ usageLimit: null });
        const distinct = await attempts(h, link.slug, ['203.0.113.1', '203.0.113.2', '203.0.113.3']);
        expect(distinct.map((r) => r.status)).not.to.include(429);
        // A client writing its own X-Forwarded-For in front of the proxy's entry gains nothing: the proxy's right-most entry counts.
        const forged = await attempts(h, link.slug, ['198.51.100.1, 203.0.113.9', '198.51.100.2, 203.0.113.9', '198.51.100.3, 203.0.113.9']);
        expect(forged.map((r) => r.status).filter((s) => s === 429)).to.have.length(1);
      });
    }
  });
});
