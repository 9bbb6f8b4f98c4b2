import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { expect } from 'chai';
import QRCode from 'qrcode';
import { TELEGRAM_QR } from '../../../bots/telegram/qr.ts';
import { PAGE_QR, qrPng } from '../../../src/web/cards/qr.ts';

/** Reads back a 1-bit greyscale PNG as rows of booleans (true = dark), checking its structure on the way. */
function readPng(png: Buffer): { width: number; dark: (x: number, y: number) => boolean } {
  expect(png.subarray(0, 8).toString('hex')).to.equal('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      expect(data.readUInt32BE(4)).to.equal(width);
      expect([data[8], data[9]]).to.deep.equal([1, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil(width / 8) + 1;
  expect(raw.length).to.equal(stride * width);
  return { width, dark: (x, y) => (raw[y * stride + 1 + (x >> 3)]! & (0x80 >> (x & 7))) === 0 };
}

interface QrRendererUtils {
  getOptions(options: { width?: number; margin?: number }): unknown;
  getImageWidth(size: number, options: unknown): number;
  qrToImageData(data: Uint8ClampedArray, qr: QRCode.QRCode, options: unknown): void;
}
/** qrcode's own pixel renderer, the one its `toBuffer` draws PNGs with (no types are published for it). */
const qrcodeRenderer = createRequire(import.meta.url)('qrcode/lib/renderer/utils.js') as QrRendererUtils;

const URL_WITH_QUERY = 'https://pay.example.com/p/k7q2m9x4p1ab?ref=AbCdEfGhIjKlMnOpQrStUv';

describe('QR pictures', function () {
  it('for Telegram: every module of the QR matrix in whole 12 px squares inside a four-module quiet zone', function () {
    const { modules } = QRCode.create(URL_WITH_QUERY, { errorCorrectionLevel: 'M' });
    const image = readPng(qrPng(URL_WITH_QUERY, TELEGRAM_QR));
    const px = image.width / (modules.size + 8);
    expect(px).to.equal(12);
    for (let y = 0; y < modules.size + 8; y++) {
      for (let x = 0; x < modules.size + 8; x++) {
        const inside = x >= 4 && y >= 4 && x < modules.size + 4 && y < modules.size + 4;
        const expected = inside && modules.data[(y - 4) * modules.size + (x - 4)] === 1;
        // Check the module's corners: the whole square has one colour.
        for (const [dx, dy] of [[0, 0], [px - 1, 0], [0, px - 1], [px - 1, px - 1]] as const) {
          expect(image.dark(x * px + dx, y * px + dy), `module ${x},${y}`).to.equal(expected);
        }
      }
    }
  });

  it('for the qr.png route: pixel for pixel what qrcode draws at 480 px with a two-module margin', function () {
    for (const url of ['http://localhost:3000/p/aaa', URL_WITH_QUERY]) {
      const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
      const options = qrcodeRenderer.getOptions({ width: 480, margin: 2 });
      const width = qrcodeRenderer.getImageWidth(qr.modules.size, options);
      const rgba = new Uint8ClampedArray(width * width * 4);
      qrcodeRenderer.qrToImageData(rgba, qr, options);
      const image = readPng(qrPng(url, PAGE_QR));
      expect(image.width).to.equal(480);
      expect(width).to.equal(480);
      let differing = 0;
      for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) if (image.dark(x, y) !== (rgba[(y * width + x) * 4] === 0)) differing++;
      expect(differing, url).to.equal(0);
    }
  });

  it('is small: a payment URL gives well under 2 KB', function () {
    expect(qrPng('https://pay.example.com/p/k7q2m9x4p1ab', TELEGRAM_QR).length).to.be.below(2048);
  });
});
