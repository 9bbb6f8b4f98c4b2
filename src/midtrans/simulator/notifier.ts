/**
 * Delivers HTTP notifications the way Midtrans does (docs/midtrans.md,
 * notifications): a JSON POST with `User-Agent: Veritrans`, a 15 s
 * timeout, and retries decided by the answer: 500 → 1, 503 → 4, 400/404 → 2,
 * 301/302/303 → none, 307/308 → follow (≤ 5 times), anything else → 5.
 *
 * First attempts for one order go out in the order they were asked for, so a
 * test that pays an order sees pending before settlement; retries run on
 * their own timers, as Midtrans's do, and can overtake.
 */
import type { Logger } from 'pino';

export interface Delivery {
  /** Which notification this attempt belongs to (1, 2, …); its retries share the number. */
  notification: number;
  /** 1 for the first try, 2 for the first retry… */
  attempt: number;
  orderId: string;
  transactionStatus: string;
  url: string;
  /** What the receiver answered; null when no answer came (timeout, refused, reset). */
  status: number | null;
  /** Why no answer came: `timeout` or a network error code. */
  error: string | null;
  at: Date;
  body: Readonly<Record<string, unknown>>;
}

export interface NotifierOptions {
  /** Wait before retry 1, 2, …; the last value repeats if there are more retries than values. */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  logger?: Logger | undefined;
}

/** How many more times Midtrans tries after an attempt answered with `status`. */
export function retriesFor(status: number | null): number {
  if (status !== null && status >= 200 && status < 300) return 0;
  switch (status) {
    case 500:
      return 1;
    case 503:
      return 4;
    case 400:
    case 404:
      return 2;
    case 301:
    case 302:
    case 303:
      return 0;
    default:
      return 5;
  }
}

const MAX_REDIRECTS = 5;

interface Answer {
  status: number | null;
  error: string | null;
}

function describeFailure(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'timeout';
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : err instanceof Error ? err.message : String(err);
}

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Notifier {
  #url: string | null = null;
  readonly #log: Delivery[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  readonly #chains = new Map<string, Promise<unknown>>();
  readonly #runningRetries = new Set<Promise<unknown>>();
  readonly #waiters = new Set<Waiter>();
  readonly #closing = new AbortController();
  /** Attempts queued, in flight or scheduled as retries. */
  #busy = 0;
  #notifications = 0;

  private readonly options: NotifierOptions;
  constructor(options: NotifierOptions) {
    this.options = options;
  }

  setUrl(url: string | null): void {
    this.#url = url;
  }

  get url(): string | null {
    return this.#url;
  }

  /**
   * Sends `copies` identical notifications at once (more than one to test
   * duplicate handling) after any earlier first attempts for the same order.
   * Resolves with the first attempts once they are answered; retries go on.
   */
  send(body: Readonly<Record<string, unknown>>, copies = 1): Promise<Delivery[]> {
    const url = this.#url;
    if (url === null || this.#closing.signal.aborted) return Promise.resolve([]);
    const orderId = String(body['order_id']);
    const numbers = Array.from({ length: copies }, () => ++this.#notifications);
    this.#busy += copies;
    const previous = this.#chains.get(orderId) ?? Promise.resolve();
    const sent = previous.then(() => Promise.all(numbers.map((n) => this.#attempt(url, body, n, 1))));
    this.#chains.set(orderId, sent);
    void sent.then(() => {
      if (this.#chains.get(orderId) === sent) this.#chains.delete(orderId);
    });
    return sent.then((deliveries) => deliveries.filter((d): d is Delivery => d !== null));
  }

  deliveries(): Delivery[] {
    return [...this.#log];
  }

  /** Resolves once at least `count` attempts have been answered (or have failed). */
  waitForDeliveries(count: number, timeoutMs = 5000): Promise<Delivery[]> {
    return this.#waitUntil(() => this.#log.length >= count, timeoutMs, () => `${count} notification attempts (saw ${this.#log.length})`).then(
      () => this.deliveries(),
    );
  }

  /** Resolves when nothing is queued, in flight or waiting to be retried. */
  idle(timeoutMs = 5000): Promise<void> {
    return this.#waitUntil(() => this.#busy === 0, timeoutMs, () => `the notifier to be idle (${this.#busy} attempts left)`);
  }

  /** Stops everything: in-flight requests are aborted, retries dropped, waiters rejected. */
  async close(): Promise<void> {
    this.#closing.abort();
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#busy -= this.#retryTimers.size;
    this.#retryTimers.clear();
    await Promise.allSettled([...this.#chains.values(), ...this.#runningRetries]);
    for (const waiter of this.#waiters) waiter.reject(new Error('the simulator was closed'));
    this.#waiters.clear();
  }

  #waitUntil(ready: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  #changed(): void {
    for (const waiter of this.#waiters) {
      if (!waiter.ready()) continue;
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  async #attempt(url: string, body: Readonly<Record<string, unknown>>, notification: number, attempt: number): Promise<Delivery | null> {
    try {
      if (this.#closing.signal.aborted) return null;
      const answer = await this.#post(url, body);
      if (this.#closing.signal.aborted) return null;
      const delivery: Delivery = {
        notification,
        attempt,
        orderId: String(body['order_id']),
        transactionStatus: String(body['transaction_status']),
        url,
        ...answer,
        at: new Date(),
        body,
      };
      this.#log.push(delivery);
      const { notification: n, orderId, transactionStatus, status, error } = delivery;
      this.options.logger?.info({ notification: n, attempt, orderId, transactionStatus, status, error }, 'simulator notification attempt');
      if (attempt <= retriesFor(answer.status)) this.#retryLater(url, body, notification, attempt + 1);
      return delivery;
    } finally {
      this.#busy -= 1;
      this.#changed();
    }
  }

  #retryLater(url: string, body: Readonly<Record<string, unknown>>, notification: number, attempt: number): void {
    const delays = this.options.retryDelaysMs;
    const delay = delays[attempt - 2] ?? delays[delays.length - 1] ?? 0;
    this.#busy += 1;
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      const running = this.#attempt(url, body, notification, attempt);
      this.#runningRetries.add(running);
      void running.finally(() => this.#runningRetries.delete(running));
    }, delay);
    timer.unref();
    this.#retryTimers.add(timer);
  }

  async #post(url: string, body: Readonly<Record<string, unknown>>): Promise<Answer> {
    const signal = AbortSignal.any([this.#closing.signal, AbortSignal.timeout(this.options.timeoutMs)]);
    const payload = JSON.stringify(body);
    let target = url;
    try {
      for (let redirects = 0; ; redirects += 1) {
        const response = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'Veritrans' },
          body: payload,
          redirect: 'manual',
          signal,
        });
        await response.body?.cancel();
        const location = response.headers.get('location');
        const followable = response.status === 307 || response.status === 308;
        if (!followable || location === null || redirects === MAX_REDIRECTS) return { status: response.status, error: null };
        target = new URL(location, target).toString();
      }
    } catch (err) {
      return { status: null, error: describeFailure(err) };
    }
  }
}
