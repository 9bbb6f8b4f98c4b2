/**
 * Servers under test run in child processes, the load generator in the
 * benchmark's own process: autocannon in the same process would take CPU
 * from the server it measures on these 2-core machines. Each child runs
 * `node --import tsx <entry>` with an environment built from scratch (no
 * .env, no stray tokens), logs to a file, and speaks bench/support/messages.ts.
 */
import { fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFromChild, type ToChild } from '../support/messages.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Usage {
  rss: number;
  heapUsed: number;
  /** CPU time (user + system) the child has used since it started. */
  cpuMicros: number;
}

export interface ChildServer {
  url: string;
  usage(): Promise<Usage>;
  /** Asks the child to stop; kills it if it has not exited within 15 s. */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Added to PATH, HOME and TMPDIR, which is all a child inherits. */
  env: Record<string, string>;
  logPath: string;
  /** BENCH_CPU_PROF: write a .cpuprofile of the child into this directory when it exits. */
  cpuProfileDir?: string | null;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

/** `entry` is relative to the repository root, e.g. `bench/support/tagih-server.ts`. */
export async function startChild(entry: string, options: ChildOptions): Promise<ChildServer> {
  const log = openSync(options.logPath, 'a');
  const inherited = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TMPDIR: process.env['TMPDIR'] ?? '/tmp' };
  const child = fork(join(REPO_ROOT, entry), [], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...options.env },
    execArgv: ['--import', 'tsx', ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [])],
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readings: Array<{ resolve: (reading: Usage) => void; reject: (err: Error) => void }> = [];
  child.once('exit', () => {
    for (const reader of readings.splice(0)) reader.reject(new Error(`${entry} exited`));
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${START_TIMEOUT_MS} ms:\n${tail(options.logPath)}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before it was ready:\n${tail(options.logPath)}`));
    });
    child.on('message', (message: unknown) => {
      if (!isFromChild(message)) return;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.url);
      } else {
        readings.shift()?.resolve({ rss: message.rss, heapUsed: message.heapUsed, cpuMicros: message.cpuMicros });
      }
    });
  });

  const send = (message: ToChild) => child.connected && child.send(message);
  return {
    url,
    usage: () =>
      new Promise<Usage>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${entry} is not running`));
        // The child answers in order, so the oldest waiting reader gets the next reading.
        readings.push({ resolve, reject });
        send({ type: 'usage' });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Watched {
  /** The highest RSS read while the load ran. */
  peakRss: number;
  /** CPU time the child used while the load ran. */
  cpuMicros: number;
}

/** Runs `load` while reading the child's memory every `everyMs`. */
export async function watch<T>(child: ChildServer, load: () => Promise<T>, everyMs = 250): Promise<T & Watched> {
  const before = await child.usage();
  let peakRss = before.rss;
  let running = true;
  const readings = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      const reading = await child.usage().catch(() => null);
      if (reading === null) return;
      peakRss = Math.max(peakRss, reading.rss);
    }
  })();
  try {
    const result = await load();
    running = false;
    await readings;
    const after = await child.usage();
    return { ...result, peakRss: Math.max(peakRss, after.rss), cpuMicros: after.cpuMicros - before.cpuMicros };
  } finally {
    running = false;
  }
}
