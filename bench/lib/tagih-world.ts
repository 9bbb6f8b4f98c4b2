/**
 * What the HTTP benchmarks share: a temp DATA_DIR on disk holding a store
 * already in use (bench/lib/background.ts), the Midtrans simulator in its own
 * process, the real services opened in this process to prepare links and
 * orders, and tagih itself started in a child process by its composition root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { LinkService } from '../../src/links/link-service.ts';
import { MidtransGateway } from '../../src/midtrans/gateway.ts';
import { SIMULATOR_DEV_KEY } from '../../src/midtrans/simulator/simulator.ts';
import { Checkout } from '../../src/payments/checkout.ts';
import type { Store } from '../../src/store/ports.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { seedBackground } from './background.ts';
import { startChild, type ChildServer } from './children.ts';

export const MERCHANT_NAME = 'Toko Bench';
const PUBLIC_URL = 'http://127.0.0.1:3000';
const CLIENT_KEY = 'SB-Mid-client-bench';

export interface WorldOptions {
  /** Names the temp directory. */
  name: string;
  /** Links (each with two orders) already in the store. */
  links: number;
  /** Where the simulator sends notifications; none are sent without it. */
  notificationUrl?: string;
  /** tagih's LOG_LEVEL. */
  logLevel: string;
  /** BENCH_CPU_PROF: profile every server child into this directory. */
  cpuProfileDir: string | null;
}

export interface Services {
  store: Store;
  links: LinkService;
  checkout: Checkout;
}

export interface World {
  dir: string;
  dbPath: string;
  simulator: ChildServer;
  /** The real services on the same database file, for preparing data; closed by `closeServices`. */
  services: Services;
  closeServices(): Promise<void>;
  /** Starts tagih (`npm start`'s composition root) on this world's DATA_DIR and simulator. */
  startTagih(label: string, env: Record<string, string>): Promise<ChildServer>;
  /** Starts any other server entry in a child process, logging into this world's directory. */
  startServer(entry: string, label: string, env: Record<string, string>): Promise<ChildServer>;
  close(): Promise<void>;
}

export async function openWorld(options: WorldOptions): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), `tagih-bench-${options.name}-`));
  const dbPath = databasePath(dir);
  const children: ChildServer[] = [];
  const startServer = async (entry: string, label: string, env: Record<string, string>) => {
    const child = await startChild(entry, { env, logPath: join(dir, `${label}.log`), cpuProfileDir: options.cpuProfileDir });
    children.push(child);
    return child;
  };
  try {
    seedBackground(dbPath, options.links);
    const simulator = await startChild('bench/support/simulator-server.ts', {
      env: options.notificationUrl ? { SIMULATOR_NOTIFY_URL: options.notificationUrl } : {},
      logPath: join(dir, 'simulator.log'),
    });
    children.push(simulator);

    const store = openSqliteStore({ path: dbPath });
    const logger = pino({ level: 'silent' });
    const links = new LinkService({ store, publicUrl: PUBLIC_URL, merchantName: MERCHANT_NAME, paymentWindowMs: 60 * 60_000 });
    const gateway = new MidtransGateway({
      serverKey: SIMULATOR_DEV_KEY,
      clientKey: CLIENT_KEY,
      environment: 'sandbox',
      apiBaseUrl: simulator.url,
      snapBaseUrl: `${simulator.url}/snap/v1`,
      timeoutMs: 10_000,
    });
    const checkout = new Checkout({ links, gateway, store, publicUrl: PUBLIC_URL, logger });
    let servicesOpen = true;
    const closeServices = async () => {
      if (!servicesOpen) return;
      servicesOpen = false;
      await store.close();
    };

    return {
      dir,
      dbPath,
      simulator,
      services: { store, links, checkout },
      closeServices,
      startServer,
      startTagih: (label, env) =>
        startServer('bench/support/tagih-server.ts', label, {
          DATA_DIR: dir,
          PORT: '0',
          HOST: '127.0.0.1',
          CONSOLE: 'off',
          LOG_LEVEL: options.logLevel,
          MERCHANT_NAME,
          MIDTRANS_SERVER_KEY: SIMULATOR_DEV_KEY,
          MIDTRANS_CLIENT_KEY: CLIENT_KEY,
          MIDTRANS_API_BASE_URL: simulator.url,
          MIDTRANS_SNAP_BASE_URL: `${simulator.url}/snap/v1`,
          // BENCH_SQLITE_CACHE_MIB: compare page cache sizes on the same code; unset, tagih's default.
          ...(process.env['BENCH_SQLITE_CACHE_MIB'] ? { SQLITE_CACHE_MIB: process.env['BENCH_SQLITE_CACHE_MIB'] } : {}),
          ...env,
        }),
      async close() {
        await closeServices();
        await Promise.all(children.map((child) => child.stop()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(children.map((child) => child.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Lets a freshly started server finish its start-up work before it is called idle. */
export async function idleRss(server: ChildServer, settleMs = 2_000): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return (await server.usage()).rss;
}
