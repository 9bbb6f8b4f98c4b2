/**
 * tagih as a real child process, started exactly as `npm start` starts it
 * (package.json's start command run directly, so signals reach tagih itself
 * as from a service manager), with a fresh machine's environment plus what a
 * test sets. Output is kept for waiting on and for failure messages; a test
 * kills every process it started in `after`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether a new TCP connection to host:port is accepted. */
export function accepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The environment of a fresh machine: none of tagih's variables set, only `extra`. */
export function bareEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, ...extra };
}

/** package.json's `start` command, split into the program and its arguments. */
function startCommand(): { program: string; args: string[] } {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start.split(' ');
  if (program !== 'node') throw new Error(`package.json start must run node directly, not ${program}`);
  return { program, args };
}

export class TagihProcess {
  readonly exited: Promise<Exit>;
  private text = '';
  private exit: Exit | null = null;

  private readonly child: ChildProcessWithoutNullStreams;
  private constructor(child: ChildProcessWithoutNullStreams) {
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  /** Starts tagih in its own process group, so kill() takes anything it started too. */
  static start(env: NodeJS.ProcessEnv): TagihProcess {
    const { args } = startCommand();
    return new TagihProcess(spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: 'pipe' }));
  }

  /**
   * Starts tagih on a pseudo-terminal, as a person at a terminal runs it:
   * util-linux `script` gives it one, so stdin is a TTY (the console chat
   * turns on, readline reads keys raw) and a key such as Ctrl-C (`press('\x03')`)
   * goes through the terminal's line discipline exactly as typed.
   */
  static startInTerminal(env: NodeJS.ProcessEnv): TagihProcess {
    const { args } = startCommand();
    const command = [process.execPath, ...args].map((part) => `'${part.replaceAll("'", `'\\''`)}'`).join(' ');
    return new TagihProcess(spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd: ROOT, env: { TERM: 'xterm', ...env }, detached: true, stdio: 'pipe' }));
  }

  /** Raw keys, e.g. '\x03' for Ctrl-C. */
  press(keys: string): void {
    this.child.stdin.write(keys);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything printed so far, stdout and stderr interleaved. */
  get output(): string {
    return this.text;
  }

  get running(): boolean {
    return this.exit === null;
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits until the output matches (or the process exits), and returns the match. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.text.match(pattern);
      if (match) return match;
      if (this.exit !== null) throw new Error(`tagih exited (${JSON.stringify(this.exit)}) before printing ${pattern}; output:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output so far:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Waits for the "tagih started" log line and returns the server's own URL. */
  async started(timeoutMs = 30_000): Promise<string> {
    const [, url] = await this.waitFor(/"url":"(http:\/\/[^"]+)"[^\n]*"msg":"tagih started"/, timeoutMs);
    return url!;
  }

  /** How many log lines so far match. */
  count(pattern: RegExp): number {
    return this.text.split('\n').filter((line) => pattern.test(line)).length;
  }

  /** The last lines of output, for failure messages. */
  tail(lines = 60): string {
    return this.text.split('\n').slice(-lines).join('\n');
  }

  /** SIGTERM, as a service manager stops a service. */
  terminate(): void {
    if (this.running) this.child.kill('SIGTERM');
  }

  /** SIGKILL to the whole process group: a crash, a power cut, the OOM killer. Resolves once it is gone. */
  async kill(): Promise<Exit> {
    if (this.running) {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    return this.exited;
  }
}
