/**
 * Reading a request body or path failed because of the request itself: the
 * one map from body-parser's and the router's errors to an answer, used by
 * the payment pages and the Midtrans webhook alike.
 *
 * body-parser (and raw-body under it) throw http-errors with a `status` and,
 * mostly, a `type` (node_modules/raw-body/index.js, node_modules/body-parser/lib/read.js):
 * a 4xx is the request's fault and retrying it cannot help; a 5xx
 * (`stream.not.readable`: the body was already consumed) is ours.
 */

export interface RequestFault {
  status: 400 | 413;
  /** A short English reason, for API clients (the webhook's JSON `error`). */
  reason: string;
}

const BY_TYPE: Readonly<Record<string, RequestFault>> = {
  'entity.too.large': { status: 413, reason: 'body too large' },
  'charset.unsupported': { status: 400, reason: 'unsupported charset' },
  'encoding.unsupported': { status: 400, reason: 'unsupported content encoding' },
  'request.aborted': { status: 400, reason: 'request aborted' },
  'request.size.invalid': { status: 400, reason: 'body size mismatch' },
  // raw-body gives it 500, yet only a request's own encoding can set it before we read.
  'stream.encoding.set': { status: 400, reason: 'unreadable body' },
};

/** The request's fault in `err`, or null when the failure is ours. */
export function requestFault(err: unknown): RequestFault | null {
  const { type, status } = (typeof err === 'object' && err !== null ? err : {}) as { type?: unknown; status?: unknown };
  const known = typeof type === 'string' ? BY_TYPE[type] : undefined;
  if (known !== undefined) return known;
  // The other 4xx, typed or not: a gzip body that does not inflate, too many form fields, a malformed %-escape in a path.
  if (typeof status === 'number' && status >= 400 && status < 500) return { status: 400, reason: 'unreadable body' };
  return null;
}
