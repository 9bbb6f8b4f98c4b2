/**
 * The one module that touches telegraf (4.16.3, pinned). It gives the rest of
 * the adapter a BotApi whose every call has a deadline and whose errors are
 * classified and free of the token, plus the ways updates come in (long
 * polling, a webhook handler, or one update handed over directly). Swapping
 * the library means rewriting this file only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Telegraf, TelegramError } from 'telegraf';
import {
  ALLOWED_UPDATES,
  BotApiError,
  type BotApi,
  type Failure,
  type InlineKeyboardMarkup,
  type Update,
  type UserFromGetMe,
} from './bot-api.ts';
import { redactToken } from './redact.ts';

export interface TransportOptions {
  token: string;
  apiRoot: string;
  /** Deadline of an ordinary call. */
  requestTimeoutMs: number;
  /** Deadline of a photo upload. */
  uploadTimeoutMs: number;
}

/** Express-compatible: `app.post(path, handler)`. */
export type WebhookHandler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (err?: unknown) => void) => Promise<void>;

/** Telegram holds a getUpdates call open this long (telegraf's fixed 50 s) before answering with nothing. */
const LONG_POLL_S = 50;
const LONG_POLL_GRACE_MS = 15_000;

/**
 * A call that ran past its deadline. Named like node-fetch's network error so
 * telegraf's polling loop treats it as one and polls again instead of
 * stopping as it does on an abort.
 */
class RequestTimeoutError extends Error {
  override readonly name = 'FetchError';
  readonly code = 'ETIMEDOUT';

  constructor(method: string, ms: number) {
    super(`${method} got no answer within ${ms} ms`);
  }
}

interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Runs a request that is aborted at the deadline or when `outer` aborts (telegraf's poller uses a non-native signal). */
async function withDeadline<T>(method: string, ms: number, outer: AbortSignalLike | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', onAbort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  try {
    return await run(controller.signal);
  } catch (err) {
    throw timedOut ? new RequestTimeoutError(method, ms) : err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** What node-fetch throws on an abort; telegraf's poller ends quietly on it. */
function abortError(): Error {
  const err = new Error('The polling was stopped.');
  err.name = 'AbortError';
  return err;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/** What kind of failure an error from a Bot API call is. */
export function classifyFailure(err: unknown): Failure {
  if (err instanceof BotApiError) return err.failure;
  if (err instanceof TelegramError) {
    const retryAfter = err.parameters?.retry_after;
    const migrateTo = err.parameters?.migrate_to_chat_id;
    if (err.code === 429) return { kind: 'rate_limited', retryAfterMs: (retryAfter ?? 5) * 1000 };
    if (migrateTo !== undefined) return { kind: 'migrated', chatId: String(migrateTo) };
    if (err.code === 401) return { kind: 'unauthorized' };
    if (err.code === 409) return { kind: 'conflict' };
    if (err.code === 400 || err.code === 403) return { kind: 'permanent' };
    return { kind: 'transient' };
  }
  // Network failures (node-fetch FetchError with ECONNREFUSED, resets, our deadlines) and anything unexpected:
  // trying again later is the safe answer; the outbox bounds the retries.
  return { kind: 'transient' };
}

/** A short description for logs and the outbox, without the token. */
export function describeFailure(err: unknown, token: string): string {
  if (err instanceof TelegramError) return redactToken(`${err.code} ${err.description}`, token);
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const tag = typeof code === 'string' && NETWORK_CODES.has(code) ? ` (${code})` : '';
    return redactToken(`${err.name}: ${err.message}${tag}`, token);
  }
  return redactToken(String(err), token);
}

export class TelegrafTransport {
  readonly api: BotApi;
  private readonly bot: Telegraf;
  private stopRequested = false;

  constructor(private readonly options: TransportOptions) {
    // Answers go out as real calls, never inside the webhook response: only then can they fail visibly and have a deadline.
    this.bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot, webhookReply: false } });
    this.installDeadlines();
    this.api = this.botApi();
  }

  /** Who the bot is; set before handling updates so telegraf never calls getMe on its own. */
  set botInfo(me: UserFromGetMe) {
    this.bot.botInfo = me;
  }

  /** Every update goes to `handler`; whatever escapes it goes to `onError` and never stops the bot. */
  onUpdate(handler: (update: Update) => Promise<void>, onError: (err: unknown, update: Update) => void): void {
    this.bot.use((ctx) => handler(ctx.update));
    this.bot.catch((err, ctx) => onError(err, ctx.update));
  }

  /** Long polling; resolves when stopPolling() ends it, rejects when Telegram refuses (409, 401). */
  async poll(): Promise<void> {
    if (this.stopRequested) return;
    // launch() deletes any webhook first, then polls until stopped.
    await this.bot.launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false });
  }

  stopPolling(): void {
    this.stopRequested = true;
    try {
      this.bot.stop('stop');
    } catch {
      // "Bot is not running!": launch() has not reached its first getUpdates yet; the flag makes that poll end at once.
    }
  }

  /** The handler for POST `path`; mount it at that exact path (Express strips mount paths from req.url). */
  webhook(path: string, secretToken: string): WebhookHandler {
    const handler = this.bot.webhookCallback(path, { secretToken });
    return (req, res, next) => handler(req as IncomingMessage & { body?: Update }, res, () => next());
  }

  handleUpdate(update: Update): Promise<void> {
    return this.bot.handleUpdate(update);
  }

  /**
   * telegraf's calls have no deadline of their own (node-fetch waits up to
   * 500 s). Every call, including the poller's getUpdates, goes through the
   * bot's one Telegram instance, so a deadline there covers them all.
   */
  private installDeadlines(): void {
    const telegram = this.bot.telegram;
    const call = telegram.callApi.bind(telegram);
    const { requestTimeoutMs, uploadTimeoutMs } = this.options;
    const timed = ((method: Parameters<typeof call>[0], payload: Parameters<typeof call>[1], options?: { signal?: AbortSignalLike }) => {
      // A long poll started after stop is aborted at once; the short getUpdates that confirms handled updates still goes out.
      if (method === 'getUpdates' && this.stopRequested && (payload as { timeout?: number }).timeout) return Promise.reject(abortError());
      const ms = method === 'getUpdates' ? LONG_POLL_S * 1000 + LONG_POLL_GRACE_MS : method === 'sendPhoto' ? uploadTimeoutMs : requestTimeoutMs;
      // telegraf types the signal as its abort-controller shim; node-fetch accepts a native one (it checks the class name).
      return withDeadline(method, ms, options?.signal, (signal) => call(method, payload, { signal } as unknown as Parameters<typeof call>[2]));
    }) as typeof telegram.callApi;
    telegram.callApi = timed;
  }

  private botApi(): BotApi {
    const telegram = this.bot.telegram;
    const token = this.options.token;
    const guarded = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (err) {
        throw new BotApiError(method, classifyFailure(err), describeFailure(err, token));
      }
    };
    const markup = (keyboard: InlineKeyboardMarkup | null) => (keyboard ? { reply_markup: keyboard } : {});
    return {
      getMe: () => guarded('getMe', () => telegram.getMe()),
      sendMessage: (chatId, text, keyboard) =>
        guarded('sendMessage', async () => {
          const sent = await telegram.sendMessage(chatId, text, { ...markup(keyboard), link_preview_options: { is_disabled: true } });
          return { messageId: sent.message_id };
        }),
      sendPhoto: (chatId, photo, caption, keyboard) =>
        guarded('sendPhoto', async () => {
          const input = typeof photo === 'string' ? photo : { source: photo, filename: 'qr.png' };
          const sent = await telegram.sendPhoto(chatId, input, { ...markup(keyboard), ...(caption === null ? {} : { caption }) });
          return { messageId: sent.message_id, fileId: sent.photo.at(-1)?.file_id ?? null };
        }),
      answerCallbackQuery: (id, text) =>
        guarded('answerCallbackQuery', async () => {
          await telegram.answerCbQuery(id, text ?? undefined);
        }),
      answerInlineQuery: (id, results, { cacheTimeS, isPersonal }) =>
        guarded('answerInlineQuery', async () => {
          await telegram.answerInlineQuery(id, results, { cache_time: cacheTimeS, is_personal: isPersonal });
        }),
      setMyCommands: (commands, languageCode) =>
        guarded('setMyCommands', async () => {
          await telegram.setMyCommands(commands, languageCode === null ? {} : { language_code: languageCode });
        }),
      setWebhook: (url, secretToken) =>
        guarded('setWebhook', async () => {
          await telegram.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
        }),
    };
  }
}
