/**
 * One load run with autocannon's programmatic API, bounded by a number of
 * requests and by time, whichever ends first. Latencies are taken from every
 * expected answer (autocannon's own histogram keeps whole milliseconds only).
 */
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { summarize } from './measure.ts';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** `http://host:port` */
  url: string;
  connections: number;
  /** The i-th request to send (i from 0); called once per request, in sending order. */
  request: (i: number) => LoadRequest;
  /** Stop after this many answers (default: run for `maxMs`). */
  amount?: number;
  /** Stop after this long in any case. */
  maxMs: number;
  /** The answers that count as done (default 2xx); others are counted apart. */
  expect?: (status: number) => boolean;
  /** Requests a second in all, for a steady load (default: as fast as the connections go). */
  rate?: number;
}

export interface LoadResult {
  /** Answers with an expected status. */
  ok: number;
  /** Answers by status, expected or not. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
  /** Expected answers per second of wall time. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** The time limit ended the run before `amount` answers. */
  cut: boolean;
}

const is2xx = (status: number) => status >= 200 && status < 300;

const answers = (statuses: Record<string, number>) => Object.values(statuses).reduce((sum, count) => sum + count, 0);

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const expect = options.expect ?? is2xx;
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  // The run's time ends at its last answer: autocannon reports an `amount` run
  // done only on its next one-second tick, which made short runs' rates come
  // out as the request count over a whole number of seconds.
  let lastAnswer = started;
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount === undefined ? { duration: Math.ceil(options.maxMs / 1000) } : { amount: options.amount }),
        timeout: 30,
        ...(options.rate === undefined ? {} : { overallRate: options.rate }),
        requests: [
          {
            setupRequest: (request) => {
              const { method, path, headers, body } = options.request(next++);
              return { ...request, method, path, headers: headers ?? {}, ...(body === undefined ? {} : { body }) };
            },
          },
        ],
      },
      (err, result) => {
        clearTimeout(limit);
        if (err) return reject(err);
        const seconds = (lastAnswer - started) / 1000 || (performance.now() - started) / 1000;
        const { p50, p99, max } = summarize(samples);
        const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]));
        const cut = options.amount !== undefined && answers(statuses) < options.amount;
        resolve({ ok: samples.length, statuses, errors: result.errors + result.timeouts, seconds, perSecond: samples.length / seconds, p50, p99, max, cut });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTimeMs) => {
      lastAnswer = performance.now();
      if (expect(status)) samples.push(responseTimeMs);
    });
    // With `amount`, the time limit is ours; without, autocannon's duration ends the run and this is a safety net.
    const limit = setTimeout(() => instance.stop(), options.maxMs + (options.amount === undefined ? 5_000 : 0));
  });
}

/** CPU time a server used per answer, from the CPU it used during the run. */
export function cpuPerAnswer(run: LoadResult & { cpuMicros: number }): number {
  const count = answers(run.statuses);
  return count === 0 ? Number.NaN : run.cpuMicros / count;
}
