/**
 * The one module that touches telegraf (4.16.3, pinned). It gives the rest of
 * the adapter a BotApi whose every call has a deadline and whose errors are
 * classified and free of the token, plus the ways updates come in (long
 * polling, a webhook handler, or one update handed over directly). Swapping
 * the library means rewriting this file only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Telegraf, TelegramError } from 'telegraf';
import './multipart-on-node26.ts';
import {
  ALLOWED_UPDATES,
  BotApiError,
  type BotApi,
  type Failure,
  type InlineKeyboardMarkup,
  type Update,
  type UserFromGetMe,
} from './bot-api.ts';
import { scrub } from '../../src/notify/scrub.ts';
import { backoffDelay, sleep, withDeadline, type AbortSignalLike } from '../../src/retry.ts';

export interface TransportOptions {
  token: string;
  apiRoot: string;
  /** Deadline of an ordinary call. */
  requestTimeoutMs: number;
  /** Deadline of an upload (a photo, a document). */
  uploadTimeoutMs: number;
}

/** Express-compatible: `app.post(path, handler)`. */
export type WebhookHandler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (err?: unknown) => void) => Promise<void>;

/** Telegram holds a getUpdates call open this long before answering with nothing. */
const LONG_POLL_S = 50;
const LONG_POLL_GRACE_MS = 15_000;
const POLL_RETRY = { baseMs: 1_000, maxMs: 60_000 };

/** "wrong file identifier/HTTP URL specified"; telegram-bot-api Client.cpp also says "wrong file_id or the file is temporarily unavailable". */
const WRONG_FILE = /wrong file identifier|wrong file_id|wrong remote file identifier/i;

/** Calls that carry a file up, and so get the upload deadline. */
const UPLOADS: ReadonlySet<string> = new Set(['sendPhoto', 'sendDocument']);

type CallOptions = Parameters<Telegraf['telegram']['callApi']>[2];

/** telegraf types the signal as its abort-controller shim; node-fetch accepts a native one (it checks the class name). */
function nativeSignal(signal: AbortSignal): CallOptions {
  return { signal } as unknown as CallOptions;
}

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
    // Telegram's words for a file_id it does not accept (docs/telegram.md): only then is a cached id thrown away.
    if (err.code === 400 && WRONG_FILE.test(err.description)) return { kind: 'wrong_file' };
    if (err.code === 400 || err.code === 403) return { kind: 'permanent' };
    return { kind: 'transient' };
  }
  // Network failures (node-fetch FetchError with ECONNREFUSED, resets, our deadlines) and anything unexpected:
  // trying again later is the safe answer; the outbox bounds the retries.
  return { kind: 'transient' };
}

/** A short description for logs and the outbox, without the token. */
export function describeFailure(err: unknown, token: string): string {
  if (err instanceof TelegramError) return scrub(`${err.code} ${err.description}`, [token]);
  if (err instanceof Error) return scrub(`${err.name}: ${err.message}`, [token]);
  return scrub(String(err), [token]);
}

export class TelegrafTransport {
  readonly api: BotApi;
  private readonly bot: Telegraf;
  private readonly pollAbort = new AbortController();
  /** Hears about getUpdates failures the loop waits out. */
  onPollingTrouble: ((err: unknown, waitMs: number) => void) | null = null;

