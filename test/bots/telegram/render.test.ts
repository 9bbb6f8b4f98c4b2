import { expect } from 'chai';
import { keyboardFor, splitText } from '../../../bots/telegram/render.ts';

describe('Telegram rendering', function () {
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
