/**
 * The composition root: configuration → store → gateway → services → web →
 * bots → workers. The only module that knows every adapter. `npm start`
 * runs this file; tests start it as a child process exactly the same way.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter } from '../bots/chat-adapter.ts';
import { ConsoleChat } from '../bots/console/console-chat.ts';
import type { TelegramBot } from '../bots/telegram/telegram-bot.ts';
import { GuidedNewLink } from '../bots/commands/guided.ts';
import { CommandRunner, type LinkDelivery } from '../bots/commands/run-command.ts';
import { loadConfig, loadDotEnv, type Config, type Env } from './config.ts';
import { isLocale, LOCALES, type Locale } from './domain/locale.ts';
import { LinkService } from './links/link-service.ts';
import { configuredSecrets, createLogger, fileDestination, type Logger } from './logger.ts';
import { Preferences } from '../bots/commands/preferences.ts';
import { defaultBaseUrls } from './midtrans/config.ts';
import { MidtransGateway } from './midtrans/gateway.ts';
import { SIMULATOR_DEV_KEY, startSimulator, type Simulator } from './midtrans/simulator/simulator.ts';
import type { ChannelSender } from './notify/delivery.ts';
import { OutboxWorker } from './notify/outbox-worker.ts';
import { Wakeup } from './notify/wakeup.ts';
import { Checkout } from './payments/checkout.ts';
import { FraudReview } from './payments/fraud-review.ts';
import { Refunds } from './refunds/refunds.ts';
import { Team } from './team/team.ts';
import { InboxWorker } from './payments/inbox-worker.ts';
import { NotificationHandler } from './payments/notification-handler.ts';
import { Reconciler } from './payments/reconciler.ts';
import { PeriodicTask } from './payments/periodic.ts';
import { renderTakingsChart } from './reports/chart.ts';
import { DailySummary, DAILY_SUMMARY_INTERVAL_MS } from './reports/daily-summary.ts';
import { ReportCommands } from '../bots/commands/reports.ts';
import type { Store } from './store/ports.ts';
import { databasePath, openSqliteStore } from './store/sqlite/sqlite-store.ts';
import { createWebApp } from './web/app.ts';
import { renderPrintCard } from './web/cards/print-card.ts';
import { listen, type RunningServer } from './web/server.ts';
import { lanAddress, printBanner } from './banner.ts';
import { dataDirFailure, describeStartFailure, listenFailure } from './start-failure.ts';
import { wordsIn } from './text/catalog.ts';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  /** Ctrl-C typed at the console chat's prompt (the terminal is in raw mode then, so no SIGINT is sent). */
  onInterrupt?: () => void;
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

/**
 * When tagih's stop ends each chat: Telegram and the console stop taking
 * messages first; WhatsApp's socket also carries the outbox's last sends, so
 * it closes once the outbox worker has stopped.
 */
const CHAT_STOP_PHASE = { telegram: 'intake', console: 'intake', whatsapp: 'chats' } as const;

/** A stand-in key: the simulator checks signatures exactly like Midtrans, with this key. */
const SIMULATOR_CLIENT_KEY = 'SB-Mid-client-simulator';

function consoleWanted(config: Config, io: Io): boolean {
  if (config.console !== 'auto') return config.console === 'on';
  return Boolean(io.stdin.isTTY) || (config.telegram === null && !config.whatsapp.enabled);
}

// mongoose, Baileys, telegraf and nodemailer are loaded only when configured:
// together they are most of the memory and start-up time of a process that
// does not use them.
async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongodbUri) {
    const { openMongoStore } = await import('./store/mongo/mongo-store.ts');
    return openMongoStore({ uri: config.mongodbUri, logger });
  }
  try {
    return openSqliteStore({ path: databasePath(config.dataDir), cacheMib: config.sqliteCacheMib });
  } catch (err) {
    throw dataDirFailure(err, config.dataDir);
  }
}