  private readonly options: TransportOptions;
  constructor(options: TransportOptions) {
    this.options = options;
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

  /**
   * Long polling, our own loop rather than telegraf's launch(): its waits
   * after a failure cannot be cut short, so stop() would leave a timer
   * behind. Network trouble and 429s are waited out (capped backoff, for as
   * long as it lasts: a poller that gave up would need a restart); 409 and
   * 401 end the loop with the error. Resolves when stopPolling() ends it.
   */
  async poll(): Promise<void> {
    const telegram = this.bot.telegram;
    const signal = this.pollAbort.signal;
    let offset = 0;
    let failures = 0;
    if (signal.aborted) return;
    // Telegram refuses getUpdates while a webhook is set.
    await telegram.deleteWebhook({ drop_pending_updates: false });
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await telegram.callApi('getUpdates', { timeout: LONG_POLL_S, offset, allowed_updates: [...ALLOWED_UPDATES] }, nativeSignal(signal));
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        const failure = classifyFailure(err);
        if (failure.kind !== 'transient' && failure.kind !== 'rate_limited') throw err;
        failures += 1;
        const wait = failure.kind === 'rate_limited' ? failure.retryAfterMs : backoffDelay(POLL_RETRY, failures - 1);
        this.onPollingTrouble?.(err, wait);
        await sleep(wait, signal);
        continue;
      }
      const last = updates.at(-1);
      if (last !== undefined) offset = last.update_id + 1;
      // Errors inside go to bot.catch; one bad update never ends the loop.
      await Promise.all(updates.map((update) => this.bot.handleUpdate(update)));
    }
    // Confirms what was handled, so the next start does not get it again.
    if (offset > 0) await telegram.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch(() => undefined);
  }

  stopPolling(): void {
    this.pollAbort.abort();
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
      // A long poll may take its own timeout; the final confirming poll (timeout 0) is an ordinary call.
      const longPollS = method === 'getUpdates' ? Number((payload as { timeout?: number } | undefined)?.timeout ?? 0) : 0;
      const ms = longPollS > 0 ? longPollS * 1000 + LONG_POLL_GRACE_MS : UPLOADS.has(method) ? uploadTimeoutMs : requestTimeoutMs;
      return withDeadline(method, ms, (signal) => call(method, payload, nativeSignal(signal)), options?.signal);
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
    // Entities rather than parse_mode: offsets in UTF-16 code units (JavaScript's), and nothing in the text is parsed.
    const bold = (length: number | undefined) => (length ? [{ type: 'bold' as const, offset: 0, length }] : undefined);
    return {
      getMe: () => guarded('getMe', () => telegram.getMe()),
      sendMessage: (chatId, text, keyboard, boldLength) =>
        guarded('sendMessage', async () => {
          const entities = bold(boldLength);
          const sent = await telegram.sendMessage(chatId, text, { ...markup(keyboard), ...(entities ? { entities } : {}), link_preview_options: { is_disabled: true } });
          return { messageId: sent.message_id };
        }),
      sendPhoto: (chatId, photo, caption, keyboard, boldLength) =>
        guarded('sendPhoto', async () => {
          const input = typeof photo === 'string' ? photo : { source: photo, filename: 'qr.png' };
          const entities = caption === null ? undefined : bold(boldLength);
          const sent = await telegram.sendPhoto(chatId, input, { ...markup(keyboard), ...(caption === null ? {} : { caption }), ...(entities ? { caption_entities: entities } : {}) });
          return { messageId: sent.message_id, fileId: sent.photo.at(-1)?.file_id ?? null };
        }),
      sendDocument: (chatId, document, fileName, caption, keyboard, boldLength) =>
        guarded('sendDocument', async () => {
          const entities = caption === null ? undefined : bold(boldLength);
          // Bot API sendDocument `disable_content_type_detection`: no server-side detection, so the upload stays a file as sent.
          // A string source is read by telegraf as a file stream (core/network/client.js attachFormMedia), never loaded whole.
          const input = Buffer.isBuffer(document) ? { source: document, filename: fileName } : { source: document.path, filename: fileName };
          const sent = await telegram.sendDocument(chatId, input, {
            ...markup(keyboard),
            ...(caption === null ? {} : { caption }),
            ...(entities ? { caption_entities: entities } : {}),
            disable_content_type_detection: true,
          });
          return { messageId: sent.message_id };
        }),
      editMessageText: (chatId, messageId, text, keyboard) =>
        guarded('editMessageText', async () => {
          await telegram.editMessageText(chatId, messageId, undefined, text, { ...markup(keyboard), link_preview_options: { is_disabled: true } });
        }),
      removeButtons: (chatId, messageId) =>
        guarded('editMessageReplyMarkup', async () => {
          await telegram.editMessageReplyMarkup(chatId, messageId, undefined, undefined);
        }),
      editInlineMessageText: (inlineMessageId, text, keyboard) =>
        guarded('editMessageText', async () => {
          await telegram.editMessageText(undefined, undefined, inlineMessageId, text, { ...markup(keyboard), link_preview_options: { is_disabled: true } });
        }),
      answerCallbackQuery: (id, text) =>
        guarded('answerCallbackQuery', async () => {
          await telegram.answerCbQuery(id, text ?? undefined);
        }),
      answerInlineQuery: (id, results, { cacheTimeS, isPersonal }) =>
        guarded('answerInlineQuery', async () => {
          await telegram.answerInlineQuery(id, results, { cache_time: cacheTimeS, is_personal: isPersonal });
        }),
      setMyCommands: (commands, { chatId, languageCode }) =>
        guarded('setMyCommands', async () => {
          await telegram.setMyCommands(commands, {
            ...(chatId === null ? {} : { scope: { type: 'chat', chat_id: chatId } }),
            ...(languageCode === null ? {} : { language_code: languageCode }),
          });
        }),
      setWebhook: (url, secretToken) =>
        guarded('setWebhook', async () => {
          await telegram.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
        }),
    };
  }
}
