/**
 * Notices for issue 17's links: what was bought (`3 × Kaos`, several items),
 * an open amount, the customer's answers, and the seller's thank-you in the
 * receipt, in chat and email alike.
 */
import { expect } from 'chai';
import { plainOffer } from '../../src/domain/link-offer.ts';
import { renderEmail } from '../../src/notify/email-texts.ts';
import { linkOfferSnapshot, orderOfferSnapshot } from '../../src/notify/notices.ts';
import { lineWords, priceWords } from '../../src/notify/offer-words.ts';
import { composeNotice, renderNotice, whatsappShareText } from '../../src/notify/texts.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import { linkShare, linkSnapshot, orderEvent, orderSnapshot, receipt } from './fixtures.ts';

const KAOS = { ...plainOffer('Kaos', 50_000), quantity: { min: 1, max: 5 }, itemName: 'Kaos', questions: ['Ukuran (S/M/L)', 'Alamat kirim'] };

describe('notices of rich links', () => {
  it('says "3 × Kaos" in the headline and the item line, and lists each answer under its question', () => {
    const offer = orderOfferSnapshot(KAOS, { amount: 150_000, quantity: 3, answers: ['L', 'Jl. Melati 5, Bandung'] });
    const notice = orderEvent('paid', { link: { itemName: 'Kaos', ...linkOfferSnapshot(KAOS) }, order: { amount: 150_000, amountReceived: 150_000, ...offer } });
    const { lines } = composeNotice(notice, 'id');
    expect(lines[0]).to.equal('✅ Rp150.000 · 3 × Kaos #3 · Budi Santoso');
    expect(lines).to.include('Barang: 3 × Kaos (link #3)');
    expect(lines).to.include('Ukuran (S/M/L): L').and.include('Alamat kirim: Jl. Melati 5, Bandung');
    expect(lines).to.include('Jumlah: Rp150.000');
  });

  it('lists several items with their prices, and marks an amount the customer chose', () => {
    const items = { lines: [{ name: 'Kaos', price: 150_000, quantity: 1 }, { name: 'Topi', price: 50_000, quantity: 1 }, { name: 'Ongkir', price: 20_000, quantity: 1 }] };
    const bundle = composeNotice(orderEvent('paid', { link: { itemName: 'Kaos + Topi + Ongkir', price: 220_000 }, order: { amount: 220_000, amountReceived: 220_000, ...items } }), 'id');
    expect(bundle.lines).to.include('Barang: Kaos + Topi + Ongkir (link #3)').and.include('Rincian: Kaos Rp150.000 · Topi Rp50.000 · Ongkir Rp20.000');

    const open = { link: { itemName: 'Donasi', price: 0, pricing: { kind: 'open' as const, min: 10_000, max: null, presets: [] } }, order: { amount: 25_000, amountReceived: 25_000 } };
    expect(composeNotice(orderEvent('paid', open), 'id').lines).to.include('Jumlah: Rp25.000 (nominal bebas)');
    expect(composeNotice(orderEvent('paid', open), 'en').lines).to.include('Amount: Rp25.000 (any amount)');
  });

  it("ends the customer's receipt with the seller's thank-you, in the chat and in both parts of the email", () => {
    const thanks = 'Terima kasih! Dikirim besok. <b>Salam</b>';
    const notice = { ...receipt({ lines: [{ name: 'Kaos', price: 50_000, quantity: 2 }], amount: 100_000, amountReceived: 100_000 }), link: linkSnapshot({ itemName: 'Kaos', thanks }) };
    const text = renderNotice(notice, 'id').text;
    expect(text).to.contain('Barang: 2 × Kaos').and.contain(`Pesan penjual: ${thanks}`);
    const email = renderEmail(notice, 'id');
    expect(email.text).to.contain(`Pesan penjual: ${thanks}`).and.contain(`Seller's note: ${thanks}`);
    expect(email.html).to.contain('Pesan penjual: Terima kasih! Dikirim besok. &lt;b&gt;Salam&lt;/b&gt;').and.not.contain('<b>Salam');
  });

  it('reads a notice queued before issue 17 as before: one item, a fixed price, no answers', () => {
    const { lines } = composeNotice(orderEvent('paid'), 'id');
    expect(lines[0]).to.equal('✅ Rp150.000 · Kaos Polos Hitam #3 · Budi Santoso');
    expect(lines.filter((l) => l.startsWith('Rincian'))).to.deep.equal([]);
    expect(renderNotice(receipt(), 'id').text).not.to.contain('Pesan penjual');
  });

  it('shares an open link without a price of Rp0, and a quantity link with its price per item', () => {
    const open = linkShare({ link: { price: 0, pricing: { kind: 'open', min: null, max: null, presets: [] } } });
    expect(composeNotice(open, 'id').lines).to.include('Harga: Nominal bebas');
    expect(whatsappShareText(open, 'en')).to.contain('Price: *Any amount*').and.not.contain('Rp0');
    const perItem = linkShare({ link: { price: 50_000, pricing: { kind: 'fixed' }, quantity: { min: 1, max: 5 } } });
    expect(composeNotice(perItem, 'id').lines).to.include('Harga: Rp50.000 per barang');
  });

  it('keeps only answered questions in a snapshot, and lines that add up to the amount', () => {
    const snap = orderOfferSnapshot({ ...KAOS, questions: ['Ukuran', 'Catatan'] }, { amount: 100_000, quantity: 2, answers: ['M'] });
    expect(snap).to.deep.equal({ lines: [{ name: 'Kaos', price: 50_000, quantity: 2 }], answers: [{ question: 'Ukuran', answer: 'M' }] });
    expect(orderSnapshot(snap).lines!.reduce((sum, l) => sum + l.price * l.quantity, 0)).to.equal(100_000);
  });

  it('words prices and lines the same in both languages', () => {
    expect(lineWords({ name: 'Kaos', quantity: 3 })).to.equal('3 × Kaos');
    expect(lineWords({ name: 'Kaos', quantity: 1 })).to.equal('Kaos');
    const fixed = { pricing: { kind: 'fixed' as const }, quantity: null, price: 150_000 };
    expect(priceWords(fixed, wordsIn('id'))).to.equal('Rp150.000');
    expect(priceWords({ ...fixed, quantity: { min: 1, max: 3 } }, wordsIn('en'))).to.equal('Rp150.000 each');
  });
});
