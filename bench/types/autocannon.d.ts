/**
 * autocannon 9 ships no types (and @types/autocannon is not a dependency), so
 * this types only the programmatic API the benchmarks use.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      /** Called before each request is sent; returns the request to send. */
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds; ignored when `amount` is set. */
      duration?: number;
      /** Requests in all; the run ends after that many answers. */
      amount?: number;
      /** Seconds to wait for an answer. */
      timeout?: number;
      /** Requests a second across all connections (0: as fast as they go). */
      overallRate?: number;
      requests?: Request[];
    }

    /** hdr-histogram-percentiles-obj, in ms for latency. */
    interface Histogram {
      average: number;
      min: number;
      max: number;
      p50: number;
      p99: number;
    }

    interface Result {
      latency: Histogram;
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
      start: Date;
      finish: Date;
    }

    interface Instance extends EventEmitter {
      stop(): void;
      on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void): this;
    }
  }

  function autocannon(options: autocannon.Options, done: (err: Error | null, result: autocannon.Result) => void): autocannon.Instance;
  export = autocannon;
}
