/**
 * Whether Telegram would take `${PUBLIC_URL}/webhooks/telegram` as a webhook.
 * Checked at start, so a PUBLIC_URL Telegram refuses stops tagih with what to
 * set instead of a bot that never hears a message.
 */
import { AppError } from '../../src/domain/errors.ts';
import type { Phrase } from '../../src/text/catalog.ts';

export type WebhookUrlErrorCode = 'TELEGRAM_WEBHOOK_URL_INVALID' | 'TELEGRAM_WEBHOOK_NOT_HTTPS' | 'TELEGRAM_WEBHOOK_PORT_REFUSED';

/** PUBLIC_URL cannot be Telegram's webhook; the message says why and what to set. */
export class WebhookUrlError extends AppError<WebhookUrlErrorCode> {
  constructor(code: WebhookUrlErrorCode, reason: Phrase, publicUrl: string) {
    super(code, (w) => `${reason(w)} ${w.telegram.webhookUrl.fix}`, { variable: 'PUBLIC_URL', publicUrl });
  }
}

/**
 * Telegram's setWebhook accepts https only, on these ports (Bot API,
 * https://core.telegram.org/bots/api#setwebhook; docs/telegram.md).
 */
const WEBHOOK_PORTS = new Set(['443', '80', '88', '8443']);
const OFFICIAL_API = 'api.telegram.org';

/**
 * Only Telegram's own servers hold webhooks to those rules: a Bot API server
 * of one's own started with --local takes http and any port
 * (telegram-bot-api WebhookActor.cpp checks them only outside local mode).
 */
export function isOfficialApi(apiRoot: string): boolean {
  try {
    return new URL(apiRoot).hostname === OFFICIAL_API;
  } catch {
    return false;
  }
}

/** Throws a WebhookUrlError when Telegram would refuse a webhook under `publicUrl`. */
export function checkWebhookUrl(publicUrl: string): void {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new WebhookUrlError('TELEGRAM_WEBHOOK_URL_INVALID', (w) => w.telegram.webhookUrl.notAUrl(publicUrl), publicUrl);
  }
  if (url.protocol !== 'https:') {
    const scheme = url.protocol.slice(0, -1);
    throw new WebhookUrlError('TELEGRAM_WEBHOOK_NOT_HTTPS', (w) => w.telegram.webhookUrl.notHttps(scheme), publicUrl);
  }
  const port = url.port === '' ? '443' : url.port;
  if (!WEBHOOK_PORTS.has(port)) {
    throw new WebhookUrlError('TELEGRAM_WEBHOOK_PORT_REFUSED', (w) => w.telegram.webhookUrl.portRefused(port, url.origin), publicUrl);
  }
}
