/**
 * The composition root: configuration → store → gateway → services → web →
 * bots → workers. The only module that knows every adapter. `npm start`
 * runs this file; tests start it as a child process exactly the same way.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { ConsoleChat } from '../bots/console/console-chat.ts';
import { createTelegramBot, type TelegramBot } from '../bots/telegram/telegram-bot.ts';
import { GuidedNewLink } from '../bots/commands/guided.ts';
import { CommandRunner, type LinkDelivery } from '../bots/commands/run-command.ts';
import { loadConfig, loadDotEnv, type Config, type Env } from './config.ts';
import { isAppError } from './domain/errors.ts';
import { LinkService } from './links/link-service.ts';
import { createLogger, fileDestination, type Logger } from './logger.ts';
import { Preferences } from './merchants/preferences.ts';
import { defaultBaseUrls } from './midtrans/config.ts';
import { MidtransGateway } from './midtrans/gateway.ts';
import { SIMULATOR_DEV_KEY, startSimulator, type Simulator } from './midtrans/simulator/simulator.ts';
import type { ChannelSender } from './notify/delivery.ts';
import { EmailSender } from './notify/email-sender.ts';
import { OutboxWorker } from './notify/outbox-worker.ts';
import { Checkout } from './payments/checkout.ts';
import { InboxWorker } from './payments/inbox-worker.ts';
import { NotificationHandler } from './payments/notification-handler.ts';
import { Reconciler } from './payments/reconciler.ts';
import type { Store } from './store/ports.ts';
import { databasePath, openSqliteStore } from './store/sqlite/sqlite-store.ts';
import { createWebApp } from './web/app.ts';
import { listen, type RunningServer } from './web/server.ts';
import { printBanner } from './banner.ts';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
}

export interface RunningTagih {
  config: Config;
  logger: Logger;
  /** The HTTP server's own address (useful when PORT=0). */
  url: string;
  /** Stops accepting work, finishes what is in flight, closes everything. */
  stop(): Promise<void>;
}

/**
 * A stop has 10 s in all (main() exits 1 after that), and its phases run one
 * after another, so no single wait may take most of it: a Telegram that
 * stops answering would otherwise hold the intake phase for its own 10 s
 * drain, and the phases after it (the outbox handing back what it claimed,
 * the store closing) would never run.
 */
const TELEGRAM_DRAIN_MS = 3_000;
const OUTBOX_STOP_MS = 4_000;

/** A stand-in key: the simulator checks signatures exactly like Midtrans, with this key. */
const SIMULATOR_CLIENT_KEY = 'SB-Mid-client-simulator';

function consoleWanted(config: Config, io: Io): boolean {
  if (config.console !== 'auto') return config.console === 'on';
  return Boolean(io.stdin.isTTY) || (config.telegram === null && !config.whatsapp.enabled);
}

// mongoose and Baileys are loaded only when configured: together they are
// about 90 MiB of memory and most of the start-up time of a process that does
// not use them.
async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongodbUri) {
    const { openMongoStore } = await import('./store/mongo/mongo-store.ts');
    return openMongoStore({ uri: config.mongodbUri, logger });
  }
  return openSqliteStore({ path: databasePath(config.dataDir) });
}

/**
 * The simulator listens beside tagih. Its pages are addressed by PUBLIC_URL's
 * host, so a phone on the same network can open them too.
 */
async function startLocalMidtrans(config: Config, logger: Logger): Promise<Simulator> {
  const { simulatorPort } = config.midtrans;
  const publicHost = new URL(config.http.publicUrl);
  return startSimulator({
    serverKey: SIMULATOR_DEV_KEY,
    host: config.http.host,
    port: simulatorPort,
    ...(simulatorPort === 0 ? {} : { publicUrl: `${publicHost.protocol}//${publicHost.hostname}:${simulatorPort}` }),
    logger: logger.child({ component: 'midtrans-simulator' }),
  });
}

/**
 * Telegram's first call (getMe) can fail while the network or Telegram is
 * down; payments must keep flowing meanwhile, so the bot keeps trying in the
 * background with a capped backoff until it starts or tagih stops.
 */
