/**
 * Small tools the benchmarks share: timing, percentiles, bounded concurrency,
 * memory readings and one way to print a table of results.
 */
import { performance } from 'node:perf_hooks';

export interface Row {
  benchmark: string;
  result: string;
  note?: string;
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export function summarize(samplesMs: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** Runs `count` tasks with at most `concurrency` in flight; returns the wall time in ms. */
export async function runConcurrently(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - started;
}

/** Times each call of `fn` (sequentially) and returns the samples in ms. */
export async function sample(times: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

export function perSecond(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

export function ms(value: number): string {
  return value < 1 ? `${value.toFixed(3)} ms` : `${value.toFixed(2)} ms`;
}

export function memory(): string {
  const { rss, heapUsed } = process.memoryUsage();
  return `RSS ${Math.round(rss / 2 ** 20)} MiB, heap ${Math.round(heapUsed / 2 ** 20)} MiB`;
}

export function printTable(title: string, rows: readonly Row[]): void {
  const width = (pick: (r: Row) => string, header: string) => Math.max(header.length, ...rows.map((r) => pick(r).length));
  const w1 = width((r) => r.benchmark, 'benchmark');
  const w2 = width((r) => r.result, 'result');
  const line = (a: string, b: string, c: string) => `| ${a.padEnd(w1)} | ${b.padEnd(w2)} | ${c} |`;
  console.log(`\n${title}\n`);
  console.log(line('benchmark', 'result', 'note'));
  console.log(line('-'.repeat(w1), '-'.repeat(w2), '---'));
  for (const row of rows) console.log(line(row.benchmark, row.result, row.note ?? ''));
}

export function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
