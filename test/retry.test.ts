import { expect } from 'chai';
import { backoffDelay, DeadlineError, settlesWithin, sleep, withDeadline, withRetries, type RetryPolicy } from '../src/retry.ts';

/** A clock the retry loop waits on: every wait is recorded and passes at once, moving time on by its length. */
function fakeClock(): { now: () => number; waits: number[]; wait: (ms: number) => Promise<void> } {
  let time = 0;
  const waits: number[] = [];
  return {
    now: () => time,
    waits,
    wait: async (ms) => {
      waits.push(ms);
      time += ms;
    },
  };
}

const POLICY: RetryPolicy = { attempts: 4, baseMs: 100, maxMs: 250 };
const failing = (times: number) => {
  let calls = 0;
  return {
    calls: () => calls,
    task: async () => {
      calls += 1;
      if (calls <= times) throw new Error(`failure ${calls}`);
    },
  };
};

describe('retry', function () {
  describe('sleep', function () {
    it('ends at once when its signal has aborted, and as soon as it aborts', async function () {
      const controller = new AbortController();
      controller.abort();
      await sleep(60_000, controller.signal);
      const later = new AbortController();
      const waiting = sleep(60_000, later.signal);
      later.abort();
      await waiting;
    });
  });

  describe('withRetries', function () {
    it('tries until the task succeeds, waiting the backoff between tries', async function () {
      const clock = fakeClock();
      const task = failing(2);
      const seen: number[] = [];
      const ok = await withRetries(task.task, POLICY, { ...clock, random: () => 1, onFailure: (_err, attempt) => seen.push(attempt) });
      expect(ok).to.equal(true);
      expect(task.calls()).to.equal(3);
      expect(seen).to.deep.equal([1, 2]);
      expect(clock.waits).to.deep.equal([backoffDelay(POLICY, 0, () => 1), backoffDelay(POLICY, 1, () => 1)]);
    });

    it('gives up after its attempts, telling the last failure it is final', async function () {
      const clock = fakeClock();
      const finals: boolean[] = [];
      const ok = await withRetries(failing(99).task, POLICY, { ...clock, onFailure: (_err, _attempt, final) => finals.push(final) });
      expect(ok).to.equal(false);
      expect(finals).to.deep.equal([false, false, false, true]);
    });

    it('gives up before a wait would take it past its total time', async function () {
      const clock = fakeClock();
      const task = failing(99);
      const ok = await withRetries(task.task, { ...POLICY, attempts: 100, maxElapsedMs: 400 }, { ...clock, random: () => 1 });
      expect(ok).to.equal(false);
      expect(clock.waits).to.deep.equal([100, 200]);
      expect(task.calls()).to.equal(3);
    });

    it('stops at a failure it is told not to retry', async function () {
      const clock = fakeClock();
      const task = failing(99);
      expect(await withRetries(task.task, POLICY, { ...clock, retryable: () => false })).to.equal(false);
      expect(task.calls()).to.equal(1);
      expect(clock.waits).to.deep.equal([]);
    });

    it('starts no further try once its signal aborts', async function () {
      const controller = new AbortController();
      const task = failing(99);
      const ok = await withRetries(task.task, { ...POLICY, attempts: Infinity }, { signal: controller.signal, onFailure: () => controller.abort() });
      expect(ok).to.equal(false);
      expect(task.calls()).to.equal(1);
    });
  });

  describe('withDeadline', function () {
    it('aborts the work at its deadline and says so', async function () {
      const err = await withDeadline('getMe', 5, (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(err).to.be.instanceOf(DeadlineError).and.include({ message: 'getMe got no answer within 5 ms', code: 'ETIMEDOUT' });
    });

    it('aborts the work when the outer signal does, with the work’s own error', async function () {
      const outer = new AbortController();
      const work = withDeadline('getUpdates', 60_000, (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))), outer.signal);
      outer.abort();
      const err = await work.then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(err).to.be.instanceOf(Error).and.have.property('message', 'stopped');
    });

    it('passes a result through', async function () {
      expect(await withDeadline('x', 60_000, async () => 42)).to.equal(42);
    });
  });

  describe('settlesWithin', function () {
    it('is true for work that settled, either way, and false for work still running at the limit', async function () {
      expect(await settlesWithin(Promise.resolve(), 60_000)).to.equal(true);
      expect(await settlesWithin(Promise.reject(new Error('x')), 60_000)).to.equal(true);
      expect(await settlesWithin(new Promise(() => undefined), 1)).to.equal(false);
    });
  });
});
