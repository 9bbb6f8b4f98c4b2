/**
 * Error texts come from libraries and servers we do not control: an SMTP URL
 * with its password, a Bot API URL with the token, a server echoing the
 * recipient's address. Every log line passes through `scrub` (src/logger.ts
 * applies it to every field), and so does anything stored about a failure
 * (the outbox's last_error).
 */

/** `scheme://user:password@host` keeps the user and loses the password. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s@/?#]*@/gi;
/**
 * Telegram bot tokens, bare or inside a Bot API path (`/bot<token>/getMe`):
 * `<bot id>:<secret>`, the secret 35 characters of [A-Za-z0-9_-] as BotFather
 * issues them (https://core.telegram.org/bots/features#botfather, whose own
 * example `110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw` has 34). 30 or more
 * catches both without matching ordinary `id:word` text.
 */
const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;
/**
 * Midtrans server keys (https://docs.midtrans.com/docs/access-keys):
 * `SB-Mid-server-…` in sandbox, `Mid-server-…` in production, and the older
 * `VT-server-…` (github.com/Midtrans/Midtrans-Payment-API-Postman-Collections, README).
 */
const SERVER_KEY = /\b(?:SB-)?(?:Mid|VT)-server-[A-Za-z0-9_-]+/g;
/** An Authorization header's credentials as an HTTP client error may quote them (Midtrans takes the server key as Basic auth). */
const AUTH_HEADER = /\b(Basic|Bearer) [A-Za-z0-9+/._~-]+=*/gi;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/**
 * `text` without passwords in URLs, bot tokens, server keys, Authorization
 * credentials and e-mail addresses, and
 * without any of `known` (secrets this caller holds, e.g. its own bot token,
 * in case one does not look like the patterns).
 */
export function scrub(text: string, known: readonly string[] = []): string {
  const withoutKnown = known.reduce((out, secret) => (secret === '' ? out : out.split(secret).join('***')), text);
  return withoutKnown
    .replace(URL_PASSWORD, '$1:***@')
    .replace(BOT_TOKEN, '***')
    .replace(SERVER_KEY, '***')
    .replace(AUTH_HEADER, '$1 ***')
    .replace(EMAIL, '<address>');
}

/** A short, scrubbed description of anything thrown, for storing beside a failed entry. */
export function describeError(err: unknown, known: readonly string[] = []): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return scrub(text, known).slice(0, 300);
}
