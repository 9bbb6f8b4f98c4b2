/**
 * The socket's life while this process holds the account: open one, show
 * the login when the device is not linked, and after a close apply the
 * reconnect decision (reconnect.ts) with a fresh socket, the old one's
 * listeners dropped first so nothing it still emits is acted on.
 */
import type { Logger } from 'pino';
import type { KeyValueStore } from '../../src/store/ports.ts';
import { loadAuthState, sessionKind, wipeAuthState, type AuthCodec, type StoredAuth } from './auth-state.ts';
import { normalizeJid, phoneOf } from './jids.ts';
import type { Account } from './inbound.ts';
import type { LoginPresenter } from './login.ts';
import { decideOnClose, DISCONNECT, type Alert, type BackoffPolicy, type CloseDecision, type HaltReason } from './reconnect.ts';
import { Timers, type Scheduler } from './scheduler.ts';
import { disconnectCode, type CreateSocket, type WaConnectionUpdate, type WaEventMap, type WaMessageContent, type WaSocket } from './socket.ts';
import type { WhatsAppReach } from './reach.ts';

export type ConnectionState =
  /** Not holding the account (stopped, or another process has it). */
  | 'idle'
  | 'connecting'
  /** A QR or pairing code is waiting for the merchant. */
  | 'linking'
  | 'open'
  /** Closed; the next attempt is scheduled. */
  | 'waiting'
  /** Gave up until an operator acts (see `halted`). */
  | 'halted';

export interface ConnectionStatus {
  state: ConnectionState;
  /** The linked number (digits), once known. */
  account: string | null;
  lastDisconnectCode: number | null;
  /** Closes since the last successful open. */
  failures: number;
  alert: Alert | null;
  halted: HaltReason | null;
  /** When the next attempt is due (ms since epoch), while waiting. */
  retryAt: number | null;
}

export interface ConnectionOptions {
  createSocket: CreateSocket;
  kv: KeyValueStore;
  account: string;
  codec: AuthCodec;
  login: LoginPresenter;
  policy: BackoffPolicy;
  scheduler: Scheduler;
  random: () => number;
  logger: Logger;
  /** Handed to Baileys: already limited to warnings. */
  libraryLogger: Logger;
  version?: readonly [number, number, number] | undefined;
  getMessage: (id: string) => Promise<WaMessageContent | undefined>;
  onMessages: (sock: WaSocket, upsert: WaEventMap['messages.upsert']) => void;
  onMessageUpdates: (updates: WaEventMap['messages.update']) => void;
  /** Told the open socket each time it changes: replies, notices and the number lookup go over the one it holds. */
  reach: Pick<WhatsAppReach, 'socketChanged'>;
}

/** Closing only flushes a WebSocket; waiting longer would hold up shutdown. */
const END_TIMEOUT_MS = 5_000;

const ALERT_TEXT: Record<Alert, string> = {
  stale_version:
    'WhatsApp refused the connection (405): the WhatsApp Web version built into Baileys is probably out of date. Upgrade @whiskeysockets/baileys (pinned in package.json), or configure a current WhatsApp Web version.',
  forbidden: 'WhatsApp refused this account (403 forbidden): the number may be banned or restricted. Check WhatsApp on the phone.',
  multidevice_mismatch:
    'WhatsApp reports a multi-device mismatch (411). Update WhatsApp on the phone; if it persists, remove the device under Linked devices and link again.',
  bad_session:
    'WhatsApp reports a bad session (500). If this keeps happening, remove the device under Linked devices on the phone and link again.',
  unreachable: 'WhatsApp has not reconnected after several attempts. Check the network; tagih keeps retrying with growing pauses.',
};

function haltText(reason: HaltReason, policy: BackoffPolicy): string {
  switch (reason) {
    case 'replaced':
      return 'WhatsApp closed this connection because the same session connected somewhere else (440). WhatsApp is paused so the two do not keep kicking each other off. Make sure only one tagih installation uses this WhatsApp session (a copied DATA_DIR or database?), then restart tagih.';
    case 'login_timeout':
      return 'Nobody linked WhatsApp in time, so linking is paused. Restart tagih to get a new QR code or pairing code.';
    case 'refused':
      return `WhatsApp refused the connection (405) ${policy.maxRefusals} times in a row, so WhatsApp is paused. The WhatsApp Web version built into Baileys is probably out of date: set WHATSAPP_WEB_VERSION to the current one (for example 2,3000,1027934701) or upgrade @whiskeysockets/baileys, then restart tagih.`;
    case 'login_refused':
      return `WhatsApp refused to link this device (401) ${policy.maxRelogins} times without a successful connection, so linking is paused. On the phone: update WhatsApp, remove old entries under Linked devices, and check the number in WHATSAPP_PAIRING_NUMBER; then restart tagih for a new QR code or pairing code.`;
  }
}

