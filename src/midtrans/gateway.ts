/**
 * The one place that talks to Midtrans. The payment page, the webhook and the
 * reconciler depend on PaymentGateway only, so tests can hand them the
 * simulator (over real HTTP) or a stub.
 *
 * Snap goes through midtrans-client 1.4.3, working around what it gets wrong:
 * it has no timeout and leaks the server key in its errors (see errors.ts).
 * The Core API calls (Get Status, cancel, expire, approve, deny, refund) go through core-api.ts,
 * which keeps the library's rules at a third of its cost. Nothing here
 * retries a call that may have had an effect: a Snap create that timed out
 * may still have happened, so whether to try again is the caller's decision,
 * guided by GatewayError.retryable.
 */
import midtransClient from 'midtrans-client';
import type { Logger } from 'pino';
import { isAppError, ValidationError } from '../domain/errors.ts';
import type { SnapSession } from '../domain/order.ts';
import { assertKeyMatchesEnvironment, type MidtransConfig } from './config.ts';
import { CoreApiClient, type CoreMethod } from './core-api.ts';
import { type GatewayOperation, toGatewayError, unexpectedAnswer } from './errors.ts';
import { type SnapRequest, toSnapBody } from './snap-request.ts';
import { isJsonObject, type JsonObject, type MidtransStatusBody } from './types.ts';

export { assertKeyMatchesEnvironment, defaultBaseUrls, type MidtransConfig, type MidtransEnvironment } from './config.ts';
export { GatewayError, type GatewayErrorCode, type GatewayErrorDetails, type GatewayOperation } from './errors.ts';
export { SNAP_MAX_WINDOW_MINUTES, SNAP_MIN_WINDOW_MINUTES, type SnapItemLine, type SnapRequest } from './snap-request.ts';

/**
 * What Midtrans said to "expire this transaction" (docs/midtrans.md, "Expire"):
 * it expired it now (status_code 407), it has no such transaction (404: the
 * customer never chose a method), or it refused because the transaction is
 * past pending (412: paid, captured, denied…), so Get Status must say what it is.
 */
export type ExpireAnswer = { kind: 'expired' } | { kind: 'absent' } | { kind: 'refused' };

export interface PaymentGateway {
  createSnap(request: SnapRequest): Promise<SnapSession>;
  /** By order id or transaction id. Null when Midtrans has no such transaction (no payment method chosen yet, or an unknown id). */
  getStatus(id: string): Promise<MidtransStatusBody | null>;
  /** Voids a pending transaction (or an unsettled card capture). */
  cancel(id: string): Promise<void>;
  /** Forces a pending transaction to `expire`, by order id or transaction id. */
  expire(id: string): Promise<ExpireAnswer>;
  /** Accepts a card capture held for fraud review (`fraud_status` challenge). */
  approve(id: string): Promise<void>;
  /** Rejects a card capture held for fraud review. */
  deny(id: string): Promise<void>;
}

/** A refund as tagih asks for it (docs/midtrans.md, "Refund"). */
export interface RefundRequest {
  /**
   * Midtrans's idempotency key: the same key is the same refund, so a request
   * repeated after a timeout cannot refund twice. Letters, digits, `-`, `_`.
   */
  refundKey: string;
  /** Whole rupiah. */
  amount: number;
  reason: string | null;
}

/** What Midtrans said when it took a refund request. */
export interface RefundAnswer {
  refundKey: string;
  /** Whole rupiah of this refund, when the answer names it. */
  refundAmount: number | null;
  /** `refund` or `partial_refund` once applied; Midtrans's word, not yet the webhook's. */
  transactionStatus: string | null;
}

/**
 * Refunds are kept apart from PaymentGateway: only the chat's /refund needs
 * them, and every other user of the gateway (and its test doubles) stays as it was.
 */
export interface RefundGateway {
  /** `POST /v2/{id}/refund` by order id or transaction id. */
  refund(id: string, request: RefundRequest): Promise<RefundAnswer>;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * encodeURIComponent leaves `.` alone, and URL parsing turns a `.` or `..`
 * segment into a different path; an empty id would ask about `/v2//status`.
 */
function pathSegment(orderId: string): string {
  if (orderId === '' || orderId === '.' || orderId === '..') {
    throw new ValidationError(
      'MIDTRANS_ORDER_ID_INVALID',
      (w) => w.midtrans.orderIdInvalid,
      { orderId },
    );
  }
  return encodeURIComponent(orderId);
}

export class MidtransGateway implements PaymentGateway, RefundGateway {
  // Private fields stay out of util.inspect and JSON, and the key with them.
  readonly #snap: InstanceType<typeof midtransClient.Snap>;
  readonly #core: CoreApiClient;
  readonly #logger: Logger | undefined;

