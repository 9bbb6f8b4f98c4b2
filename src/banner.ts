/**
 * What a person sees when tagih starts: what is on, what is off, and the one
 * thing to set to turn each on. Printed for people, not parsed by machines.
 */
import type { Writable } from 'node:stream';
import type { Config } from './config.ts';

export interface BannerFacts {
  config: Config;
  serverUrl: string;
  /** The local Midtrans simulator's address, when it plays Midtrans. */
  simulatorUrl: string | null;
  /** The database file, or "MongoDB". */
  store: string;
  console: boolean;
  logPath: string | null;
  /** Extra lines from chat adapters (bot names, setup codes, login QR hints). */
  chats?: ReadonlyArray<readonly [string, string]>;
}

export function printBanner(out: Writable, facts: BannerFacts): void {
  const { config } = facts;
  const midtrans =
    config.midtrans.mode === 'simulator'
      ? `simulator at ${facts.simulatorUrl} (no real money) — set MIDTRANS_SERVER_KEY for the Midtrans sandbox`
      : `Midtrans ${config.midtrans.mode}${config.midtrans.verifyStatus ? ', every notification re-checked' : ''}`;
  const lines: Array<readonly [string, string]> = [
    ['Payment pages', `${config.http.publicUrl}/p/<link> (listening on ${facts.serverUrl})`],
    ['Store', facts.store],
    ['Payments', midtrans],
    ['Webhook URL', `${config.http.publicUrl}/webhooks/midtrans — put it in the Midtrans dashboard (Settings → Payment Notification URL)`],
    ...(facts.chats ?? []),
    ['Telegram', config.telegram ? `on (${config.telegram.mode})` : 'off — set TELEGRAM_BOT_TOKEN'],
    [
      'WhatsApp',
      config.whatsapp.enabled
        ? `on — when a login is needed its ${config.whatsapp.pairingNumber ? 'pairing code' : 'QR'} prints here (QR also saved to ${config.dataDir}/whatsapp-qr.png)`
        : 'off — set WHATSAPP_ENABLED=true',
    ],
    ['Email', config.email ? `on (from ${config.email.from})` : 'off — set SMTP_URL and MAIL_FROM'],
    ['Console chat', facts.console ? 'on — type /newlink Kaos 150000, or /help' : 'off — set CONSOLE=on'],
    ['Logs', facts.logPath ?? 'standard output'],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  const body = lines.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
  out.write(`\ntagih is running · ${config.merchantName}\n\n${body}\n\n`);
}