export class Connection {
  private readonly timers: Timers;
  /** Bumped by start/stop: async work from an older run sees it and does nothing. */
  private generation = 0;
  private auth: StoredAuth | null = null;
  private currentSocket: { sock: WaSocket; detach: () => void } | null = null;
  private connectionState: ConnectionState = 'idle';
  private failures = 0;
  private loginRounds = 0;
  private previousCode: number | null = null;
  /** Closes in a row with `previousCode`, no open in between. */
  private repeats = 0;
  /** 401 closes since the last open. */
  private logouts = 0;
  private lastDisconnectCode: number | null = null;
  private alert: Alert | null = null;
  private halted: HaltReason | null = null;
  private retryAt: number | null = null;

  private readonly options: ConnectionOptions;
  constructor(options: ConnectionOptions) {
    this.options = options;
    this.timers = new Timers(options.scheduler);
  }

  /** The socket, only while it is open: what the reach holds for everyone who sends or asks. */
  private get openSocket(): WaSocket | null {
    return this.state === 'open' ? (this.current?.sock ?? null) : null;
  }

  // The open socket follows from these two, so every change of either tells the reach.
  private get current(): { sock: WaSocket; detach: () => void } | null {
    return this.currentSocket;
  }

  private set current(current: { sock: WaSocket; detach: () => void } | null) {
    this.currentSocket = current;
    this.options.reach.socketChanged(this.openSocket);
  }

  private get state(): ConnectionState {
    return this.connectionState;
  }

  private set state(state: ConnectionState) {
    this.connectionState = state;
    this.options.reach.socketChanged(this.openSocket);
  }

  /** The linked account; null until linking finished (a pairing code sets `me` before that). */
  get account(): Account | null {
    if (!this.linked) return null;
    const me = this.auth?.creds.me;
    const phone = me ? phoneOf(normalizeJid(me.id)) : null;
    return phone === null ? null : { phone, lid: me?.lid ? normalizeJid(me.lid) : null };
  }

  private get linked(): boolean {
    return this.auth !== null && sessionKind(this.auth.creds) === 'linked';
  }

  status(): ConnectionStatus {
    return {
      state: this.state,
      account: this.account?.phone ?? null,
      lastDisconnectCode: this.lastDisconnectCode,
      failures: this.failures,
      alert: this.alert,
      halted: this.halted,
      retryAt: this.state === 'waiting' ? this.retryAt : null,
    };
  }

  /** This process now holds the account: connect, reading the session fresh from the store. */
  start(): void {
    const generation = ++this.generation;
    this.auth = null;
    this.failures = 0;
    this.loginRounds = 0;
    this.previousCode = null;
    this.repeats = 0;
    this.logouts = 0;
    this.alert = null;
    this.halted = null;
    void this.connect(generation);
  }

  /** Ends the socket without logging out, cancels every timer and lets pending session writes land. */
  async stop(): Promise<void> {
    this.generation++;
    this.timers.cancelAll();
    this.state = 'idle';
    const current = this.current;
    this.current = null;
    const auth = this.auth;
    this.auth = null;
    if (current) {
      current.detach();
      await this.timers.timeout(END_TIMEOUT_MS, 'socket end', current.sock.end(undefined)).catch((err: unknown) =>
        this.options.logger.warn({ err }, 'WhatsApp: socket did not close cleanly'),
      );
    }
    await auth?.settled();
  }

  private async connect(generation: number): Promise<void> {
    const { options } = this;
    if (generation !== this.generation) return;
    this.state = 'connecting';
    let current: { sock: WaSocket; detach: () => void };
    try {
      this.auth ??= await loadAuthState(options.kv, options.account, options.codec);
      if (sessionKind(this.auth.creds) === 'half_made') this.auth = await this.startFresh(this.auth);
      if (generation !== this.generation) return;
      current = this.open(this.auth, generation);
    } catch (err) {
      options.logger.warn({ err }, 'WhatsApp: could not start a connection');
      this.afterClose(generation, null);
      return;
    }
    this.current = current;
  }

  /** A new socket on the session, and how to let go of it. */
  private open(auth: StoredAuth, generation: number): { sock: WaSocket; detach: () => void } {
    // A closed socket may still be finishing work that writes Signal keys;
    // after we let go (another process may own the account now, or the
    // session was wiped) those writes must not land.
    let fenced = false;
    const sock = this.options.createSocket({
      creds: auth.creds,
      keys: {
        get: (category, ids) => auth.keys.get(category, ids),
        set: (data) => (fenced ? Promise.reject(new Error('this WhatsApp connection is closed')) : auth.keys.set(data)),
      },
      logger: this.options.libraryLogger,
      getMessage: this.options.getMessage,
      version: this.options.version,
    });
    const onConnection = (update: WaConnectionUpdate) => void this.onConnectionUpdate(sock, generation, update);
    const onCreds = (update: WaEventMap['creds.update']) => {
      auth.saveCreds(update).catch((err: unknown) =>
        this.options.logger.error({ err }, 'WhatsApp: could not save the session; it may need linking again after a restart'),
      );
    };
    const onMessages = (upsert: WaEventMap['messages.upsert']) => this.options.onMessages(sock, upsert);
    const onUpdates = (updates: WaEventMap['messages.update']) => this.options.onMessageUpdates(updates);
    sock.ev.on('connection.update', onConnection);
    sock.ev.on('creds.update', onCreds);
    sock.ev.on('messages.upsert', onMessages);
    sock.ev.on('messages.update', onUpdates);
    const detach = () => {
      fenced = true;
      sock.ev.off('connection.update', onConnection);
      sock.ev.off('creds.update', onCreds);
      sock.ev.off('messages.upsert', onMessages);
      sock.ev.off('messages.update', onUpdates);
    };
    return { sock, detach };
  }