async function startTelegram(telegram: TelegramBot, logger: Logger, signal: AbortSignal): Promise<void> {
  const attempt = async (delayMs: number): Promise<void> => {
    try {
      await telegram.start();
    } catch (err) {
      if (signal.aborted) return;
      logger.error({ err, retryInMs: delayMs }, 'telegram bot could not start (check TELEGRAM_BOT_TOKEN and the network); retrying');
      const timer = setTimeout(() => void attempt(Math.min(delayMs * 2, 5 * 60_000)), delayMs);
      timer.unref();
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    }
  };
  await attempt(5_000);
}

function telegramLines(telegram: TelegramBot): Array<readonly [string, string]> {
  if (!telegram.username) return [['Telegram bot', 'not connected yet (see the log); retrying in the background']];
  const lines: Array<readonly [string, string]> = [['Telegram bot', `@${telegram.username}`]];
  if (telegram.setupCode) {
    lines.push(['Telegram owner', `send /start ${telegram.setupCode} to @${telegram.username} (or open ${telegram.setupLink})`]);
  }
  return lines;
}

export async function startTagih(env: Env, io: Io): Promise<RunningTagih> {
  const config = loadConfig(env);
  const withConsole = consoleWanted(config, io);
  const logPath = join(config.dataDir, 'tagih.log');
  // The terminal belongs to the console chat when it is on; logs go to a file then.
  const logger = createLogger(config.logLevel, withConsole ? fileDestination(logPath) : undefined);
  // Shutdown runs in phases: stop taking work, finish what is in flight, then close the backends.
  const phases: Record<'intake' | 'http' | 'workers' | 'delivery' | 'chats' | 'backends', Array<() => Promise<void>>> = {
    intake: [],
    http: [],
    workers: [],
    delivery: [],
    chats: [],
    backends: [],
  };
  const stopAll = async () => {
    for (const steps of Object.values(phases)) {
      await Promise.all(steps.splice(0).map((step) => step().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'))));
    }
  };

  try {
    const store = await openStore(config, logger);
    phases.backends.push(() => store.close());

    const simulator = config.midtrans.mode === 'simulator' ? await startLocalMidtrans(config, logger) : null;
    if (simulator) phases.backends.push(() => simulator.close());
    const serverKey = simulator ? SIMULATOR_DEV_KEY : config.midtrans.serverKey!;
    const hosts = defaultBaseUrls(config.midtrans.environment);
    const gateway = new MidtransGateway(
      {
        serverKey,
        clientKey: simulator ? SIMULATOR_CLIENT_KEY : (config.midtrans.clientKey ?? ''),
        environment: simulator ? 'sandbox' : config.midtrans.environment,
        apiBaseUrl: simulator?.apiBaseUrl ?? config.midtrans.apiBaseUrl ?? hosts.apiBaseUrl,
        snapBaseUrl: simulator?.snapBaseUrl ?? config.midtrans.snapBaseUrl ?? hosts.snapBaseUrl,
        timeoutMs: config.midtrans.timeoutMs,
      },
      logger.child({ component: 'midtrans' }),
    );
    phases.backends.push(async () => gateway.close());

    const links = new LinkService({
      store,
      publicUrl: config.http.publicUrl,
      merchantName: config.merchantName,
      paymentWindowMs: config.payments.windowMinutes * 60_000,
    });
    const preferences = new Preferences(store.kv, config.locale);
    // Filled in as the chat adapters come up: the runner asks it at the moment of each /send.
    const delivery: LinkDelivery = { emailEnabled: config.email !== null };
    let kick = () => {};
    const runner = new CommandRunner({
      links,
      outbox: store.outbox,
      guided: new GuidedNewLink(store.kv),
      preferences,
      delivery,
      merchantName: config.merchantName,
      logger: logger.child({ component: 'commands' }),
      onQueued: () => kick(),
    });

    const senders: ChannelSender[] = [];
    if (config.email) senders.push(new EmailSender({ smtpUrl: config.email.smtpUrl, from: config.email.from, logger: logger.child({ component: 'email' }) }));
    const telegram = config.telegram
      ? createTelegramBot({
          config: config.telegram,
          runner,
          links,
          store,
          preferences,
          merchantName: config.merchantName,
          publicUrl: config.http.publicUrl,
          logger: logger.child({ component: 'telegram' }),
          drainMs: TELEGRAM_DRAIN_MS,
        })
      : null;
    if (telegram) {
      senders.push(telegram.sender);
      delivery.telegramDeepLink = (slug) => (telegram.username ? telegram.deepLink(slug) : null);
    }
    const whatsapp = config.whatsapp.enabled
      ? (await import('../bots/whatsapp/whatsapp-bot.ts')).createWhatsAppBot({
          config: config.whatsapp,
          dataDir: config.dataDir,
          runner,
          store,
          preferences,
          logger: logger.child({ component: 'whatsapp' }),
        })
      : null;
    if (whatsapp) {
      senders.push(whatsapp.sender);
      delivery.whatsappChatFor = (phone) => whatsapp.chatFor(phone);
    }
    const consoleChat = withConsole
      ? new ConsoleChat({ runner, input: io.stdin, output: io.stdout, interactive: Boolean(io.stdin.isTTY), logger })
      : null;
    if (consoleChat) senders.push(consoleChat.sender);

    const outboxWorker = new OutboxWorker({
      outbox: store.outbox,
      senders,
      logger: logger.child({ component: 'outbox' }),
      locale: config.locale,
      localeFor: (merchantId) => preferences.locale(merchantId),
      leaseMs: config.outboxLeaseMs,
      stopTimeoutMs: OUTBOX_STOP_MS,
    });
    kick = () => outboxWorker.kick();

    const notifications = new NotificationHandler({
      links,
      gateway,
      store,
      serverKey,
      verifyStatus: config.midtrans.verifyStatus,
      logger: logger.child({ component: 'webhook' }),
      onNotice: kick,
    });
    const checkout = new Checkout({ links, gateway, store, publicUrl: config.http.publicUrl, logger: logger.child({ component: 'checkout' }) });
    const app = createWebApp({
      links,
      checkout,
      notifications,
      store,
      logger: logger.child({ component: 'web' }),
      publicUrl: config.http.publicUrl,
      merchantName: config.merchantName,
      defaultLocale: config.locale,
      snapUrls: [simulator?.publicUrl ?? config.midtrans.snapBaseUrl ?? hosts.snapBaseUrl],
      ...(telegram?.webhook ? { telegramWebhook: (req, res, next) => void telegram.webhook?.(req, res, next) } : {}),
    });
    const server: RunningServer = await listen(app, config.http.port, config.http.host);
    phases.http.push(async () => {
      await server.close();
      await notifications.drain();
    });
    simulator?.setNotificationUrl(`${server.url}/webhooks/midtrans`);

    const reconciler = new Reconciler({
      store,
      links,
      gateway,
      serverKey,
      logger: logger.child({ component: 'reconciler' }),
      intervalMs: config.payments.reconcileIntervalMs,
      staleAfterMs: config.payments.reconcileAfterMs,
      onNotice: kick,
    });
    const inboxWorker = new InboxWorker({ store, handler: notifications, logger: logger.child({ component: 'inbox' }) });
    outboxWorker.start();
    phases.delivery.push(() => outboxWorker.stop());
    reconciler.start();
    phases.workers.push(() => reconciler.stop());
    inboxWorker.start();
    phases.workers.push(() => inboxWorker.stop());
    if (whatsapp) {
      whatsapp.start();
      phases.chats.push(() => whatsapp.stop());
    }
    if (telegram) {
      const starting = new AbortController();
      phases.intake.push(async () => {
        starting.abort();
        await telegram.stop();
      });
      await startTelegram(telegram, logger, starting.signal);
    }

    printBanner(io.stdout, {
      config,
      serverUrl: server.url,
      simulatorUrl: simulator?.publicUrl ?? null,
      store: store.kind === 'sqlite' ? databasePath(config.dataDir) : 'MongoDB',
      console: withConsole,
      logPath: withConsole ? logPath : null,
      chats: telegram ? telegramLines(telegram) : [],
    });
    logger.info({ url: server.url, store: store.kind, midtrans: config.midtrans.mode }, 'tagih started');
    // Last, so its prompt comes after the banner.
    if (consoleChat) {
      consoleChat.start();
      phases.intake.push(() => consoleChat.stop());
    }

    return { config, logger, url: server.url, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Runs tagih until SIGTERM or SIGINT, then stops within 10 seconds. */
async function main(): Promise<void> {
  loadDotEnv();
  let running: RunningTagih;
  try {
    running = await startTagih(process.env, { stdin: process.stdin, stdout: process.stdout });
  } catch (err) {
    const message = isAppError(err) ? `${err.say('id')}\n${err.say('en')}` : String(err);
    process.stderr.write(`tagih could not start: ${message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, 'stopping');
    const force = setTimeout(() => {
      running.logger.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    void running.stop().then(() => {
      running.logger.flush?.();
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
