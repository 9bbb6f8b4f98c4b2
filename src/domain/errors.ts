/**
 * Typed errors with a stable code and a message for people in both languages.
 *
 * Every failure that reaches a merchant or a customer is an AppError: the code is
 * what tests, logs and callers branch on; `text` is what a person reads. Each
 * module declares its own codes next to the rule that raises them, so the
 * catalogue grows with the code instead of in one shared file.
 */
import type { Locale, Text } from './locale.ts';
import { say, wordsIn, type Phrase } from '../text/catalog.ts';

export class AppError<C extends string = string> extends Error {
  override readonly name = 'AppError';

  readonly code: C;
  /** What a person reads, in whichever language they read. */
  readonly phrase: Phrase;
  readonly text: Text;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    code: C,
    text: Text | Phrase,
    /** Extra facts for logs and callers (never secrets). */
    details: Readonly<Record<string, unknown>> = {},
  ) {
    const pair = typeof text === 'function' ? { id: say(text, 'id'), en: say(text, 'en') } : text;
    super(`${code}: ${pair.en}`);
    this.code = code;
    // Bridge until no caller passes a pair: a pair answers by which catalog asks.
    this.phrase = typeof text === 'function' ? text : (w) => (w === wordsIn('en') ? text.en : text.id);
    this.text = pair;
    this.details = details;
  }

  /** The message in one language. */
  say(locale: Locale): string {
    return say(this.phrase, locale);
  }
}

export function isAppError(err: unknown, code?: string): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

/** Input that breaks a rule: nothing was written. */
export class ValidationError<C extends string = string> extends AppError<C> {}

/** The thing asked for does not exist, or is not the caller's to see. */
export class NotFoundError<C extends string = string> extends AppError<C> {}

/** A unique value (order id, slug) is already taken. */
export class ConflictError<C extends string = string> extends AppError<C> {}

/**
 * The database cannot be reached or refused the write. Callers answer 503 or
 * retry later; nothing was half-written.
 */
export class StoreUnavailableError extends AppError<'STORE_UNAVAILABLE'> {
  constructor(cause?: unknown) {
    super('STORE_UNAVAILABLE', (w) => w.store.unavailable);
    if (cause !== undefined) this.cause = cause;
  }
}
