/**
 * Logs captured in memory with the application's own logger settings
 * (src/logger.ts, redaction included), so a test can read every line a
 * component wrote and search it for what must never be there.
 */
import { inspect } from 'node:util';
import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../../src/logger.ts';

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, as pino wrote it (JSON). */
  text(): string;
  /** The parsed lines. */
  lines(): Array<Record<string, unknown>>;
  /** Lines at `level` or above (pino numbers: 40 warn, 50 error). */
  atLeast(level: number): Array<Record<string, unknown>>;
}

export function captureLogs(level: 'trace' | 'debug' | 'info' = 'trace'): CapturedLog {
  const chunks: string[] = [];
  const destination: DestinationStream = {
    write(line: string) {
      chunks.push(line);
    },
  };
  const logger = createLogger(level, destination);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    text: () => chunks.join(''),
    lines,
    atLeast: (min) => lines().filter((line) => typeof line['level'] === 'number' && line['level'] >= min),
  };
}

/**
 * Everything an operator or a caller could see of a thrown value: its
 * message, its stack, util.inspect with hidden fields, and JSON, the cause
 * chain included.
 */
export function everyRendering(value: unknown): string {
  const parts: string[] = [String(value), inspect(value, { depth: 8, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // A circular structure cannot be JSON; inspect above still shows it.
  }
  if (value instanceof Error) {
    parts.push(value.message, value.stack ?? '');
    if (value.cause !== undefined) parts.push(everyRendering(value.cause));
  }
  return parts.join('\n');
}

/** The secret, and the telling pieces of it a partial quote would still give away. */
export function fragmentsOf(secret: string, length = 12): string[] {
  if (secret.length <= length) return [secret];
  const pieces = new Set<string>([secret]);
  for (let i = 0; i + length <= secret.length; i += Math.max(1, Math.floor(length / 2))) pieces.add(secret.slice(i, i + length));
  pieces.add(secret.slice(-length));
  return [...pieces];
}

/** The fragments of any secret that occur in `text` (empty when none does). */
export function leaks(text: string, secrets: readonly string[], fragmentLength = 12): string[] {
  return secrets.flatMap((secret) => fragmentsOf(secret, fragmentLength)).filter((piece) => text.includes(piece));
}
