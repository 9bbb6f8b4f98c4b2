/**
 * Structured logs (pino) that keep secrets out by construction: every field
 * of every line, the message and a child logger's bindings pass through
 * `scrubForLog` (pino's `formatters.log`, `serializers` for `err` and `msg`,
 * and `child`),
 * so no call site has to remember. Errors are logged under `err`, pino's
 * convention (https://github.com/pinojs/pino/blob/main/docs/api.md#errorkey-string),
 * as name, message, code, stack and its causes' names and codes only: a
 * library error's other
 * fields (an HTTP client's request config with its Authorization header, a
 * Boom error's protocol nodes) never reach the log. `redact` still blanks
 * fields named after secrets, whose values match no pattern.
 */
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.ts';
import { scrub } from './notify/scrub.ts';

export type { Logger };

const REDACTED_PATHS = [
  'serverKey',
  '*.serverKey',
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-telegram-bot-api-secret-token"]',
  'creds',
  '*.creds',
];

/** What a log line shows of an error. */
export interface LoggedError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: unknown;
}

/** Deeper than any log field we write; beyond it a value is summarised, so a cyclic or huge object cannot stall a log call. */
const MAX_DEPTH = 6;

/** An error as a log line shows it: scrubbed, and only the fields that describe it. */
export function serializeError(err: unknown, known: readonly string[] = []): unknown {
  if (!(err instanceof Error)) return scrubForLog(err, known);
  const logged: LoggedError = { type: err.name, message: scrub(err.message, known), ...codeOf(err, known) };
  if (err.stack !== undefined) logged.stack = scrub(err.stack, known);
  if (err.cause !== undefined) logged.cause = causeOf(err.cause, known, 1);
  return logged;
}

function codeOf(err: object, known: readonly string[]): { code?: string | number } {
  const code: unknown = (err as { code?: unknown }).code;
  if (typeof code === 'string') return { code: scrub(code, known) };
  return typeof code === 'number' ? { code } : {};
}

/**
 * A cause chain by type and code only (`fetch failed` ← ECONNREFUSED): a
 * cause is often a driver's own words, which may quote the data it was
 * writing (a store error wrapping "disk full while writing <session keys>").
 */
function causeOf(cause: unknown, known: readonly string[], depth: number): unknown {
  if (!(cause instanceof Error)) return typeof cause;
  const described: Omit<LoggedError, 'message'> = { type: cause.name, ...codeOf(cause, known) };
  if (cause.cause !== undefined && depth < MAX_DEPTH) described.cause = causeOf(cause.cause, known, depth + 1);
  return described;
}

/** Any value with every string in it scrubbed and every error serialized; what JSON would show of it, nothing more. */
function scrubForLog(value: unknown, known: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return scrub(value, known);
  if (value instanceof Error) return serializeError(value, known);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  // URL, Date, Buffer and the like: what JSON.stringify would write (a URL's href holds its password).
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return scrubForLog(toJSON.call(value), known, depth + 1);
  if (Array.isArray(value)) return value.map((item) => scrubForLog(item, known, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubForLog(item, known, depth + 1);
  return out;
}

const MIN_KNOWN_SECRET = 8;

/**
 * The configured secrets, for the ones no pattern recognises (a webhook
 * secret, an SMTP password). One shorter than MIN_KNOWN_SECRET is left to the
 * patterns: blanking every occurrence of "ab12" would garble ordinary values.
 */
export function configuredSecrets(config: Pick<Config, 'midtrans' | 'telegram' | 'email'>): string[] {
  const smtpPassword = config.email ? decodeURIComponent(new URL(config.email.smtpUrl).password) : '';
  const secrets = [config.midtrans.serverKey, config.telegram?.token, config.telegram?.webhookSecret, smtpPassword];
  return secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= MIN_KNOWN_SECRET);
}

/** `known`: secret values to blank wherever they appear, beside the patterns `scrub` knows. */
export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream, known: readonly string[] = []): Logger {
  const fields = (object: Record<string, unknown>): Record<string, unknown> => scrubForLog(object, known) as Record<string, unknown>;
  const options: LoggerOptions = {
    level,
    base: { service: 'tagih' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: fields },
    // `msg` is not among the fields formatters.log sees (`logger.error(err)` makes it err.message);
    // `err` replaces pino's standard serializer, which copies every enumerable field of an error.
    serializers: { err: (err: unknown) => serializeError(err, known), msg: (msg: unknown) => scrubForLog(msg, known) },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // A child's bindings skip formatters (pino resets the bindings formatter for
  // children: node_modules/pino/lib/proto.js child()), so they are scrubbed
  // here; children are created from their parent, so all of them inherit this.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, fields(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/**
 * Logs into a file, for when the terminal belongs to the console chat. The
 * file is opened here, synchronously, so a folder that cannot be written fails
 * at once, and a process that exits early can still flush: sonic-boom opening
 * a path in the background throws "sonic boom is not ready yet" from pino's
 * exit hook otherwise (node_modules/sonic-boom/index.js, flushSync).
 */
export function fileDestination(path: string): DestinationStream {
  mkdirSync(dirname(path), { recursive: true });
  return pino.destination({ dest: openSync(path, 'a'), sync: false });
}