/**
 * The simulator listens beside tagih, on this machine only unless
 * SIMULATOR_HOST opens it: anyone who reaches it can "pay". Its pages are
 * addressed by PUBLIC_URL's host, so with SIMULATOR_HOST=0.0.0.0 a phone on
 * the same network can open them too.
 */
async function startLocalMidtrans(config: Config, logger: Logger): Promise<Simulator> {
  const { simulatorPort: port, simulatorHost: host } = config.midtrans;
  const publicHost = new URL(config.http.publicUrl);
  try {
    return await startSimulator({
      serverKey: SIMULATOR_DEV_KEY,
      host,
      port,
      ...(port === 0 ? {} : { publicUrl: `${publicHost.protocol}//${publicHost.hostname}:${port}` }),
      logger: logger.child({ component: 'midtrans-simulator' }),
    });
  } catch (err) {
    throw listenFailure(err, { portVariable: 'SIMULATOR_PORT', hostVariable: 'SIMULATOR_HOST', host, port });
  }
}

function telegramLines(telegram: TelegramBot): Array<readonly [string, string]> {
  if (!telegram.username) return [['Telegram bot', 'not connected yet (see the log); retrying in the background']];
  const lines: Array<readonly [string, string]> = [['Telegram bot', `@${telegram.username}`]];
  if (telegram.setupCode) {
    lines.push(['Telegram owner', `send /start ${telegram.setupCode} to @${telegram.username} (or open ${telegram.setupLink})`]);
  }
  return lines;
}

function logFile(path: string, dataDir: string): ReturnType<typeof fileDestination> {
  try {
    return fileDestination(path);
  } catch (err) {
    throw dataDirFailure(err, dataDir);
  }
}

