/**
 * The reader's language on Telegram, and the command menus in it. What the
 * adapter says lives in the catalog's `telegram` section (src/text).
 */
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { BotCommand, User } from './bot-api.ts';

/**
 * A customer's language: the one their Telegram is in (its IETF tag, `en-US`,
 * starts with our ISO 639-1 code), else the installation's default.
 */
export function localeOfUser(user: Pick<User, 'language_code'> | undefined, fallback: Locale): Locale {
  const language = user?.language_code?.toLowerCase() ?? '';
  return LOCALES.find((locale) => language.startsWith(locale)) ?? fallback;
}

/** The merchant's menu, in this order. */
const MENU = ['newlink', 'links', 'link', 'qr', 'send', 'delete', 'rekap', 'export', 'ringkasan', 'refund', 'staff', 'notif', 'lang', 'cancel', 'help'] as const;

/** What a merchant's chat shows. */
export function commandMenu(locale: Locale): BotCommand[] {
  const menu = wordsIn(locale).telegram.menu;
  return MENU.map((command) => ({ command, description: menu[command] }));
}

/** What everyone else sees: nothing of the merchant's commands. */
export function publicMenu(locale: Locale): BotCommand[] {
  const menu = wordsIn(locale).telegram.publicMenu;
  return (['start', 'help'] as const).map((command) => ({ command, description: menu[command] }));
}
