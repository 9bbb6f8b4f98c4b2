/**
 * The command menu Telegram shows beside the text field. Merchants get
 * theirs per chat (BotCommandScopeChat), in the language they chose, set
 * again after /lang; everyone else sees only /start and /help (the default
 * scope, in the first language, and in each other one for apps set to it). A
 * merchant's private chat with the bot has their user id as its id.
 */
import { LOCALES } from '../../src/domain/locale.ts';
import type { Preferences } from '../commands/preferences.ts';
import type { Access } from './access.ts';
import type { BotApi } from './bot-api.ts';
import { commandMenu, publicMenu } from './phrases.ts';

export class CommandMenus {
  private readonly api: BotApi;
  private readonly access: Access;
  private readonly preferences: Preferences;
  constructor(api: BotApi, access: Access, preferences: Preferences) {
    this.api = api;
    this.access = access;
    this.preferences = preferences;
  }

  /** The default menu, then every known merchant's; `stopping` ends it between calls, so a stop never waits for a long list. */
  async publishAll(stopping: () => boolean): Promise<void> {
    // The first language for everyone, each other one for users whose Telegram is in it
    // (setMyCommands language_code: "A two-letter ISO 639-1 language code", https://core.telegram.org/bots/api#setmycommands).
    for (const locale of LOCALES) await this.api.setMyCommands(publicMenu(locale), { chatId: null, languageCode: locale === LOCALES[0] ? null : locale });
    for (const userId of await this.access.merchants()) {
      if (stopping()) return;
      await this.forMerchant(userId);
    }
  }

  /** The merchant's own menu in their language (after /lang, or once they own the bot). */
  async forMerchant(userId: string): Promise<void> {
    const locale = await this.preferences.locale(`telegram:${userId}`);
    await this.api.setMyCommands(commandMenu(locale), { chatId: userId, languageCode: null });
  }
}
