/**
 * Midtrans slow or down, seen from a real tagih child process pointed at the
 * Midtrans simulator with a short MIDTRANS_TIMEOUT_MS. A customer whose Snap
 * call times out gets a friendly page and the link's slot back; a
 * notification whose Get Status check fails is kept and applied once
 * Midtrans answers again, without Midtrans having to send it twice; one
 * whose tagih dies while asking was never answered, so Midtrans sends it
 * again and the restarted tagih applies it once.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/midtrans/simulator/simulator.ts';
import type { Store } from '../../src/store/ports.ts';
import { freePort, TagihProcess } from '../support/tagih-process.ts';
import { postForm } from '../web/harness.ts';
import { eventually, openStoreAt, SERVER_KEY, seedLinks, tagihEnv, type StoreTarget } from './helpers.ts';

const CUSTOMER = { name: 'Siti Rahayu', phone: '081234567890', email: 'siti@mail.com' };

describe('Midtrans down or slow', function () {
  this.timeout(90_000);
  let sim: Simulator;
  let dataDir: string;
  let target: StoreTarget;
  let tagih: TagihProcess | undefined;
  let url: string;
  let reader: Store;

  before(async function () {
    sim = await startSimulator({ serverKey: SERVER_KEY, retryDelaysMs: [200, 400], notificationTimeoutMs: 5_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-midtrans-down-'));
    target = { kind: 'sqlite', dataDir };
    reader = await openStoreAt(target);
    const port = await freePort();
    tagih = TagihProcess.start(
      tagihEnv({
        port,
        store: target,
        extra: {
          MIDTRANS_API_BASE_URL: sim.apiBaseUrl,
          MIDTRANS_SNAP_BASE_URL: sim.snapBaseUrl,
          MIDTRANS_VERIFY_STATUS: 'true',
          MIDTRANS_TIMEOUT_MS: '500',
          // Each checkout below is a customer of their own, named by X-Forwarded-For: one client may hold only three.
          TRUST_PROXY: 'loopback',
        },
      }),
    );
    url = await tagih.started();
    sim.setNotificationUrl(`${url}/webhooks/midtrans`);
  });

  after(async function () {
    await tagih?.kill();
    await sim?.close();
    await reader?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a Snap timeout with a friendly retry page (503) and gives the slot back', async function () {
    const [link] = await seedLinks(reader, 1, [7301]);
    sim.failNext('snap', { delayMs: 2_000 });

    const started = Date.now();
    const failed = await postForm(`${url}/p/${link!.slug}`, CUSTOMER);
    expect(failed.status).to.equal(503);
    expect(Date.now() - started, 'the customer waits about MIDTRANS_TIMEOUT_MS, not for Midtrans').to.be.below(1_900);
    const page = await failed.text();
    expect(page).to.include('Tidak ada dana yang ditarik').and.include('retry');

    const [order] = await reader.orders.listByLink(link!.id, 10);
    expect(order!.status, 'the reservation is released at once').to.equal('failed');
    expect((await reader.links.usage(link!.id)).held).to.equal(0);
    const again = await fetch(`${url}/p/${link!.slug}`);
    expect(again.status, 'the link takes payments again').to.equal(200);
    expect(await again.text()).to.include('name="email"');

    const retried = await postForm(`${url}/p/${link!.slug}`, CUSTOMER);
    expect(retried.status, 'trying again opens Snap').to.equal(303);
    expect(retried.headers.get('location')!.startsWith(`${sim.url}/snap/v3/redirection/`)).to.equal(true);
    const orders = await reader.orders.listByLink(link!.id, 10);
    expect(orders.map((o) => o.status)).to.deep.equal(['pending', 'failed']);
  });

  it('keeps notifications whose Get Status times out, answers 503 or drops the connection, and applies each once Midtrans answers', async function () {
    const links = await seedLinks(reader, 3, [7302]);
    const orderIds: string[] = [];
    for (const [i, link] of links.entries()) {
      expect((await postForm(`${url}/p/${link.slug}`, CUSTOMER, { 'x-forwarded-for': `203.0.113.${i + 1}` })).status).to.equal(303);
      const [order] = await reader.orders.listByLink(link.id, 1);
      await sim.pay(order!.id, 'qris', { notify: false });
      orderIds.push(order!.id);
    }

    // One Get Status call each way, for the three notifications arriving together.
    sim.failNext('status', { delayMs: 2_000 });
    sim.failNext('status', { status: 503 });
    sim.failNext('status', { drop: true });
    const before = sim.deliveries().length;
    await Promise.all(orderIds.map((id) => sim.notify(id)));
    await sim.idle();
    const deliveries = sim.deliveries().slice(before);
    expect(deliveries.map((d) => d.status), 'stored, so Midtrans is told 200 and need not send them again').to.deep.equal([200, 200, 200]);
    for (const id of orderIds) expect((await reader.orders.byId(id))!.status, `${id} not applied without Get Status`).to.equal('pending');

    await eventually(
      'the inbox worker to apply the kept notifications',
      async () => {
        for (const id of orderIds) if ((await reader.orders.byId(id))!.status !== 'paid') return false;
        return true;
      },
      { timeoutMs: 40_000, intervalMs: 200, explain: () => tagih!.tail(15) },
    );
    const entries = await reader.outbox.list({ limit: 1000 });
    for (const [i, id] of orderIds.entries()) {
      // Asked by the notification's transaction id, as midtrans-client's notification() does.
      const txId = sim.transaction(id)!.payment!.transactionId;
      expect(sim.requests().filter((r) => r.path === `/v2/${txId}/status`), `${id}: one failed Get Status, one that answered`).to.have.length(2);
      expect(entries.filter((e) => e.key.startsWith(`${id}:`)).map((e) => e.key)).to.deep.equal([`${id}:paid:merchant`]);
      expect((await reader.links.usage(links[i]!.id)).paid).to.equal(1);
    }
  });
});

describe('tagih killed while it asks Midtrans about a notification', function () {
  this.timeout(90_000);
  let sim: Simulator;
  let dataDir: string;
  let reader: Store;
  const children: TagihProcess[] = [];

  before(async function () {
    // Retries 3 s apart: time for a restart between the kill and Midtrans's next try.
    sim = await startSimulator({ serverKey: SERVER_KEY, retryDelaysMs: [3_000], notificationTimeoutMs: 10_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-killed-asking-'));
    reader = await openStoreAt({ kind: 'sqlite', dataDir });
  });

  after(async function () {
    await Promise.all(children.map((child) => child.kill()));
    await sim?.close();
    await reader?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has answered nothing and kept nothing; Midtrans sends it again and the restarted tagih applies it once', async function () {
    const port = await freePort();
    const env = tagihEnv({
      port,
      store: { kind: 'sqlite', dataDir },
      extra: { MIDTRANS_API_BASE_URL: sim.apiBaseUrl, MIDTRANS_SNAP_BASE_URL: sim.snapBaseUrl, MIDTRANS_VERIFY_STATUS: 'true' },
    });
    const start = async () => {
      const child = TagihProcess.start(env);
      children.push(child);
      return child.started();
    };
    const url = await start();
    sim.setNotificationUrl(`${url}/webhooks/midtrans`);
    const [link] = await seedLinks(reader, 1, [7303]);
    expect((await postForm(`${url}/p/${link!.slug}`, CUSTOMER)).status).to.equal(303);
    const [order] = await reader.orders.listByLink(link!.id, 1);
    await sim.pay(order!.id, 'qris', { notify: false });
    const txId = sim.transaction(order!.id)!.payment!.transactionId;

    // Get Status is slow; tagih dies while it waits for the answer.
    sim.failNext('status', { delayMs: 5_000 });
    const asked = () => sim.requests().some((r) => r.path === `/v2/${txId}/status`);
    void sim.notify(order!.id);
    await eventually('tagih to ask Get Status', asked, { timeoutMs: 10_000, intervalMs: 20 });
    expect((await children[0]!.kill()).signal).to.equal('SIGKILL');
    expect((await reader.orders.byId(order!.id))!.status).to.equal('pending');
    expect(await reader.inbox.claimDue({ now: new Date(Date.now() + 24 * 3600_000), worker: 'peek', leaseMs: 1, limit: 10 }), 'nothing was kept').to.deep.equal([]);

    await start();
    await sim.idle(30_000);
    expect(sim.deliveries().map((d) => d.status), 'no answer, then 200 from the restarted tagih').to.deep.equal([null, 200]);
    expect((await reader.orders.byId(order!.id))!.status).to.equal('paid');
    expect((await reader.outbox.list({ limit: 10 })).map((e) => e.key)).to.deep.equal([`${order!.id}:paid:merchant`]);
  });
});
