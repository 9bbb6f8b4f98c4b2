/**
 * The Telegram bot, assembled: what main.ts creates, starts and stops. It
 * connects (getMe), prepares the owner's setup code when no merchant ids are
 * configured, publishes the command menu in both languages, then receives
 * updates by long polling or through the webhook handler main mounts at
 * POST /webhooks/telegram. Its `sender` is the outbox worker's channel for
 * payment news. Nothing outside bots/telegram sees telegraf.
 */
import type { Logger } from 'pino';
import type { CommandRunner } from '../commands/run-command.ts';
import type { TelegramConfig } from '../../src/config.ts';
import type { LinkService } from '../../src/links/link-service.ts';
import type { Preferences } from '../commands/preferences.ts';
import type { ChannelSender } from '../../src/notify/delivery.ts';
import type { ChatAdapter } from '../chat-adapter.ts';
import type { Store } from '../../src/store/ports.ts';
import { Access } from './access.ts';
import { settlesWithin, sleep, withRetries, type RetryPolicy } from '../../src/retry.ts';
import type { Update, UserFromGetMe } from './bot-api.ts';
import { CustomerChats } from './customers.ts';
import type { DeepLinks } from './deep-link.ts';
import { InlineCards } from './inline-cards.ts';
import { InlineShare } from './inline.ts';
import { CommandMenus } from './menus.ts';
import { ChatPoster } from './post.ts';
import { DeletePrompts } from './prompts.ts';
import { QrPhotos } from './qr.ts';
import { TelegramSender } from './sender.ts';
import { classifyFailure, describeFailure, TelegrafTransport, type WebhookHandler } from './telegraf-client.ts';
import { UpdateRouter } from './updates.ts';
import { checkWebhookUrl, isOfficialApi } from './webhook-url.ts';

export type { WebhookHandler } from './telegraf-client.ts';
export type { Update } from './bot-api.ts';

export const WEBHOOK_PATH = '/webhooks/telegram';

export interface TelegramBotOptions {
  config: TelegramConfig;
  runner: CommandRunner;
  /**
   * Built before the runner (whose /link and invites ask it for deep links),
   * filled with the bot's username by connect() once getMe answers.
   */
  deepLinks: DeepLinks;
  links: LinkService;
  store: Pick<Store, 'kv' | 'team'>;
  preferences: Preferences;
  merchantName: string;
  /** PUBLIC_URL: the webhook is `${publicUrl}/webhooks/telegram`. */
  publicUrl: string;
  logger: Logger;
  /** Deadline of each Bot API call (default 10 s) and of a photo upload (default 30 s). */
  timeouts?: { requestMs?: number; uploadMs?: number };
  /** Retries of the command menu and setWebhook. */
  setupRetry?: RetryPolicy;
  /** Restarts of long polling after Telegram refused it (409 conflict, network trouble at start). */
  pollingRetry?: RetryPolicy;
  /** Tries of the first connection (getMe) while Telegram or the network is down. */
  startRetry?: RetryPolicy;
  /** How long stop() waits for updates being handled (default 3 s: a stop has 10 s in all). */
  drainMs?: number;
  clock?: () => Date;
  /** How a reply waits out a 429's retry_after (default: a timer that stop() cuts short). */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_SETUP_RETRY: RetryPolicy = { attempts: 8, baseMs: 2_000, maxMs: 5 * 60_000 };
const DEFAULT_POLLING_RETRY: RetryPolicy = { attempts: 12, baseMs: 5_000, maxMs: 5 * 60_000 };
/** Bounded by stop(), not by a count: payments flow meanwhile, and a bot that gave up would need a restart. */
const DEFAULT_START_RETRY: RetryPolicy = { attempts: Infinity, baseMs: 5_000, maxMs: 5 * 60_000 };
/** A reply hit by a flood limit is tried three times in all, waiting at most 30 s each time. */
const REPLY_FLOOD_WAIT = { attempts: 3, maxWaitMs: 30_000 };

export class TelegramBot implements ChatAdapter {
  readonly channel = 'telegram';
  /** The outbox worker's sender for channel `telegram`. */
  readonly sender: ChannelSender;
  /** Express handler for POST /webhooks/telegram in webhook mode; null in polling mode. */
  readonly webhook: WebhookHandler | null;
  private readonly transport: TelegrafTransport;
  private readonly access: Access;
  private readonly deepLinks: DeepLinks;
  private readonly router: UpdateRouter;
  private readonly menus: CommandMenus;
  /** Aborted by stop(): ends every background wait and retry, so no timer outlives the bot. */
  private readonly stopping = new AbortController();
  private readonly logger: Logger;
  private readonly running = new Set<Promise<unknown>>();
  private me: UserFromGetMe | null = null;
  private pendingCode: string | null = null;
  private accepting = false;
  private stopped = false;

