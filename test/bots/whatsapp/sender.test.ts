import { expect } from 'chai';
import { DeliveryError } from '../../../src/notify/delivery.ts';
import type { Notice } from '../../../src/notify/notices.ts';
import { PacingDeferral, takeTurn } from '../../../src/notify/pacing.ts';
import { Timers } from '../../../bots/whatsapp/scheduler.ts';
import { linkShare, orderEvent, receipt } from '../../notify/fixtures.ts';
import { flush } from './fake-scheduler.ts';
import { boom } from './fake-socket.ts';
import { CUSTOMER_JID, Harness, SHOP, SHOP_JID } from './harness.ts';

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
      h.bot.sender.send(SHOP_JID, orderEvent('paid'), 'id', `whatsapp:${SHOP}`),
      h.bot.sender.send(CUSTOMER_JID, receipt(), 'id', null),
      h.bot.sender.send(customer(9), linkShare(), 'en', null),
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

  /**
   * A notice sent as the outbox worker sends it: a turn on the channel's pacer
   * (the sender hands the worker the account's own), then the sender.
   */
  async function paced(to: string, notice: Notice = receipt(), merchantId: string | null = null): Promise<void> {
    const turn = await takeTurn(h.bot.sender.pacer!, to, new Timers(h.clock), 120_000);
    try {
      await h.bot.sender.send(to, notice, 'id', merchantId);
    } finally {
      turn.end(h.clock.now());
      turn.release();
    }
  }

  it('hands the outbox worker the account\'s pacer, with the account\'s numbers, so notices and replies keep one pace', async function () {
    await connected();
    const { pacer, pacing } = h.bot.sender;
    expect(pacer, 'the worker paces with this one instead of its own').to.not.equal(undefined);
    expect(pacer!.pacing).to.equal(pacing);
    expect(pacing).to.deep.include({ perTargetGapMs: 5_000, channelGapMs: 1_000, jitterMs: 2_000, perMinuteCap: 8 });
    expect([SHOP_JID, CUSTOMER_JID].map((jid) => pacing.uncounted!(jid))).to.deep.equal([true, false]);
  });

  it('spaces messages by 1–3 s of jitter and keeps 5 s between two to the same chat', async function () {
    await connected(() => 0.5);
    const sends = [customer(1), customer(2), customer(3), customer(4)].map((to) => paced(to));
    await h.settle(10_000);
    await Promise.all(sends);
    // A chat's next message is taken once its last one is done, as the outbox claims them.
    const again = paced(customer(4));
    await h.settle(10_000);
    await again;
    // 1 s + half of the 2 s jitter between starts; after the same chat's message, 5 s + 1 s from its end.
    expect(gaps(h.wa.last.sent.map((s) => s.at))).to.deep.equal([2_000, 2_000, 2_000, 6_000]);
  });

  it('sends at most 8 messages a minute to other people', async function () {
    await connected(() => 0);
    const sends = Array.from({ length: 10 }, (_, i) => paced(customer(i)));
    await h.settle(50_000);
    expect(h.wa.last.sent, 'within the first minute').to.have.length(8);
    await h.settle(30_000);
    await Promise.all(sends);
    const times = h.wa.last.sent.map((s) => s.at);
    expect(times).to.have.length(10);
    expect(times[8]! - times[0]!, 'the ninth waits until the first left the minute').to.be.at.least(60_000);
    expect(Math.min(...gaps(times))).to.be.at.least(1_000);
  });

  it('does not count the merchant\'s own chat against the cap, but still spaces it', async function () {
    await connected();
    const sends = Array.from({ length: 12 }, () => paced(SHOP_JID, orderEvent('paid'), `whatsapp:${SHOP}`));
    await h.settle(30_000);
    await Promise.all(sends);
    const times = h.wa.last.sent.map((s) => s.at);
    expect(times, 'more than eight within a minute').to.have.length(12);
    expect(times[11]! - times[0]!).to.be.below(60_000);
    expect(Math.min(...gaps(times))).to.be.at.least(1_000);
  });

  it('turns rate-overlimit into rate_limited for minutes, and holds the whole account meanwhile', async function () {
    await connected();
    h.wa.last.failNextSends.push(boom('rate-overlimit', 500, 429));
    const first = outcome(h.bot.sender.send(customer(1), receipt(), 'id', null));
    await h.settle(5_000);
    const err = await first;
    expect(err).to.deep.include({ failure: 'rate_limited', retryAfterMs: 600_000, scope: 'channel' });

    // The worker claims nothing for WhatsApp now, and a reply does not get a turn within its wait.
    const pacer = h.bot.sender.pacer!;
    expect(pacer.capacity(h.clock.now())).to.equal(0);
    expect(pacer.nextOpening(h.clock.now())! - h.clock.now()).to.be.within(590_000, 600_000);
    const reply = takeTurn(pacer, customer(2), new Timers(h.clock), 90_000).then(() => null, (e: unknown) => e);
    expect(await reply).to.be.instanceOf(PacingDeferral);
    expect(h.wa.last.sent).to.have.length(0);
  });

  it('classifies lost connections and timeouts as transient, a closed socket as not ready, a non-chat as permanent', async function () {
    await connected();
    h.wa.last.failNextSends.push(boom('Connection Closed', 428));
    const closed = outcome(h.bot.sender.send(customer(1), receipt(), 'id', null));
    await h.settle(5_000);
    expect((await closed)?.failure).to.equal('transient');

    h.wa.last.hangSends = true;
    const hanging = outcome(h.bot.sender.send(customer(2), receipt(), 'id', null));
    await h.settle(40_000);
    expect(await hanging).to.deep.include({ failure: 'transient', message: 'sendMessage timed out after 30000 ms' });

    // A group is a chat now: a shop's team chat (test/bots/whatsapp/team.test.ts).
    for (const target of ['status@broadcast', '120363025555555555@newsletter', 'not a jid']) {
      expect((await outcome(h.bot.sender.send(target, receipt(), 'id', null)))?.failure).to.equal('permanent');
    }

    h.wa.last.refuse(408);
    await flush();
    expect(h.bot.sender.isReady()).to.equal(false);
    expect((await outcome(h.bot.sender.send(customer(3), receipt(), 'id', null)))?.failure).to.equal('not_ready');
  });
});
