/**
 * The WhatsApp adapter, assembled: a lease so one process owns the account,
 * the connection with its reconnect rules, inbound messages turned into
 * commands for the shared runner, replies and notices paced out through one
 * gate. When WHATSAPP_ENABLED is true main.ts first builds the reach
 * (reach.ts: /send's number lookup, which the runner needs), then the runner,
 * then this bot with both, and hands `sender` to the outbox worker.
 */
import { newWorkerId } from '../../src/worker-id.ts';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { ParseResult } from '../commands/parse.ts';
import type { ChatTurn, CommandRunner } from '../commands/run-command.ts';
import type { Config } from '../../src/config.ts';
import type { Preferences } from '../commands/preferences.ts';
import type { ChatAdapter } from '../chat-adapter.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import type { Store } from '../../src/store/ports.ts';
import { arrivalOf, lateCommandNotice } from './arrival.ts';
import type { AuthCodec } from './auth-state.ts';
import { baileysAuthCodec, baileysMessageCodec, createBaileysSocket } from './baileys-socket.ts';
import { BoundedMap } from '../../src/bounded-map.ts';
import { Connection, type ConnectionStatus } from './connection.ts';
import { toWhatsApp } from './format.ts';
import { classifyInbound, type Inbound } from './inbound.ts';
import { phoneJid, sameUser } from './jids.ts';
import { AccountLease } from './lease.ts';
import { LoginPresenter } from './login.ts';
import { Outbound } from './outbound.ts';
import { ChannelPacer, PacingDeferral } from '../../src/notify/pacing.ts';
import { QUERY_TIMEOUT_MS, type WhatsAppReach } from './reach.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './reconnect.ts';
import { rejectionCode, rejectionMeaning, rejectionNotice } from './rejections.ts';
import { systemScheduler, Timers, type Scheduler } from './scheduler.ts';
import { createWhatsAppSender, WHATSAPP_PACING } from './sender.ts';
import { SENT_LIMITS, SentMessages, type MessageCodec } from './sent-messages.ts';
import { WA_MESSAGE_STATUS, type CreateSocket, type WaEventMap, type WaOutgoing, type WaSocket } from './socket.ts';

