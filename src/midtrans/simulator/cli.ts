/**
 * `npm run simulator`: a local Midtrans for trying tagih without keys.
 *
 * Environment: SIMULATOR_PORT (3900), SIMULATOR_HOST (127.0.0.1),
 * MIDTRANS_SERVER_KEY (a fixed sandbox-style dev key), SIMULATOR_NOTIFY_URL
 * (the app's webhook, e.g. http://localhost:3000/webhooks/midtrans),
 * SIMULATOR_PUBLIC_URL (when browsers reach it at another address), LOG_LEVEL.
 */
import { pino } from 'pino';
import { SIMULATOR_DEV_KEY, startSimulator } from './simulator.ts';

const env = (name: string): string | undefined => {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const logger = pino({ level: env('LOG_LEVEL') ?? 'info' });
const portText = env('SIMULATOR_PORT') ?? '3900';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.fatal(`SIMULATOR_PORT must be a port number (0-65535), not "${portText}"`);
  process.exit(1);
}

const notificationUrl = env('SIMULATOR_NOTIFY_URL');
const publicUrl = env('SIMULATOR_PUBLIC_URL');
const simulator = await startSimulator({
  serverKey: env('MIDTRANS_SERVER_KEY') ?? SIMULATOR_DEV_KEY,
  host: env('SIMULATOR_HOST') ?? '127.0.0.1',
  port,
  logger,
  ...(notificationUrl === undefined ? {} : { notificationUrl }),
  ...(publicUrl === undefined ? {} : { publicUrl }),
});

logger.info(
  {
    MIDTRANS_API_BASE_URL: simulator.apiBaseUrl,
    MIDTRANS_SNAP_BASE_URL: simulator.snapBaseUrl,
    notifications: notificationUrl ?? 'off (set SIMULATOR_NOTIFY_URL)',
  },
  `Midtrans simulator listening on ${simulator.url}`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'simulator stopping');
    void simulator.close().then(() => process.exit(0));
  });
}