  /** Refuses a key for the other environment and a missing timeout: both would only show up later, as failed payments. */
  constructor(config: MidtransConfig, logger?: Logger) {
    assertKeyMatchesEnvironment(config.serverKey, config.environment);
    if (!Number.isFinite(config.timeoutMs) || config.timeoutMs <= 0) {
      // axios reads 0 as "wait forever".
      throw new ValidationError(
        'MIDTRANS_TIMEOUT_INVALID',
        (w) => w.midtrans.timeoutInvalid,
        { timeoutMs: config.timeoutMs },
      );
    }
    this.#core = new CoreApiClient(`${withoutTrailingSlash(config.apiBaseUrl)}/`, config.serverKey, config.timeoutMs);
    this.#logger = logger;
    const snapBaseUrl = withoutTrailingSlash(config.snapBaseUrl);
    const snap = new midtransClient.Snap({
      isProduction: config.environment === 'production',
      serverKey: config.serverKey,
      clientKey: config.clientKey,
    });
    // Per instance, so a simulator in one test never redirects another gateway.
    snap.apiConfig.getSnapApiBaseUrl = () => snapBaseUrl;
    const http = snap.httpClient.http_client;
    // axios's timeout only notices an idle socket; the abort signal also ends
    // an answer that trickles in forever.
    http.defaults.timeout = config.timeoutMs;
    http.interceptors.request.use((request) => ({ ...request, signal: AbortSignal.timeout(config.timeoutMs) }));
    this.#snap = snap;
  }

  async createSnap(request: SnapRequest): Promise<SnapSession> {
    const body = toSnapBody(request);
    const answer = await this.#call('createSnap', request.orderId, () => this.#snap.createTransaction(body));
    if (!isJsonObject(answer) || typeof answer['token'] !== 'string' || typeof answer['redirect_url'] !== 'string') {
      throw unexpectedAnswer('createSnap');
    }
    return { token: answer['token'], redirectUrl: answer['redirect_url'] };
  }

  async getStatus(orderId: string): Promise<MidtransStatusBody | null> {
    try {
      return await this.#coreCall('getStatus', 'GET', orderId, 'status');
    } catch (err) {
      if (isAppError(err, 'MIDTRANS_NOT_FOUND')) return null;
      throw err;
    }
  }

  async cancel(orderId: string): Promise<void> {
    await this.#coreCall('cancel', 'POST', orderId, 'cancel');
  }

  /** Midtrans answers with status_code "407", which is how it says "expired". */
  async expire(id: string): Promise<ExpireAnswer> {
    try {
      const body = await this.#coreCall('expire', 'POST', id, 'expire');
      return body['status_code'] === '407' || body['transaction_status'] === 'expire' ? { kind: 'expired' } : { kind: 'refused' };
    } catch (err) {
      if (isAppError(err, 'MIDTRANS_NOT_FOUND')) return { kind: 'absent' };
      if (isAppError(err, 'MIDTRANS_REJECTED')) return { kind: 'refused' };
      throw err;
    }
  }

  async approve(id: string): Promise<void> {
    await this.#coreCall('approve', 'POST', id, 'approve');
  }

  async deny(id: string): Promise<void> {
    await this.#coreCall('deny', 'POST', id, 'deny');
  }

  /** docs.midtrans.com/reference/refund-transaction; midtrans-client lib/coreApi.js `refund` sends the same body. */
  async refund(id: string, request: RefundRequest): Promise<RefundAnswer> {
    const body: JsonObject = { refund_key: request.refundKey, amount: request.amount };
    if (request.reason !== null) body['reason'] = request.reason;
    const answer = await this.#coreCall('refund', 'POST', id, 'refund', body);
    const amount = Number.parseFloat(String(answer['refund_amount']));
    const status = answer['transaction_status'];
    return {
      refundKey: typeof answer['refund_key'] === 'string' ? answer['refund_key'] : request.refundKey,
      refundAmount: Number.isFinite(amount) ? Math.round(amount) : null,
      transactionStatus: typeof status === 'string' ? status.toLowerCase() : null,
    };
  }

  /** Closes kept-alive connections to the Core API (at shutdown). */
  close(): void {
    this.#core.close();
  }

  #coreCall(operation: GatewayOperation, method: CoreMethod, orderId: string, action: string, body?: JsonObject): Promise<JsonObject> {
    const path = `v2/${pathSegment(orderId)}/${action}`;
    return this.#call(operation, orderId, () => this.#core.call(operation, method, path, body));
  }

  async #call<T>(operation: GatewayOperation, orderId: string, send: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const answer = await send();
      this.#logger?.debug({ operation, orderId, ms: Date.now() - started }, 'midtrans call done');
      return answer;
    } catch (err) {
      const failure = toGatewayError(err, operation);
      // An unknown id is an ordinary answer for Get Status before a method is chosen.
      const level = failure.code === 'MIDTRANS_NOT_FOUND' ? 'debug' : 'warn';
      this.#logger?.[level]({ operation, orderId, ms: Date.now() - started, code: failure.code, details: failure.details }, 'midtrans call failed');
      throw failure;
    }
  }
}
