/**
 * The first run, exactly as a newcomer does it: `npm start` with nothing
 * configured, a link made in the console chat, paid through the local
 * Midtrans simulator, the paid message printed, a clean stop, and the data
 * still there on the next start.
 */
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a fresh machine: none of tagih's variables set. */
function bareEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, ...extra };
}

class Tagih {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /**
   * Runs the command of package.json's `start` script itself rather than
   * through npm, so SIGTERM reaches tagih directly, as from a service manager.
   */
  static start(env: NodeJS.ProcessEnv): Tagih {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const [program, ...args] = scripts.start.split(' ');
    expect(program).to.equal('node');
    return new Tagih(spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: 'pipe' }));
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits until the output matches, and returns the match. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = this.output.match(pattern);
      if (match) return match;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${pattern}; output so far:\n${this.output}`);
  }

  terminate(): void {
    this.child.kill('SIGTERM');
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

describe('npm start with nothing configured', function () {
  this.timeout(90_000);
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  const running: Tagih[] = [];

  before(async function () {
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-first-run-'));
    port = await freePort();
    env = bareEnvironment({ DATA_DIR: dataDir, PORT: String(port), SIMULATOR_PORT: String(await freePort()), HOST: '127.0.0.1' });
  });

  after(function () {
    for (const tagih of running) tagih.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a merchant from /newlink to a paid order in the console, then stops cleanly and keeps the data', async function () {
    const first = Tagih.start(env);
    running.push(first);
    await first.waitFor(/Console chat\s+on/);
    await first.waitFor(/Payments\s+simulator at (http:\/\/\S+)/);

    first.type('/newlink Kaos 150000');
    const [url] = await first.waitFor(new RegExp(`http://localhost:${port}/p/[a-z0-9]{12}`));
    const page = await fetch(url);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('Kaos').and.contain('Rp150.000');

    const form = new URLSearchParams({ name: 'Ani Wijaya', phone: '081234567890', email: 'ani@mail.com' });
    const submitted = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
    expect(submitted.status).to.equal(303);
    const snapPage = submitted.headers.get('location')!;
    expect(snapPage).to.match(/\/snap\/v3\/redirection\//);

    const paid = await fetch(snapPage, { method: 'POST', body: new URLSearchParams({ method: 'qris', action: 'pay' }), redirect: 'manual' });
    expect(paid.status).to.equal(303);
    const done = await fetch(paid.headers.get('location')!);
    expect(done.status).to.equal(200);

    const [notice] = await first.waitFor(/✅ Pembayaran diterima[\s\S]*?1\/1/);
    expect(notice).to.contain('Kaos');
    await first.waitFor(/Rp150\.000[\s\S]*Ani Wijaya/);

    first.terminate();
    const exit = await first.exited;
    expect(exit.code, `exit ${JSON.stringify(exit)}`).to.equal(0);

    const second = Tagih.start(env);
    running.push(second);
    await second.waitFor(/Console chat\s+on/);
    second.type('/link 1');
    await second.waitFor(/Link #1: Kaos[\s\S]*Dibayar: 1\/1/);
    second.terminate();
    expect((await second.exited).code).to.equal(0);
  });
});
