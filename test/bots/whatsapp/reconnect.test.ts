import { expect } from 'chai';
import { AUTH_NAMESPACE } from '../../../bots/whatsapp/auth-state.ts';
import { decideOnClose, DEFAULT_BACKOFF, type CloseContext } from '../../../bots/whatsapp/reconnect.ts';
import { backoffDelay } from '../../../src/retry.ts';
import { receipt } from '../../notify/fixtures.ts';
import { flush } from './fake-scheduler.ts';
import { Harness } from './harness.ts';

const context = (overrides: Partial<CloseContext>): CloseContext => ({
  code: 408,
  repeats: 1,
  logouts: 1,
  linked: true,
  failures: 1,
  loginRounds: 0,
  ...overrides,
});
const half = () => 0.5;

describe('WhatsApp reconnect rules', function () {
  it('logs in again after 401, stops on 440, restarts at once on 515', function () {
    expect(decideOnClose(context({ code: 401 }), DEFAULT_BACKOFF, half)).to.deep.equal({ action: 'relogin' });
    expect(decideOnClose(context({ code: 401, linked: false }), DEFAULT_BACKOFF, half)).to.deep.equal({ action: 'relogin' });
    expect(decideOnClose(context({ code: 401, linked: false, logouts: 3 }), DEFAULT_BACKOFF, half)).to.deep.equal({ action: 'halt', reason: 'login_refused' });
    expect(decideOnClose(context({ code: 440 }), DEFAULT_BACKOFF, half)).to.deep.equal({ action: 'halt', reason: 'replaced' });
    expect(decideOnClose(context({ code: 515 }), DEFAULT_BACKOFF, half)).to.deep.equal({ action: 'retry', delayMs: 0, alert: null });
    expect(decideOnClose(context({ code: 515, linked: false, loginRounds: 1 }), DEFAULT_BACKOFF, half)).to.deep.include({ delayMs: 0 });
  });

  it('backs off when 515 repeats without an open in between', function () {
    const decision = decideOnClose(context({ code: 515, repeats: 2, failures: 2 }), DEFAULT_BACKOFF, half);
    expect(decision).to.deep.equal({ action: 'retry', delayMs: 3_000, alert: null });
  });

  it('backs off exponentially from 2 s with jitter, capped at 5 minutes, for 408, 428, 5xx and network errors', function () {
    for (const code of [408, 428, 503, null]) {
      const low = Array.from({ length: 12 }, (_, i) => decideOnClose(context({ code, failures: i + 1 }), DEFAULT_BACKOFF, () => 0));
      const high = Array.from({ length: 12 }, (_, i) => decideOnClose(context({ code, failures: i + 1 }), DEFAULT_BACKOFF, () => 0.999999));
      const delays = (ds: typeof low) => ds.map((d) => (d.action === 'retry' ? d.delayMs : -1));
      expect(delays(low)).to.deep.equal([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 150000, 150000, 150000, 150000]);
      expect(delays(high)).to.deep.equal([2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000, 300000]);
    }
    expect(backoffDelay(DEFAULT_BACKOFF, 999, () => 1)).to.equal(300_000);
  });

  it('alerts the operator once after five failed attempts in a row', function () {
    const alerts = Array.from({ length: 8 }, (_, i) => decideOnClose(context({ failures: i + 1 }), DEFAULT_BACKOFF, half)).map((d) =>
      d.action === 'retry' ? d.alert : 'no-retry',
    );
    expect(alerts).to.deep.equal([null, null, null, null, 'unreachable', null, null, null]);
  });

  it('backs off with an alert for 403, 411, 500 and the stale-version 405, linked or not', function () {
    const cases: Array<[number, string]> = [
      [403, 'forbidden'],
      [411, 'multidevice_mismatch'],
      [500, 'bad_session'],
      [405, 'stale_version'],
    ];
    for (const [code, alert] of cases) {
      for (const linked of [true, false]) {
        expect(decideOnClose(context({ code, linked, failures: 3, loginRounds: 9 }), DEFAULT_BACKOFF, half)).to.deep.equal({
          action: 'retry',
          delayMs: 6_000,
          alert,
        });
      }
    }
  });

  it('offers fresh QR codes quickly while nobody has linked, a bounded number of times', function () {
    const rounds = [1, 2, 3, 4, 5].map((loginRounds) => decideOnClose(context({ linked: false, loginRounds, failures: loginRounds }), DEFAULT_BACKOFF, half));
    expect(rounds.slice(0, 4)).to.deep.equal(Array(4).fill({ action: 'retry', delayMs: 2_000, alert: null }));
    expect(rounds[4]).to.deep.equal({ action: 'halt', reason: 'login_timeout' });
  });
});

