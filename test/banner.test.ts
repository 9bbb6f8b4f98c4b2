import { Writable } from 'node:stream';
import { expect } from 'chai';
import { printBanner, type BannerFacts } from '../src/banner.ts';
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

/** The warnings the banner prints (its ⚠ lines), as a person reads them. */
function warningsOf(banner: BannerFacts): string[] {
  let printed = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      printed += String(chunk);
      done();
    },
  });
  printBanner(out, banner);
  return printed
    .split('\n')
    .filter((line) => line.startsWith('  ⚠ '))
    .map((line) => line.slice('  ⚠ '.length));
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
      expect(warningsOf(facts({ ...KEY, ...env })).join('\n')).to.match(/Midtrans cannot send payment notifications there.*Set PUBLIC_URL to a public https address/);
    });
  }

  it('says nothing of the kind for a public https PUBLIC_URL', function () {
    expect(warningsOf(facts({ ...KEY, PUBLIC_URL: 'https://pay.tokobudi.id' }))).to.deep.equal([]);
  });

  it('says how to try from a phone on the same network', function () {
    expect(warningsOf(facts({}))).to.deep.equal([
      'To try from a phone on the same Wi-Fi: PUBLIC_URL=http://192.168.1.20:3000 SIMULATOR_HOST=0.0.0.0 (the simulator then takes payments from anyone on that network).',
    ]);
    expect(warningsOf(facts(KEY)).at(-1)).to.equal('To try from a phone on the same Wi-Fi: PUBLIC_URL=http://192.168.1.20:3000.');
  });

  it('says plainly that nothing is real whenever a chat platform is on with the simulator', function () {
    for (const env of [{ TELEGRAM_BOT_TOKEN: '123:abc' }, { WHATSAPP_ENABLED: 'true' }] as Array<Record<string, string>>) {
      expect(warningsOf(facts(env))[0]).to.match(/^SIMULATION — no money moved: .*customers who "pay" send nothing.*Set MIDTRANS_SERVER_KEY/);
    }
    expect(warningsOf(facts({})).join('\n')).to.not.contain('SIMULATION');
  });

  it('tells how to open the simulator to a PUBLIC_URL on the local network', function () {
    expect(warningsOf(facts({ PUBLIC_URL: 'http://192.168.1.20:3000' }))).to.deep.equal([
      "The simulator's payment page listens on this machine only: set SIMULATOR_HOST=0.0.0.0 to open it from 192.168.1.20.",
    ]);
  });
});
