import { expect } from 'chai';
import { ChannelPacer, PacingDeferral, takeTurn, type Pacing, type PacingTime } from '../../src/notify/pacing.ts';

const pacing = (p: Partial<Pacing>): Pacing => ({ perTargetGapMs: 0, channelGapMs: 0, jitterMs: 0, perMinuteCap: null, ...p });

/** Books, sends and ends one message at `at`. */
function sendAt(pacer: ChannelPacer, target: string, at: number): void {
  const booking = pacer.book(target, at);
  booking.reserve(at);
  booking.end(at);
  booking.release();
}

describe('ChannelPacer', function () {
  it('sets no bound of its own for an unpaced channel', function () {
    const pacer = new ChannelPacer(pacing({}), () => 0);
    expect(pacer.capacity(0)).to.equal(Infinity);
    expect(pacer.nextOpening(0)).to.equal(null);
  });

  it('makes a target wait its gap (plus jitter) after the previous message to it ended', function () {
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 1000, jitterMs: 500 }), () => 0.5);
    sendAt(pacer, 'chat-a', 10_000);
    expect(pacer.book('chat-a', 10_100).readyAt).to.equal(11_250);
    expect(pacer.book('chat-b', 10_100).readyAt, 'other chats are not held').to.equal(10_100);
    expect(pacer.book('chat-a', 12_000).readyAt).to.equal(12_000);
  });

  it('spaces the starts on a gapped channel, one claim per slot', function () {
    const pacer = new ChannelPacer(pacing({ channelGapMs: 35, jitterMs: 10 }), () => 0.5);
    expect(pacer.capacity(0)).to.equal(1);
    const first = pacer.book('a', 0);
    expect(first.reserve(0)).to.equal(0);
    expect(pacer.capacity(0)).to.equal(0);
    expect(pacer.nextOpening(0)).to.equal(40);
    // The first is still being sent: the channel does not wait for it to finish.
    expect(pacer.capacity(40)).to.equal(1);
    const second = pacer.book('b', 40);
    const third = pacer.book('c', 40);
    expect([second.reserve(40), third.reserve(41)]).to.deep.equal([40, 80]);
  });

  it('lets a chat wait for its gap without holding the channel', function () {
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 1000, channelGapMs: 35 }), () => 0);
    sendAt(pacer, 'a', 0);
    const again = pacer.book('a', 100);
    expect(again.readyAt).to.equal(1000);
    expect(pacer.capacity(100), 'another chat may be claimed meanwhile').to.equal(1);
    expect(pacer.book('b', 100).reserve(100)).to.equal(100);
    expect(again.reserve(1000)).to.equal(1000);
  });

  it('caps a rolling minute, counting booked messages that have not started yet', function () {
    const pacer = new ChannelPacer(pacing({ perMinuteCap: 3 }), () => 0);
    sendAt(pacer, 'a', 0);
    sendAt(pacer, 'b', 10_000);
    expect(pacer.capacity(20_000)).to.equal(1);
    const waiting = pacer.book('c', 20_000);
    expect(pacer.capacity(20_000), 'a claimed message counts before it has its slot').to.equal(0);
    expect(pacer.nextOpening(20_000), 'the first start must leave the window').to.equal(60_000);
    waiting.release();
    expect(pacer.capacity(20_000), 'handed back unsent: the slot is free again').to.equal(1);
    expect(pacer.capacity(60_000)).to.equal(2);
  });

  it('spaces a slow target (a Telegram group, 20 a minute) by its own gap, and other targets by theirs', function () {
    const slowTargets = { test: (target: string) => target.startsWith('-'), gapMs: 3000 };
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 1000, slowTargets }), () => 0);
    sendAt(pacer, '-500', 0);
    sendAt(pacer, '100', 0);
    expect(pacer.book('-500', 100).readyAt).to.equal(3000);
    expect(pacer.book('100', 100).readyAt).to.equal(1000);
    // Sent as soon as allowed, a minute holds at most 20 messages to the group.
    let at = 0;
    const starts: number[] = [];
    for (let i = 0; i < 30; i++) {
      const booking = pacer.book('-500', at);
      at = booking.readyAt;
      starts.push(booking.reserve(at));
      booking.end(at);
      booking.release();
    }
    const inAnyMinute = Math.max(...starts.map((s) => starts.filter((t) => t >= s && t < s + 60_000).length));
    expect(inAnyMinute).to.equal(20);
  });

  it('counts a booking of several messages (a photo, then its text) as that many: slots, the chat’s gap and the minute cap', function () {
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 1000, channelGapMs: 35, perMinuteCap: 3 }), () => 0);
    const card = pacer.book('a', 0, 2);
    expect(pacer.capacity(0), 'two of the minute’s three are taken before it starts').to.equal(1);
    expect(card.reserve(0)).to.equal(0);
    expect(pacer.nextOpening(0), 'the next start waits two channel gaps').to.equal(70);
    card.end(500);
    card.release();
    const next = pacer.book('a', 600);
    expect(next.readyAt, 'its chat waits two gaps').to.equal(2500);
    expect(pacer.capacity(600), 'and the minute has no room left: 2 + 1 of 3').to.equal(0);
  });

  it('pauses the whole channel until a given time', function () {
    const pacer = new ChannelPacer(pacing({}), () => 0);
    pacer.pause(5000);
    pacer.pause(3000);
    expect(pacer.capacity(4999)).to.equal(0);
    expect(pacer.nextOpening(0)).to.equal(5000);
    expect(pacer.capacity(5000)).to.equal(Infinity);
  });

  it('spaces an uncounted target (the account\'s own chat) with the channel, but holds it to no chat gap and no cap', function () {
    const own = 'own@s.whatsapp.net';
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 5000, channelGapMs: 1000, perMinuteCap: 2, uncounted: (t) => t === own }), () => 0);
    for (let i = 0; i < 4; i++) sendAt(pacer, own, i * 1000);
    expect(pacer.book(own, 4000).readyAt, 'no chat gap').to.equal(4000);
    expect(pacer.capacity(4000), 'four sent, none of them counted').to.equal(1);
    const next = pacer.book('customer', 4000);
    expect(next.reserve(4000), 'but the channel gap holds for everyone').to.equal(4000);
    expect(pacer.book(own, 4000).reserve(4000)).to.equal(5000);
  });
});

