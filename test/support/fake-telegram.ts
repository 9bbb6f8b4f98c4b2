/**
 * An in-process stand-in for the Telegram Bot API, so tests drive the real
 * telegraf client over real HTTP. It answers `/bot<token>/<method>` with
 * realistic results, records every call (JSON, urlencoded and multipart
 * bodies, with uploaded files), serves `getUpdates` as a long poll over a
 * queue tests push into, and can be scripted to fail the way Telegram does
 * (429 with retry_after, 403, 400, 5xx, a dropped connection, no answer).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RecordedFile {
  field: string;
  filename: string | null;
  contentType: string | null;
  size: number;
  data: Buffer;
}

export interface RecordedCall {
  method: string;
  token: string;
  contentType: string;
  /** Fields as sent; JSON-looking values of multipart and urlencoded bodies are parsed. */
  body: Record<string, unknown>;
  files: RecordedFile[];
  /** When the call arrived, in epoch milliseconds with sub-millisecond precision. */
  at: number;
  /** The HTTP status the fake answered with; absent while unanswered, and for a dropped or held connection. */
  answer?: number;
}

/** A Bot API error answer, as Telegram writes it. */
export interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export type Scripted =
  /** Answer `{ ok: false, ... }` with the error code as HTTP status (5xx: Telegram's gateway page, no JSON). */
  | { fail: ApiFailure }
  /** Drop the connection without answering (a network error to the client). */
  | { drop: true }
  /** Never answer (a stalled server), until the client gives up or the fake closes. */
  | { hang: true }
  /** Answer with this result instead of the usual one. */
  | { result: unknown }
  /** Answer 200 with this raw body (a proxy's HTML page, broken JSON). */
  | { raw: string };

export interface FakeBotUser {
  id: number;
  username: string;
  first_name: string;
}

export interface FakeTelegramOptions {
  token?: string;
  bot?: Partial<FakeBotUser>;
}

interface Waiter {
  offset: number;
  resolve: () => void;
}

type Listener = (call: RecordedCall) => void;

/** Calls a bot makes on its own at start, not in answer to anyone. */
export const HOUSEKEEPING: ReadonlySet<string> = new Set(['getMe', 'getUpdates', 'deleteWebhook', 'setWebhook', 'setMyCommands']);

const MULTIPART_BOUNDARY = /boundary=(?:"([^"]+)"|([^;]+))/i;

export class FakeTelegram {
  readonly token: string;
  readonly bot: FakeBotUser;
  readonly calls: RecordedCall[] = [];
  private readonly updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private readonly waiters = new Set<Waiter>();
  private readonly scripts = new Map<string, Scripted[]>();
  private readonly listeners = new Set<Listener>();
  private readonly hanging = new Set<ServerResponse>();
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextFileId = 1;

