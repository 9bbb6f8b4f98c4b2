/**
 * The environment, read once into one typed Config. A bad value stops the
 * start with a message naming the variable and what it accepts, instead of
 * failing later in a way nobody can trace back to a typo in `.env`.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { AppError } from './domain/errors.ts';
import { LOCALES, type Locale } from './domain/locale.ts';
import type { Phrase } from './text/catalog.ts';
import { normalizePhone } from './domain/customer.ts';
import { isLocalAddress } from './local-address.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface MidtransConfig {
  /** `simulator` when no server key is set: the built-in stand-in plays Midtrans. */
  mode: 'simulator' | 'sandbox' | 'production';
  environment: 'sandbox' | 'production';
  serverKey: string | null;
  clientKey: string | null;
  /** Explicit overrides; null means the environment's default hosts (or the simulator's). */
  apiBaseUrl: string | null;
  snapBaseUrl: string | null;
  verifyStatus: boolean;
  timeoutMs: number;
  /** Port of the built-in simulator in simulator mode. */
  simulatorPort: number;
  /** Where the built-in simulator listens: this machine only, unless SIMULATOR_HOST opens it. */
  simulatorHost: string;
}

export interface TelegramConfig {
  token: string;
  apiRoot: string;
  mode: 'polling' | 'webhook';
  webhookSecret: string | null;
  merchantIds: string[];
}

/**
 * Express's `trust proxy` (https://expressjs.com/en/guide/behind-proxies.html):
 * off, the number of proxy hops in front of tagih, or the proxies' addresses
 * and subnets (with Express's names `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = false | number | readonly string[];

export interface Config {
  http: { port: number; host: string; publicUrl: string };
  /** `TRUST_PROXY`: whose `X-Forwarded-For` names the customer's address. */
  trustProxy: TrustProxy;
  dataDir: string;
  /**
   * `SQLITE_CACHE_MIB`: the embedded store's page cache, in MiB. SQLite's own
   * 2 MiB is outgrown by a store of about 100,000 links: the webhook's lookups
   * then read index pages back from the OS on every notification and its rate
   * halves (issue 19). 64 MiB holds the hot pages of such a store; the cache
   * fills only as pages are read, so a small store costs less.
   */
  sqliteCacheMib: number;
  mongodbUri: string | null;
  merchantName: string;
  locale: Locale;
  midtrans: MidtransConfig;
  payments: {
    /** How long a customer's reservation (and its Snap transaction) lasts. */
    windowMinutes: number;
    reconcileIntervalMs: number;
    /** Pending orders older than this are checked with Get Status. */
    reconcileAfterMs: number;
  };
  telegram: TelegramConfig | null;
  whatsapp: {
    enabled: boolean;
    pairingNumber: string | null;
    merchantNumbers: string[];
    /** A WhatsApp Web version to announce instead of Baileys's own, for when WhatsApp refuses it (405). */
    webVersion: readonly [number, number, number] | null;
  };
  email: { smtpUrl: string; from: string } | null;
  /** `auto`: on when stdin is a terminal or no chat platform is configured. */
  console: 'auto' | 'on' | 'off';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a claimed outbox entry is its process's before another may send it; shortened only by tests that kill processes. */
  outboxLeaseMs: number;
}

/** Variables whose values are never repeated back, not even in an error. */
const SECRET_VARIABLES = new Set(['MIDTRANS_SERVER_KEY', 'MIDTRANS_CLIENT_KEY', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'SMTP_URL', 'MONGODB_URI']);

/** `scheme://user:password@host` shown as `scheme://user:***@host`: any URL variable may carry a password. */
const withoutPassword = (value: string) => value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#]*@/i, '$1:***@');

/** A bad variable, said in one language at a time: what it held (unless secret) and what it accepts. */
class ConfigError extends AppError<'CONFIG_INVALID'> {
  constructor(variable: string, allowed: Phrase, got: string | undefined) {
    const safe = got === undefined ? '' : withoutPassword(got);
    const value = got === undefined || SECRET_VARIABLES.has(variable) ? null : JSON.stringify(safe.length > 40 ? `${safe.slice(0, 40)}…` : safe);
    super('CONFIG_INVALID', (w) => w.config.invalid(variable, value, allowed(w)), { variable });
  }
}

