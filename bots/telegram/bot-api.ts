/**
 * The Telegram Bot API as the rest of the adapter sees it: the few calls
 * tagih makes, each with a timeout, and one error type that already says
 * what kind of failure it was. Only telegraf-client.ts knows telegraf; the
 * Bot API's own shapes (Update, Message, ...) are plain types.
 */
import type {
  BotCommand,
  CallbackQuery,
  ChosenInlineResult,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InlineQuery,
  InlineQueryResult,
  Message,
  Update,
  User,
  UserFromGetMe,
} from 'telegraf/types';

export type {
  BotCommand,
  CallbackQuery,
  ChosenInlineResult,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InlineQuery,
  InlineQueryResult,
  Message,
  Update,
  User,
  UserFromGetMe,
};

/** The update kinds tagih asks Telegram for; everything else is never delivered. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query', 'chosen_inline_result'] as const;

export type Failure =
  /** 429: wait `retryAfterMs`, then try again. */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** 400 with migrate_to_chat_id: the group became a supergroup with this id. */
  | { kind: 'migrated'; chatId: string }
  /** 403 (blocked, cannot initiate), 400 (chat not found, bad request): trying again will not help. */
  | { kind: 'permanent' }
  /** 400 "wrong file identifier/HTTP URL specified": this file_id is no good (any more); upload the file again. */
  | { kind: 'wrong_file' }
  /** 401: the token was revoked or is wrong. */
  | { kind: 'unauthorized' }
  /** 409: another process polls with this token, or a webhook is set. */
  | { kind: 'conflict' }
  /** 5xx, network failures and timeouts: try again later. */
  | { kind: 'transient' };

/** A failed Bot API call; the message never contains the token. */
export class BotApiError extends Error {
  override readonly name = 'BotApiError';

  readonly method: string;
  readonly failure: Failure;
  constructor(
    method: string,
    failure: Failure,
    message: string,
  ) {
    super(`${method}: ${message}`);
    this.method = method;
    this.failure = failure;
  }
}

export interface SentMessage {
  messageId: number;
}

export interface SentPhoto extends SentMessage {
  /** The largest size's file_id, to send the same picture again without uploading it. */
  fileId: string | null;
}

export interface BotApi {
  getMe(): Promise<UserFromGetMe>;
  /**
   * Plain text: no parse_mode, so nothing anyone typed can become formatting.
   * `boldLength` UTF-16 code units from the start are bold, by a `bold` entity.
   */
  sendMessage(chatId: string, text: string, keyboard: InlineKeyboardMarkup | null, boldLength?: number): Promise<SentMessage>;
  /** A PNG Buffer is uploaded (multipart); a string is a file_id Telegram already has. */
  sendPhoto(chatId: string, photo: Buffer | string, caption: string | null, keyboard: InlineKeyboardMarkup | null, boldLength?: number): Promise<SentPhoto>;
  /**
   * A file uploaded as a document (multipart, under `fileName`): Telegram
   * hands it on byte for byte, where a photo would be recompressed. A `path`
   * is streamed from disk as it is uploaded (a CSV export; Bot API: up to
   * 50 MB, https://core.telegram.org/bots/api#senddocument).
   */
  sendDocument(chatId: string, document: Buffer | { path: string }, fileName: string, caption: string | null, keyboard: InlineKeyboardMarkup | null, boldLength?: number): Promise<SentMessage>;
  /** Replaces a message's text and buttons (keyboard null: the buttons go). */
  editMessageText(chatId: string, messageId: number, text: string, keyboard: InlineKeyboardMarkup | null): Promise<void>;
  /** Takes the inline keyboard off a message (editMessageReplyMarkup without one). */
  removeButtons(chatId: string, messageId: number): Promise<void>;
  /** The same as editMessageText for a message posted through inline mode, known only by its inline_message_id. */
  editInlineMessageText(inlineMessageId: string, text: string, keyboard: InlineKeyboardMarkup | null): Promise<void>;
  answerCallbackQuery(callbackQueryId: string, text: string | null): Promise<void>;
  answerInlineQuery(inlineQueryId: string, results: InlineQueryResult[], options: { cacheTimeS: number; isPersonal: boolean }): Promise<void>;
  /**
   * The command menu for everyone (`chatId` null: the default scope), or for
   * one chat (BotCommandScopeChat, which wins over the default there).
   * `languageCode` null: for users of any language without a list of their own.
   */
  setMyCommands(commands: BotCommand[], target: { chatId: string | null; languageCode: string | null }): Promise<void>;
  setWebhook(url: string, secretToken: string): Promise<void>;
}
