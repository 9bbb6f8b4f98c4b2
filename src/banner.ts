/**
 * What a person sees when tagih starts: what is on, what is off, and the one
 * thing to set to turn each on; then what would keep a customer from paying
 * (or make a payment look real when it is not). Printed for people, in
 * English, not parsed by machines.
 */
import { networkInterfaces } from 'node:os';
import type { Writable } from 'node:stream';
import type { Config } from './config.ts';
import { isLocalAddress } from './local-address.ts';
import { wordsIn } from './text/catalog.ts';

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
  /** This machine's address on the local network, for trying from a phone; null when it has none. */
  lanAddress: string | null;
}

/** The first IPv4 address of this machine that is not loopback, e.g. 192.168.1.20. */
export function lanAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return null;
}

/** The warnings under the banner: each says what is wrong and what to set. */
function bannerWarnings(facts: BannerFacts): string[] {
  const { config } = facts;
  const simulated = config.midtrans.mode === 'simulator';
  const publicUrl = new URL(config.http.publicUrl);
  const onThisMachine = publicUrl.hostname === 'localhost' || /^127\.|^\[::1\]$/.test(publicUrl.hostname);
  const warnings: string[] = [];
  if (simulated && (config.telegram !== null || config.whatsapp.enabled)) {
    warnings.push(
      `${wordsIn('en').common.simulated}: payments here are played by the built-in simulator, and customers who "pay" send nothing. ` +
        'Every notice says so. Set MIDTRANS_SERVER_KEY before you share a link with a real customer.',
    );
  }
  if (!simulated && (publicUrl.protocol !== 'https:' || isLocalAddress(publicUrl.hostname))) {
    warnings.push(
      `PUBLIC_URL is ${config.http.publicUrl}: Midtrans cannot send payment notifications there and customers' phones cannot open the links. ` +
        'Set PUBLIC_URL to a public https address (a reverse proxy or a tunnel in front of tagih).',
    );
  }
  if (onThisMachine && facts.lanAddress) {
    const port = publicUrl.port || new URL(facts.serverUrl).port;
    const simulator = simulated ? ' SIMULATOR_HOST=0.0.0.0' : '';
    warnings.push(
      `To try from a phone on the same Wi-Fi: PUBLIC_URL=http://${facts.lanAddress}:${port}${simulator}` +
        (config.http.host === '127.0.0.1' ? ' HOST=0.0.0.0' : '') +
        (simulated ? ' (the simulator then takes payments from anyone on that network).' : '.'),
    );
  } else if (simulated && config.midtrans.simulatorHost === '127.0.0.1' && !onThisMachine) {
    warnings.push(`The simulator's payment page listens on this machine only: set SIMULATOR_HOST=0.0.0.0 to open it from ${publicUrl.hostname}.`);
  }
  return warnings;
}

export function printBanner(out: Writable, facts: BannerFacts): void {
  const { config } = facts;
  const midtrans =
    config.midtrans.mode === 'simulator'
      ? `${wordsIn('en').common.simulated}: simulator at ${facts.simulatorUrl} — set MIDTRANS_SERVER_KEY for the Midtrans sandbox`
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
  const warnings = bannerWarnings(facts).map((warning) => `  ⚠ ${warning}`);
  out.write(`\ntagih is running · ${config.merchantName}\n\n${body}\n${warnings.length > 0 ? `\n${warnings.join('\n')}\n` : ''}\n`);
}