class Reader {
  private readonly env: Env;
  constructor(env: Env) {
    this.env = env;
  }

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | null {
    return this.raw(name) ?? null;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(name, (w) => w.config.wholeNumber(min, max), value);
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, (w) => w.config.oneOf(allowed), value);
    return value as T;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    throw new ConfigError(name, (w) => w.config.boolean, value);
  }

  url(name: string, fallback: string | null, protocols: readonly string[] = ['http', 'https']): string | null {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const schemes = protocols.map((p) => `${p}://`);
    const allowed: Phrase = (w) => w.config.url(schemes);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, allowed, value);
    }
    if (!protocols.includes(parsed.protocol.slice(0, -1))) throw new ConfigError(name, allowed, value);
    return value.replace(/\/+$/, '');
  }

  /**
   * `true` (trust every hop) is refused: then the left-most X-Forwarded-For
   * entry, which any client may write, would be its address (Express's own
   * warning), and the rate limits and per-client rules would mean nothing.
   */
  trustProxy(name: string): TrustProxy {
    const value = this.raw(name)?.toLowerCase();
    const allowed: Phrase = (w) => w.config.trustProxy;
    if (value === undefined || ['false', 'off', 'no', '0'].includes(value)) return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) throw new ConfigError(name, allowed, value);
      return hops;
    }
    // Express knows its subnet names in lower case only.
    const entries = this.list(name).map((entry) => entry.toLowerCase());
    const isSubnet = (entry: string): boolean => {
      if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
      const [address = '', prefix, ...rest] = entry.split('/');
      const family = isIP(address);
      if (family === 0 || rest.length > 0) return false;
      return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
    };
    const wrong = entries.find((entry) => !isSubnet(entry));
    if (entries.length === 0 || wrong !== undefined) throw new ConfigError(name, allowed, wrong ?? value);
    return entries;
  }

  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
}

