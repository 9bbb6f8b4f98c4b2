/**
 * The bot token is in every Bot API URL, and library errors quote URLs
 * (node-fetch's "invalid json response body at .../bot<token>/sendMessage").
 * Everything this adapter logs or stores about a failure passes through here.
 */
const ANY_TOKEN = /\b\d{5,}:[A-Za-z0-9_-]{20,}\b/g;

export function redactToken(text: string, token: string): string {
  const withoutOurs = token === '' ? text : text.split(token).join('[REDACTED]');
  return withoutOurs.replace(ANY_TOKEN, '[REDACTED]');
}
