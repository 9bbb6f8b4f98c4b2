import { expect } from 'chai';
import { bannerWarnings, type BannerFacts } from '../src/banner.ts';
import { loadConfig } from '../src/config.ts';

function facts(env: Record<string, string>): BannerFacts {
  return {
    config: loadConfig(env),
    serverUrl: 'http://127.0.0.1:3000',
    simulatorUrl: null,
    store: '/data/tagih.db',
    console: true,
    logPath: null,
    lanAddress: '192.168.1.20',
  };
}

describe('the banner', function () {
  const KEY = { MIDTRANS_SERVER_KEY: 'SB-Mid-server-abc' };

  for (const [why, env] of [
    ['unset', {}],
    ['localhost', { PUBLIC_URL: 'http://localhost:3000' }],
    ['plain http', { PUBLIC_URL: 'http://pay.tokobudi.id' }],
    ['a private address', { PUBLIC_URL: 'https://192.168.1.20' }],
  ] as const) {
    it(`warns, with a real Midtrans key, that Midtrans cannot reach a PUBLIC_URL that is ${why}`, function () {
      expect(bannerWarnings(facts({ ...KEY, ...env })).join('\n')).to.match(/Midtrans cannot send payment notifications there.*Set PUBLIC_URL to a public https address/);
    });
  }

  it('says nothing of the kind for a public https PUBLIC_URL', function () {
    expect(bannerWarnings(facts({ ...KEY, PUBLIC_URL: 'https://pay.tokobudi.id' }))).to.deep.equal([]);
  });

  it('says how to try from a phone on the same network', function () {
    expect(bannerWarnings(facts({}))).to.deep.equal([
      'To try from a phone on the same Wi-Fi: PUBLIC_URL=http://192.168.1.20:3000 SIMULATOR_HOST=0.0.0.0 (the simulator then takes payments from anyone on that network).',
    ]);
    expect(bannerWarnings(facts(KEY)).at(-1)).to.equal('To try from a phone on the same Wi-Fi: PUBLIC_URL=http://192.168.1.20:3000.');
  });

  it('says plainly that nothing is real whenever a chat platform is on with the simulator', function () {
    for (const env of [{ TELEGRAM_BOT_TOKEN: '123:abc' }, { WHATSAPP_ENABLED: 'true' }] as Array<Record<string, string>>) {
      expect(bannerWarnings(facts(env))[0]).to.match(/^SIMULATION — no money moved: .*customers who "pay" send nothing.*Set MIDTRANS_SERVER_KEY/);
    }
    expect(bannerWarnings(facts({})).join('\n')).to.not.contain('SIMULATION');
  });

  it('tells how to open the simulator to a PUBLIC_URL on the local network', function () {
    expect(bannerWarnings(facts({ PUBLIC_URL: 'http://192.168.1.20:3000' }))).to.deep.equal([
      "The simulator's payment page listens on this machine only: set SIMULATOR_HOST=0.0.0.0 to open it from 192.168.1.20.",
    ]);
  });
});
