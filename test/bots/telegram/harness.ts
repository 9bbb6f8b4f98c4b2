/**
 * A real tagih Telegram bot (real telegraf over HTTP) wired to an in-memory
 * store and the fake Bot API server, with helpers to feed it updates the way
 * Telegram shapes them.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import { CommandRunner, type CommandRunnerOptions, type LinkDelivery } from '../../../bots/commands/run-command.ts';
import type { ReportCommands } from '../../../bots/commands/reports.ts';
import { DeepLinks } from '../../../bots/telegram/deep-link.ts';
import { createTelegramBot, type TelegramBot, type TelegramBotOptions, type Update } from '../../../bots/telegram/telegram-bot.ts';
import type { TelegramConfig } from '../../../src/config.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import { Preferences } from '../../../bots/commands/preferences.ts';
import { OutboxWorker } from '../../../src/notify/outbox-worker.ts';
import type { OutboxStore, Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { renderPrintCard } from '../../../src/web/cards/print-card.ts';
import { FakeTelegram, HOUSEKEEPING, type RecordedCall } from '../../support/fake-telegram.ts';

export const PUBLIC_URL = 'https://pay.example.com';
export const MERCHANT_NAME = 'Toko Budi';

export interface TgUser {
  id: number;
  is_bot: false;
  first_name: string;
  language_code?: string;
}

export const MERCHANT: TgUser = { id: 100, is_bot: false, first_name: 'Budi', language_code: 'id' };
export const OTHER_MERCHANT: TgUser = { id: 101, is_bot: false, first_name: 'Ani', language_code: 'id' };
export const CUSTOMER: TgUser = { id: 200, is_bot: false, first_name: 'Siti', language_code: 'id' };
export const STRANGER: TgUser = { id: 300, is_bot: false, first_name: 'Joe', language_code: 'en' };

export interface TgChat {
  id: number;
  type: 'private' | 'group';
  title?: string;
}

export const privateChat = (user: TgUser): TgChat => ({ id: user.id, type: 'private' });
export const GROUP: TgChat = { id: -500, type: 'group', title: 'Budi & Siti' };

let nextUpdateId = 1;
let nextMessageId = 1;
let nextQueryId = 1;

export function textUpdate(text: string, from: TgUser = MERCHANT, chat: TgChat = privateChat(from)): Update {
  const command = /^\/\S+/.exec(text);
  const message = {
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat,
    from,
    text,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
  };
  return { update_id: nextUpdateId++, message } as unknown as Update;
}

export function callbackUpdate(data: string, from: TgUser = MERCHANT, chat: TgChat = privateChat(from)): Update {
  const callback_query = {
    id: `cbq-${nextQueryId++}`,
    from,
    chat_instance: 'ci-1',
    data,
    message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, text: 'earlier message' },
  };
  return { update_id: nextUpdateId++, callback_query } as unknown as Update;
}

/** The merchant presses the button labelled `label` under a message the bot sent (recorded by the fake). */
export function pressUpdate(sent: RecordedCall, label: string, from: TgUser = MERCHANT): Update {
  const button = buttonsOf(sent).find((b) => b.text === label);
  if (button?.callback_data === undefined) throw new Error(`no button "${label}" with callback data`);
  const message = sent.result as { message_id: number; chat: TgChat; text?: string; caption?: string };
  const callback_query = { id: `cbq-${nextQueryId++}`, from, chat_instance: 'ci-1', data: button.callback_data, message: { ...message, date: Math.floor(Date.now() / 1000) } };
  return { update_id: nextUpdateId++, callback_query } as unknown as Update;
}

export function inlineQueryUpdate(query: string, from: TgUser = MERCHANT): Update {
  return { update_id: nextUpdateId++, inline_query: { id: `iq-${nextQueryId++}`, from, query, offset: '' } } as unknown as Update;
}

/** Telegram reports `inline_message_id` only when the posted message has buttons. */
export function chosenUpdate(resultId: string, query: string, from: TgUser = MERCHANT, inlineMessageId?: string): Update {
  const choice = { result_id: resultId, from, query, ...(inlineMessageId === undefined ? {} : { inline_message_id: inlineMessageId }) };
  return { update_id: nextUpdateId++, chosen_inline_result: choice } as unknown as Update;
}

export interface HarnessOptions {
  merchantIds?: string[];
  mode?: 'polling' | 'webhook';
  webhookSecret?: string | null;
  delivery?: Partial<LinkDelivery>;
  /** Reuse a store (a "restart"), a link service (the web side's), or a fake server. */
  store?: Store;
  links?: LinkService;
  fake?: FakeTelegram;
  bot?: Partial<TelegramBotOptions>;
  /** Start as tagih does (start(): first try, then retries in the background) instead of one connect() that must succeed. */
  keepTrying?: boolean;
  /** More for the command runner (e.g. `refunds`). */
  runner?: Partial<CommandRunnerOptions>;
  /** `/rekap`, `/ringkasan`, `/export` (issue 18). */
  reports?: ReportCommands;
}

