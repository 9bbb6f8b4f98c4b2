/**
 * Failures a test can ask the simulator to produce on its next requests, so
 * timeouts, 5xx answers and dropped connections are exercised over real HTTP
 * rather than by stubbing the client.
 */
import type { RequestHandler } from 'express';

export type FaultRoute = 'snap' | 'snap-cancel' | 'status' | 'cancel' | 'expire' | 'approve' | 'deny' | 'refund';

export interface Fault {
  /** Answer with this HTTP status instead of handling the request. */
  status?: number;
  /** The body of that answer; defaults to what Midtrans sends with such a status. */
  body?: unknown;
  /** Wait this long before answering (longer than the client's timeout makes a timeout). */
  delayMs?: number;
  /** Cut the connection without answering. */
  drop?: boolean;
  /** How many requests in a row it applies to; 1 when not given. */
  times?: number;
}

const MESSAGES: Record<number, string> = {
  401: 'Access denied due to unauthorized transaction, please check client or server key',
  500: 'Sorry, we encountered internal server error. We will fix this soon.',
  503: 'Service is temporarily unavailable. Please try again later.',
};

/** Snap answers errors as `{error_messages}`, the Core API as `{status_code, status_message}`. */
function defaultBody(route: FaultRoute, status: number): unknown {
  const message = MESSAGES[status] ?? `Simulated failure (HTTP ${status})`;
  return route === 'snap' || route === 'snap-cancel' ? { error_messages: [message] } : { status_code: String(status), status_message: message };
}

interface Armed {
  fault: Fault;
  left: number;
}

export class Faults {
  readonly #armed = new Map<FaultRoute, Armed[]>();
  readonly #sleeps = new Map<NodeJS.Timeout, () => void>();

  add(route: FaultRoute, fault: Fault): void {
    const queue = this.#armed.get(route) ?? [];
    queue.push({ fault, left: fault.times ?? 1 });
    this.#armed.set(route, queue);
  }

  /** Runs before a route's handler: applies the next armed fault, if any. */
  middleware(route: FaultRoute): RequestHandler {
    return async (req, res, next) => {
      const fault = this.#take(route);
      if (fault === null) return next();
      if (fault.delayMs !== undefined && !(await this.#sleep(fault.delayMs))) return;
      if (fault.drop) return void req.socket.destroy();
      if (fault.status === undefined) return next();
      res.status(fault.status).json(fault.body ?? defaultBody(route, fault.status));
    };
  }

  /** Ends every pending delay; the requests behind them are dropped with the server's connections. */
  close(): void {
    for (const [timer, wake] of this.#sleeps) {
      clearTimeout(timer);
      wake();
    }
    this.#sleeps.clear();
  }

  #take(route: FaultRoute): Fault | null {
    const queue = this.#armed.get(route);
    const next = queue?.[0];
    if (queue === undefined || next === undefined) return null;
    next.left -= 1;
    if (next.left <= 0) queue.shift();
    return next.fault;
  }

  /** True when the delay ran its course, false when the simulator closed meanwhile. */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        resolve(true);
      }, ms);
      this.#sleeps.set(timer, () => resolve(false));
    });
  }
}
