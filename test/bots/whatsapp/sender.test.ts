import { expect } from 'chai';
import { DeliveryError } from '../../../src/notify/delivery.ts';
import type { Notice } from '../../../src/notify/notices.ts';
import type { OutboxEntry } from '../../../src/store/ports.ts';
import { linkShare, orderEvent, receipt } from '../../notify/fixtures.ts';
import { flush } from './fake-scheduler.ts';
import { boom } from './fake-socket.ts';
import { CUSTOMER_JID, Harness, SHOP, SHOP_JID } from './harness.ts';

let ids = 0;
function entry(target: string, notice: Notice = receipt(), merchantId: string | null = null): OutboxEntry {
  ids += 1;
  return {
    id: `e${ids}`,
    key: `k${ids}`,
    channel: 'whatsapp',
    target,
    merchantId,
    notice,
    notBefore: new Date(0),
    status: 'sending',
    attempts: 0,
    lastError: null,
    createdAt: new Date(0),
    sentAt: null,
  };
}

const customer = (n: number) => `62812000${String(n).padStart(5, '0')}@s.whatsapp.net`;

/** What a send ended with: null when it went out. */
async function outcome(promise: Promise<void>): Promise<DeliveryError | null> {
  return promise.then(
    () => null,
    (err: unknown) => {
      if (err instanceof DeliveryError) return err;
      throw err;
    },
  );
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe('WhatsApp sender', function () {
  let h: Harness;

  async function connected(random = () => 0.5): Promise<void> {
    h = await Harness.create({ random });
    await h.connect();
  }

  afterEach(async function () {
    await h.close();
  });

  it('renders merchant news as text with hints, receipts as text, shared links as a QR card', async function () {
    await connected();
    const sends = [
      h.bot.sender.send(entry(SHOP_JID, orderEvent('paid'), `whatsapp:${SHOP}`), 'id'),
      h.bot.sender.send(entry(CUSTOMER_JID, receipt()), 'id'),
      h.bot.sender.send(entry(customer(9), linkShare()), 'en'),
    ];
    await h.settle();
    await Promise.all(sends);
    const [paid, thanks, share] = h.wa.last.sent;
    expect(paid).to.deep.include({ jid: SHOP_JID });
    expect('text' in paid!.content && paid!.content.text).to.match(/^\*✅ Rp150\.000 · Kaos Polos Hitam #3 · Budi Santoso\*\nPembayaran diterima\n[\s\S]*Ketik \/link 3 → Detail$/);
    expect('text' in thanks!.content && thanks!.content.text).to.match(/^✅ Terima kasih, Budi Santoso!/);
    if (!('image' in share!.content)) throw new Error('expected the QR card');
    expect(share!.content.caption).to.include('Pay here: https://pay.example.com/p/k7q2m9x4p1ab');
    expect(share!.content.caption).not.to.include('Pay: https://');
  });

  it('spaces messages by 1–3 s of jitter and keeps 5 s between two to the same chat', async function () {
    const jitter = [0, 0.999, 0.5, 0.25, 0, 0];
    await connected(() => jitter.shift() ?? 0);
    const sends = [customer(1), customer(2), customer(3), customer(4), customer(4)].map((to) => h.bot.sender.send(entry(to), 'id'));
    await h.settle(30_000);
    await Promise.all(sends);
    const times = h.wa.last.sent.map((s) => s.at);
    const between = gaps(times);
    expect(between.slice(0, 3)).to.deep.equal([2998, 2000, 1500]);
    expect(between[3]).to.equal(5_000);
    for (const gap of between) expect(gap).to.be.at.least(1_000);
  });

  it('sends at most 8 messages a minute to other people and tells the worker when to come back', async function () {
    await connected();
    const sends = Array.from({ length: 10 }, (_, i) => outcome(h.bot.sender.send(entry(customer(i)), 'id')));
    await h.settle(30_000);
    const results = await Promise.all(sends);
    expect(h.wa.last.sent).to.have.length(8);
    const deferred = results.filter((r) => r !== null);
    expect(deferred).to.have.length(2);
    for (const err of deferred) {
      expect(err).to.deep.include({ failure: 'rate_limited', scope: 'channel' });
      expect(err!.retryAfterMs).to.be.within(30_000, 60_000);
    }
    const times = h.wa.last.sent.map((s) => s.at);
    expect(Math.min(...gaps(times))).to.be.at.least(1_000);

    // Once the minute has passed, the next one goes.
    await h.clock.advance(deferred[0]!.retryAfterMs!);
    const later = h.bot.sender.send(entry(customer(20)), 'id');
    await h.settle(5_000);
    expect(await outcome(later)).to.equal(null);
    expect(h.wa.last.sent).to.have.length(9);
  });

  it('does not count the merchant\'s own chat against the cap, but still spaces it', async function () {
    await connected();
    const sends = Array.from({ length: 12 }, () => outcome(h.bot.sender.send(entry(SHOP_JID, orderEvent('paid'), `whatsapp:${SHOP}`), 'id')));
    await h.settle(60_000);
    expect(await Promise.all(sends)).to.deep.equal(Array(12).fill(null));
    expect(gaps(h.wa.last.sent.map((s) => s.at)).every((g) => g >= 1_000)).to.equal(true);
  });

  it('turns rate-overlimit into rate_limited for minutes, and holds the whole account meanwhile', async function () {
    await connected();
    h.wa.last.failNextSends.push(boom('rate-overlimit', 500, 429));
    const first = outcome(h.bot.sender.send(entry(customer(1)), 'id'));
    await h.settle(5_000);
    const err = await first;
    expect(err).to.deep.include({ failure: 'rate_limited', retryAfterMs: 600_000, scope: 'channel' });

    const next = outcome(h.bot.sender.send(entry(customer(2)), 'id'));
    await h.settle(5_000);
    expect((await next)?.failure).to.equal('rate_limited');
    expect(h.wa.last.sent).to.have.length(0);
  });

  it('classifies lost connections and timeouts as transient, a closed socket as not ready, a non-chat as permanent', async function () {
    await connected();
    h.wa.last.failNextSends.push(boom('Connection Closed', 428));
    const closed = outcome(h.bot.sender.send(entry(customer(1)), 'id'));
    await h.settle(5_000);
    expect((await closed)?.failure).to.equal('transient');

    h.wa.last.hangSends = true;
    const hanging = outcome(h.bot.sender.send(entry(customer(2)), 'id'));
    await h.settle(40_000);
    expect(await hanging).to.deep.include({ failure: 'transient', message: 'sendMessage timed out after 30000 ms' });

    // A group is a chat now: a shop's team chat (issue 18, test/bots/whatsapp/team.test.ts).
    for (const target of ['status@broadcast', '120363025555555555@newsletter', 'not a jid']) {
      expect((await outcome(h.bot.sender.send(entry(target), 'id')))?.failure).to.equal('permanent');
    }

    h.wa.last.refuse(408);
    await flush();
    expect(h.bot.sender.isReady()).to.equal(false);
    expect((await outcome(h.bot.sender.send(entry(customer(3)), 'id')))?.failure).to.equal('not_ready');
  });
});
