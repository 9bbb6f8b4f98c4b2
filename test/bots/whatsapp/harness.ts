/**
 * The WhatsApp bot as main.ts will build it (real SQLite store, LinkService,
 * guided /newlink, preferences, CommandRunner), with a fake socket, a fake
 * clock, a captured terminal and captured logs.
 */
import type { ReportCommands } from '../../../bots/commands/reports.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { GuidedNewLink } from '../../../bots/commands/guided.ts';
import { CommandRunner, type CommandRunnerOptions } from '../../../bots/commands/run-command.ts';
import { AUTH_NAMESPACE } from '../../../bots/whatsapp/auth-state.ts';
import { baileysAuthCodec } from '../../../bots/whatsapp/baileys-socket.ts';
import type { WaMessage } from '../../../bots/whatsapp/socket.ts';
import { WhatsAppReach } from '../../../bots/whatsapp/reach.ts';
import { createWhatsAppBot, type WhatsAppBot, type WhatsAppTiming } from '../../../bots/whatsapp/whatsapp-bot.ts';
import { LinkService } from '../../../src/links/link-service.ts';
import { createLogger } from '../../../src/logger.ts';
import { Preferences } from '../../../bots/commands/preferences.ts';
import type { KeyValueStore, LeaseStore, Store } from '../../../src/store/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { renderPrintCard } from '../../../src/web/cards/print-card.ts';
import { WAMessageStatus } from '@whiskeysockets/baileys';
import { FakeScheduler, flush } from './fake-scheduler.ts';
import { FakeWhatsApp, qrLinkedCreds } from './fake-socket.ts';

/** The linked account (the merchant's own number in "own number" mode). */
export const SHOP = '6281100000001';
export const SHOP_JID = `${SHOP}@s.whatsapp.net`;
export const SHOP_LID = '99887766554433@lid';
/** A second merchant, allowed by MERCHANT_WHATSAPP_NUMBERS. */
export const ALLOWED = '6281100000002';
export const ALLOWED_JID = `${ALLOWED}@s.whatsapp.net`;
export const CUSTOMER = '6281200000003';
export const CUSTOMER_JID = `${CUSTOMER}@s.whatsapp.net`;
export const STRANGER_JID = '6281300000004@s.whatsapp.net';

export class Capture extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }

  /** Parsed pino lines. */
  get lines(): Array<Record<string, unknown> & { level: number; msg: string }> {
    return this.text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown> & { level: number; msg: string });
  }
}

/** Stores a session for `phone` as rc14 leaves it after a QR link and a first login (no `registered`). */
export async function seedSession(kv: KeyValueStore, phone = SHOP, account = 'default'): Promise<void> {
  await kv.setMany(AUTH_NAMESPACE, [{ key: `${account}:creds`, value: baileysAuthCodec.stringify(qrLinkedCreds(phone, SHOP_LID)) }]);
}

let messageCounter = 0;

/** The fake clock's default start: messages without a time were sent then. */
const CLOCK_START = Date.parse('2026-11-24T03:00:00.000Z');

/**
 * An incoming text message as rc14 delivers it (Utils/decode-wa-message.js
 * `decodeMessageNode`): a key, the sender's time in seconds, and status
 * SERVER_ACK on messages the account sent from another device.
 */
export function textMessage(
  key: { remoteJid: string; fromMe?: boolean; remoteJidAlt?: string; id?: string },
  text: string,
  sentAt: number = CLOCK_START,
): WaMessage {
  const fromMe = key.fromMe ?? false;
  return {
    key: { fromMe, id: `3A${(++messageCounter).toString(16).toUpperCase().padStart(14, '0')}`, ...key },
    messageTimestamp: Math.floor(sentAt / 1000),
    ...(fromMe ? { status: WAMessageStatus.SERVER_ACK } : {}),
    message: { conversation: text },
  };
}

