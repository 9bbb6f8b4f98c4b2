/**
 * An in-process stand-in for the Telegram Bot API, so tests drive the real
 * telegraf client over real HTTP. It answers `/bot<token>/<method>` with
 * realistic results, records every call (JSON, urlencoded and multipart
 * bodies, with uploaded files), serves `getUpdates` as a long poll over a
 * queue tests push into, and can be scripted to fail the way Telegram does
 * (429 with retry_after, 403, 400, 5xx, a dropped connection, no answer).
 *
 * Unscripted, it enforces the rules Telegram documents and answers breaking
 * them with Telegram's own codes and descriptions: text and caption lengths
 * (in UTF-16 code units), callback_data bytes, empty text, unknown file ids,
 * chats that never started the bot or do not exist, one poller at a time and
 * none while a webhook is set, setWebhook's https and ports, flood limits,
 * and query lifetimes. bots/telegram/README.md lists each rule with its
 * upstream source (core.telegram.org/bots/api, tdlib/telegram-bot-api).
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
  /** The `result` of a successful answer (the sent Message, ...). */
  result?: unknown;
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

/** Telegram's flood limits (Bots FAQ); null turns one off (a benchmark of the pipeline alone). */
export interface FloodLimits {
  /** Messages per second across all chats (about 30). */
  perSecond: number | null;
  /** Messages per minute into one group (20). */
  perGroupMinute: number | null;
}

export interface FakeTelegramOptions {
  token?: string;
  bot?: Partial<FakeBotUser>;
  flood?: Partial<FloodLimits>;
  /** How long a callback or inline query may be answered after Telegram delivered it. */
  queryLifetimeMs?: number;
}

export const TELEGRAM_FLOOD: FloodLimits = { perSecond: 30, perGroupMinute: 20 };

/** Telegram's limits, counted as Telegram counts them. */
export const LIMITS = { textUtf16: 4096, captionUtf16: 1024, callbackDataBytes: 64 } as const;