  private readonly server: Server;
  private constructor(
    server: Server,
    options: FakeTelegramOptions,
  ) {
    this.server = server;
    this.token = options.token ?? '123456:TEST-token_abcdefghijklmnopqrstuvwxyz';
    this.bot = { id: 999_000, username: 'tagih_test_bot', first_name: 'tagih', ...options.bot };
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const server = createServer();
    const fake = new FakeTelegram(server, options);
    server.on('request', (req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get apiRoot(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Calls other than the bot's housekeeping (getMe, getUpdates, webhook and command menu set-up). */
  chatCalls(): RecordedCall[] {
    return this.calls.filter((call) => !HOUSEKEEPING.has(call.method));
  }

  /** Queues an update for getUpdates; returns its update_id. */
  pushUpdate(update: Record<string, unknown>): number {
    const update_id = typeof update.update_id === 'number' ? update.update_id : this.nextUpdateId++;
    this.nextUpdateId = Math.max(this.nextUpdateId, update_id + 1);
    this.updates.push({ ...update, update_id });
    for (const waiter of this.waiters) if (update_id >= waiter.offset) waiter.resolve();
    return update_id;
  }

  /** The next `times` calls of `method` get this answer instead of the usual one. */
  script(method: string, answer: Scripted, times = 1): void {
    const queue = this.scripts.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(answer);
    this.scripts.set(method, queue);
  }

  fail(method: string, failure: ApiFailure, times = 1): void {
    this.script(method, { fail: failure }, times);
  }

  /** Hears every call as it arrives (not getUpdates); returns the way to stop listening. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first call (already made or coming) of `method` that matches. */
  waitFor(method: string, match: (call: RecordedCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    const seen = this.calls.find((call) => call.method === method && match(call));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener: Listener = (call) => {
        if (call.method !== method || !match(call)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${method} call within ${timeoutMs} ms; last calls: ${this.calls.slice(-10).map((c) => c.method).join(', ')}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** Resolves once `count` calls of `method` were made. */
  async waitForCount(method: string, count: number, timeoutMs = 5000): Promise<RecordedCall[]> {
    // The call being matched is already recorded when a listener hears it.
    await this.waitFor(method, () => this.callsTo(method).length >= count, timeoutMs);
    return this.callsTo(method);
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    for (const waiter of this.waiters) waiter.resolve();
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    const raw = await readBody(req);
    if (!match || match[1] !== this.token) {
      send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const method = match[2]!;
    const contentType = req.headers['content-type'] ?? '';
    const { body, files } = parseBody(contentType, raw);
    const call: RecordedCall = { method, token: match[1]!, contentType, body, files, at: performance.timeOrigin + performance.now() };
    if (method !== 'getUpdates') {
      this.calls.push(call);
      for (const listener of this.listeners) listener(call);
    }

    const scripted = this.scripts.get(method)?.shift();
    if (scripted) {
      if ('drop' in scripted) {
        req.socket.destroy();
        return;
      }
      if ('hang' in scripted) {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      if ('fail' in scripted) {
        const { error_code } = scripted.fail;
        call.answer = error_code;
        if (error_code >= 500) send(res, error_code, 'Bad Gateway');
        else send(res, error_code, { ok: false, ...scripted.fail });
        return;
      }
      call.answer = 200;
      send(res, 200, 'raw' in scripted ? scripted.raw : { ok: true, result: scripted.result });
      return;
    }
    if (method === 'getUpdates') {
      await this.getUpdates(body, req, res);
      return;
    }
    call.answer = 200;
    send(res, 200, { ok: true, result: this.result(method, body, files) });
  }

  private async getUpdates(body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const offset = Number(body.offset ?? 0);
    const timeoutS = Number(body.timeout ?? 0);
    const limit = Number(body.limit ?? 100);
    // Telegram forgets updates below the offset: that confirms them.
    while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
    if (this.updates.length === 0 && timeoutS > 0) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = { offset, resolve: () => (this.waiters.delete(waiter), clearTimeout(timer), resolve()) };
        const timer = setTimeout(waiter.resolve, timeoutS * 1000);
        this.waiters.add(waiter);
        res.on('close', waiter.resolve);
      });
    }
    if (res.destroyed) return;
    const batch = this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
    send(res, 200, { ok: true, result: batch });
    void req;
  }

  private result(method: string, body: Record<string, unknown>, files: RecordedFile[]): unknown {
    const date = Math.floor(Date.now() / 1000);
    const chat = { id: Number(body.chat_id), type: Number(body.chat_id) < 0 ? 'group' : 'private' };
    switch (method) {
      case 'getMe':
        return { ...this.bot, is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
      case 'sendMessage':
        return { message_id: this.nextMessageId++, date, chat, text: body.text, ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}) };
      case 'sendPhoto': {
        const uploaded = files.some((file) => file.field === 'photo');
        const id = uploaded ? `AgACAgQAAx-photo-${this.nextFileId++}` : String(body.photo);
        const size = files[0]?.size ?? 2800;
        return {
          message_id: this.nextMessageId++,
          date,
          chat,
          photo: [
            { file_id: `${id}-thumb`, file_unique_id: `${id}-u1`, width: 90, height: 90, file_size: Math.ceil(size / 8) },
            { file_id: id, file_unique_id: `${id}-u2`, width: 512, height: 512, file_size: size },
          ],
          ...(body.caption ? { caption: body.caption } : {}),
        };
      }
      default:
        // answerCallbackQuery, answerInlineQuery, setMyCommands, setWebhook, deleteWebhook, ...
        return true;
    }
  }
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/html' : 'application/json' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function fieldValue(text: string): unknown {
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function parseBody(contentType: string, raw: Buffer): { body: Record<string, unknown>; files: RecordedFile[] } {
  if (raw.length === 0) return { body: {}, files: [] };
  if (contentType.startsWith('application/json')) return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const body: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) body[key] = fieldValue(value);
    return { body, files: [] };
  }
  const boundary = MULTIPART_BOUNDARY.exec(contentType);
  if (contentType.startsWith('multipart/form-data') && boundary) return parseMultipart(raw, boundary[1] ?? boundary[2]!);
  return { body: { raw: raw.toString('utf8') }, files: [] };
}

/** Enough of RFC 7578 for what Bot API clients send: named fields and files, one level deep. */
function parseMultipart(raw: Buffer, boundary: string): { body: Record<string, unknown>; files: RecordedFile[] } {
  const body: Record<string, unknown> = {};
  const files: RecordedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1] ?? null;
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? null;
    if (name !== undefined) {
      if (filename !== null || (type !== null && !type.startsWith('text/'))) {
        files.push({ field: name, filename, contentType: type, size: content.length, data: Buffer.from(content) });
        body[name] = `attach://${name}`;
      } else {
        body[name] = fieldValue(content.toString('utf8'));
      }
    }
    start = next;
  }
  return { body, files };
}