export async function startTagih(env: Env, io: Io): Promise<RunningTagih> {
  const config = loadConfig(env);
  const withConsole = consoleWanted(config, io);
  const logPath = join(config.dataDir, 'tagih.log');
  // The terminal belongs to the console chat when it is on; logs go to a file then.
  const destination = withConsole ? logFile(logPath, config.dataDir) : undefined;
  const logger = createLogger(config.logLevel, destination, configuredSecrets(config));
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
      simulated: simulator !== null,
    });
    const preferences = new Preferences(store.kv, config.locale);
    // Each chat's outbound side comes before the runner, whose /link, /send and
    // invites use it; each chat's intake comes after, since it needs the runner.
    const telegramLinks = config.telegram
      ? new (await import('../bots/telegram/deep-link.ts')).DeepLinks({ links, store, merchantName: config.merchantName })
      : null;
    const whatsappReach = config.whatsapp.enabled ? new (await import('../bots/whatsapp/reach.ts')).WhatsAppReach() : null;
    const delivery: LinkDelivery = {
      emailEnabled: config.email !== null,
      ...(telegramLinks ? { telegramDeepLink: (slug: string) => telegramLinks.urlOnceKnown(slug) } : {}),
      ...(whatsappReach ? { whatsappChatFor: (phone: string) => whatsappReach.chatFor(phone) } : {}),
    };
    // Rung by everything that queues a notice; the outbox worker, built once the chats exist, listens.
    const outboxWakeup = new Wakeup();
    const runner = new CommandRunner({
      links,
      outbox: store.outbox,
      kv: store.kv,
      review: new FraudReview({ links, gateway }),
      refunds: new Refunds({ links, orders: store.orders, kv: store.kv, gateway }),
      team: new Team({ store: store.team }),
      guided: new GuidedNewLink(store.kv),
      preferences,
      delivery,
      merchantName: config.merchantName,
      printableCard: renderPrintCard,
      reports: new ReportCommands({ orders: store.orders, kv: store.kv, chart: renderTakingsChart, exportDir: join(config.dataDir, 'exports') }),
      logger: logger.child({ component: 'commands' }),
      onQueued: () => outboxWakeup.ring(),
    });

    const email = config.email
      ? new (await import('./notify/email-sender.ts')).EmailSender({ smtpUrl: config.email.smtpUrl, from: config.email.from, logger: logger.child({ component: 'email' }) })
      : null;
    const telegram = config.telegram && telegramLinks
      ? (await import('../bots/telegram/telegram-bot.ts')).createTelegramBot({
          config: config.telegram,
          runner,
          deepLinks: telegramLinks,
          links,
          store,
          preferences,
          merchantName: config.merchantName,
          publicUrl: config.http.publicUrl,
          logger: logger.child({ component: 'telegram' }),
          drainMs: TELEGRAM_DRAIN_MS,
        })
      : null;
    const whatsapp = whatsappReach
      ? (await import('../bots/whatsapp/whatsapp-bot.ts')).createWhatsAppBot({
          config: config.whatsapp,
          dataDir: config.dataDir,
          runner,
          reach: whatsappReach,
          store,
          preferences,
          logger: logger.child({ component: 'whatsapp' }),
        })
      : null;
    const consoleChat = withConsole
      ? new ConsoleChat({
          runner,
          input: io.stdin,
          output: io.stdout,
          interactive: Boolean(io.stdin.isTTY),
          printsDir: config.dataDir,
          logger,
          localeOf: (merchantId) => preferences.locale(merchantId),
          ...(io.onInterrupt ? { onInterrupt: io.onInterrupt } : {}),
        })
      : null;
    // In the order they start; the console last, so its prompt comes after the banner.
    const chats: ChatAdapter[] = [whatsapp, telegram, consoleChat].filter((chat) => chat !== null);
    const senders: ChannelSender[] = [...(email ? [email] : []), ...chats.map((chat) => chat.sender)];

    const outboxWorker = new OutboxWorker({
      outbox: store.outbox,
      senders,
      logger: logger.child({ component: 'outbox' }),
      locale: config.locale,
      localeFor: (merchantId) => preferences.locale(merchantId),
      leaseMs: config.outboxLeaseMs,
      stopTimeoutMs: OUTBOX_STOP_MS,
      wakeup: outboxWakeup,
    });

    const notifications = new NotificationHandler({
      links,
      gateway,
      store,
      serverKey,
      verifyStatus: config.midtrans.verifyStatus,
      logger: logger.child({ component: 'webhook' }),
      onNotice: () => outboxWakeup.ring(),
    });
    const checkout = new Checkout({ links, gateway, store, publicUrl: config.http.publicUrl, logger: logger.child({ component: 'checkout' }) });
    const reconciler = new Reconciler({
      store,
      links,
      gateway,
      serverKey,
      logger: logger.child({ component: 'reconciler' }),
      intervalMs: config.payments.reconcileIntervalMs,
      staleAfterMs: config.payments.reconcileAfterMs,
      onNotice: () => outboxWakeup.ring(),
    });
    const app = createWebApp({
      links,
      checkout,
      notifications,
      store,
      logger: logger.child({ component: 'web' }),
      publicUrl: config.http.publicUrl,
      trustProxy: config.trustProxy,
      merchantName: config.merchantName,
      defaultLocale: config.locale,
      snapUrls: [simulator?.publicUrl ?? config.midtrans.snapBaseUrl ?? hosts.snapBaseUrl],
      confirmPayment: (order) => reconciler.check(order),
      simulated: simulator !== null,
      ...(telegram?.webhook ? { telegramWebhook: (req, res, next) => void telegram.webhook?.(req, res, next) } : {}),
    });
    const { port, host } = config.http;
    const server: RunningServer = await listen(app, port, host).catch((err: unknown) => {
      throw listenFailure(err, { portVariable: 'PORT', hostVariable: 'HOST', host, port });
    });
    phases.http.push(async () => {
      await server.close();
      await notifications.drain();
    });
    simulator?.setNotificationUrl(`${server.url}/webhooks/midtrans`);

    const inboxWorker = new InboxWorker({ store, handler: notifications, logger: logger.child({ component: 'inbox' }) });
    outboxWorker.start();
    phases.delivery.push(() => outboxWorker.stop());
    reconciler.start();
    phases.workers.push(() => reconciler.stop());
    inboxWorker.start();
    phases.workers.push(() => inboxWorker.stop());
    const dailySummary = new DailySummary({ kv: store.kv, orders: store.orders, outbox: store.outbox, logger: logger.child({ component: 'daily-summary' }), onQueued: () => outboxWakeup.ring() });
    const dailySummaries = new PeriodicTask('daily-summary', DAILY_SUMMARY_INTERVAL_MS, async (signal) => {
      await dailySummary.round(new Date(), signal);
    }, logger);
    dailySummaries.start();
    phases.workers.push(() => dailySummaries.stop());
    for (const chat of chats) phases[CHAT_STOP_PHASE[chat.channel]].push(() => chat.stop());
    for (const chat of chats) if (chat !== consoleChat) await chat.start();

    printBanner(io.stdout, {
      config,
      serverUrl: server.url,
      simulatorUrl: simulator?.publicUrl ?? null,
      store: store.kind === 'sqlite' ? databasePath(config.dataDir) : 'MongoDB',
      console: withConsole,
      logPath: withConsole ? logPath : null,
      chats: telegram ? telegramLines(telegram) : [],
      lanAddress: lanAddress(),
    });
    logger.info({ url: server.url, store: store.kind, midtrans: config.midtrans.mode }, 'tagih started');
    await consoleChat?.start();

    return { config, logger, url: server.url, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The language of a start failure, whose Config may not exist: LOCALE (Indonesian when unset), every one when LOCALE itself is wrong. */
function localesOf(env: Env): readonly Locale[] {
  const locale = env.LOCALE?.trim().toLowerCase() || 'id';
  return isLocale(locale) ? [locale] : LOCALES;
}

/** Calls `handler` on the next SIGTERM or SIGINT, whichever comes first, once. */
function onNextSignal(handler: (signal: NodeJS.Signals) => void): void {
  const listener = (signal: NodeJS.Signals) => {
    process.off('SIGTERM', listener);
    process.off('SIGINT', listener);
    handler(signal);
  };
  process.on('SIGTERM', listener);
  process.on('SIGINT', listener);
}

/**
 * Runs tagih until SIGTERM or SIGINT (or Ctrl-C at the console prompt), then
 * stops within 10 seconds; a second signal during the stop ends it at once.
 * A failure to start is one line saying what to change, never a stack.
 */
async function main(): Promise<void> {
  loadDotEnv();
  // Ctrl-C at the console prompt is the SIGINT a terminal in raw mode does not
  // send: raised as one, it takes the same path (nothing listens before tagih has started).
  const onInterrupt = () => void process.emit('SIGINT', 'SIGINT');
  const running = await startTagih(process.env, { stdin: process.stdin, stdout: process.stdout, onInterrupt }).catch((err: unknown) => {
    for (const locale of localesOf(process.env)) process.stderr.write(`${wordsIn(locale).startup.couldNotStart}: ${describeStartFailure(err, locale)}\n`);
    return process.exit(1);
  });
  const { logger, config } = running;
  onNextSignal((signal) => {
    onNextSignal((second) => {
      logger.warn({ signal: second }, 'stop forced by a second signal');
      logger.flush?.();
      process.exit(130);
    });
    logger.info({ signal }, 'stopping');
    if (signal === 'SIGINT') process.stdout.write(`\n${wordsIn(config.locale).startup.stopping}\n`);
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting anyway');
      logger.flush?.();
      process.exit(1);
    }, 10_000);
    force.unref();
    void running.stop().then(() => {
      logger.flush?.();
      process.exit(0);
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
