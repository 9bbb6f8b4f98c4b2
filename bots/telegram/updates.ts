/**
 * Turns each Telegram update into work: merchant messages and button presses
 * go through the shared CommandRunner (the same authorization, the same
 * replies as every chat), customers opening a deep link get the link card,
 * strangers get a polite refusal, inline queries go to inline mode. An update
 * seen twice (redelivery) is handled once, and one chat's updates are handled
 * in the order they came.
 */
import type { Logger } from 'pino';
import type { ChatTurn, CommandRunner } from '../commands/run-command.ts';
import type { Command } from '../commands/command.ts';
import type { Preferences } from '../commands/preferences.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { Access } from './access.ts';
import type { BotApi, CallbackQuery, Message, Update, User } from './bot-api.ts';
import { BoundedMap } from '../../src/bounded-map.ts';
import { KeyedQueue } from '../../src/keyed-queue.ts';
import type { InlineShare } from './inline.ts';
import type { CommandMenus } from './menus.ts';
import type { DeletePrompts } from './prompts.ts';
import type { CustomerChats } from './customers.ts';
import { localeOfUser } from './phrases.ts';
import { isInviteCode } from '../../src/team/team.ts';
import type { ChatPoster } from './post.ts';

/** Telegram redelivers within minutes, and far fewer than this many updates arrive in that time. */
const REMEMBERED_UPDATES = 10_000;

export interface UpdateRouterOptions {
  api: BotApi;
  poster: ChatPoster;
  access: Access;
  runner: CommandRunner;
  inline: InlineShare;
  customers: CustomerChats;
  menus: CommandMenus;
  prompts: DeletePrompts;
  preferences: Preferences;
  logger: Logger;
  /** The bot's username, known after getMe. */
  botUsername: () => string;
  /** Describes an error for a log line, without the token. */
  describe: (err: unknown) => string;
}

type TextMessage = Message.TextMessage;

export class UpdateRouter {
  private readonly seen = new BoundedMap<number, true>(REMEMBERED_UPDATES);
  private readonly serial = new KeyedQueue();

  private readonly options: UpdateRouterOptions;
  constructor(options: UpdateRouterOptions) {
    this.options = options;
  }

  async handle(update: Update): Promise<void> {
    if (this.seen.has(update.update_id)) {
      this.options.logger.debug({ updateId: update.update_id }, 'telegram: update already handled');
      return;
    }
    this.seen.set(update.update_id, true);
    if ('message' in update) {
      if ('text' in update.message) await this.message(update.message);
    } else if ('callback_query' in update) {
      await this.callback(update.callback_query);
    } else if ('inline_query' in update) {
      const query = update.inline_query;
      await this.options.inline.answer(query, await this.merchantIdOf(query.from));
    } else if ('chosen_inline_result' in update) {
      const choice = update.chosen_inline_result;
      await this.options.inline.chosen(choice, await this.merchantIdOf(choice.from));
    }
    // Anything else (edited messages, member changes, ...) is not for tagih.
  }

  private async merchantIdOf(user: User): Promise<string | null> {
    return (await this.options.access.isMerchant(String(user.id))) ? `telegram:${user.id}` : null;
  }

  private async message(message: TextMessage): Promise<void> {
    const from = message.from;
    // Channel posts and messages from other bots have no merchant behind them.
    if (!from || from.is_bot) return;
    const chatId = String(message.chat.id);
    await this.serial.run([chatId], () => this.text(message, from, chatId));
  }

