/**
 * The local Midtrans simulator in its own process: Get Status answers then
 * cost the server under test no CPU, as a remote Midtrans would not.
 * SIMULATOR_NOTIFY_URL, when set, receives its notifications.
 */
import { SIMULATOR_DEV_KEY, startSimulator } from '../../src/midtrans/simulator/simulator.ts';
import { serveParent } from './parent-link.ts';

const notificationUrl = process.env['SIMULATOR_NOTIFY_URL'];
const simulator = await startSimulator({ serverKey: SIMULATOR_DEV_KEY, ...(notificationUrl ? { notificationUrl } : {}) });
serveParent(simulator.url, () => simulator.close());