export function loadConfig(env: Env): Config {
  const read = new Reader(env);
  const port = read.integer('PORT', 3000, 0, 65535);

  const serverKey = read.optional('MIDTRANS_SERVER_KEY');
  const environment = read.oneOf('MIDTRANS_ENV', ['sandbox', 'production'] as const, 'sandbox');
  const telegramToken = read.optional('TELEGRAM_BOT_TOKEN');
  const telegramMode = read.oneOf('TELEGRAM_MODE', ['polling', 'webhook'] as const, 'polling');
  const webhookSecret = read.optional('TELEGRAM_WEBHOOK_SECRET');
  if (telegramToken && telegramMode === 'webhook' && (!webhookSecret || !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret))) {
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_SECRET',
      (w) => w.config.webhookSecret,
      webhookSecret ?? undefined,
    );
  }
  for (const id of read.list('MERCHANT_TELEGRAM_IDS')) {
    if (!/^\d{1,20}$/.test(id)) {
      throw new ConfigError('MERCHANT_TELEGRAM_IDS', (w) => w.config.telegramIds, id);
    }
  }

  const smtpUrl = read.url('SMTP_URL', null, ['smtp', 'smtps']);
  const mailFrom = read.optional('MAIL_FROM');
  if (smtpUrl && !mailFrom) {
    throw new ConfigError('MAIL_FROM', (w) => w.config.mailFrom, undefined);
  }

  const phoneList = (name: string): string[] =>
    read.list(name).map((n) => {
      try {
        return normalizePhone(n);
      } catch {
        throw new ConfigError(name, (w) => w.config.phones, n);
      }
    });
  const pairing = read.optional('WHATSAPP_PAIRING_NUMBER');
  const webVersion = read.optional('WHATSAPP_WEB_VERSION');
  if (webVersion !== null && !/^\d+,\d+,\d+$/.test(webVersion)) {
    throw new ConfigError(
      'WHATSAPP_WEB_VERSION',
      (w) => w.config.webVersion,
      webVersion,
    );
  }

  const publicUrl = read.url('PUBLIC_URL', `http://localhost:${port}`)!;
  const simulator = simulatorWanted(read, serverKey, publicUrl);

  return {
    http: {
      port,
      host: read.string('HOST', '0.0.0.0'),
      publicUrl,
    },
    trustProxy: read.trustProxy('TRUST_PROXY'),
    dataDir: resolve(read.string('DATA_DIR', './data')),
    sqliteCacheMib: read.integer('SQLITE_CACHE_MIB', 64, 1, 64 * 1024),
    mongodbUri: read.optional('MONGODB_URI'),
    merchantName: read.string('MERCHANT_NAME', 'tagih').slice(0, 50),
    locale: read.oneOf('LOCALE', LOCALES, 'id'),
    midtrans: {
      mode: simulator ? 'simulator' : environment,
      environment,
      serverKey,
      clientKey: read.optional('MIDTRANS_CLIENT_KEY'),
      apiBaseUrl: read.url('MIDTRANS_API_BASE_URL', null),
      snapBaseUrl: read.url('MIDTRANS_SNAP_BASE_URL', null),
      verifyStatus: read.boolean('MIDTRANS_VERIFY_STATUS', true),
      timeoutMs: read.integer('MIDTRANS_TIMEOUT_MS', 10_000, 500, 60_000),
      simulatorPort: read.integer('SIMULATOR_PORT', 3900, 0, 65535),
      simulatorHost: read.string('SIMULATOR_HOST', '127.0.0.1'),
    },
    payments: {
      windowMinutes: read.integer('PAYMENT_WINDOW_MINUTES', 60, 5, 7 * 24 * 60),
      reconcileIntervalMs: read.integer('RECONCILE_INTERVAL_SECONDS', 60, 1, 24 * 3600) * 1000,
      reconcileAfterMs: read.integer('RECONCILE_AFTER_MINUTES', 15, 1, 7 * 24 * 60) * 60_000,
    },
    telegram: telegramToken
      ? {
          token: telegramToken,
          apiRoot: read.url('TELEGRAM_API_ROOT', 'https://api.telegram.org')!,
          mode: telegramMode,
          webhookSecret,
          merchantIds: read.list('MERCHANT_TELEGRAM_IDS'),
        }
      : null,
    whatsapp: {
      enabled: read.boolean('WHATSAPP_ENABLED', false),
      pairingNumber: pairing === null ? null : phoneList('WHATSAPP_PAIRING_NUMBER')[0] ?? null,
      merchantNumbers: phoneList('MERCHANT_WHATSAPP_NUMBERS'),
      webVersion: webVersion === null ? null : (webVersion.split(',').map(Number) as [number, number, number]),
    },
    email: smtpUrl && mailFrom ? { smtpUrl, from: mailFrom } : null,
    console: read.oneOf('CONSOLE', ['auto', 'on', 'off'] as const, 'auto'),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    outboxLeaseMs: read.integer('OUTBOX_LEASE_SECONDS', 60, 5, 3600) * 1000,
  };
}

/**
 * Whether the built-in simulator plays Midtrans. Without a server key it does,
 * but only where no real customer can arrive: a PUBLIC_URL facing the internet
 * with no key is a misspelt or forgotten key, and a shop that hands out goods
 * for simulated money, unless MIDTRANS_SIMULATOR=true asks for it. With a key
 * it never does.
 */
function simulatorWanted(read: Reader, serverKey: string | null, publicUrl: string): boolean {
  const asked = read.raw('MIDTRANS_SIMULATOR') === undefined ? null : read.boolean('MIDTRANS_SIMULATOR', false);
  if (serverKey) {
    if (asked === true) {
      throw new ConfigError(
        'MIDTRANS_SIMULATOR',
        (w) => w.config.simulatorWithKey,
        'true',
      );
    }
    return false;
  }
  if (asked === false) {
    throw new ConfigError(
      'MIDTRANS_SERVER_KEY',
      (w) => w.config.keyForRealMidtrans,
      undefined,
    );
  }
  const host = new URL(publicUrl).hostname;
  if (asked === null && !isLocalAddress(host)) {
    throw new ConfigError(
      'MIDTRANS_SERVER_KEY',
      (w) => w.config.keyForPublicUrl(host),
      undefined,
    );
  }
  return true;
}

/** Reads `.env` from the working directory into process.env, never overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
