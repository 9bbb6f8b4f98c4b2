/**
 * Typed errors with a stable code and a message for people in their language.
 *
 * Every failure that reaches a merchant or a customer is an AppError: the code is
 * what tests, logs and callers branch on; `phrase` picks what a person reads
 * from their language's catalog (src/text). Each module declares its own codes
 * next to the rule that raises them, so the codes grow with the code instead of
 * in one shared file.
 */
import type { Locale } from './locale.ts';
import { say, type Phrase } from '../text/catalog.ts';

export class AppError<C extends string = string> extends Error {
  override readonly name = 'AppError';

  readonly code: C;
  /** What a person reads, in whichever language they read. */
  readonly phrase: Phrase;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    code: C,
    phrase: Phrase,
    /** Extra facts for logs and callers (never secrets). */
    details: Readonly<Record<string, unknown>> = {},
  ) {
    // Logs are read by the operator, in English.
    super(`${code}: ${say(phrase, 'en')}`);
    this.code = code;
    this.phrase = phrase;
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
