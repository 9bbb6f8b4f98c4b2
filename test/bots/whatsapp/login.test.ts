import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_NAMESPACE } from '../../../bots/whatsapp/auth-state.ts';
import { QR_FILE } from '../../../bots/whatsapp/login.ts';
import { flush, until } from './fake-scheduler.ts';
import { Harness, SHOP, SHOP_LID } from './harness.ts';
import { qrLinkedCreds } from './fake-socket.ts';
import { baileysAuthCodec } from '../../../bots/whatsapp/baileys-socket.ts';
import { initAuthCreds } from '@whiskeysockets/baileys';

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

    h.wa.last.showQr('2@first-qr');
    const png = join(h.dataDir, QR_FILE);
    await until(() => existsSync(png) && h.logs.text.includes(png), 'the QR image');
    expect(readFileSync(png).subarray(1, 4).toString()).to.equal('PNG');
    expect(h.terminal.text).to.match(/[▄▀█]/);
    expect(h.terminal.text).to.include('Linked devices');
    const firstDrawing = h.terminal.text;

    h.wa.last.showQr('2@second-qr');
    await until(() => h.terminal.text.length > firstDrawing.length * 1.5, 'the second QR');
    expect(h.bot.status().state).to.equal('linking');

    // The phone scans it: rc14 stores what configureSuccessfulPairing returns, then the server asks for a restart (515).
    h.wa.last.scanQr(SHOP, SHOP_LID);
    await flush();
    expect(h.wa.sockets).to.have.length(2);
    expect(h.wa.last.logsIn, 'the new socket logs in with the stored me').to.equal(true);
    h.wa.last.loginSucceeds();
    await until(() => !existsSync(png), 'the QR image to be removed');
    expect(h.bot.status()).to.deep.include({ state: 'open', account: SHOP });
    expect(h.logs.text).not.to.include(await storedSecret());
  });

  it('shows a pairing code instead, once per socket, with instructions and without logging it', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    h.bot.start();
    await flush();
    h.wa.last.pairingCode = 'K7PQ2XW9';
    h.wa.last.showQr();
    await until(() => h.terminal.text.includes('K7PQ-2XW9'), 'the pairing code');
    h.wa.last.showQr();
    h.wa.last.showQr();
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
    h.wa.last.qrTimeout();
    await h.clock.advance(2_000);
    expect(h.wa.sockets).to.have.length(2);
    expect(h.wa.last.logsIn, 'the unused code left no half-made session behind').to.equal(false);
    h.wa.last.showQr();
    await until(() => h.wa.last.pairingRequests.length === 1, 'a second pairing code');
  });

  it('falls back to the QR when no pairing code can be had', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    h.bot.start();
    await flush();
    h.wa.last.pairingCode = new Error('bad-request');
    h.wa.last.showQr();
    await until(() => existsSync(join(h.dataDir, QR_FILE)), 'the QR image');
    expect(h.terminal.text).to.match(/[▄▀█]/);
    expect(h.logs.text).to.include('could not get a pairing code');
  });

  it('pauses linking after five rounds of unscanned QR codes', async function () {
    h = await Harness.create({ linked: false });
    h.bot.start();
    await flush();
    for (let round = 0; round < 5; round++) {
      h.wa.last.qrTimeout();
      await h.clock.advance(2_000);
    }
    expect(h.wa.sockets).to.have.length(5);
    expect(h.bot.status()).to.deep.include({ state: 'halted', halted: 'login_timeout' });
    expect(h.logs.lines.filter((l) => l.level >= 50).map((l) => l.msg).join('\n')).to.match(/Restart tagih to get a new QR code/);
  });

  /** The stored creds, parsed the way tagih reads them. */
  async function storedCreds(): Promise<Record<string, unknown>> {
    return baileysAuthCodec.parse((await h.store.kv.get(AUTH_NAMESPACE, 'default:creds'))!) as Record<string, unknown>;
  }

  const errors = () => h.logs.lines.filter((l) => l.level >= 50).map((l) => l.msg).join('\n');

  it('counts a QR-linked account (rc14 never sets `registered` for it) as linked, and its drops as reconnects, not login rounds', async function () {
    h = await Harness.create({ linked: false });
    h.bot.start();
    await flush();
    h.wa.last.showQr();
    await flush();
    h.wa.last.scanQr(SHOP, SHOP_LID);
    await flush();
    h.wa.last.loginSucceeds();
    await flush();
    const stored = await storedCreds();
    expect(stored.registered, 'rc14 after a QR scan').to.equal(false);
    expect(stored).to.have.property('account');
    expect(h.bot.status()).to.deep.include({ state: 'open', account: SHOP });

    // Eight network drops in a row: each is a reconnect with backoff, never a "nobody linked" pause.
    for (let drop = 0; drop < 8; drop++) {
      h.wa.last.refuse(428, 'Connection Closed');
      await flush();
      expect(h.bot.status().state).to.equal('waiting');
      await h.clock.advance(h.bot.status().retryAt! - h.clock.now(), 60_000);
      expect(h.wa.last.logsIn).to.equal(true);
    }
    expect(h.bot.status().halted).to.equal(null);
    expect(errors()).not.to.match(/Nobody linked WhatsApp/);
    h.wa.last.loginSucceeds();
    await flush();
    expect(h.bot.status()).to.deep.include({ state: 'open', account: SHOP, failures: 0 });
  });

  it('links with a pairing code the way rc14 does: registered, pair-success, restart, login', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    h.bot.start();
    await flush();
    h.wa.last.showQr();
    await until(() => h.terminal.text.includes('ABCD-1234'), 'the pairing code');
    h.wa.last.enterPairingCode(SHOP_LID);
    await flush();
    expect(h.wa.sockets).to.have.length(2);
    expect(h.wa.last.logsIn).to.equal(true);
    h.wa.last.loginSucceeds();
    await flush();
    expect(h.bot.status()).to.deep.include({ state: 'open', account: SHOP });
    expect(await storedCreds()).to.deep.include({ registered: true });
  });

  it('starts fresh instead of logging in with the half-made session an unused pairing code left in the store', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    // What rc14's requestPairingCode leaves behind when the code is never entered.
    const halfMade = { ...initAuthCreds(), pairingCode: 'ABCD1234', me: { id: `${SHOP}@s.whatsapp.net`, name: '~' } };
    await h.store.kv.setMany(AUTH_NAMESPACE, [{ key: 'default:creds', value: baileysAuthCodec.stringify(halfMade) }]);
    h.bot.start();
    await flush();
    expect(h.wa.last.logsIn, 'a fresh registration, not a doomed login').to.equal(false);
    expect(h.logs.text).to.match(/pairing code that was never entered[\s\S]*starting a new link/);
    h.wa.last.showQr();
    await until(() => h.wa.last.pairingRequests.length === 1, 'a new pairing code');
  });

  it('keeps a QR-linked session: it has `me` but no `registered`, and is no half-made one', async function () {
    h = await Harness.create({ linked: false });
    await h.store.kv.setMany(AUTH_NAMESPACE, [{ key: 'default:creds', value: baileysAuthCodec.stringify(qrLinkedCreds(SHOP, SHOP_LID)) }]);
    h.bot.start();
    await flush();
    expect(h.wa.last.logsIn).to.equal(true);
  });

  it('stops after five 405 refusals in a row and says what to set, instead of retrying forever', async function () {
    h = await Harness.create();
    await h.connect();
    for (let round = 0; round < 5; round++) {
      h.wa.last.refuse(405);
      await flush();
      if (round < 4) await h.clock.advance(h.bot.status().retryAt! - h.clock.now(), 60_000);
    }
    expect(h.wa.sockets).to.have.length(5);
    await h.clock.advance(60 * 60_000, 60_000);
    expect(h.wa.sockets).to.have.length(5);
    expect(h.bot.status()).to.deep.include({ state: 'halted', halted: 'refused' });
    expect(errors()).to.match(/refused the connection \(405\) 5 times[\s\S]*WHATSAPP_WEB_VERSION[\s\S]*restart tagih/);
  });

  it('asks for at most three pairing codes when WhatsApp answers each with 401, then stops with a clear message', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    h.bot.start();
    await flush();
    for (let round = 0; round < 5; round++) {
      if (h.bot.status().state === 'halted') break;
      h.wa.last.showQr();
      await until(() => h.wa.last.pairingRequests.length === 1, 'a pairing code');
      h.wa.last.refuse(401, 'Connection Failure');
      await h.clock.advance(2_000);
    }
    expect(h.wa.sockets.flatMap((s) => s.pairingRequests)).to.have.length(3);
    expect(h.bot.status()).to.deep.include({ state: 'halted', halted: 'login_refused' });
    expect(errors()).to.match(/refused to link this device \(401\) 3 times without a successful connection[\s\S]*restart tagih/);
  });

  it('counts those 401s across unscanned rounds in between, so alternating closes cannot ask for codes forever', async function () {
    h = await Harness.create({ linked: false, pairingNumber: SHOP });
    h.bot.start();
    await flush();
    for (let round = 0; round < 8 && h.bot.status().state !== 'halted'; round++) {
      h.wa.last.showQr();
      await until(() => h.wa.last.pairingRequests.length === 1, 'a pairing code');
      if (round % 2 === 0) h.wa.last.refuse(401, 'Connection Failure');
      else h.wa.last.qrTimeout();
      await h.clock.advance(2_000);
    }
    expect(h.wa.sockets.flatMap((s) => s.pairingRequests)).to.have.length(5);
    expect(h.bot.status()).to.deep.include({ state: 'halted', halted: 'login_refused' });
  });
});
