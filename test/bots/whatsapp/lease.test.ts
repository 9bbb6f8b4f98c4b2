import { expect } from 'chai';
import type { LeaseStore } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeScheduler, flush } from './fake-scheduler.ts';
import { Harness, seedSession } from './harness.ts';

describe('WhatsApp account lease', function () {
  const harnesses: Harness[] = [];

  afterEach(async function () {
    for (const h of harnesses.splice(0)) await h.close();
  });

  async function harness(options: Parameters<typeof Harness.create>[0]): Promise<Harness> {
    const h = await Harness.create(options);
    harnesses.push(h);
    return h;
  }

  it('lets only one process open the socket; the other takes over when the first stops', async function () {
    const store = openSqliteStore({ path: ':memory:' });
    await seedSession(store.kv);
    const clock = new FakeScheduler();
    const a = await harness({ store, scheduler: clock, owner: 'a', linked: false });
    const b = await harness({ store, scheduler: clock, owner: 'b', linked: false });

    a.bot.start();
    await flush();
    b.bot.start();
    await clock.advance(60_000);
    expect(a.wa.sockets).to.have.length(1);
    expect(b.wa.sockets).to.have.length(0);
    expect(b.bot.status()).to.deep.include({ leaseHeld: false, state: 'idle' });
    expect(b.logs.text).to.include('another tagih process holds the WhatsApp session');

    await a.bot.stop();
    await clock.advance(5_000);
    expect(b.wa.sockets).to.have.length(1);
    expect(b.bot.status().leaseHeld).to.equal(true);
    harnesses.splice(0);
    await b.bot.stop();
    await store.close();
  });

  it('takes over after a crashed holder\'s lease expires', async function () {
    const h = await harness({ owner: 'survivor' });
    expect(await h.store.leases.acquire('whatsapp:default', 'crashed', 30_000, new Date(h.clock.now()))).to.equal(true);
    h.bot.start();
    await h.clock.advance(25_000);
    expect(h.wa.sockets).to.have.length(0);
    await h.clock.advance(10_000);
    expect(h.wa.sockets).to.have.length(1);
  });

  it('closes the socket as soon as the lease is lost, and reconnects when it is back', async function () {
    let grant = true;
    const store = openSqliteStore({ path: ':memory:' });
    const leases: LeaseStore = {
      acquire: async (name, owner, ttl, now) => grant && store.leases.acquire(name, owner, ttl, now),
      release: (name, owner) => store.leases.release(name, owner),
    };
    const h = await harness({ store, leases });
    await h.connect();
    const first = h.wa.last;
    expect(h.bot.sender.isReady()).to.equal(true);

    grant = false;
    await h.clock.advance(5_000);
    expect(first.ended).to.deep.equal({ error: undefined });
    expect(h.bot.sender.isReady()).to.equal(false);
    expect(h.bot.status()).to.deep.include({ state: 'idle', leaseHeld: false });

    grant = true;
    await h.clock.advance(5_000);
    expect(h.wa.sockets).to.have.length(2);
    harnesses.splice(0);
    await h.close();
    await store.close();
  });

  it('gives the socket up when the lease cannot be confirmed before it would lapse', async function () {
    let failing = false;
    const store = openSqliteStore({ path: ':memory:' });
    const leases: LeaseStore = {
      acquire: async (name, owner, ttl, now) => {
        if (failing) throw new Error('database is locked');
        return store.leases.acquire(name, owner, ttl, now);
      },
      release: (name, owner) => store.leases.release(name, owner),
    };
    const h = await harness({ store, leases });
    await h.connect();
    failing = true;
    await h.clock.advance(20_000);
    expect(h.wa.last.ended).to.equal(null);
    await h.clock.advance(5_000);
    expect(h.wa.last.ended).to.deep.equal({ error: undefined });
    harnesses.splice(0);
    await h.close();
    await store.close();
  });
});