  private async onConnectionUpdate(sock: WaSocket, generation: number, update: WaConnectionUpdate): Promise<void> {
    const { logger, login } = this.options;
    if (generation !== this.generation || this.current?.sock !== sock) return;
    if (update.connection === 'close') {
      this.current.detach();
      this.current = null;
      this.afterClose(generation, disconnectCode(update));
    } else if (update.connection === 'open') {
      this.state = 'open';
      this.failures = 0;
      this.loginRounds = 0;
      this.previousCode = null;
      this.repeats = 0;
      this.logouts = 0;
      this.alert = null;
      logger.info({ account: this.account ? `+${this.account.phone}` : null }, 'WhatsApp connected');
      await login.onLinked().catch((err: unknown) => logger.warn({ err }, 'WhatsApp: could not remove the old QR image'));
    } else if (update.qr && !this.linked) {
      this.state = 'linking';
      await login.onQr(sock, update.qr).catch((err: unknown) => logger.warn({ err }, 'WhatsApp: could not show the login code'));
    }
  }

  private afterClose(generation: number, code: number | null): void {
    const { policy, random } = this.options;
    const linked = this.linked;
    this.failures++;
    if (!linked) this.loginRounds++;
    this.lastDisconnectCode = code;
    this.repeats = code !== null && code === this.previousCode ? this.repeats + 1 : 1;
    this.previousCode = code;
    if (code === DISCONNECT.loggedOut) this.logouts++;
    const decision = decideOnClose(
      { code, repeats: this.repeats, logouts: this.logouts, linked, failures: this.failures, loginRounds: this.loginRounds },
      policy,
      random,
    );
    this.apply(generation, decision, code);
  }

  private apply(generation: number, decision: CloseDecision, code: number | null): void {
    const { logger } = this.options;
    switch (decision.action) {
      case 'relogin':
        void this.relogin(generation);
        return;
      case 'halt':
        this.state = 'halted';
        this.halted = decision.reason;
        logger.error({ code }, `WhatsApp stopped: ${haltText(decision.reason, this.options.policy)}`);
        return;
      case 'retry':
        if (decision.alert) {
          this.alert = decision.alert;
          logger.error({ code, failures: this.failures, retryInMs: decision.delayMs }, `WhatsApp: ${ALERT_TEXT[decision.alert]}`);
        } else {
          logger.warn({ code, failures: this.failures, retryInMs: decision.delayMs }, 'WhatsApp connection closed; reconnecting');
        }
        if (decision.delayMs === 0) {
          void this.connect(generation);
          return;
        }
        this.state = 'waiting';
        this.retryAt = this.timers.now() + decision.delayMs;
        this.timers.after(decision.delayMs, () => void this.connect(generation));
    }
  }

  /**
   * A pairing code was asked for and never entered: rc14 left a placeholder
   * `me` in the creds, so the next socket would send a login for a device
   * that does not exist and be refused (405/401) forever. Forget it and
   * register anew. A failure to delete is thrown to connect(), which retries.
   */
  private async startFresh(auth: StoredAuth): Promise<StoredAuth> {
    const { logger, kv, account, codec } = this.options;
    logger.warn('WhatsApp: the stored session comes from a pairing code that was never entered; starting a new link instead of logging in with it');
    await auth.settled();
    await wipeAuthState(kv, account);
    return loadAuthState(kv, account, codec);
  }

  /** WhatsApp logged this device out (401): the session is dead; start a new login. */
  private async relogin(generation: number): Promise<void> {
    const { logger, kv, account, policy, random } = this.options;
    logger.error(
      { code: DISCONNECT.loggedOut },
      'WhatsApp LOGGED OUT this device (it was removed under Linked devices on the phone, or the session expired). The old session has been deleted. Link again: scan the new QR code or enter the new pairing code shown below.',
    );
    try {
      await this.auth?.settled();
      await wipeAuthState(kv, account);
    } catch (err) {
      // The dead session is still stored: the next attempt gets 401 again and retries the wipe.
      logger.error({ err }, 'WhatsApp: could not delete the old session; retrying');
      this.apply(generation, { action: 'retry', delayMs: Math.round(policy.baseMs * (1 + random())), alert: null }, DISCONNECT.loggedOut);
      return;
    }
    if (generation !== this.generation) return;
    this.auth = null;
    this.failures = 0;
    this.loginRounds = 0;
    void this.connect(generation);
  }
}