export interface Harness {
  fake: FakeTelegram;
  store: Store;
  links: LinkService;
  preferences: Preferences;
  runner: CommandRunner;
  bot: TelegramBot;
  logger: Logger;
  /** Every log line, as written. */
  logs: string[];
  /** Feeds an update through telegraf and waits until it is handled. */
  feed(update: Update): Promise<void>;
  /** Calls to chats (not start-up housekeeping) made while `work` ran. */
  callsDuring(work: () => Promise<void>): Promise<RecordedCall[]>;
  /** Stops the bot (and, unless kept, the fake server and store). */
  close(keep?: { store?: boolean; fake?: boolean }): Promise<void>;
}

export function recordingLogger(): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), logs };
}

export function telegramConfig(fake: FakeTelegram, options: HarnessOptions = {}): TelegramConfig {
  return {
    token: fake.token,
    apiRoot: fake.apiRoot,
    mode: options.mode ?? 'polling',
    webhookSecret: options.webhookSecret ?? (options.mode === 'webhook' ? 'hook-secret_123' : null),
    merchantIds: options.merchantIds ?? [String(MERCHANT.id), String(OTHER_MERCHANT.id)],
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = options.fake ?? (await FakeTelegram.start());
  const store = options.store ?? openSqliteStore({ path: ':memory:' });
  const { logger, logs } = recordingLogger();
  const links = options.links ?? new LinkService({ store, publicUrl: PUBLIC_URL, merchantName: MERCHANT_NAME, paymentWindowMs: 30 * 60_000 });
  const preferences = new Preferences(store.kv, 'id');
  // As main.ts wires it: the deep links exist first, the bot fills in its name.
  const deepLinks = new DeepLinks({ links, store, merchantName: MERCHANT_NAME });
  const runner = new CommandRunner({
    links,
    outbox: store.outbox,
    kv: store.kv,
    guided: new GuidedNewLink(store.kv),
    preferences,
    delivery: { emailEnabled: false, telegramDeepLink: (slug) => deepLinks.urlOnceKnown(slug), ...options.delivery },
    merchantName: MERCHANT_NAME,
    printableCard: renderPrintCard,
    ...(options.reports ? { reports: options.reports } : {}),
    logger,
    ...options.runner,
  });
  const bot = createTelegramBot({
    config: telegramConfig(fake, options),
    runner,
    deepLinks,
    links,
    store,
    preferences,
    merchantName: MERCHANT_NAME,
    publicUrl: PUBLIC_URL,
    logger,
    timeouts: { requestMs: 2_000, uploadMs: 2_000 },
    ...options.bot,
  });
  await (options.keepTrying ? bot.start() : bot.connect());
  let closed = false;
  return {
    fake,
    store,
    links,
    preferences,
    runner,
    bot,
    logger,
    logs,
    feed: (update) => bot.handleUpdate(update),
    async callsDuring(work) {
      const before = fake.calls.length;
      await work();
      return fake.calls.slice(before).filter((call) => !HOUSEKEEPING.has(call.method));
    },
    async close(keep = {}) {
      if (closed) return;
      closed = true;
      await bot.stop();
      if (!keep.fake) await fake.close();
      if (!keep.store) await store.close();
    },
  };
}

/** The inline keyboard of a recorded send, as rows of buttons. */
export function keyboardOf(call: RecordedCall): Array<Array<Record<string, string>>> {
  const markup = call.body.reply_markup as { inline_keyboard?: Array<Array<Record<string, string>>> } | undefined;
  return markup?.inline_keyboard ?? [];
}

export function buttonsOf(call: RecordedCall): Array<Record<string, string>> {
  return keyboardOf(call).flat();
}

/** Text of a sendMessage or caption of a sendPhoto. */
export function textOf(call: RecordedCall): string {
  return String(call.body.text ?? call.body.caption ?? '');
}

/** The outbox worker tagih runs, started, delivering through this bot's sender and polling fast enough for a test. */
export function startOutboxWorker(tg: Harness, outbox: OutboxStore): OutboxWorker {
  const worker = new OutboxWorker({
    outbox,
    senders: [tg.bot.sender],
    logger: tg.logger,
    pollIntervalMs: 20,
    localeFor: (merchantId) => tg.preferences.locale(merchantId),
  });
  worker.start();
  return worker;
}