  private async text(message: TextMessage, from: User, chatId: string): Promise<void> {
    const { access, preferences, runner } = this.options;
    const userId = String(from.id);
    const merchant = await access.isMerchant(userId);
    const privateChat = message.chat.type === 'private';
    const turn = this.turn(from, message.chat, `${chatId}:${message.message_id}`);
    const parsed = runner.parse(message.text, turn);
    const payload = parsed.ok && parsed.command.kind === 'start' ? parsed.command.payload : null;

    if (payload !== null) {
      // Anyone, merchant or customer, who opens a link's deep link gets what a customer sees.
      const locale = merchant ? await preferences.locale(`telegram:${userId}`) : localeOfUser(from, preferences.defaultLocale);
      const card = await this.options.customers.open(chatId, payload, locale);
      if (card !== null) {
        await this.post(chatId, [card]);
        return;
      }
      if (!merchant && privateChat && (await access.claim(userId, payload))) {
        this.options.logger.info({ userId }, 'telegram: setup code claimed, this user owns the bot now');
        await this.post(chatId, [{ text: wordsIn(localeOfUser(from, preferences.defaultLocale)).telegram.ownerWelcome, actions: [] }]);
        return this.refreshMenu(userId);
      }
      // A shop owner's invite (issue 18): the runner joins them to the shop as staff.
      if (!merchant && privateChat && isInviteCode(payload)) {
        await this.post(chatId, [await runner.join(payload, turn)]);
        if (await access.isMerchant(userId)) await this.refreshMenu(userId);
        return;
      }
    }
    if (!merchant) {
      // In a group only a command for us gets an answer; chatter between people is none of our business.
      const isCommand = parsed.ok || !parsed.notACommand;
      if (privateChat || isCommand) await this.post(chatId, await this.options.customers.answer(chatId, localeOfUser(from, preferences.defaultLocale), privateChat));
      return;
    }
    const replies = await runner.handle(message.text, turn, parsed);
    const answerId = replies === null ? null : await this.post(chatId, replies);
    await this.options.prompts.answered(chatId, parsed.ok ? parsed.command : null, message.text, answerId);
    if (parsed.ok && parsed.command.kind === 'lang') await this.refreshMenu(userId);
  }

  /** The merchant's menu in their (new) language; a failure costs only the menu's language, so it is logged. */
  private async refreshMenu(userId: string): Promise<void> {
    await this.options.menus.forMerchant(userId).catch((err: unknown) => {
      this.options.logger.warn({ err }, 'telegram: updating a merchant’s command menu failed');
    });
  }

  private async callback(query: CallbackQuery): Promise<void> {
    const { api, access } = this.options;
    const userId = String(query.from.id);
    if (!(await access.isMerchant(userId))) {
      await api.answerCallbackQuery(query.id, wordsIn(localeOfUser(query.from, this.options.preferences.defaultLocale)).telegram.sellerOnly);
      return;
    }
    // Answer before any work: Telegram gives up on a callback after a few seconds and shows the button spinning.
    await api.answerCallbackQuery(query.id, null).catch((err: unknown) => {
      this.options.logger.warn({ err }, 'telegram: answering a button press failed');
    });
    const data = 'data' in query ? query.data : undefined;
    // A button under an inline-mode message has no chat we could answer in.
    const chat = query.message?.chat;
    if (data === undefined || chat === undefined) return;
    const chatId = String(chat.id);
    const pressed = query.message;
    await this.serial.run([chatId], async () => {
      const { runner } = this.options;
      const turn = this.turn(query.from, chat, `cb:${query.id}`);
      const parsed = runner.parse(data, turn);
      const replies = await runner.handle(data, turn, parsed);
      if (replies === null) return;
      const command = parsed.ok ? parsed.command : null;
      const [only] = replies;
      let answerId: number | null = null;
      if (replies.length === 1 && only!.qrUrl === undefined && pressed !== undefined && 'text' in pressed && answersInPlace(command)) {
        if (await this.options.poster.edit(chatId, pressed.message_id, only!)) answerId = pressed.message_id;
      }
      answerId ??= await this.post(chatId, replies);
      await this.options.prompts.answered(chatId, command, data, answerId);
    });
  }


  private turn(from: User, chat: Message['chat'], messageId: string): ChatTurn {
    const chatId = String(chat.id);
    const userId = String(from.id);
    return {
      channel: 'telegram',
      merchantId: `telegram:${userId}`,
      chatId,
      // The merchant's private chat with the bot (its id is the user id): payment news goes there, not into a group.
      notifyChatId: userId,
      customerChat: chat.type === 'private' ? null : { channel: 'telegram', chatId },
      messageId,
      botUsername: this.options.botUsername(),
      userName: [from.first_name, from.last_name].filter(Boolean).join(' '),
    };
  }

  /** Posts the messages in order; the id of the last one sent (the one with the buttons). */
  private async post(chatId: string, messages: OutgoingMessage[]): Promise<number | null> {
    let last: number | null = null;
    for (const message of messages) last = await this.options.poster.post(chatId, message);
    return last;
  }
}

/**
 * Buttons that answer the message they sit on: paging a list, and the
 * delete prompt's Yes and Cancel. Their answer replaces that message, so
 * the used buttons are gone; other buttons (QR, Detail) add a message.
 */
function answersInPlace(command: Command | null): boolean {
  if (command === null) return false;
  return command.kind === 'links' || command.kind === 'cancel' || (command.kind === 'delete' && command.confirmed);
}
