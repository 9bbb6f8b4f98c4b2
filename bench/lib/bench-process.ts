/**
 * Runs another benchmark's standalone entry in its own process and reads the
 * table it prints (lib/measure.ts printTable). Its memory figures then are
 * its own, and a benchmark without an exported function can still be run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './children.ts';
import type { Row } from './measure.ts';

const ROW = /^\| (.+?) +\| (.+?) +\| (.*?) *\|$/;

/** The rows of every table printed by printTable in `output`. */
export function parseTables(output: string): Row[] {
  const rows: Row[] = [];
  for (const line of output.split('\n')) {
    const match = ROW.exec(line);
    if (!match || match[1] === 'benchmark' || /^-+$/.test(match[1]!)) continue;
    rows.push({ benchmark: match[1]!, result: match[2]!, note: match[3]! });
  }
  return rows;
}

/** Resolves with the printed rows; rejects when the run fails or outlasts `timeoutMs`. */
export function runBenchProcess(file: string, env: Record<string, string>, timeoutMs: number): Promise<Row[]> {
  return new Promise<Row[]>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, file)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(parseTables(stdout));
      reject(new Error(`${file} ${signal ? `was stopped after ${timeoutMs / 1000} s` : `exited with ${code}`}: ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
}
