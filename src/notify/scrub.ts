/**
 * Error texts come from libraries and servers we do not control: an SMTP URL
 * with its password, a Bot API URL with the token, a server echoing the
 * recipient's address. Anything that goes to a log line or into the outbox's
 * last_error passes through `scrub` first.
 */

/** `scheme://user:password@host` keeps the user and loses the password. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s@/?#]*@/gi;
/** Telegram bot tokens (`123456:AA…`), bare or inside a Bot API path. */
const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

export function scrub(text: string): string {
  return text.replace(URL_PASSWORD, '$1:***@').replace(BOT_TOKEN, '***').replace(EMAIL, '<address>');
}

/** A short, scrubbed description of anything thrown. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return scrub(text).slice(0, 300);
}