/** Exact descriptions Telegram answers with. */
export const ERRORS = {
  textEmpty: { error_code: 400, description: 'Bad Request: message text is empty' },
  textTooLong: { error_code: 400, description: 'Bad Request: message is too long' },
  captionTooLong: { error_code: 400, description: 'Bad Request: message caption is too long' },
  buttonData: { error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' },
  cannotInitiate: { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
  chatNotFound: { error_code: 400, description: 'Bad Request: chat not found' },
  wrongFileId: { error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' },
  otherPoller: { error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' },
  webhookActive: { error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" },
  queryTooOld: { error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' },
  webhookHttps: { error_code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' },
  webhookPort: { error_code: 400, description: 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443' },
  notModified: {
    error_code: 400,
    description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  },
  messageNotFound: { error_code: 400, description: 'Bad Request: message to edit not found' },
  documentMissing: { error_code: 400, description: 'Bad Request: there is no document in the request' },
} satisfies Record<string, ApiFailure>;

/** `Too Many Requests: retry after N` with `parameters.retry_after` (telegram-bot-api Query.cpp set_retry_after_error). */
export function floodError(retryAfterS: number): ApiFailure {
  return { error_code: 429, description: `Too Many Requests: retry after ${retryAfterS}`, parameters: { retry_after: retryAfterS } };
}

/** Methods that put a message into a chat, and so count against the flood limits. */
const SENDING = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);
const WEBHOOK_PORTS = new Set(['80', '88', '443', '8443']);

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
  private readonly flood: FloodLimits;
  private readonly queryLifetimeMs: number;
  /** Start times of sends, for the per-second limit; per group for the per-minute one. */
  private readonly sends: number[] = [];
  private readonly groupSends = new Map<string, number[]>();
  private readonly fileIds = new Set<string>();
  /** Private chats whose user never pressed Start; chats that do not exist at all. */
  private readonly unstarted = new Set<string>();
  private readonly missing = new Set<string>();
  /** When each callback or inline query reached the bot. */
  private readonly queries = new Map<string, number>();
  /** Sent messages by `chat:message` or inline_message_id: their text and keyboard, for edits. */
  private readonly messages = new Map<string, { text: string; markup: string }>();
  private poller: ServerResponse | null = null;
  /** The URL set by setWebhook, or null. */
  webhookUrl: string | null = null;

  private readonly server: Server;
  private constructor(
    server: Server,
    options: FakeTelegramOptions,
  ) {
    this.server = server;
    this.token = options.token ?? '123456:TEST-token_abcdefghijklmnopqrstuvwxyz';
    this.bot = { id: 999_000, username: 'tagih_test_bot', first_name: 'tagih', ...options.bot };
    this.flood = { ...TELEGRAM_FLOOD, ...options.flood };
    this.queryLifetimeMs = options.queryLifetimeMs ?? 15_000;
  }

  /** A getUpdates call is waiting for updates (a poller is connected). */
  get polling(): boolean {
    return this.poller !== null && !this.poller.writableEnded;
  }

  /** This user has never started the bot: sending to them is refused with 403. */
  neverStarted(chatId: number | string): void {
    this.unstarted.add(String(chatId));
  }

  /** No such chat (the group was deleted, the id is wrong). */
  noSuchChat(chatId: number | string): void {
    this.missing.add(String(chatId));
  }

  /** Telegram delivered this callback or inline query now (pushUpdate records its own). */
  queryDelivered(queryId: string, at = Date.now()): void {
    this.queries.set(queryId, at);
  }

  /** A message sent earlier, as it looks now (after edits); by `chat:message_id` or an inline_message_id. */
  message(key: string): { text: string; markup: string } | undefined {
    return this.messages.get(key);
  }

  /** Telegram knows this message (one posted through inline mode by a user, say). */
  knowMessage(key: string, text: string, markup: unknown = null): void {
    this.messages.set(key, { text, markup: JSON.stringify(markup ?? null) });
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
    for (const kind of ['callback_query', 'inline_query']) {
      const query = update[kind] as { id?: string } | undefined;
      if (query?.id !== undefined) this.queryDelivered(query.id);
    }
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
    const refused = this.refusal(method, body, files);
    if (refused) {
      call.answer = refused.error_code;
      send(res, refused.error_code, { ok: false, ...refused });
      return;
    }
    call.answer = 200;
    call.result = this.result(method, body, files);
    send(res, 200, { ok: true, result: call.result });
  }

  /** What Telegram would refuse this call with, or null. */
  private refusal(method: string, body: Record<string, unknown>, files: RecordedFile[]): ApiFailure | null {
    const chatId = body.chat_id === undefined ? null : String(body.chat_id);
    switch (method) {
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const rule = this.contentRule(method, body, files) ?? this.chatRule(chatId);
        if (rule) return rule;
        if (SENDING.has(method)) return this.floodRule(chatId!);
        return this.editRule(method, body);
      }
      case 'answerCallbackQuery':
      case 'answerInlineQuery': {
        const id = String(body.callback_query_id ?? body.inline_query_id ?? '');
        const delivered = this.queries.get(id);
        return delivered !== undefined && Date.now() - delivered > this.queryLifetimeMs ? ERRORS.queryTooOld : null;
      }
      case 'setWebhook': {
        const url = new URL(String(body.url ?? ''));
        if (url.protocol !== 'https:') return ERRORS.webhookHttps;
        if (!WEBHOOK_PORTS.has(url.port === '' ? '443' : url.port)) return ERRORS.webhookPort;
        this.webhookUrl = url.href;
        return null;
      }
      case 'deleteWebhook':
        this.webhookUrl = null;
        return null;
      default:
        return null;
    }
  }

  private contentRule(method: string, body: Record<string, unknown>, files: RecordedFile[]): ApiFailure | null {
    if (method === 'sendMessage' || method === 'editMessageText') {
      const text = typeof body.text === 'string' ? body.text : '';
      // JavaScript's length is UTF-16 code units, which is how Telegram counts (Bot API: "Entity length in UTF-16 code units").
      if (text.trim() === '') return ERRORS.textEmpty;
      if (text.length > LIMITS.textUtf16) return ERRORS.textTooLong;
    }
    if ((method === 'sendPhoto' || method === 'sendDocument') && typeof body.caption === 'string' && body.caption.length > LIMITS.captionUtf16) return ERRORS.captionTooLong;
    if (method === 'sendDocument') {
      const document = body.document;
      if (document === undefined) return ERRORS.documentMissing;
      if (typeof document === 'string' && !document.startsWith('attach://') && !this.fileIds.has(document)) return ERRORS.wrongFileId;
      if (typeof document === 'string' && document.startsWith('attach://') && !files.some((file) => file.field === document.slice('attach://'.length))) return ERRORS.documentMissing;
    }
    if (method === 'sendPhoto') {
      const photo = body.photo;
      if (typeof photo === 'string' && !photo.startsWith('attach://') && !this.fileIds.has(photo)) return ERRORS.wrongFileId;
    }
    const markup = body.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
    for (const button of markup?.inline_keyboard?.flat() ?? []) {
      if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data, 'utf8') > LIMITS.callbackDataBytes) return ERRORS.buttonData;
    }
    return null;
  }

  private chatRule(chatId: string | null): ApiFailure | null {
    if (chatId === null) return null;
    if (this.missing.has(chatId)) return ERRORS.chatNotFound;
    if (this.unstarted.has(chatId)) return ERRORS.cannotInitiate;
    return null;
  }

  /** ~30 messages a second per bot, 20 a minute per group; the answer says when the oldest send leaves the window. */
  private floodRule(chatId: string): ApiFailure | null {
    const now = Date.now();
    const window = (starts: number[], ms: number, limit: number | null): ApiFailure | null => {
      while (starts.length > 0 && starts[0]! <= now - ms) starts.shift();
      if (limit === null || starts.length < limit) return null;
      return floodError(Math.max(1, Math.ceil((starts[0]! + ms - now) / 1000)));
    };
    const group = Number(chatId) < 0 ? (this.groupSends.get(chatId) ?? []) : null;
    const refused = window(this.sends, 1000, this.flood.perSecond) ?? (group ? window(group, 60_000, this.flood.perGroupMinute) : null);
    if (refused) return refused;
    this.sends.push(now);
    if (group) {
      group.push(now);
      this.groupSends.set(chatId, group);
    }
    return null;
  }

  private editRule(method: string, body: Record<string, unknown>): ApiFailure | null {
    const key = body.inline_message_id !== undefined ? String(body.inline_message_id) : `${String(body.chat_id)}:${String(body.message_id)}`;
    const known = this.messages.get(key);
    if (known === undefined) return ERRORS.messageNotFound;
    const text = method === 'editMessageText' ? String(body.text) : known.text;
    const markup = JSON.stringify(body.reply_markup ?? null);
    if (text === known.text && markup === known.markup) return ERRORS.notModified;
    return null;
  }

  private async getUpdates(body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.webhookUrl !== null) {
      send(res, 409, { ok: false, ...ERRORS.webhookActive });
      return;
    }
    // A second poller ends the first one's call: the one waiting is answered 409.
    if (this.poller !== null && !this.poller.destroyed) send(this.poller, 409, { ok: false, ...ERRORS.otherPoller });
    this.poller = res;
    res.on('close', () => {
      if (this.poller === res) this.poller = null;
    });
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
    if (res.destroyed || res.headersSent) return;
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
      case 'sendMessage': {
        const message_id = this.nextMessageId++;
        this.knowMessage(`${chat.id}:${message_id}`, String(body.text), body.reply_markup);
        return { message_id, date, chat, text: body.text, ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}) };
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const inline = body.inline_message_id !== undefined;
        const key = inline ? String(body.inline_message_id) : `${chat.id}:${String(body.message_id)}`;
        const text = method === 'editMessageText' ? String(body.text) : this.messages.get(key)!.text;
        this.knowMessage(key, text, body.reply_markup);
        // Bot API: "if the edited message is not an inline message, the edited Message is returned, otherwise True".
        return inline ? true : { message_id: Number(body.message_id), date, chat, text, ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}) };
      }
      case 'sendPhoto': {
        const uploaded = files.some((file) => file.field === 'photo');
        const id = uploaded ? `AgACAgQAAx-photo-${this.nextFileId++}` : String(body.photo);
        this.fileIds.add(id);
        const size = files[0]?.size ?? 2800;
        const message_id = this.nextMessageId++;
        this.knowMessage(`${chat.id}:${message_id}`, String(body.caption ?? ''), body.reply_markup);
        return {
          message_id,
          date,
          chat,
          photo: [
            { file_id: `${id}-thumb`, file_unique_id: `${id}-u1`, width: 90, height: 90, file_size: Math.ceil(size / 8) },
            { file_id: id, file_unique_id: `${id}-u2`, width: 512, height: 512, file_size: size },
          ],
          ...(body.caption ? { caption: body.caption } : {}),
        };
      }
      case 'sendDocument': {
        const file = files.find((f) => f.field === 'document');
        const id = file ? `BQACAgQAAx-document-${this.nextFileId++}` : String(body.document);
        this.fileIds.add(id);
        const message_id = this.nextMessageId++;
        this.knowMessage(`${chat.id}:${message_id}`, String(body.caption ?? ''), body.reply_markup);
        return {
          message_id,
          date,
          chat,
          document: { file_id: id, file_unique_id: `${id}-u`, ...(file ? { file_name: file.filename ?? 'document', mime_type: file.contentType ?? 'application/octet-stream', file_size: file.size } : {}) },
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
