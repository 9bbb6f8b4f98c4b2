import { expect } from 'chai';
import { drawableText, FONT_COVERAGE } from '../../../src/web/cards/fonts.ts';
import { plainOffer } from '../../../src/domain/link-offer.ts';
import { PREVIEW_SIZES, previewCardInput, previewCardSvg, renderPreviewCard } from '../../../src/web/cards/preview-card.ts';
import { PRINT_CARD, printCardSvg, renderPrintCard } from '../../../src/web/cards/print-card.ts';
import { wrap } from '../../../src/web/cards/svg.ts';
import { readPngHeader } from '../png.ts';

const CARD = { locale: 'id', merchantName: 'Toko Budi', itemName: 'Kaos Hitam', price: 'Rp150.000', expiresAt: null, state: 'active' } as const;

describe('the cards', function () {
  describe('text the font can draw', function () {
    const cases: Array<[string, string]> = [
      ['Kaos 🎉 Hitam', 'Kaos Hitam'],
      ['👕👖', ''],
      ['Kue lapis légit – ½ loyang', 'Kue lapis légit – ½ loyang'],
      // "e" + combining acute becomes é, which the font has.
      ['Cafe\u0301 Ayu', 'Café Ayu'],
      ['Nasi\u00a0goreng\tspesial\n', 'Nasi goreng spesial'],
      ['Teh ❤️ manis', 'Teh manis'],
      ['Kopi 咖啡', 'Kopi'],
      ['Rp 10.000 · “promo”', 'Rp 10.000 · “promo”'],
    ];
    for (const [typed, drawn] of cases) {
      it(`draws ${JSON.stringify(typed)} as ${JSON.stringify(drawn)}`, function () {
        expect(drawableText(typed)).to.equal(drawn);
      });
    }

    it('keeps nothing outside the ranges the font files were cut to', function () {
      const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCodePoint(i)).join('');
      for (const c of drawableText(all)) {
        const cp = c.codePointAt(0)!;
        expect(FONT_COVERAGE.some(([from, to]) => cp >= from && cp <= to), `U+${cp.toString(16)}`).to.equal(true);
      }
    });
  });

  it('wraps an item name between words into two lines at most, ending with … when it is longer', function () {
    expect(wrap('Kaos Hitam', 50, 700, 1000, 2)).to.deep.equal(['Kaos Hitam']);
    const lines = wrap('Kaos Hitam Polos Premium Lengan Panjang Ukuran XL Biru Dongker Tua', 50, 700, 500, 2);
    expect(lines).to.have.length(2);
    expect(lines[1]!.endsWith('…')).to.equal(true);
  });

  it('escapes what the merchant typed in the SVG', function () {
    const svg = previewCardSvg({ ...CARD, itemName: '<image href="x"/> & co', merchantName: 'A&B' });
    expect(svg).not.to.contain('<image');
    expect(svg).to.contain('&lt;image href=&quot;x&quot;/&gt; &amp; co').and.contain('A&amp;B');
  });

  it('renders the preview card as a 1200×630 PNG, and its square variant as 600×600', async function () {
    expect(readPngHeader(await renderPreviewCard(CARD))).to.include({ width: 1200, height: 630 }).and.include(PREVIEW_SIZES.wide);
    expect(readPngHeader(await renderPreviewCard(CARD, 'square'))).to.include({ width: 600, height: 600 }).and.include(PREVIEW_SIZES.square);
  });

  it('renders the printable card as an A6 PNG at 300 dpi (1240×1748) with the QR code drawn in', async function () {
    const input = { locale: 'id', merchantName: 'Toko Budi', itemName: 'Kaos Hitam', price: 150_000, url: 'https://tagih.example.id/p/k7m2q9x4w8za' } as const;
    const png = await renderPrintCard(input);
    expect(readPngHeader(png)).to.include({ width: PRINT_CARD.width, height: PRINT_CARD.height });
    expect(PRINT_CARD.width / PRINT_CARD.height).to.be.closeTo(105 / 148, 0.001);
    const other = await renderPrintCard({ ...input, url: 'https://tagih.example.id/p/another-link' });
    expect(other.equals(png), 'a different link, a different QR').to.equal(false);
  });

  it("words a rich link's price as its page does: an open amount is never Rp0, a quantity's price is per item (issue 17)", async function () {
    const base = { ...plainOffer('Donasi', 0), itemName: 'Donasi', price: 0, expiresAt: null };
    const open = previewCardInput({ ...base, pricing: { kind: 'open', min: null, max: null, presets: [] } }, 'active', 'id', 'Toko Budi');
    expect(open.price).to.equal('Nominal bebas');
    expect(previewCardSvg(open)).to.contain('Nominal bebas').and.not.contain('Rp0');
    const perItem = previewCardInput({ ...base, itemName: 'Kaos', price: 50_000, quantity: { min: 1, max: 5 } }, 'active', 'en', 'Toko Budi');
    expect(perItem.price).to.equal('Rp50.000 each');
    const print = await printCardSvg({ locale: 'id', merchantName: 'Toko Budi', itemName: 'Donasi', price: 0, priceText: 'Nominal bebas', url: 'https://tagih.example.id/p/donasi' });
    expect(print).to.contain('Nominal bebas').and.not.contain('Rp0');
  });
});
