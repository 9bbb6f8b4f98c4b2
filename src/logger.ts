/**
 * Structured logs (pino). Secrets are kept out at the source, and these
 * redactions catch the usual places they could still slip in: request
 * headers, and fields named after keys, tokens and passwords.
 */
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

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

export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'tagih' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
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
