/**
 * The first run, exactly as a newcomer does it: `npm start` with nothing
 * configured, a link made in the console chat, paid through the local
 * Midtrans simulator, the paid message printed, a clean stop, and the data
 * still there on the next start.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareEnvironment, freePort, TagihProcess as Tagih } from './support/tagih-process.ts';

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

    const [notice] = await first.waitFor(/✅ Rp150\.000 · Kaos #1 · Ani Wijaya\nPembayaran diterima[\s\S]*?1\/1/);
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
