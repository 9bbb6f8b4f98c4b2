import { expect } from 'chai';
import { DeliveryError } from '../../src/notify/delivery.ts';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/notify/outbox-worker.ts';
import { Wakeup } from '../../src/notify/wakeup.ts';
import type { NewOutboxEntry, OutboxEntry, Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { linkShare, outboxEntry, receipt } from './fixtures.ts';
import { captureLog, FakeClock, FakeSender, sleep, waitFor, type CapturedLog } from './helpers.ts';

describe('OutboxWorker', function () {
  let store: Store;
  let log: CapturedLog;
  const workers: OutboxWorker[] = [];

  beforeEach(function () {
    store = openSqliteStore({ path: ':memory:' });
    log = captureLog();
  });

  afterEach(async function () {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await store.close();
  });

  function worker(options: Partial<OutboxWorkerOptions> & Pick<OutboxWorkerOptions, 'senders'>): OutboxWorker {
    const w = new OutboxWorker({
      outbox: store.outbox,
      logger: log.logger,
      pollIntervalMs: 10,
      backoff: { baseMs: 20, maxMs: 40 },
      random: () => 0.5,
      ...options,
    });
    workers.push(w);
    return w;
  }

  async function enqueue(...entries: NewOutboxEntry[]): Promise<void> {
    await store.outbox.enqueue(entries, new Date());
  }

  async function entries(): Promise<OutboxEntry[]> {
    return store.outbox.list({ limit: 1000 });
  }

  async function entry(key: string): Promise<OutboxEntry> {
    const found = (await entries()).find((e) => e.key === key);
    if (!found) throw new Error(`no entry ${key}`);
    return found;
  }

  /** Counted after a turn of the event loop, once mocha's own test timer exists. */
  async function activeTimers(): Promise<number> {
    await sleep(1);
    return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  }

  const statusOf = async (key: string) => (await entry(key)).status;

  it('delivers due entries in the merchant’s language and marks them sent', async function () {
    const sender = new FakeSender();
    const a = outboxEntry('chat-a', { merchantId: 'telegram:1' });
    const b = outboxEntry('chat-b', { merchantId: 'telegram:2' });
    const toCustomer = outboxEntry('chat-c', { merchantId: null, notice: receipt() });
    await enqueue(a, b, toCustomer);
    worker({ senders: [sender], locale: 'id', localeFor: async (id) => (id === 'telegram:1' ? 'en' : 'id') }).start();

    await waitFor(async () => (await entries()).every((e) => e.status === 'sent'), 3000, 'all sent');
    expect(sender.keys()).to.have.members([a.key, b.key, toCustomer.key]);
    const localeOf = (key: string) => sender.calls.find((c) => c.key === key)?.locale;
    expect([localeOf(a.key), localeOf(b.key), localeOf(toCustomer.key)]).to.deep.equal(['en', 'id', 'id']);
    for (const e of await entries()) {
      expect(e.attempts).to.equal(1);
      expect(e.sentAt).to.be.instanceOf(Date);
    }
  });

  it('uses the default language when the preference lookup fails', async function () {
    const sender = new FakeSender();
    const a = outboxEntry('chat-a');
    await enqueue(a);
    worker({ senders: [sender], locale: 'en', localeFor: () => Promise.reject(new Error('kv down')) }).start();
    await waitFor(async () => (await statusOf(a.key)) === 'sent');
    expect(sender.calls[0]!.locale).to.equal('en');
  });

  it('keeps each chat in order while its first message is retried, and other chats go on meanwhile', async function () {
    const sender = new FakeSender();
    const [a1, a2, a3] = [outboxEntry('chat-a'), outboxEntry('chat-a'), outboxEntry('chat-a')];
    const b1 = outboxEntry('chat-b');
    sender.failNext(a1.key, new DeliveryError('transient', 'HTTP 502'), new Error('socket hang up'));
    await enqueue(a1, a2, a3, b1);
    worker({ senders: [sender] }).start();

    await waitFor(async () => (await entries()).every((e) => e.status === 'sent'), 3000, 'all sent');
    const chatA = sender.calls.filter((c) => c.target === 'chat-a').map((c) => c.key);
    expect(chatA).to.deep.equal([a1.key, a1.key, a1.key, a2.key, a3.key]);
    // chat-b was not held up by chat-a's backoff.
    expect(sender.keys().indexOf(b1.key)).to.be.below(sender.keys().lastIndexOf(a1.key));
    expect((await entry(a1.key)).attempts).to.equal(3);
  });

  it('waits as long as a rate limit says, pausing the whole channel when the limit is channel-wide', async function () {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const a = outboxEntry('chat-a');
    sender.failNext(a.key, new DeliveryError('rate_limited', '429 Too Many Requests: retry after 30', 30_000));
    await enqueue(a);
    const w = worker({ senders: [sender], clock: clock.now });
    w.start();

    await waitFor(async () => (await entry(a.key)).attempts === 1, 3000, 'first attempt recorded');
    const afterLimit = await entry(a.key);
    expect(afterLimit.status).to.equal('pending');
    expect(afterLimit.lastError).to.match(/^rate_limited: 429/);

    // Another chat's message queued during the pause waits too.
    const b = outboxEntry('chat-b');
    await enqueue(b);
    clock.advance(29_999);
    w.kick();
    await sender.afterFullRound();
    expect(sender.keys()).to.deep.equal([a.key]);
    expect([await statusOf(a.key), await statusOf(b.key)], 'neither claimed during the pause').to.deep.equal(['pending', 'pending']);

    clock.advance(1);
    w.kick();
    await waitFor(async () => (await statusOf(a.key)) === 'sent' && (await statusOf(b.key)) === 'sent', 3000, 'both sent');
    expect(sender.keys()).to.have.members([a.key, a.key, b.key]);
  });

  it('holds back only the one chat when the rate limit is for that chat', async function () {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const a = outboxEntry('chat-a');
    sender.failNext(a.key, new DeliveryError('rate_limited', 'group flood limit', 40_000, 'target'));
    await enqueue(a);
    const w = worker({ senders: [sender], clock: clock.now });
    w.start();
    await waitFor(async () => (await entry(a.key)).attempts === 1);

    const b = outboxEntry('chat-b');
    await enqueue(b);
    w.kick();
    await waitFor(async () => (await statusOf(b.key)) === 'sent', 3000, 'other chat sent');
    expect(await statusOf(a.key)).to.equal('pending');
  });

  it('backs off exponentially with jitter after transient failures, then succeeds', async function () {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const a = outboxEntry('chat-a');
    sender.failNext(a.key, new DeliveryError('transient', 'HTTP 500'), new DeliveryError('transient', 'HTTP 503'));
    await enqueue(a);
    // random 0.5 and equal jitter: 3/4 of 5 s, then 3/4 of 10 s.
    const w = worker({ senders: [sender], clock: clock.now, backoff: { baseMs: 5000, maxMs: 60_000 } });
    w.start();

    for (const expectedDelay of [3750, 7500]) {
      const attempts = sender.calls.length + 1;
      await waitFor(async () => (await entry(a.key)).attempts === attempts, 3000, `attempt ${attempts}`);
      clock.advance(expectedDelay - 1);
      w.kick();
      await sender.afterFullRound();
      expect(sender.calls.length, 'not before the backoff').to.equal(attempts);
      expect(await statusOf(a.key), 'not claimed before the backoff').to.equal('pending');
      clock.advance(1);
      w.kick();
    }
    await waitFor(async () => (await statusOf(a.key)) === 'sent', 3000, 'sent');
    expect(sender.calls.length).to.equal(3);
  });

  it('fails a permanently refused entry at once, logs why, and moves on to the chat’s next one', async function () {
    const sender = new FakeSender();
    const [a1, a2] = [outboxEntry('chat-a'), outboxEntry('chat-a')];
    sender.failNext(a1.key, new DeliveryError('permanent', '403 Forbidden: bot was blocked by the user'));
    await enqueue(a1, a2);
    worker({ senders: [sender] }).start();

    await waitFor(async () => (await statusOf(a2.key)) === 'sent', 3000, 'next entry sent');
    const failed = await entry(a1.key);
    expect(failed.status).to.equal('failed');
    expect(failed.attempts).to.equal(1);
    expect(failed.lastError).to.equal('permanent: 403 Forbidden: bot was blocked by the user');
    const warning = log.lines().find((l) => l.msg === 'outbox entry failed permanently');
    expect(warning).to.include({ level: 40, entryId: failed.id, error: failed.lastError });
  });

  it('dead-letters an entry after maxAttempts transient failures', async function () {
    const sender = new FakeSender();
    sender.failAlways(() => new Error('ECONNRESET'));
    const a = outboxEntry('chat-a');
    await enqueue(a);
    worker({ senders: [sender], maxAttempts: 3, backoff: { baseMs: 1, maxMs: 2 } }).start();

    await waitFor(async () => (await statusOf(a.key)) === 'failed', 3000, 'failed');
    expect((await entry(a.key)).attempts).to.equal(3);
    expect(sender.calls.length).to.equal(3);
    const deadLetter = log.lines().find((l) => String(l.msg).startsWith('dead letter'));
    expect(deadLetter).to.include({ level: 50, attempt: 3 });
  });

  it('leaves entries of a channel that is not ready unclaimed until it is', async function () {
    const sender = new FakeSender();
    sender.ready = false;
    const a = outboxEntry('chat-a');
    await enqueue(a);
    const w = worker({ senders: [sender] });
    w.start();
    await sender.afterFullRound();
    expect(sender.calls).to.deep.equal([]);
    expect(await entry(a.key)).to.include({ status: 'pending', attempts: 0 });

    sender.ready = true;
    w.kick();
    await waitFor(async () => (await statusOf(a.key)) === 'sent');
  });

  it('retries a send that found the channel disconnected without ever giving up on it', async function () {
    const sender = new FakeSender();
    const a = outboxEntry('chat-a');
    const notReady = () => new DeliveryError('not_ready', 'WhatsApp socket closed');
    sender.failNext(a.key, notReady(), notReady(), notReady());
    await enqueue(a);
    worker({ senders: [sender], maxAttempts: 2, notReadyDelayMs: 5 }).start();
    await waitFor(async () => (await statusOf(a.key)) === 'sent', 3000, 'sent');
    expect(sender.calls.length).to.equal(4);
  });

  it('sends within milliseconds of a kick (loose check, not a benchmark)', async function () {
    const sender = new FakeSender();
    const w = worker({ senders: [sender], pollIntervalMs: 60_000 });
    w.start();
    await sleep(20);
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const e = outboxEntry(`chat-${i}`);
      const queuedAt = performance.now();
      await enqueue(e);
      w.kick();
      await waitFor(() => sender.calls.some((c) => c.key === e.key), 2000, 'send after kick');
      latencies.push(sender.calls.find((c) => c.key === e.key)!.hr - queuedAt);
    }
    // Without the kick the 60 s poll would be the wait; anything near that means the kick did nothing.
    expect(Math.max(...latencies)).to.be.below(500);
    this.test!.title += ` [max ${Math.max(...latencies).toFixed(1)} ms]`;
  });

  it('looks at once when its wakeup rings, the wakeup having existed before the worker', async function () {
    const wakeup = new Wakeup();
    const sender = new FakeSender();
    const e = outboxEntry('chat-w');
    await enqueue(e);
    worker({ senders: [sender], pollIntervalMs: 60_000, wakeup }).start();
    await waitFor(() => sender.calls.length === 1, 2000, 'the first round sends what is due');
    const next = outboxEntry('chat-w2');
    await enqueue(next);
    wakeup.ring();
    // Without the ring the 60 s poll would be the wait.
    await waitFor(() => sender.calls.some((c) => c.key === next.key), 2000, 'send after the ring');
  });

  it('stop() waits for a running send, then leaves no timer behind', async function () {
    const timersBefore = await activeTimers();
    const sender = new FakeSender();
    const a = outboxEntry('chat-a');
    const release = sender.hold(a.key);
    await enqueue(a);
    const w = worker({ senders: [sender] });
    w.start();
    await waitFor(() => sender.calls.length === 1);

    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await sleep(40);
    expect(stopped, 'stop resolved while a send was running').to.equal(false);
    release();
    await stopping;
    expect(await statusOf(a.key)).to.equal('sent');
    expect(await activeTimers()).to.equal(timersBefore);

    // Stopped means stopped: new entries and kicks do nothing.
    const b = outboxEntry('chat-b');
    await enqueue(b);
    w.kick();
    await sleep(30);
    expect(sender.calls.length).to.equal(1);
  });

  it('stop() hands back an entry still waiting for its chat’s gap, due at once', async function () {
    const timersBefore = await activeTimers();
    const sender = new FakeSender('telegram', { perTargetGapMs: 10_000, channelGapMs: 0, jitterMs: 0, perMinuteCap: null });
    const [a1, a2] = [outboxEntry('chat-a'), outboxEntry('chat-a')];
    await enqueue(a1, a2);
    const w = worker({ senders: [sender] });
    w.start();
    await waitFor(async () => (await statusOf(a2.key)) === 'sending', 3000, 'second claimed');

    const started = Date.now();
    await w.stop();
    expect(Date.now() - started).to.be.below(1000);
    expect(sender.keys()).to.deep.equal([a1.key]);
    const handedBack = await entry(a2.key);
    expect(handedBack.status).to.equal('pending');
    expect(handedBack.lastError).to.equal('not sent: worker stopped');
    expect(await activeTimers()).to.equal(timersBefore);
  });

  it('two workers on one store send each of 50 entries exactly once, each chat in order', async function () {
    const sender = new FakeSender();
    const queued: NewOutboxEntry[] = [];
    for (let i = 0; i < 50; i++) queued.push(outboxEntry(`chat-${i % 10}`));
    await enqueue(...queued);
    worker({ senders: [sender], workerId: 'w1' }).start();
    worker({ senders: [sender], workerId: 'w2' }).start();

    await waitFor(async () => (await entries()).every((e) => e.status === 'sent'), 5000, 'all sent');
    expect([...sender.keys()].sort()).to.deep.equal(queued.map((e) => e.key).sort());
    for (let chat = 0; chat < 10; chat++) {
      const sent = sender.calls.filter((c) => c.target === `chat-${chat}`).map((c) => c.key);
      expect(sent).to.deep.equal(queued.filter((e) => e.target === `chat-${chat}`).map((e) => e.key));
    }
  });

  it('spaces messages to one chat by the per-chat gap, while other chats go at once', async function () {
    const sender = new FakeSender('telegram', { perTargetGapMs: 120, channelGapMs: 0, jitterMs: 30, perMinuteCap: null });
    const [a1, a2, b1] = [outboxEntry('chat-a'), outboxEntry('chat-a'), outboxEntry('chat-b')];
    await enqueue(a1, a2, b1);
    worker({ senders: [sender], random: () => 1 }).start();
    await waitFor(async () => (await entries()).every((e) => e.status === 'sent'), 3000, 'all sent');

    const at = (key: string) => sender.calls.find((c) => c.key === key)!.at;
    expect(at(a2.key) - at(a1.key)).to.be.at.least(150);
    expect(Math.abs(at(b1.key) - at(a1.key))).to.be.below(100);
  });

  it('spaces the sends of a gapped channel and respects its per-minute cap', async function () {
    const sender = new FakeSender('whatsapp', { perTargetGapMs: 0, channelGapMs: 40, jitterMs: 0, perMinuteCap: 3 });
    const queued = [0, 1, 2, 3].map((i) => outboxEntry(`62811000${i}@s.whatsapp.net`, { channel: 'whatsapp' }));
    await enqueue(...queued);
    worker({ senders: [sender] }).start();

    await waitFor(() => sender.calls.length === 3, 3000, 'three sent');
    await sender.afterFullRound();
    expect(sender.calls.length, 'the fourth waits for the minute to pass').to.equal(3);
    expect(await statusOf(queued[3]!.key), 'not even claimed').to.equal('pending');
    const times = sender.calls.map((c) => c.at);
    expect(times[1]! - times[0]!).to.be.at.least(40);
    expect(times[2]! - times[1]!).to.be.at.least(40);
  });

  it('lets other chats go while one waits out its gap on a gapped channel', async function () {
    const sender = new FakeSender('telegram', { perTargetGapMs: 400, channelGapMs: 20, jitterMs: 0, perMinuteCap: null });
    const [a1, a2] = [outboxEntry('chat-a'), outboxEntry('chat-a')];
    await enqueue(a1, a2);
    const w = worker({ senders: [sender] });
    w.start();
    await waitFor(async () => (await statusOf(a2.key)) === 'sending', 3000, 'second claimed and waiting');

    const b1 = outboxEntry('chat-b');
    await enqueue(b1);
    w.kick();
    await waitFor(async () => (await statusOf(b1.key)) === 'sent', 3000, 'other chat sent');
    expect(await statusOf(a2.key), 'chat-a still in its gap').to.equal('sending');
    await waitFor(async () => (await statusOf(a2.key)) === 'sent', 3000, 'chat-a after its gap');
    const at = (key: string) => sender.calls.find((c) => c.key === key)!.at;
    expect(at(a2.key) - at(a1.key)).to.be.at.least(400);
  });

  it('runs at most `concurrency` sends at once across chats', async function () {
    const sender = new FakeSender();
    const queued = Array.from({ length: 10 }, (_, i) => outboxEntry(`chat-${i}`));
    const releases = queued.map((e) => sender.hold(e.key));
    await enqueue(...queued);
    worker({ senders: [sender], concurrency: 3 }).start();

    await waitFor(() => sender.calls.length === 3, 3000, 'three running');
    await sender.afterFullRound();
    expect(sender.calls.length, 'no fourth while three run').to.equal(3);
    expect((await entries()).filter((e) => e.status === 'sending'), 'no fourth claimed').to.have.length(3);
    releases.forEach((release) => release());
    await waitFor(async () => (await entries()).every((e) => e.status === 'sent'), 3000, 'all sent');
    expect(sender.maxRunning).to.equal(3);
  });

  it('claims only for channels it has a sender for', async function () {
    const sender = new FakeSender('telegram');
    const mail = outboxEntry('budi@mail.com', { channel: 'email', notice: linkShare() });
    const chat = outboxEntry('chat-a');
    await enqueue(mail, chat);
    worker({ senders: [sender] }).start();
    await waitFor(async () => (await statusOf(chat.key)) === 'sent');
    expect(await entry(mail.key)).to.include({ status: 'pending', attempts: 0 });
  });

  it('never logs targets or message text', async function () {
    const sender = new FakeSender('email');
    const mail = outboxEntry('siti.private@mail.com', { channel: 'email', notice: linkShare() });
    sender.failNext(mail.key, new Error('550 <siti.private@mail.com> unknown user'));
    await enqueue(mail);
    worker({ senders: [sender] }).start();
    await waitFor(async () => (await statusOf(mail.key)) === 'sent');
    const text = log.text();
    expect(text).to.include(mail.key);
    expect(text).not.to.include('siti.private');
    expect(text).not.to.include('Kaos Polos');
    expect((await entry(mail.key)).lastError).to.match(/^transient: Error: 550 .*unknown user$/).and.not.include('siti');
  });

  it('refuses a setup that cannot work', function () {
    const slow = new FakeSender('whatsapp', { perTargetGapMs: 40_000, channelGapMs: 0, jitterMs: 0, perMinuteCap: null });
    expect(() => new OutboxWorker({ outbox: store.outbox, logger: log.logger, senders: [slow] })).to.throw(/half the lease/);
    expect(() => new OutboxWorker({ outbox: store.outbox, logger: log.logger, senders: [new FakeSender(), new FakeSender()] })).to.throw(
      /two senders/,
    );
  });
});
