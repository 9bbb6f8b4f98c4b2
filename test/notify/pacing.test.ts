import { expect } from 'chai';
import type { Pacing } from '../../src/notify/delivery.ts';
import { ChannelPacer } from '../../src/notify/pacing.ts';

const pacing = (p: Partial<Pacing>): Pacing => ({ perTargetGapMs: 0, channelGapMs: 0, jitterMs: 0, perMinuteCap: null, ...p });

/** Books, starts and ends one message at `at`. */
function sendAt(pacer: ChannelPacer, target: string, at: number): void {
  const booking = pacer.book(target, at);
  booking.start(at);
  booking.end(at);
  booking.release();
}

describe('ChannelPacer', function () {
  it('sets no bound of its own for an unpaced channel', function () {
    const pacer = new ChannelPacer(pacing({}), () => 0);
    expect(pacer.capacity(0)).to.equal(Infinity);
    expect(pacer.nextOpening(0)).to.equal(null);
  });

  it('makes a target wait its gap (plus jitter) after the previous message ended', function () {
    const pacer = new ChannelPacer(pacing({ perTargetGapMs: 1000, jitterMs: 500 }), () => 0.5);
    sendAt(pacer, 'chat-a', 10_000);
    expect(pacer.book('chat-a', 10_100).startAt).to.equal(11_250);
    expect(pacer.book('chat-b', 10_100).startAt, 'other chats are not held').to.equal(10_100);
    expect(pacer.book('chat-a', 12_000).startAt).to.equal(12_000);
  });

  it('serialises a channel with a gap: one at a time, then the gap after it ends', function () {
    const pacer = new ChannelPacer(pacing({ channelGapMs: 2000 }), () => 0);
    expect(pacer.capacity(0)).to.equal(1);
    const booking = pacer.book('a', 0);
    expect(pacer.capacity(0)).to.equal(0);
    expect(pacer.nextOpening(0), 'only the running send can open it').to.equal(null);
    booking.start(0);
    booking.end(500);
    booking.release();
    expect(pacer.capacity(600)).to.equal(0);
    expect(pacer.nextOpening(600)).to.equal(2500);
    expect(pacer.capacity(2500)).to.equal(1);
  });

  it('caps a rolling minute, counting booked messages that have not started yet', function () {
    const pacer = new ChannelPacer(pacing({ perMinuteCap: 3 }), () => 0);
    sendAt(pacer, 'a', 0);
    sendAt(pacer, 'b', 10_000);
    expect(pacer.capacity(20_000)).to.equal(1);
    const waiting = pacer.book('c', 20_000);
    expect(pacer.capacity(20_000)).to.equal(0);
    expect(pacer.nextOpening(20_000), 'the first start must leave the window').to.equal(60_000);
    waiting.release();
    expect(pacer.capacity(20_000), 'handed back unsent: the slot is free again').to.equal(1);
    expect(pacer.capacity(60_000)).to.equal(2);
  });

  it('pauses the whole channel until a given time', function () {
    const pacer = new ChannelPacer(pacing({}), () => 0);
    pacer.pause(5000);
    pacer.pause(3000);
    expect(pacer.capacity(4999)).to.equal(0);
    expect(pacer.nextOpening(0)).to.equal(5000);
    expect(pacer.capacity(5000)).to.equal(Infinity);
  });
});
