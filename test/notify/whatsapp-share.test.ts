/**
 * The "Kirim lewat WhatsApp" link: WhatsApp's click-to-chat URL
 * (faq.whatsapp.com, "How to use click to chat": `https://wa.me/<number>?text=…`
 * with the number in international digits, or `https://wa.me/?text=…`), whose
 * text decodes back to exactly the message, whatever the merchant typed.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { whatsappShareLink, whatsappShareUrl } from '../../src/notify/whatsapp-share.ts';
import { whatsappShareText } from '../../src/notify/texts.ts';
import { linkShare } from './fixtures.ts';

/** What WhatsApp reads from the URL: the chat's number (path) and the draft (the `text` query parameter). */
function opened(url: string): { number: string; text: string | null } {
  const parsed = new URL(url);
  expect(parsed.origin).to.equal('https://wa.me');
  return { number: parsed.pathname.slice(1), text: parsed.searchParams.get('text') };
}

describe('WhatsApp click-to-chat share link', function () {
  it("opens the customer's chat when the link names their number, digits only", function () {
    const url = whatsappShareUrl('Halo', '6281234567890');
    expect(url).to.equal('https://wa.me/6281234567890?text=Halo');
  });

  it('lets WhatsApp ask for the chat when there is no number, or it is not in international digits', function () {
    for (const phone of [null, '', '+6281234567890', '081234567890', '62 812', '62812345678901234']) {
      expect(opened(whatsappShareUrl('Halo', phone)).number, String(phone)).to.equal('');
    }
  });

  it('encodes what URLs reserve, so the draft is exactly the message', function () {
    const message = 'Kaos & Topi = 50% off? #1 +ongkir\nBayar: https://pay.example.com/p/abc?x=1 😀🇮🇩';
    const url = whatsappShareUrl(message, null);
    // One query parameter, nothing but unreserved characters and percent escapes (RFC 3986 §2.3).
    expect(url.slice(url.indexOf('?') + 1)).to.match(/^text=[A-Za-z0-9%\-_.!~*'()]*$/);
    expect(opened(url).text).to.equal(message);
  });

  it('round-trips any item and merchant text through the URL (property)', function () {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }), (itemName, merchantName) => {
        const notice = { ...linkShare({ link: { itemName } }), merchantName };
        const text = whatsappShareText(notice, 'id');
        const url = whatsappShareLink(notice, '6281234567890', 'id');
        expect(opened(url)).to.deep.equal({ number: '6281234567890', text });
        expect(url).to.not.match(/\s/);
      }),
    );
  });

  it('keeps any string well formed: a lone surrogate half becomes U+FFFD instead of throwing', function () {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(opened(whatsappShareUrl(text, null)).text).to.equal(text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
      }),
    );
  });
});

describe('WhatsApp share message', function () {
  it('names merchant, item, price, link and expiry in WhatsApp bold, in Indonesian', function () {
    const text = whatsappShareText(linkShare({ link: { expiresAt: '2026-12-31T16:59:00.000Z' } }), 'id');
    expect(text).to.equal(
      [
        'Halo Siti,',
        '*Toko Budi* mengirim link pembayaran untuk Anda.',
        '',
        '*Kaos Polos Hitam*',
        'Harga: *Rp150.000*',
        'Bayar di sini: https://pay.example.com/p/k7q2m9x4p1ab',
        'Berlaku sampai: 31/12/2026 23:59 WIB',
      ].join('\n'),
    );
  });

  it('speaks English for an English merchant and leaves out the expiry line when the link never expires', function () {
    const text = whatsappShareText(linkShare({ customerName: null }), 'en');
    expect(text).to.equal(
      ['Hello,', '*Toko Budi* sent you a payment link.', '', '*Kaos Polos Hitam*', 'Price: *Rp150.000*', 'Pay here: https://pay.example.com/p/k7q2m9x4p1ab'].join('\n'),
    );
  });

  it('carries no HTML, and does not wrap a name holding WhatsApp markers (there is no escape for them)', function () {
    const text = whatsappShareText(linkShare({ link: { itemName: 'Kaos *Promo* <b>' } }), 'id');
    expect(text).to.include('\nKaos *Promo* <b>\n').and.not.include('<b>*').and.not.include('&lt;');
  });
});
