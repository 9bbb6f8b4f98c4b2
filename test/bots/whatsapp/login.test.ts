import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_NAMESPACE } from '../../../bots/whatsapp/auth-state.ts';
import { QR_FILE } from '../../../bots/whatsapp/login.ts';
import { flush, until } from './fake-scheduler.ts';
import { Harness, SHOP } from './harness.ts';

describe('WhatsApp login', function () {
  let h: Harness;

  afterEach(async function () {
    await h.close();
  });

  /** The creds' private noise key as stored, to prove it never reaches a log line. */
  async function storedSecret(): Promise<string> {
    const creds = await h.store.kv.get(AUTH_NAMESPACE, 'default:creds');
    const match = /"noiseKey":\{"private":\{"type":"Buffer","data":"([^"]+)"/.exec(creds ?? '');
    if (!match) throw new Error('no stored noise key');
    return match[1]!;
  }

  it('draws each new QR in the terminal, saves it as a PNG in DATA_DIR and says where', async function () {
    h = await Harness.create({ linked: false });
    h.bot.start();
    await flush();
    expect(h.wa.sockets).to.have.length(1);

    h.wa.last.qr('2@first-qr');
    const png = join(h.dataDir, QR_FILE);
    await until(() => existsSync(png) && h.logs.text.includes(png), 'the QR image');
    expect(readFileSync(png).subarray(1, 4).toString()).to.equal('PNG');
    expect(h.terminal.text).to.match(/[▄▀█]/);
    expect(h.terminal.text).to.include('Linked devices');
    const firstDrawing = h.terminal.text;

    h.wa.last.qr('2@second-qr');
    await until(() => h.terminal.text.length > firstDrawing.length * 1.5, 'the second QR');
    expect(h.bot.status().state).to.equal('linking');

    // The phone scans it: Baileys stores the identity, then asks for a restart.
    h.wa.last.linked(SHOP);
    h.wa.last.close(515, 'Stream Errored (restart required)');
    await flush();
    expect(h.wa.sockets).to.have.length(2);
    h.wa.last.open();
    await until(() => !existsSync(png), 'the QR image to be removed');
    expect(h.bot.status()).to.deep.include({ state: 'open', account: SHOP });
    const stored = JSON.parse((await h.store.kv.get(AUTH_NAMESPACE, 'default:creds'))!) as { registered: boolean };
    expect(stored.registered).to.equal(true);
    expect(h.logs.text).not.to.include(await storedSecret());
  });

  it('shows a pairing code instead, once per socket, with instructions and without logging it', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    h.bot.start();
    await flush();
    h.wa.last.pairingCode = 'K7PQ2XW9';
    h.wa.last.qr();
    await until(() => h.terminal.text.includes('K7PQ-2XW9'), 'the pairing code');
    h.wa.last.qr();
    h.wa.last.qr();
    await flush();

    expect(h.wa.last.pairingRequests).to.deep.equal([SHOP]);
    expect(h.terminal.text).to.include(`+${SHOP}`);
    expect(h.terminal.text).to.match(/Linked devices → Link a device → Link with phone number instead/);
    expect(h.terminal.text).not.to.match(/[▄▀█]/);
    expect(existsSync(join(h.dataDir, QR_FILE))).to.equal(false);
    expect(h.logs.text).not.to.include('K7PQ');
    expect(h.logs.text).to.include('pairing code printed in the terminal');
    expect(h.logs.text).not.to.include(await storedSecret());

    // The QRs of this socket run out unused: the next socket asks for a new code.
    h.wa.last.close(408, 'QR refs attempts ended');
    await h.clock.advance(2_000);
    expect(h.wa.sockets).to.have.length(2);
    h.wa.last.qr();
    await until(() => h.wa.last.pairingRequests.length === 1, 'a second pairing code');
  });

  it('falls back to the QR when no pairing code can be had', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    h.bot.start();
    await flush();
    h.wa.last.pairingCode = new Error('bad-request');
    h.wa.last.qr();
    await until(() => existsSync(join(h.dataDir, QR_FILE)), 'the QR image');
    expect(h.terminal.text).to.match(/[▄▀█]/);
    expect(h.logs.text).to.include('could not get a pairing code');
  });

  it('pauses linking after five rounds of unscanned QR codes', async function () {
    h = await Harness.create({ linked: false });
    h.bot.start();
    await flush();
    for (let round = 0; round < 5; round++) {
      h.wa.last.close(408, 'QR refs attempts ended');
      await h.clock.advance(2_000);
    }
    expect(h.wa.sockets).to.have.length(5);
    expect(h.bot.status()).to.deep.include({ state: 'halted', halted: 'login_timeout' });
    expect(h.logs.lines.filter((l) => l.level >= 50).map((l) => l.msg).join('\n')).to.match(/Restart tagih to get a new QR code/);
  });
});
