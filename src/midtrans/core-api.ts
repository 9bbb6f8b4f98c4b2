/**
 * Midtrans's Core API calls that tagih makes (Get Status, cancel, expire, approve, deny, refund),
 * straight on node:http(s).
 *
 * midtrans-client sends them through axios and follow-redirects, which cost
 * about three times the CPU of the request itself (600 µs against 200 µs a
 * call on loopback). With Get Status confirming every notification, that was
 * most of the webhook's work under load. The library's rules are kept: Basic
 * auth with the server key, JSON both ways, and a 200 whose body carries a
 * `status_code` of 400 or more (except 407, "expired") is that error.
 */
import http from 'node:http';
import https from 'node:https';
import { type GatewayError, type GatewayOperation, networkError, statusError, unexpectedAnswer } from './errors.ts';
import { isJsonObject, type JsonObject } from './types.ts';
import { DeadlineError, withDeadline } from '../retry.ts';

/** More than any Core API answer; a bigger one is not from Midtrans. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/**
 * Idle keep-alive sockets are closed after this long, before a server or
 * proxy would close them under a request (Node's own default agent uses 5 s).
 */
const IDLE_SOCKET_MS = 4_000;

export type CoreMethod = 'GET' | 'POST';

/** A failure without an answer, with the code Node gave it. */
class NoAnswer extends Error {
  readonly code: string;
  readonly reusedSocket;
  constructor(
    code: string,
    /** Whether the request went out on a kept-alive socket. */
    reusedSocket = false,
  ) {
    super(code);
    this.code = code;
    this.reusedSocket = reusedSocket;
  }
}

function failure(err: unknown, operation: GatewayOperation): GatewayError {
  return networkError(err instanceof NoAnswer || err instanceof DeadlineError ? err.code : undefined, operation);
}

export class CoreApiClient {
  // Private fields stay out of util.inspect and JSON, and the key with them.
  readonly #authorization: string;
  readonly #baseUrl: URL;
  readonly #agent: http.Agent;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, serverKey: string, timeoutMs: number) {
    this.#baseUrl = new URL(baseUrl);
    this.#authorization = `Basic ${Buffer.from(`${serverKey}:`).toString('base64')}`;
    this.#timeoutMs = timeoutMs;
    const Agent = this.#baseUrl.protocol === 'https:' ? https.Agent : http.Agent;
    this.#agent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: IDLE_SOCKET_MS });
  }

  /**
   * `path` is below the base URL and already encoded; `body` is the JSON a
   * POST carries (`{}` when absent). Resolves with Midtrans's body; rejects
   * with a GatewayError only.
   */
  async call(operation: GatewayOperation, method: CoreMethod, path: string, body: JsonObject = {}): Promise<JsonObject> {
    const answer = await this.#send(method, path, body)
      .catch((err: unknown) => {
        // A kept-alive socket the server had just closed fails before the
        // request reached it: asking again once is safe for a read.
        const stale = err instanceof NoAnswer && err.code === 'ECONNRESET' && err.reusedSocket;
        if (stale && method === 'GET') return this.#send(method, path, body);
        throw err;
      })
      .catch((err: unknown) => {
        throw failure(err, operation);
      });
    return this.#read(answer, operation);
  }

  /** Closes idle sockets (at shutdown). */
  close(): void {
    this.#agent.destroy();
  }

  #read({ status, text }: { status: number; text: string }, operation: GatewayOperation): JsonObject {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (status >= 400) throw statusError(status, body, operation);
    if (status < 200 || status >= 300 || !isJsonObject(body)) throw unexpectedAnswer(operation);
    const inner = Number(body['status_code']);
    if (inner >= 400 && inner !== 407) throw statusError(inner, body, operation);
    return body;
  }

  /** One deadline for the whole call: connecting, waiting and an answer that trickles in. */
  #send(method: CoreMethod, path: string, body: JsonObject): Promise<{ status: number; text: string }> {
    return withDeadline(`Midtrans ${method} ${path}`, this.#timeoutMs, (signal) => this.#request(method, path, body, signal));
  }

  #request(method: CoreMethod, path: string, body: JsonObject, signal: AbortSignal): Promise<{ status: number; text: string }> {
    const url = new URL(path, this.#baseUrl);
    const payload = method === 'POST' ? JSON.stringify(body) : undefined;
    const send = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      // An abort (the deadline) destroys the request, which then fails with an 'error'.
      const request = send(url, {
        method,
        agent: this.#agent,
        signal,
        headers: {
          accept: 'application/json',
          authorization: this.#authorization,
          'user-agent': 'tagih',
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      });
      request.on('error', (err: NodeJS.ErrnoException) => {
        finish(() => reject(new NoAnswer(err.code ?? 'ERR_UNKNOWN', request.reusedSocket)));
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            finish(() => resolve({ status: response.statusCode ?? 0, text: '' }));
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => finish(() => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
        // Cut off before the end ('end' comes first when the answer is whole).
        response.on('close', () => finish(() => reject(new NoAnswer('ECONNRESET'))));
      });
      request.end(payload);
    });
  }
}
