import { inflateSync } from 'node:zlib';
import { expect } from 'chai';
import QRCode from 'qrcode';
import { qrPng } from '../../../bots/telegram/qr.ts';
import { keyboardFor, splitText } from '../../../bots/telegram/render.ts';

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

describe('Telegram rendering', function () {
  describe('QR picture', function () {
    it('draws every module of the QR matrix in whole pixels inside a quiet zone', function () {
      const url = 'https://pay.example.com/p/k7q2m9x4p1ab?ref=AbCdEfGhIjKlMnOpQrStUv';
      const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
      const image = readPng(qrPng(url));
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

    it('is small: a payment URL gives well under 2 KB', function () {
      expect(qrPng('https://pay.example.com/p/k7q2m9x4p1ab').length).to.be.below(2048);
    });
  });

  describe('keyboard', function () {
    it('makes URL, share and callback buttons, short labels three to a row, long ones alone', function () {
      const keyboard = keyboardFor([
        { kind: 'share', label: '📤 Bagikan', query: 'abc' },
        { kind: 'command', label: 'QR', command: '/qr 3', data: '/qr 3' },
        { kind: 'command', label: 'Detail', command: '/link 3', data: '/link 3' },
        { kind: 'command', label: '🗑 Hapus', command: '/delete 3', data: '/delete 3' },
        { kind: 'command', label: '#12 Kaos Polos Hitam Ukuran XL', command: '/link 12', data: '/link 12' },
        { kind: 'url', label: 'Bayar', url: 'https://pay.example.com/p/abc' },
      ]);
      expect(keyboard!.inline_keyboard).to.deep.equal([
        [
          { text: '📤 Bagikan', switch_inline_query: 'abc' },
          { text: 'QR', callback_data: '/qr 3' },
          { text: 'Detail', callback_data: '/link 3' },
        ],
        [{ text: '🗑 Hapus', callback_data: '/delete 3' }],
        [{ text: '#12 Kaos Polos Hitam Ukuran XL', callback_data: '/link 12' }],
        [{ text: 'Bayar', url: 'https://pay.example.com/p/abc' }],
      ]);
    });

    it('leaves out a button whose data is over 64 bytes rather than lose the message, and has no keyboard without actions', function () {
      const long = `/link ${'é'.repeat(40)}`;
      expect(keyboardFor([{ kind: 'command', label: 'x', command: long, data: long }])).to.equal(null);
      expect(keyboardFor([])).to.equal(null);
    });
  });

  describe('text', function () {
    it('keeps short text whole and cuts long text at line ends within 4096 characters', function () {
      expect(splitText('halo')).to.deep.equal(['halo']);
      const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
      const pieces = splitText(lines.join('\n'));
      expect(pieces.length).to.be.greaterThan(1);
      expect(pieces.every((p) => p.length <= 4096)).to.equal(true);
      expect(pieces.join('\n')).to.equal(lines.join('\n'));
      expect(splitText('y'.repeat(5000)).map((p) => p.length)).to.deep.equal([4096, 904]);
    });

    it('never cuts an emoji in half: Telegram counts UTF-16 code units, and a lone surrogate is not text', function () {
      const text = `${'a'.repeat(4095)}😀${'b'.repeat(10)}`;
      const pieces = splitText(text);
      expect(pieces.map((p) => p.length)).to.deep.equal([4095, 12]);
      expect(pieces[1]!.startsWith('😀')).to.equal(true);
      expect(pieces.join('')).to.equal(text);
      const emoji = '😀'.repeat(3000);
      expect(splitText(emoji).every((p) => p.length <= 4096 && !/[\uD800-\uDBFF]$/.test(p))).to.equal(true);
      expect(splitText(emoji).join('')).to.equal(emoji);
    });
  });
});
