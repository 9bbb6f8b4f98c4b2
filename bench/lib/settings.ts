/**
 * The benchmarks' knobs, read from the environment (documented in
 * bench/README.md). A bad value stops the run at once, naming the variable.
 */
import { resolve } from 'node:path';

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of at least 0, not "${raw}"`);
  return value;
}

export function envText(name: string, fallback: string): string {
  const raw = process.env[name]?.trim();
  return raw === undefined || raw === '' ? fallback : raw;
}

export interface CommonSettings {
  /** BENCH_LINKS: links (two orders each) already in the store. */
  links: number;
  /** BENCH_CONNECTIONS: concurrent connections of the load generator. */
  connections: number;
  /** BENCH_MAX_SECONDS: a load run stops after this long whatever is left. */
  maxSeconds: number;
  /** BENCH_LOG_LEVEL: tagih's LOG_LEVEL during the runs. */
  logLevel: string;
  /** BENCH_CPU_PROF: a directory for .cpuprofile files of the server processes. */
  cpuProfileDir: string | null;
}

export function commonSettings(): CommonSettings {
  const profile = envText('BENCH_CPU_PROF', '');
  return {
    links: envNumber('BENCH_LINKS', 100_000),
    connections: envNumber('BENCH_CONNECTIONS', 50),
    maxSeconds: envNumber('BENCH_MAX_SECONDS', 30),
    logLevel: envText('BENCH_LOG_LEVEL', 'info'),
    cpuProfileDir: profile === '' ? null : resolve(profile),
  };
}
