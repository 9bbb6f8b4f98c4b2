/**
 * A link's QR code, drawn one way for every place that shows it: the qr.png
 * route, Telegram's photo and (as SVG) the printable card.
 *
 * The PNG is 1-bit greyscale written straight from the QR matrix: the qrcode
 * package's own PNG output draws every pixel in RGBA through a pure-JS
 * encoder, which took 30-80 ms a picture; this takes about a millisecond.
 * Pixels map to modules exactly as qrcode's renderer maps them
 * (node_modules/qrcode/lib/renderer/utils.js, getScale and qrToImageData), so
 * a width that is not a whole number of modules gives the picture qrcode's
 * `toBuffer` would.
 */
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** M (15 % recoverable): a printed card survives a smudge, a phone screen a little glare; the short URL keeps the code small. */
const ERROR_CORRECTION = 'M';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface QrLayout {
  /** Light modules around the code (the standard's quiet zone is four), so scanners find its edges. */
  margin: number;
  /** Whole pixels per module (sharp edges through recompression), or a fixed picture width in pixels. */
  size: { modulePx: number } | { widthPx: number };
}

/** The qr.png route's picture: 480 px, a two-module margin. */
export const PAGE_QR: QrLayout = { margin: 2, size: { widthPx: 480 } };

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function qrPng(text: string, layout: QrLayout): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  const side = modules.size + 2 * layout.margin;
  const scale = 'modulePx' in layout.size ? layout.size.modulePx : layout.size.widthPx / side;
  const px = Math.floor(side * scale);
  // The module a pixel column or row falls in, or -1 in the margin.
  const moduleAt = (p: number): number => {
    const m = Math.floor((p - layout.margin * scale) / scale);
    return m >= 0 && m < modules.size && p < px - layout.margin * scale ? m : -1;
  };
  const columns = Array.from({ length: px }, (_, x) => moduleAt(x));
  const rowBytes = Math.ceil(px / 8);
  // Bit depth 1, greyscale: a set bit is white. Each row starts with filter type 0 (none).
  const raw = Buffer.alloc((rowBytes + 1) * px, 0xff);
  for (let y = 0; y < px; y++) {
    const start = y * (rowBytes + 1);
    raw[start] = 0;
    const qy = moduleAt(y);
    if (qy < 0) continue;
    for (let x = 0; x < px; x++) {
      const qx = columns[x]!;
      if (qx >= 0 && modules.data[qy * modules.size + qx] === 1) raw[start + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(px, 0);
  header.writeUInt32BE(px, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale; compression, filter and interlace stay 0
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The QR as SVG markup (scales without blur when drawn into a card). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: 2, color: { dark: '#172033ff', light: '#ffffffff' } });
}