describe('takeTurn: a turn on the pacer for a message outside the outbox', function () {
  /** Time that passes only when waited on. */
  function fakeTime(start = 0): PacingTime & { waits: number[] } {
    let now = start;
    const waits: number[] = [];
    return {
      waits,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += Math.max(0, ms);
      },
    };
  }

  it('waits for room on the channel, the chat\'s gap and a slot, like a claim', async function () {
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 5000, channelGapMs: 1000, perMinuteCap: 2 }), () => 0);
    sendAt(pacer, 'a', 0);
    sendAt(pacer, 'b', 1000);
    const time = fakeTime(1500);
    const turn = await takeTurn(pacer, 'a', time, 120_000);
    expect(time.now(), 'the minute was full: the first start had to leave it').to.equal(60_000);
    turn.end(time.now());
    turn.release();
    expect(pacer.book('a', 60_000).readyAt, 'and the turn counts for the chat like a sent claim').to.equal(65_000);
  });

  it('throws PacingDeferral, holding nothing, when the turn would come too late', async function () {
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 5000, perMinuteCap: 2 }), () => 0);
    sendAt(pacer, 'a', 0);
    const err = await takeTurn(pacer, 'a', fakeTime(100), 1000).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PacingDeferral);
    expect((err as PacingDeferral).waitMs).to.equal(4900);
    expect(pacer.capacity(100), 'the booked turn was handed back: one of the minute\'s two is still free').to.equal(1);
  });
});
