/**
 * Every way a Midtrans call can fail, as one error type with a stable code.
 *
 * midtrans-client's own errors carry the axios config, and with it the
 * server key, in `rawHttpClientData`. A GatewayError is therefore always built
 * from scratch out of a few plain facts read from the library's error; the
 * library's error is never kept, not even as `cause`.
 */
import midtransClient from 'midtrans-client';
import { AppError } from '../domain/errors.ts';
import type { Phrase } from '../text/catalog.ts';

export type GatewayErrorCode =
  | 'MIDTRANS_TIMEOUT'
  | 'MIDTRANS_UNREACHABLE'
  | 'MIDTRANS_UNAUTHORIZED'
  | 'MIDTRANS_REJECTED'
  | 'MIDTRANS_NOT_FOUND'
  | 'MIDTRANS_UNAVAILABLE';

export type GatewayOperation = 'createSnap' | 'getStatus' | 'cancel' | 'expire' | 'approve' | 'deny' | 'refund';

export interface GatewayErrorDetails {
  operation: GatewayOperation;
  /** HTTP status, or the body's `status_code` when Midtrans answered 200 with an error inside. */
  httpStatus?: number;
  /** Midtrans's own explanation (`error_messages` or `status_message`). */
  messages?: string[];
  /** Node/axios error code for failures without an answer (`ECONNREFUSED`, `ECONNABORTED`…). */
  networkCode?: string;
  /** Why an answer could not be used, when Midtrans said nothing itself. */
  reason?: string;
}

const PHRASES: Record<Exclude<GatewayErrorCode, 'MIDTRANS_REJECTED'>, Phrase> = {
  MIDTRANS_TIMEOUT: (w) => w.midtrans.timeout,
  MIDTRANS_UNREACHABLE: (w) => w.midtrans.unreachable,
  MIDTRANS_UNAUTHORIZED: (w) => w.midtrans.unauthorized,
  MIDTRANS_NOT_FOUND: (w) => w.midtrans.notFound,
  MIDTRANS_UNAVAILABLE: (w) => w.midtrans.unavailable,
};

function rejectedPhrase(messages: readonly string[]): Phrase {
  const said = messages.join('; ').slice(0, 300);
  return said === '' ? (w) => w.midtrans.rejected : (w) => w.midtrans.rejectedSaying(said);
}

export class GatewayError extends AppError<GatewayErrorCode> {
  readonly retryable: boolean;
  override readonly details: Readonly<GatewayErrorDetails>;
  constructor(
    code: GatewayErrorCode,
    /** Whether the same call may succeed later (network trouble, 5xx, 429). */
    retryable: boolean,
    details: Readonly<GatewayErrorDetails>,
  ) {
    super(code, code === 'MIDTRANS_REJECTED' ? rejectedPhrase(details.messages ?? []) : PHRASES[code], details);
    this.retryable = retryable;
    this.details = details;
  }
}

/** What Midtrans said, from `{error_messages: [...] | "..."}` or a Core API `status_message`. */
function messagesOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const { error_messages, status_message } = body as Record<string, unknown>;
  const said = Array.isArray(error_messages) ? error_messages : [error_messages ?? status_message];
  return said.filter((m): m is string => typeof m === 'string').map((m) => m.slice(0, 300)).slice(0, 10);
}

/** Codes for a request that ran out of time: axios's own timeout, our deadline's abort, or the Core API client's deadline. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

function networkCodeOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const code = (raw as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Midtrans answered with an error status (HTTP, or the body's `status_code`). */
export function statusError(status: number, body: unknown, operation: GatewayOperation): GatewayError {
  const messages = messagesOf(body);
  if (status === 401) return new GatewayError('MIDTRANS_UNAUTHORIZED', false, { operation, httpStatus: status, messages });
  if (status === 404) return new GatewayError('MIDTRANS_NOT_FOUND', false, { operation, httpStatus: status, messages });
  if (status === 429 || status >= 500) return new GatewayError('MIDTRANS_UNAVAILABLE', true, { operation, httpStatus: status, messages });
  return new GatewayError('MIDTRANS_REJECTED', false, { operation, httpStatus: status, messages });
}

/** No answer: `networkCode` is Node's or axios's code for why. */
export function networkError(networkCode: string | undefined, operation: GatewayOperation): GatewayError {
  const details = networkCode === undefined ? { operation } : { operation, networkCode };
  return networkCode !== undefined && TIMEOUT_CODES.has(networkCode)
    ? new GatewayError('MIDTRANS_TIMEOUT', true, details)
    : new GatewayError('MIDTRANS_UNREACHABLE', true, details);
}

/** An answer that is not what Midtrans documents (a proxy's page, a truncated body). */
export function unexpectedAnswer(operation: GatewayOperation): GatewayError {
  return new GatewayError('MIDTRANS_UNAVAILABLE', true, { operation, reason: 'unexpected answer' });
}

/**
 * Maps whatever a midtrans-client call threw to a fresh GatewayError. Only
 * numbers and Midtrans's messages are copied out; the thrown object is dropped.
 */
export function toGatewayError(err: unknown, operation: GatewayOperation): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof midtransClient.MidtransError) {
    if (err.httpStatusCode === null) return networkError(networkCodeOf(err.rawHttpClientData), operation);
    const status = Number(err.httpStatusCode);
    return Number.isInteger(status) ? statusError(status, err.ApiResponse, operation) : unexpectedAnswer(operation);
  }
  // The library passes some axios errors through unwrapped (e.g. a 3xx it could not follow).
  const status = (err as { response?: { status?: unknown } } | null)?.response?.status;
  if (typeof status === 'number') return status >= 400 ? statusError(status, undefined, operation) : unexpectedAnswer(operation);
  const networkCode = networkCodeOf(err);
  if (networkCode !== undefined) return networkError(networkCode, operation);
  return new GatewayError('MIDTRANS_UNAVAILABLE', true, { operation, reason: 'unexpected failure' });
}
