/**
 * The environment, read once into one typed Config. A bad value stops the
 * start with a message naming the variable and what it accepts, instead of
 * failing later in a way nobody can trace back to a typo in `.env`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, type Locale } from './domain/errors.ts';
import { normalizePhone } from './domain/customer.ts';

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
}

export interface TelegramConfig {
  token: string;
  apiRoot: string;
  mode: 'polling' | 'webhook';
  webhookSecret: string | null;
  merchantIds: string[];
}

export interface Config {
  http: { port: number; host: string; publicUrl: string };
  dataDir: string;
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

export class ConfigError extends AppError<'CONFIG_INVALID'> {
  constructor(variable: string, allowed: string, got: string | undefined) {
    const safe = got === undefined ? '' : withoutPassword(got);
    const shown =
      got === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(safe.length > 40 ? `${safe.slice(0, 40)}…` : safe)})`;
    super(
      'CONFIG_INVALID',
      {
        id: `Variabel ${variable} tidak valid${shown}: ${allowed}.`,
        en: `${variable} is not valid${shown}: ${allowed}.`,
      },
      { variable },
    );
  }
}

class Reader {
  constructor(private readonly env: Env) {}

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
    if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(name, `a whole number from ${min} to ${max}`, value);
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, value);
    return value as T;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    throw new ConfigError(name, 'true or false', value);
  }

  url(name: string, fallback: string | null, protocols: readonly string[] = ['http', 'https']): string | null {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const allowed = `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, allowed, value);
    }
    if (!protocols.includes(parsed.protocol.slice(0, -1))) throw new ConfigError(name, allowed, value);
    return value.replace(/\/+$/, '');
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
    throw new ConfigError('TELEGRAM_WEBHOOK_SECRET', 'required in webhook mode: 1-256 characters of A-Z a-z 0-9 _ -', webhookSecret ?? undefined);
  }
  for (const id of read.list('MERCHANT_TELEGRAM_IDS')) {
    if (!/^\d{1,20}$/.test(id)) throw new ConfigError('MERCHANT_TELEGRAM_IDS', 'comma-separated numeric Telegram user ids', id);
  }

  const smtpUrl = read.url('SMTP_URL', null, ['smtp', 'smtps']);
  const mailFrom = read.optional('MAIL_FROM');
  if (smtpUrl && !mailFrom) throw new ConfigError('MAIL_FROM', 'required with SMTP_URL, e.g. "Toko Budi <toko@example.com>"', undefined);

  const phoneList = (name: string): string[] =>
    read.list(name).map((n) => {
      try {
        return normalizePhone(n);
      } catch {
        throw new ConfigError(name, 'comma-separated phone numbers such as 6281234567890', n);
      }
    });
  const pairing = read.optional('WHATSAPP_PAIRING_NUMBER');
  const webVersion = read.optional('WHATSAPP_WEB_VERSION');
  if (webVersion !== null && !/^\d+,\d+,\d+$/.test(webVersion)) {
    throw new ConfigError('WHATSAPP_WEB_VERSION', 'three comma-separated numbers such as 2,3000,1027934701', webVersion);
  }

  return {
    http: {
      port,
      host: read.string('HOST', '0.0.0.0'),
      publicUrl: read.url('PUBLIC_URL', `http://localhost:${port}`)!,
    },
    dataDir: resolve(read.string('DATA_DIR', './data')),
    mongodbUri: read.optional('MONGODB_URI'),
    merchantName: read.string('MERCHANT_NAME', 'tagih').slice(0, 50),
    locale: read.oneOf('LOCALE', ['id', 'en'] as const, 'id'),
    midtrans: {
      mode: serverKey ? environment : 'simulator',
      environment,
      serverKey,
      clientKey: read.optional('MIDTRANS_CLIENT_KEY'),
      apiBaseUrl: read.url('MIDTRANS_API_BASE_URL', null),
      snapBaseUrl: read.url('MIDTRANS_SNAP_BASE_URL', null),
      verifyStatus: read.boolean('MIDTRANS_VERIFY_STATUS', true),
      timeoutMs: read.integer('MIDTRANS_TIMEOUT_MS', 10_000, 500, 60_000),
      simulatorPort: read.integer('SIMULATOR_PORT', 3900, 0, 65535),
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

/** Reads `.env` from the working directory into process.env, never overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
