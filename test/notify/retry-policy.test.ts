import { expect } from 'chai';
import { DeliveryError } from '../../src/notify/delivery.ts';
import { backoffDelay } from '../../src/retry.ts';
import { judgeFailure, type OutboxRetryPolicy } from '../../src/notify/retry-policy.ts';

const policy: OutboxRetryPolicy = { maxAttempts: 5, backoff: { baseMs: 5000, maxMs: 60_000 }, notReadyDelayMs: 2000 };
const NOW = 1_000_000;

describe('retry policy', function () {
  it('doubles the backoff up to the cap, with half of it random', function () {
    const low = (attempt: number) => backoffDelay(policy.backoff, attempt - 1, () => 0);
    const high = (attempt: number) => backoffDelay(policy.backoff, attempt - 1, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(low)).to.deep.equal([2500, 5000, 10_000, 20_000, 30_000, 30_000]);
    expect([1, 2, 3, 4, 5, 6].map(high)).to.deep.equal([5000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(backoffDelay(policy.backoff, 499, () => 1), 'no overflow on huge attempt counts').to.equal(60_000);
  });

  const cases: Array<[string, unknown, number, object]> = [
    ['permanent fails at once', new DeliveryError('permanent', 'chat not found'), 1, { kind: 'fail', deadLetter: false, error: 'permanent: chat not found' }],
    ['transient retries with backoff', new DeliveryError('transient', 'HTTP 502'), 2, { kind: 'retry', at: NOW + 7500, pauseChannelUntil: null }],
    ['transient at maxAttempts is a dead letter', new DeliveryError('transient', 'HTTP 502'), 5, { kind: 'fail', deadLetter: true }],
    ['anything else thrown is transient', new TypeError('fetch failed'), 1, { kind: 'retry', at: NOW + 3750, error: 'transient: TypeError: fetch failed' }],
    ['rate limit waits as asked and pauses the channel', new DeliveryError('rate_limited', '429', 30_000), 1, { kind: 'retry', at: NOW + 30_000, pauseChannelUntil: NOW + 30_000 }],
    ['a per-target rate limit leaves the channel alone', new DeliveryError('rate_limited', '429', 30_000, 'target'), 1, { kind: 'retry', at: NOW + 30_000, pauseChannelUntil: null }],
    ['a rate limit without a time backs off', new DeliveryError('rate_limited', 'rate-overlimit'), 1, { kind: 'retry', at: NOW + 3750 }],
    ['endless rate limits end too', new DeliveryError('rate_limited', '429', 1000), 5, { kind: 'fail', deadLetter: true }],
    ['not ready retries soon, even past maxAttempts', new DeliveryError('not_ready', 'socket closed'), 9, { kind: 'retry', at: NOW + 2000, pauseChannelUntil: null }],
  ];
  for (const [name, err, attempt, expected] of cases) {
    it(name, function () {
      expect(judgeFailure(err, attempt, NOW, policy, () => 0.5)).to.deep.include(expected);
    });
  }

  it('keeps secrets and addresses out of the recorded error', function () {
    const err = new Error('request to https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage failed, to budi@mail.com');
    const verdict = judgeFailure(err, 1, NOW, policy, () => 0.5);
    expect(verdict.error).not.to.include('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
    expect(verdict.error).not.to.include('budi@mail.com');
  });
});
