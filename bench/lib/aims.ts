/**
 * The webhook's aims (issue 19), judged on one run's figures at one store
 * size, for `npm run bench:webhook` and `npm run bench` alike. Reported,
 * never asserted.
 */
import type { WebhookFigures } from '../webhook.bench.ts';
import { cpuPerAnswer } from './load.ts';
import { ms } from './measure.ts';

/** Re-check off: CPU per durable notification within this many times the yardstick's… */
const CPU_TIMES_YARDSTICK = 2;
/** …and p99 below this, at the benchmark's 50 connections. */
const P99_MS = 20;
/** Re-check on: at least this many times the naive handler's rate. */
const TIMES_NAIVE = 2;

export const RECHECK_OFF_AIM = `aim: re-check off, CPU ≤ ${CPU_TIMES_YARDSTICK}× the yardstick's and p99 < ${P99_MS} ms`;
export const NAIVE_AIM = `aim: ours / naive by rate, both with Get Status, ≥ ${TIMES_NAIVE}x`;

export interface Judged {
  /** The ratio the aim is judged by. */
  value: number;
  text: string;
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

export function judgeRecheckOff(figures: WebhookFigures): Judged {
  const value = cpuPerAnswer(figures.off) / cpuPerAnswer(figures.bare);
  const ok = value <= CPU_TIMES_YARDSTICK && figures.off.p99 < P99_MS;
  return { value, text: `${value.toFixed(1)}× the yardstick's CPU, p99 ${ms(figures.off.p99)}: ${verdict(ok)}` };
}

/** Null when the naive handler did not run. */
export function judgeNaive(figures: WebhookFigures): Judged | null {
  if (!figures.naive) return null;
  const value = figures.on.perSecond / figures.naive.perSecond;
  return { value, text: `${value.toFixed(1)}x: ${verdict(value >= TIMES_NAIVE)}` };
}