export interface HarnessOptions {
  pairingNumber?: string | null;
  merchantNumbers?: string[];
  /** Seed a linked session before starting (default true). */
  linked?: boolean;
  store?: Store;
  /** A LinkService of the same store (the web harness's, for the whole payment trip). */
  links?: LinkService;
  /** Replaces the store's leases (to script a lost lease). */
  leases?: LeaseStore;
  scheduler?: FakeScheduler;
  owner?: string;
  timing?: Partial<WhatsAppTiming>;
  random?: () => number;
  /** More for the command runner (e.g. `team`). */
  runner?: Partial<CommandRunnerOptions>;
  /** `/rekap`, `/ringkasan`, `/export` (issue 18), on the store given as `store`. */
  reports?: ReportCommands;
}

export class Harness {
  readonly wa = new FakeWhatsApp();
  readonly terminal = new Capture();
  readonly logs = new Capture();
  readonly dataDir = mkdtempSync(join(tmpdir(), 'tagih-wa-'));
  readonly clock: FakeScheduler;
  readonly store: Store;
  readonly links: LinkService;
  readonly runner: CommandRunner;
  readonly reach: WhatsAppReach;
  readonly preferences: Preferences;
  readonly bot: WhatsAppBot;
  private readonly ownsStore: boolean;

  private constructor(options: HarnessOptions) {
    this.clock = options.scheduler ?? new FakeScheduler();
    this.wa.setup = (sock) => {
      sock.now = () => this.clock.now();
    };
    this.ownsStore = options.store === undefined;
    this.store = options.store ?? openSqliteStore({ path: ':memory:' });
    const now = () => new Date(this.clock.now());
    const logger = createLogger('debug', this.logs);
    this.links =
      options.links ?? new LinkService({ store: this.store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000, clock: now });
    const preferences = new Preferences(this.store.kv, 'id');
    this.preferences = preferences;
    // As main.ts wires it: the reach first, for the runner's /send; the bot after, with both.
    const reach = new WhatsAppReach({ scheduler: this.clock, ...(options.timing?.queryTimeoutMs ? { queryTimeoutMs: options.timing.queryTimeoutMs } : {}) });
    this.reach = reach;
    this.runner = new CommandRunner({
      links: this.links,
      outbox: this.store.outbox,
      kv: this.store.kv,
      guided: new GuidedNewLink(this.store.kv, now),
      preferences,
      delivery: { emailEnabled: false, whatsappChatFor: (phone) => reach.chatFor(phone) },
      merchantName: 'Toko Budi',
      printableCard: renderPrintCard,
      ...(options.reports ? { reports: options.reports } : {}),
      logger,
      clock: now,
      ...options.runner,
    });
    this.bot = createWhatsAppBot({
      config: { enabled: true, pairingNumber: options.pairingNumber ?? null, merchantNumbers: options.merchantNumbers ?? [ALLOWED], webVersion: null },
      dataDir: this.dataDir,
      runner: this.runner,
      reach,
      store: { kv: this.store.kv, leases: options.leases ?? this.store.leases, team: this.store.team },
      preferences,
      logger,
      createSocket: this.wa.createSocket,
      scheduler: this.clock,
      random: options.random ?? (() => 0.5),
      terminal: this.terminal,
      ...(options.owner ? { owner: options.owner } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
    });
  }

  static async create(options: HarnessOptions = {}): Promise<Harness> {
    const harness = new Harness(options);
    if (options.linked ?? true) await seedSession(harness.store.kv);
    return harness;
  }

  /** Starts the bot and lets WhatsApp accept its first login. */
  async connect(): Promise<void> {
    this.bot.start();
    await flush();
    this.wa.last.loginSucceeds();
    await flush();
  }

  /** Lets replies through the pacer: advances the fake clock past every gap. */
  async settle(ms = 20_000): Promise<void> {
    await this.clock.advance(ms);
  }

  /**
   * For replies that wait on real work first (a card rendered on libuv's thread
   * pool) and then on the pacer's fake clock: settles again each time that work
   * lets the event loop turn, until `done`, for at most `withinMs` of real time.
   */
  async settleUntil(done: () => boolean, what: string, withinMs = 10_000): Promise<void> {
    const until = Date.now() + withinMs;
    while (!done()) {
      if (Date.now() > until) throw new Error(`${what} did not happen within ${withinMs} ms`);
      await new Promise((resolve) => setImmediate(resolve));
      await this.settle();
    }
  }

  async close(): Promise<void> {
    await this.bot.stop();
    if (this.ownsStore) await this.store.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