  private readonly options: TelegramBotOptions;
  constructor(options: TelegramBotOptions) {
    this.options = options;
    const { config, links, store, preferences, merchantName } = options;
    this.logger = options.logger;
    this.transport = new TelegrafTransport({
      token: config.token,
      apiRoot: config.apiRoot,
      requestTimeoutMs: options.timeouts?.requestMs ?? 10_000,
      uploadTimeoutMs: options.timeouts?.uploadMs ?? 30_000,
    });
    const api = this.transport.api;
    const photos = new QrPhotos();
    const poster = new ChatPoster(api, photos, { ...REPLY_FLOOD_WAIT, sleep: options.sleep ?? ((ms) => sleep(ms, this.stopping.signal)) });
    this.access = new Access(store.kv, config.merchantIds, store.team);
    this.deepLinks = options.deepLinks;
    this.menus = new CommandMenus(api, this.access, preferences);
    const customers = new CustomerChats(store.kv, this.deepLinks);
    const cards = new InlineCards(store.kv, api);
    const inline = new InlineShare({
      api,
      poster,
      links,
      kv: store.kv,
      cards,
      preferences,
      merchantName,
      deepLink: (slug) => this.deepLinks.url(slug),
      logger: this.logger,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.router = new UpdateRouter({
      api,
      poster,
      access: this.access,
      runner: options.runner,
      inline,
      customers,
      menus: this.menus,
      prompts: new DeletePrompts(store.kv, poster),
      preferences,
      logger: this.logger,
      botUsername: () => this.username ?? '',
      describe: (err) => this.describe(err),
    });
    this.transport.onUpdate(
      (update) => this.router.handle(update),
      (err, update) => this.logger.error({ updateId: update.update_id, err }, 'telegram: handling an update failed'),
    );
    // The outbox reschedules an entry that hit a 429 itself, durably, so its poster does not wait.
    this.sender = new TelegramSender(new ChatPoster(api, photos), store.kv, { customers, cards, merchantName }, () => this.me !== null && !this.stopped);
    if (config.mode === 'webhook' && !config.webhookSecret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required in webhook mode');
    if (config.mode === 'webhook' && isOfficialApi(config.apiRoot)) {
      checkWebhookUrl(options.publicUrl);
    }
    this.webhook = config.mode === 'webhook' ? this.webhookHandler(config.webhookSecret ?? '') : null;
  }

  /** The bot's @username, once started. */
  get username(): string | null {
    return this.me?.username ?? null;
  }

  /** The one-time code that makes its sender the owner; null when merchants are configured or the owner exists. Print it at start. */
  get setupCode(): string | null {
    return this.pendingCode;
  }

  /** Opening this link sends `/start <code>`: the easiest way to claim the bot. */
  get setupLink(): string | null {
    return this.pendingCode === null ? null : this.deepLink(this.pendingCode);
  }

  /** `https://t.me/<bot>?start=<slug>`; only after start(). */
  deepLink(slug: string): string {
    return this.deepLinks.url(slug);
  }

  /**
   * Connects, and keeps trying in the background with a capped backoff until
   * it does or stop() is called: getMe fails while the network or Telegram is
   * down, and payments must keep flowing meanwhile. Resolves once the first
   * try is over.
   */
  start(): Promise<void> {
    const { signal } = this.stopping;
    return new Promise((firstTried) => {
      void withRetries(() => this.connect().finally(firstTried), this.options.startRetry ?? DEFAULT_START_RETRY, {
        signal,
        onFailure: (err, _attempt, _final, retryInMs) => {
          if (!signal.aborted) this.logger.error({ err, retryInMs }, 'telegram bot could not start (check TELEGRAM_BOT_TOKEN and the network); retrying');
        },
      });
    });
  }

  /**
   * One try at connecting and receiving. Rejects (BotApiError) when getMe
   * fails: a wrong token or an unreachable API server. Everything after that
   * is retried in the background and never fatal.
   */
  async connect(): Promise<void> {
    if (this.me !== null || this.stopped) return;
    const me = await this.transport.api.getMe();
    this.transport.botInfo = me;
    this.deepLinks.setBotUsername(me.username);
    this.pendingCode = await this.access.pendingSetupCode();
    this.me = me;
    this.background(this.publishMenu());
    if (this.options.config.mode === 'polling') {
      this.background(this.poll());
    } else {
      this.accepting = true;
      this.background(this.setWebhook());
    }
    this.logger.info({ bot: me.username, mode: this.options.config.mode, awaitingOwner: this.pendingCode !== null }, 'telegram bot started');
  }

  /** Stops polling (or refuses webhook calls with 503 so Telegram redelivers them), then waits a bounded time for work in progress. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.accepting = false;
    this.stopping.abort();
    this.transport.stopPolling();
    const drained = await settlesWithin(Promise.allSettled([...this.running]), this.options.drainMs ?? 3_000);
    if (!drained) this.logger.warn('telegram: stopped before every update in progress finished');
  }

  /** Handles one update as if Telegram had delivered it (tests, other transports). */
  handleUpdate(update: Update): Promise<void> {
    return this.transport.handleUpdate(update);
  }

  private describe(err: unknown): string {
    return describeFailure(err, this.options.config.token);
  }

  private background(work: Promise<unknown>): void {
    const tracked = work.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async publishMenu(): Promise<void> {
    await withRetries(() => this.menus.publishAll(() => this.stopped), this.options.setupRetry ?? DEFAULT_SETUP_RETRY, {
      signal: this.stopping.signal,
      onFailure: (err, attempt, final) =>
        this.logger.warn({ attempt, final, err }, final ? 'telegram: command menu not set; giving up' : 'telegram: setting the command menu failed; will retry'),
    });
  }

  private async setWebhook(): Promise<void> {
    const url = `${this.options.publicUrl}${WEBHOOK_PATH}`;
    const ok = await withRetries(() => this.transport.api.setWebhook(url, this.options.config.webhookSecret ?? ''), this.options.setupRetry ?? DEFAULT_SETUP_RETRY, {
      signal: this.stopping.signal,
      onFailure: (err, attempt, final) =>
        this.logger.error({ attempt, final, url, err }, final ? 'telegram: setWebhook failed for good; no updates will arrive' : 'telegram: setWebhook failed; will retry'),
    });
    if (ok) this.logger.info({ url }, 'telegram webhook set');
  }

  /** Polling never ends on its own, so it runs in the background, restarted (boundedly) when Telegram refuses it. */
  private async poll(): Promise<void> {
    this.transport.onPollingTrouble = (err, waitMs) =>
      this.logger.warn({ waitMs, err }, 'telegram: getUpdates failed; polling again after a pause');
    await withRetries(() => this.transport.poll(), this.options.pollingRetry ?? DEFAULT_POLLING_RETRY, {
      signal: this.stopping.signal,
      onFailure: (err, attempt, final) => {
        const failure = classifyFailure(err);
        if (failure.kind === 'conflict') {
          this.logger.error(
            { attempt, final, err },
            'TELEGRAM POLLING CONFLICT (409): another process is polling with this bot token, or a webhook is set. Run exactly one poller per token (use TELEGRAM_MODE=webhook to run several instances).',
          );
        } else if (failure.kind === 'unauthorized') {
          this.logger.error({ err }, 'telegram: the bot token was rejected (401); polling stopped. Check TELEGRAM_BOT_TOKEN.');
        } else {
          this.logger.error({ attempt, final, err }, final ? 'telegram: polling failed for good' : 'telegram: polling failed; will restart');
        }
      },
      retryable: (err) => classifyFailure(err).kind !== 'unauthorized',
    });
  }

  private webhookHandler(secretToken: string): WebhookHandler {
    const handle = this.transport.webhook(WEBHOOK_PATH, secretToken);
    return async (req, res, next) => {
      if (!this.accepting) {
        // Not started or stopping: Telegram keeps the update and tries again.
        res.statusCode = 503;
        res.end();
        return;
      }
      const work = handle(req, res, next);
      this.background(work);
      await work;
    };
  }
}

export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  return new TelegramBot(options);
}