export interface WhatsAppTiming {
  leaseTtlMs: number;
  leaseRenewMs: number;
  /**
   * A send gives up after this (images upload first). With the worker's
   * pacing wait before it, it must stay well inside the worker's 60 s claim.
   */
  sendTimeoutMs: number;
  /** Every other call to WhatsApp (LID lookup, pairing code) gives up after this; the number lookup's is the reach's. */
  queryTimeoutMs: number;
  /** A reply waits at most this long for its turn on the account's pacer (e.g. after WhatsApp asked us to slow down). */
  replyMaxWaitMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_TIMING: WhatsAppTiming = {
  leaseTtlMs: 30_000,
  leaseRenewMs: 5_000,
  sendTimeoutMs: 30_000,
  queryTimeoutMs: QUERY_TIMEOUT_MS,
  replyMaxWaitMs: 90_000,
  backoff: DEFAULT_BACKOFF,
};

export interface WhatsAppBotOptions {
  config: Config['whatsapp'];
  /** DATA_DIR: the login QR image is written here. */
  dataDir: string;
  runner: Pick<CommandRunner, 'parse' | 'handle' | 'join'>;
  /** Built before the runner; the connection keeps it told which socket is open. */
  reach: WhatsAppReach;
  store: Pick<Store, 'kv' | 'leases' | 'team'>;
  /** For the language of the "type /qr 3" hints. */
  preferences: Pick<Preferences, 'locale'>;
  logger: Logger;
  /** Tests inject a fake; Baileys otherwise. */
  createSocket?: CreateSocket;
  codec?: AuthCodec;
  messageCodec?: MessageCodec;
  scheduler?: Scheduler;
  random?: () => number;
  /** Where the QR and pairing code are drawn; stdout by default. */
  terminal?: Writable;
  /** The session's name in the store; one WhatsApp account per installation today. */
  account?: string;
  /** This process's name in the lease. */
  owner?: string;
  timing?: Partial<WhatsAppTiming>;
}

export interface WhatsAppStatus extends ConnectionStatus {
  /** Whether this process holds the account; false while another one does. */
  leaseHeld: boolean;
  /** Messages WhatsApp accepted and then refused to deliver (463, 479, ...), since start. */
  rejections: { count: number; lastCode: string | null };
}

/** Its stop() closes the socket (never logs out), releases the account and clears every timer; its sender is channel `whatsapp`. */
export interface WhatsAppBot extends ChatAdapter {
  status(): WhatsAppStatus;
}

const SEEN_MESSAGES = 2_000;
const LIBRARY_LEVEL = 'warn';

export function createWhatsAppBot(options: WhatsAppBotOptions): WhatsAppBot {
  const scheduler = options.scheduler ?? systemScheduler;
  const random = options.random ?? Math.random;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const account = options.account ?? 'default';
  if (!/^[a-z0-9_-]{1,40}$/.test(account)) throw new Error(`WhatsApp account name must be 1-40 of a-z 0-9 _ -: ${account}`);
  const logger = options.logger.child({ module: 'whatsapp' });
  const allowedPhones = new Set(options.config.merchantNumbers);
  const seen = new BoundedMap<string, true>(SEEN_MESSAGES);
  // Pacing waits and call timeouts; stop() cancels them all.
  const timers = new Timers(scheduler);
  let stopped = false;
  let inbound: Promise<void> = Promise.resolve();
  const rejections: WhatsAppStatus['rejections'] = { count: 0, lastCode: null };
  const sent = new SentMessages({ kv: options.store.kv, account, codec: options.messageCodec ?? baileysMessageCodec, now: () => scheduler.now(), ...SENT_LIMITS });

  const login = new LoginPresenter({
    dataDir: options.dataDir,
    pairingNumber: options.config.pairingNumber,
    terminal: options.terminal ?? process.stdout,
    logger,
    timers,
    timeoutMs: timing.queryTimeoutMs,
  });
  // The account's one pace, for the outbox's notices and the replies alike; its own chat reaches nobody else.
  const pacer = new ChannelPacer({ ...WHATSAPP_PACING, uncounted: (target) => isOwnChat(target) }, random);
  const outbound: Outbound = new Outbound({
    socket: () => options.reach.socket,
    pacer,
    timers,
    timeoutMs: timing.sendTimeoutMs,
    sent,
    logger,
  });
  const connection: Connection = new Connection({
    createSocket: options.createSocket ?? createBaileysSocket,
    kv: options.store.kv,
    account,
    codec: options.codec ?? baileysAuthCodec,
    login,
    policy: timing.backoff,
    scheduler,
    random,
    logger,
    libraryLogger: libraryLogger(logger),
    version: options.config.webVersion ?? undefined,
    getMessage: (id) => outbound.messageFor(id),
    onMessages: (sock, upsert) => receive(sock, upsert),
    onMessageUpdates: (updates) => onUpdates(updates),
    reach: options.reach,
  });
  const lease = new AccountLease({
    leases: options.store.leases,
    name: `whatsapp:${account}`,
    owner: options.owner ?? newWorkerId('whatsapp'),
    ttlMs: timing.leaseTtlMs,
    renewEveryMs: timing.leaseRenewMs,
    scheduler,
    logger,
    onAcquired: () => {
      if (stopped) return;
      logger.info('WhatsApp: this process now holds the WhatsApp session');
      // The previous holder may have sent messages since this process last read them.
      sent.reload();
      connection.start();
    },
    onLost: () => {
      logger.warn('WhatsApp: another process took over the WhatsApp session; closing this connection');
      void connection.stop();
    },
  });
  const isOwnChat = (jid: string): boolean => {
    const own = connection.account;
    return own !== null && sameUser(phoneJid(own.phone), jid);
  };

  function receive(sock: WaSocket, upsert: WaEventMap['messages.upsert']): void {
    for (const message of upsert.messages) {
      const id = message.key.id;
      if (!id || outbound.sentByUs(id) || seen.has(id)) continue;
      // Live (`notify`) or typed while we were offline (`append`); see arrival.ts.
      const arrival = arrivalOf(upsert.type, message, scheduler.now());
      if (arrival === 'skip') continue;
      // Marked before the (async) handling, so a copy re-emitted meanwhile is dropped too.
      seen.set(id, true);
      // One at a time, in order: a guided /newlink depends on the previous answer.
      inbound = inbound
        .then(async () => {
          // A reply sent by the message before this one is known by now; its echo is no command.
          if (outbound.sentByUs(id)) return;
          const classified = await classifyInbound(message, {
            account: connection.account,
            allowedPhones,
            phoneJidForLid: (lid) => lidLookup(sock, lid),
            isStaff: async (phone) => (await options.store.team.membership(`whatsapp:${phone}`))?.role === 'staff',
          });
          await (arrival === 'late' ? tellLate(classified) : handle(classified));
        })
        .catch((err: unknown) => logger.error({ err }, 'WhatsApp: could not handle a message'));
    }
  }

  /** A command typed offline too long ago: the merchant hears it was not run, in their own chat. Plain notes stay unanswered. */
  async function tellLate(message: Inbound): Promise<void> {
    if (message.kind === 'ignore') return;
    // An invite code does not go stale with the message: it is good until it expires.
    if (message.kind === 'join') return handle(message);
    const parsed = options.runner.parse(message.text, {});
    if (!parsed.ok && parsed.notACommand) return;
    const merchantId = `whatsapp:${message.phone}`;
    const locale = await options.preferences.locale(merchantId);
    logger.info('WhatsApp: a command typed while tagih was offline is too old to run; the merchant was told');
    await sendReply(phoneJid(message.phone), { text: lateCommandNotice(message.text, locale) }, merchantId);
  }

  function onUpdates(updates: WaEventMap['messages.update']): void {
    for (const { key, update } of updates) {
      if (update.status !== WA_MESSAGE_STATUS.error || !key.fromMe || !key.id) continue;
      const id = key.id;
      const code = rejectionCode(update.messageStubParameters);
      inbound = inbound.then(() => rejected(id, code)).catch((err: unknown) => logger.error({ err }, 'WhatsApp: could not handle a rejected message'));
    }
  }

  /** WhatsApp took a message and then refused it: record it, never resend it, tell the merchant who sent it. */
  async function rejected(id: string, code: string): Promise<void> {
    const marked = await sent.markFailed(id, code);
    if (marked.kind === 'repeat') return;
    rejections.count++;
    rejections.lastCode = code;
    logger.error({ code, err: rejectionMeaning(code) }, 'WhatsApp refused to deliver a message after accepting it; it will not be resent');
    if (marked.kind !== 'first') return;
    const { to, content, merchantId } = marked.message;
    const phone = merchantId?.startsWith('whatsapp:') ? merchantId.slice('whatsapp:'.length) : null;
    if (phone === null || merchantId === null || sameUser(to, phoneJid(phone))) return;
    const locale = await options.preferences.locale(merchantId);
    // Sent for nobody: if this one is refused too, there is no one left to tell.
    await sendReply(phoneJid(phone), { text: rejectionNotice({ to, content, code }, locale) }, null);
  }

  function lidLookup(sock: WaSocket, lid: string): Promise<string | null> {
    return timers.timeout(timing.queryTimeoutMs, 'LID lookup', sock.phoneJidForLid(lid)).catch(() => null);
  }

  async function handle(message: Inbound): Promise<void> {
    if (message.kind === 'ignore') {
      logger.debug({ reason: message.reason }, 'WhatsApp: message ignored');
      return;
    }
    const merchantId = `whatsapp:${message.phone}`;
    const ownChat = phoneJid(message.phone);
    if (message.kind === 'join') {
      const turn: ChatTurn = {
        channel: 'whatsapp',
        merchantId,
        chatId: ownChat,
        notifyChatId: ownChat,
        customerChat: null,
        messageId: message.id,
        userName: message.name ?? `+${message.phone}`,
      };
      await reply(merchantId, [await options.runner.join(message.code, turn)], () => ownChat);
      return;
    }
    const parsed = options.runner.parse(message.text, {});
    if (message.kind === 'group_command') {
      // In a group only /notif is run (issue 18): the group becomes the shop's team chat. Anything else stays unanswered there.
      if (!parsed.ok || parsed.command.kind !== 'notif') return;
      const turn: ChatTurn = { channel: 'whatsapp', merchantId, chatId: message.groupJid, notifyChatId: ownChat, customerChat: null, messageId: message.id };
      await reply(merchantId, await options.runner.handle(message.text, turn, parsed), () => message.groupJid);
      return;
    }
    if (message.kind === 'customer_chat' && isCompleteNewLink(parsed)) {
      const turn: ChatTurn = {
        channel: 'whatsapp',
        merchantId,
        chatId: message.customerJid,
        notifyChatId: ownChat,
        customerChat: { channel: 'whatsapp', chatId: message.customerJid },
        messageId: message.id,
      };
      // The card is the one message with a QR; an error about the command stays with the merchant.
      await reply(merchantId, await options.runner.handle(message.text, turn, parsed), (out) => (out.qrUrl === undefined ? ownChat : message.customerJid));
      return;
    }
    // The merchant's own conversation. Anything else typed in a customer's
    // chat (/links, /qr, a mistyped /newlink...) is the merchant's business
    // too, so it is answered here rather than in front of the customer.
    const turn: ChatTurn = { channel: 'whatsapp', merchantId, chatId: ownChat, notifyChatId: ownChat, customerChat: null, messageId: message.id };
    await reply(merchantId, await options.runner.handle(message.text, turn, parsed), () => ownChat);
  }

  async function reply(
    merchantId: string,
    messages: OutgoingMessage[] | null,
    targetOf: (message: OutgoingMessage) => string,
  ): Promise<void> {
    if (messages === null) return;
    // Read after the command ran: /lang changes it.
    const locale = await options.preferences.locale(merchantId);
    for (const message of messages) await sendReply(targetOf(message), await toWhatsApp(message, locale), merchantId);
  }

  async function sendReply(target: string, content: WaOutgoing, merchantId: string | null): Promise<void> {
    try {
      await outbound.reply(target, content, timing.replyMaxWaitMs, merchantId);
    } catch (err) {
      const why = err instanceof PacingDeferral ? 'WhatsApp asked us to slow down' : err;
      logger.warn({ err: why }, 'WhatsApp: a reply could not be sent');
    }
  }

  return {
    channel: 'whatsapp',
    // Connecting (the account lease, then the socket) goes on in the background.
    async start() {
      stopped = false;
      lease.start();
    },
    async stop() {
      stopped = true;
      timers.cancelAll();
      options.reach.stop();
      await connection.stop();
      await lease.stop();
    },
    sender: createWhatsAppSender({ outbound, pacer, isReady: () => options.reach.socket !== null }),
    status: () => ({ ...connection.status(), leaseHeld: lease.held, rejections: { ...rejections } }),
  };
}

/** Only a /newlink with item and price makes a card for the customer whose chat it was typed in. */
function isCompleteNewLink(parsed: ParseResult): boolean {
  return parsed.ok && parsed.command.kind === 'newlink' && !parsed.command.guided;
}

/** Baileys logs a lot below warnings; it gets a child at `warn`, or quieter if ours is. */
function libraryLogger(logger: Logger): Logger {
  const ours = logger.levels.values[logger.level] ?? Number.POSITIVE_INFINITY;
  const warn = logger.levels.values[LIBRARY_LEVEL]!;
  return logger.child({ module: 'baileys' }, { level: ours > warn ? logger.level : LIBRARY_LEVEL });
}
