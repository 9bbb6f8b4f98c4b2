/**
 * QR images of payment URLs, and the file_ids Telegram gives them.
 *
 * The picture is a 1-bit greyscale PNG written straight from the QR matrix:
 * the qrcode package's own PNG output draws every pixel in RGBA through a
 * pure-JS encoder, which took most of a /newlink's time (30-80 ms a picture);
 * this takes about a millisecond. Whole pixels per module keep the edges
 * sharp through Telegram's recompression.
 *
 * Uploading costs more than drawing: once Telegram has a picture it answers
 * with a file_id, and sending that id again needs no upload, so ids are kept
 * per URL (in memory; a restart only costs one upload per URL).
 */
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { BoundedMap } from '../../src/bounded-map.ts';

const CACHED_URLS = 1000;
const MODULE_PX = 12;
/** The standard's quiet zone: four light modules around the code, so scanners find its edges. */
const QUIET_MODULES = 4;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG of the QR code of `text`: level M, which survives a little glare when scanned off a phone screen. */
export function qrPng(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = modules.size + 2 * QUIET_MODULES;
  const px = side * MODULE_PX;
  const rowBytes = Math.ceil(px / 8);
  // Bit depth 1, greyscale: a set bit is white. Each row starts with filter type 0 (none).
  const raw = Buffer.alloc((rowBytes + 1) * px, 0xff);
  const row = Buffer.alloc(rowBytes + 1, 0xff);
  for (let my = 0; my < side; my++) {
    row.fill(0xff);
    row[0] = 0;
    const qy = my - QUIET_MODULES;
    for (let mx = 0; mx < side; mx++) {
      const qx = mx - QUIET_MODULES;
      const dark = qy >= 0 && qx >= 0 && qy < modules.size && qx < modules.size && modules.data[qy * modules.size + qx] === 1;
      if (!dark) continue;
      for (let x = mx * MODULE_PX; x < (mx + 1) * MODULE_PX; x++) row[1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
    for (let y = my * MODULE_PX; y < (my + 1) * MODULE_PX; y++) row.copy(raw, y * (rowBytes + 1));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(px, 0);
  header.writeUInt32BE(px, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale; compression, filter and interlace stay 0
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export class QrPhotos {
  private readonly fileIds = new BoundedMap<string, string>(CACHED_URLS);

  png(url: string): Buffer {
    return qrPng(url);
  }

  fileIdFor(url: string): string | undefined {
    return this.fileIds.get(url);
  }

  remember(url: string, fileId: string): void {
    this.fileIds.set(url, fileId);
  }

  forget(url: string): void {
    this.fileIds.delete(url);
  }
}