describe('WhatsApp connection lifecycle', function () {
  let h: Harness;

  afterEach(async function () {
    await h.close();
  });

  const errors = () => h.logs.lines.filter((l) => l.level >= 50).map((l) => l.msg);

  it('after 401 wipes the session from the store, says so loudly and shows a new QR', async function () {
    h = await Harness.create();
    await h.connect();
    await h.wa.last.options.keys.set({ session: { '6281200000003.0': Buffer.from('x') }, 'lid-mapping': { a: 'b' } });
    expect(await h.store.kv.keys(AUTH_NAMESPACE, 'default:')).to.have.length(3);

    h.wa.last.refuse(401, 'Intentional Logout');
    await flush();
    expect(await h.store.kv.keys(AUTH_NAMESPACE, 'default:')).to.have.length(0);
    expect(errors().join('\n')).to.match(/LOGGED OUT[\s\S]*scan the new QR code/);
    expect(h.wa.sockets).to.have.length(2);
    expect(h.wa.last.logsIn, 'a new registration').to.equal(false);
    expect(h.bot.status().account).to.equal(null);

    h.wa.last.showQr();
    await h.clock.advance(100);
    expect(h.terminal.text).to.match(/Linked devices/);
    expect(h.bot.status().state).to.equal('linking');
  });

  it('reconnects at once on 515 with a new socket on the same session', async function () {
    h = await Harness.create();
    await h.connect();
    h.wa.last.refuse(515, 'Stream Errored (restart required)');
    await flush();
    expect(h.wa.sockets).to.have.length(2);
    expect(h.wa.last.logsIn).to.equal(true);
    expect(h.bot.status().state).to.equal('connecting');
    h.wa.last.loginSucceeds();
    await flush();
    expect(h.bot.status()).to.deep.include({ state: 'open', account: '6281100000001', failures: 0 });
  });

  it('backs off on 408/428/503 with growing, jittered, capped pauses, and resets after an open', async function () {
    h = await Harness.create({ random: () => 0.5 });
    await h.connect();
    const started: number[] = [];
    const codes = [408, 428, 503, 408, 408, 408, 408, 408, 408, 408];
    for (const code of codes) {
      const before = h.wa.sockets.length;
      const closedAt = h.clock.now();
      h.wa.last.refuse(code, 'closed');
      await flush();
      const retryAt = h.bot.status().retryAt!;
      expect(h.bot.status().state).to.equal('waiting');
      await h.clock.advance(retryAt - closedAt - 1, 60_000);
      expect(h.wa.sockets.length, 'not before the pause').to.equal(before);
      await h.clock.advance(1);
      expect(h.wa.sockets.length, 'after the pause').to.equal(before + 1);
      started.push(h.clock.now() - closedAt);
    }
    expect(started).to.deep.equal([1500, 3000, 6000, 12000, 24000, 48000, 96000, 192000, 225000, 225000]);
    expect(errors().filter((m) => /not reconnected after several attempts/.test(m))).to.have.length(1);

    h.wa.last.loginSucceeds();
    await flush();
    const closedAt = h.clock.now();
    h.wa.last.refuse(408);
    await flush();
    expect(h.bot.status().retryAt! - closedAt).to.equal(1500);
  });

  it('stops on 440 and tells the operator why, instead of kicking the other session back', async function () {
    h = await Harness.create();
    await h.connect();
    h.wa.last.refuse(440, 'Stream Errored (conflict)');
    await h.clock.advance(15 * 60_000, 60_000);
    expect(h.wa.sockets).to.have.length(1);
    expect(h.bot.status()).to.deep.include({ state: 'halted', halted: 'replaced' });
    expect(errors().join('\n')).to.match(/same session connected somewhere else \(440\)[\s\S]*only one tagih/);
    expect(h.bot.sender.isReady()).to.equal(false);
  });

  it('tells the operator to upgrade Baileys on 405, and keeps retrying with backoff', async function () {
    h = await Harness.create();
    await h.connect();
    h.wa.last.refuse(405, 'Connection Failure');
    await flush();
    expect(h.bot.status()).to.deep.include({ state: 'waiting', alert: 'stale_version', lastDisconnectCode: 405 });
    expect(errors().join('\n')).to.match(/405[\s\S]*out of date[\s\S]*Upgrade @whiskeysockets\/baileys/);
    await h.clock.advance(3_000);
    expect(h.wa.sockets).to.have.length(2);
  });

  it('stop() ends the socket without logging out, releases the account and leaves no timer behind', async function () {
    h = await Harness.create({ owner: 'first' });
    await h.connect();
    const sock = h.wa.last;
    await h.bot.stop();
    expect(sock.ended).to.deep.equal({ error: undefined });
    // Let go before ending: the close it emits is not taken for a drop to reconnect from.
    expect(sock.listenersAtEnd).to.equal(0);
    expect(h.clock.pending).to.equal(0);
    expect(await h.store.leases.acquire('whatsapp:default', 'second', 30_000, new Date(h.clock.now()))).to.equal(true);
    expect(h.bot.status()).to.deep.include({ state: 'idle', leaseHeld: false });
  });

  it('stop() cuts short a send in flight (not ready, for the worker to retry) and leaves no timer', async function () {
    h = await Harness.create();
    await h.connect();
    h.wa.last.hangSends = true;
    const sending = h.bot.sender
      .send('6281200000003@s.whatsapp.net', receipt(), 'id', null)
      .then(() => null, (err: unknown) => err);
    await h.clock.advance(3_000);
    await h.bot.stop();
    expect(await sending).to.deep.include({ name: 'DeliveryError', failure: 'not_ready' });
    expect(h.clock.pending).to.equal(0);
  });

  it('fences a closed socket off the session: its late key writes do not land', async function () {
    h = await Harness.create();
    await h.connect();
    const old = h.wa.last;
    old.refuse(428);
    await flush();
    const late = await old.options.keys.set({ session: { stale: Buffer.from('x') } }).then(() => null, (err: unknown) => err);
    expect(late).to.be.an('error');
    expect(await h.store.kv.get(AUTH_NAMESPACE, 'default:session:stale')).to.equal(null);
    await h.clock.advance(3_000);
    await h.wa.last.options.keys.set({ session: { fresh: Buffer.from('y') } });
    expect(await h.store.kv.get(AUTH_NAMESPACE, 'default:session:fresh')).to.be.a('string');
  });

  it('stop() while waiting to reconnect clears the pending attempt', async function () {
    h = await Harness.create();
    await h.connect();
    h.wa.last.refuse(503);
    await flush();
    await h.bot.stop();
    expect(h.clock.pending).to.equal(0);
    await h.clock.advance(600_000, 60_000);
    expect(h.wa.sockets).to.have.length(1);
  });
});
