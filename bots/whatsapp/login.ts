/**
 * Linking the WhatsApp account: each QR Baileys produces is drawn in the
 * terminal and saved as DATA_DIR/whatsapp-qr.png (for a server without a
 * screen); with WHATSAPP_PAIRING_NUMBER an 8-character pairing code is shown
 * instead. Codes go to the terminal only, never into the logs.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import type { Timers } from './scheduler.ts';
import type { WaSocket } from './socket.ts';

export const QR_FILE = 'whatsapp-qr.png';

export interface LoginOptions {
  dataDir: string;
  /** Digits with country code; null logs in by QR. */
  pairingNumber: string | null;
  /** Where people look: the QR and the pairing code are drawn here. */
  terminal: Writable;
  logger: Logger;
  timers: Timers;
  timeoutMs: number;
}

export class LoginPresenter {
  /** Per socket: whether its pairing code was shown, or the QR is shown instead. */
  private readonly method = new WeakMap<WaSocket, 'code' | 'qr'>();
  readonly qrPath: string;

  private readonly options: LoginOptions;
  constructor(options: LoginOptions) {
    this.options = options;
    this.qrPath = join(options.dataDir, QR_FILE);
  }

  /** Called for every `qr` of a socket whose device is not linked yet. */
  async onQr(sock: WaSocket, qr: string): Promise<void> {
    const { pairingNumber } = this.options;
    if (pairingNumber !== null && !this.method.has(sock)) {
      // A pairing code can be asked for once the socket is ready, which the first QR signals.
      this.method.set(sock, 'code');
      if (await this.showPairingCode(sock, pairingNumber)) return;
      this.method.set(sock, 'qr');
    }
    if (this.method.get(sock) === 'code') return;
    await this.showQr(qr);
  }

  /** The device is linked: the saved QR is useless now, and better gone. */
  async onLinked(): Promise<void> {
    await rm(this.qrPath, { force: true });
  }

  private async showPairingCode(sock: WaSocket, phone: string): Promise<boolean> {
    const { timers, timeoutMs, terminal, logger } = this.options;
    let code: string;
    try {
      code = await timers.timeout(timeoutMs, 'requestPairingCode', sock.requestPairingCode(phone));
    } catch (err) {
      logger.warn({ err }, 'WhatsApp: could not get a pairing code; showing a QR code to scan instead');
      return false;
    }
    const shown = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
    terminal.write(
      [
        '',
        `WhatsApp pairing code for +${phone}:  ${shown}`,
        'On that phone: WhatsApp → Settings → Linked devices → Link a device → Link with phone number instead, then type the code.',
        'Kode pairing WhatsApp: buka WhatsApp → Perangkat tertaut → Tautkan perangkat → Tautkan dengan nomor telepon, lalu ketik kode di atas.',
        '',
      ].join('\n'),
    );
    logger.info({ phone: `+${phone}` }, 'WhatsApp: pairing code printed in the terminal; enter it on the phone within a minute');
    return true;
  }

  private async showQr(qr: string): Promise<void> {
    const { terminal, logger, dataDir } = this.options;
    terminal.write(`\n${await QRCode.toString(qr, { type: 'terminal', small: true })}\n`);
    terminal.write(
      'Scan with WhatsApp → Settings → Linked devices → Link a device. · Pindai lewat WhatsApp → Perangkat tertaut → Tautkan perangkat.\n',
    );
    try {
      await mkdir(dataDir, { recursive: true });
      await QRCode.toFile(this.qrPath, qr, { type: 'png', width: 512, margin: 2 });
      logger.info({ file: this.qrPath }, 'WhatsApp: scan the QR code printed in the terminal, or open this image and scan it');
    } catch (err) {
      logger.warn({ err, file: this.qrPath }, 'WhatsApp: could not save the QR image; scan the one in the terminal');
    }
  }
}
