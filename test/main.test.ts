/**
 * The first run, exactly as a newcomer does it: `npm start` with nothing
 * configured, a link made in the console chat, paid through the local
 * Midtrans simulator, the paid message printed, a clean stop, and the data
 * still there on the next start. Then the ways a first run ends: Ctrl-C at
 * the prompt of a real terminal, and a start that cannot happen.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lanAddress } from '../src/banner.ts';
import { accepts, bareEnvironment, freePort, TagihProcess as Tagih } from './support/tagih-process.ts';
import { readPngHeader } from './web/png.ts';

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

  after(async function () {
    await Promise.all(running.map((tagih) => tagih.kill()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a merchant from /newlink to a paid order in the console, then stops cleanly and keeps the data', async function () {
    const first = Tagih.start(env);
    running.push(first);
    await first.waitFor(/Console chat\s+on/);
    const [, simulatorUrl] = await first.waitFor(/Payments\s+SIMULATION — no money moved: simulator at (http:\/\/\S+)/);

    first.type('/newlink Kaos 150000');
    const [url] = await first.waitFor(new RegExp(`http://localhost:${port}/p/[a-z0-9]{12}`));
    const page = await fetch(url);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('Kaos').and.contain('Rp150.000').and.contain('SIMULASI — tidak ada uang masuk');

    const form = new URLSearchParams({ name: 'Ani Wijaya', phone: '081234567890', email: 'ani@mail.com' });
    const submitted = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
    expect(submitted.status).to.equal(303);
    const snapPage = submitted.headers.get('location')!;
    expect(snapPage).to.match(/\/snap\/v3\/redirection\//);

    const paid = await fetch(snapPage, { method: 'POST', body: new URLSearchParams({ method: 'qris', action: 'pay' }), redirect: 'manual' });
    expect(paid.status).to.equal(303);
    const done = await fetch(paid.headers.get('location')!);
    expect(done.status).to.equal(200);
    expect(await done.text(), 'the page after paying').to.contain('SIMULASI — tidak ada uang masuk');

    const [notice] = await first.waitFor(/SIMULASI — tidak ada uang masuk\n✅ Rp150\.000 · Kaos #1 · Ani Wijaya\nPembayaran diterima[\s\S]*?1\/1/);
    expect(notice).to.contain('Kaos');

    // The simulator takes "payments" from this machine only.
    const lan = lanAddress();
    if (lan) expect(await accepts(Number(new URL(simulatorUrl!).port), lan), `simulator on ${lan}`).to.equal(false);
    await first.waitFor(/Rp150\.000[\s\S]*Ani Wijaya/);

    first.terminate();
    const exit = await first.exited;
    expect(exit.code, `exit ${JSON.stringify(exit)}`).to.equal(0);

    const second = Tagih.start(env);
    running.push(second);
    await second.waitFor(/Console chat\s+on/);
    second.type('/link 1');
    await second.waitFor(/Link #1: Kaos[\s\S]*Dibayar: 1\/1/);
    second.type('halo');
    await second.waitFor(/\nKetik \/help untuk daftar perintah\.\n/);
    expect(second.output, 'one language at a time').to.not.contain('Type /help');
    // The composition root wires the card renderer: the printable card lands in DATA_DIR (issue 16).
    second.type('/newlink Topi 50000');
    await second.waitFor(/Link #2 dibuat/);
    second.type('/qr 2 cetak');
    const [, cardPath] = await second.waitFor(/🖨 Kartu cetak \(PNG, A6 300 dpi\) disimpan: (\S+\.png)\n/);
    expect(cardPath!.startsWith(dataDir), cardPath).to.equal(true);
    expect(readPngHeader(readFileSync(cardPath!))).to.include({ width: 1240, height: 1748 });
    second.terminate();
    expect((await second.exited).code).to.equal(0);
  });
});

describe('stopping tagih from its terminal', function () {
  this.timeout(60_000);
  let dataDir: string;
  const running: Tagih[] = [];
  const sockets: Socket[] = [];

  beforeEach(function () {
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-ctrl-c-'));
  });

  afterEach(async function () {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(running.splice(0).map((tagih) => tagih.kill()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startAtPrompt(): Promise<{ tagih: Tagih; port: number }> {
    const port = await freePort();
    const tagih = Tagih.startInTerminal(
      bareEnvironment({ DATA_DIR: dataDir, PORT: String(port), SIMULATOR_PORT: String(await freePort()), HOST: '127.0.0.1' }),
    );
    running.push(tagih);
    await tagih.waitFor(/tagih> /);
    return { tagih, port };
  }

  it('one Ctrl-C at the tagih> prompt stops tagih cleanly', async function () {
    const { tagih } = await startAtPrompt();
    tagih.press('\x03');
    const exit = await tagih.exited;
    expect(exit, tagih.tail(10)).to.deep.equal({ code: 0, signal: null });
    expect(tagih.output).to.contain('Menghentikan tagih');
  });

  it('a second Ctrl-C while it stops ends it at once', async function () {
    // A Midtrans that takes connections and never answers: a checkout in flight holds the stop.
    const midtrans = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => midtrans.listen(0, '127.0.0.1', resolve));
    const hole = `http://127.0.0.1:${(midtrans.address() as { port: number }).port}`;
    try {
      const port = await freePort();
      const tagih = Tagih.startInTerminal(
        bareEnvironment({
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          MIDTRANS_SERVER_KEY: 'SB-Mid-server-ctrl-c-test',
          MIDTRANS_API_BASE_URL: hole,
          MIDTRANS_SNAP_BASE_URL: `${hole}/snap/v1`,
          MIDTRANS_TIMEOUT_MS: '60000',
        }),
      );
      running.push(tagih);
      await tagih.waitFor(/tagih> /);
      tagih.type('/newlink Kaos 150000');
      const [url] = await tagih.waitFor(new RegExp(`http://localhost:${port}/p/[a-z0-9]{12}`));
      const form = new URLSearchParams({ name: 'Ani Wijaya', phone: '081234567890', email: 'ani@mail.com' });
      const checkout = fetch(url, { method: 'POST', body: form, redirect: 'manual' }).catch(() => null);
      while (sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));

      tagih.press('\x03');
      await tagih.waitFor(/Menghentikan tagih/);
      tagih.press('\x03');
      const exit = await tagih.exited;
      // 130 is the forced stop; a clean one is 0, the 10 s limit 1.
      expect(exit, tagih.tail(10)).to.deep.equal({ code: 130, signal: null });
      await checkout;
    } finally {
      for (const socket of sockets.splice(0)) socket.destroy();
      await new Promise((resolve) => midtrans.close(resolve));
    }
  });
});

describe('a start that cannot happen', function () {
  this.timeout(60_000);
  let dataDir: string;
  let taken: Server;
  let takenPort: number;

  before(async function () {
    dataDir = mkdtempSync(join(tmpdir(), 'tagih-no-start-'));
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    takenPort = (taken.address() as { port: number }).port;
  });

  after(async function () {
    await new Promise((resolve) => taken.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function failedStart(extra: Record<string, string>): Promise<string> {
    const tagih = Tagih.start(bareEnvironment({ DATA_DIR: dataDir, HOST: '127.0.0.1', ...extra }));
    const exit = await tagih.exited;
    expect(exit.code, tagih.output).to.equal(1);
    return tagih.output;
  }

  for (const variable of ['PORT', 'SIMULATOR_PORT'] as const) {
    it(`ends with one line naming ${variable} when its port is in use, and no stack`, async function () {
      const other = variable === 'PORT' ? 'SIMULATOR_PORT' : 'PORT';
      const output = await failedStart({ [variable]: String(takenPort), [other]: String(await freePort()) });
      expect(output.trim().split('\n'), output).to.have.length(1);
      expect(output).to.match(new RegExp(`^tagih tidak dapat mulai: Port ${takenPort} sudah dipakai .*set ${variable} ke port lain\\.\n$`));
      expect(output).to.not.match(/EADDRINUSE|sonic boom|\bat .*:\d+:\d+/);
    });
  }

  it('says it in English with LOCALE=en, and in one language only', async function () {
    const output = await failedStart({ PORT: String(takenPort), SIMULATOR_PORT: String(await freePort()), LOCALE: 'en' });
    expect(output).to.equal(`tagih could not start: Port ${takenPort} is already in use (perhaps by a tagih still running): stop that program, or set PORT to another port.\n`);
  });

  it('names HOST when it is not an address of this machine', async function () {
    const output = await failedStart({ HOST: '192.0.2.123', PORT: String(await freePort()), SIMULATOR_PORT: String(await freePort()), LOCALE: 'en' });
    expect(output).to.equal('tagih could not start: 192.0.2.123 is not an address of this machine: set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every network).\n');
  });

  it('names DATA_DIR when the data folder cannot be made, with the console chat on or off', async function () {
    const file = join(dataDir, 'a-file');
    writeFileSync(file, '');
    for (const consoleChat of ['on', 'off']) {
      const output = await failedStart({ DATA_DIR: join(file, 'data'), CONSOLE: consoleChat, PORT: String(await freePort()), SIMULATOR_PORT: String(await freePort()), LOCALE: 'en' });
      expect(output, `CONSOLE=${consoleChat}`).to.match(/^tagih could not start: The data folder .*\/a-file\/data cannot be written \(ENOTDIR\): .*set DATA_DIR to another folder\.\n$/);
    }
  });

  it('names the variable of a bad configuration in one line, without a stack', async function () {
    const output = await failedStart({ PORT: 'abc' });
    expect(output).to.equal('tagih tidak dapat mulai: Variabel PORT tidak valid (isinya "abc"): bilangan bulat dari 0 sampai 65535.\n');
  });

  it('refuses to face the internet on the simulator without being asked, naming the missing key', async function () {
    const output = await failedStart({ PUBLIC_URL: 'https://pay.tokobudi.id', PORT: String(await freePort()), LOCALE: 'en' });
    expect(output).to.match(/^tagih could not start: MIDTRANS_SERVER_KEY is not valid: required because PUBLIC_URL \(pay\.tokobudi\.id\) faces the internet.*MIDTRANS_SIMULATOR=true\.\n$/);
  });
});
