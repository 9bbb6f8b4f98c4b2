import { expect } from 'chai';
import { offerLines, offerListSuffix, offerPrice, orderOfferText } from '../../../bots/commands/link-offer-replies.ts';
import { checkOffer, plainOffer } from '../../../src/domain/link-offer.ts';
import { UNUSED } from '../../../src/domain/link.ts';

const linkOf = (itemName: string, price: number | null, input: Parameters<typeof checkOffer>[2]) => {
  const checked = checkOffer(itemName, price, input);
  return { itemName: checked.itemName, price: checked.price, ...checked.offer };
};

describe('rich links in replies', function () {
  it('a plain link reads as before: its price, and no extra lines', function () {
    const link = { itemName: 'Kaos', price: 150_000, ...plainOffer('Kaos', 150_000) };
    expect(offerPrice(link, 'id')).to.equal('Rp150.000');
    expect(offerLines(link, UNUSED, 'id')).to.deep.equal([]);
    expect(offerListSuffix(link, UNUSED, 'id')).to.equal('');
  });

  it('an open amount shows its bounds and presets, never Rp0', function () {
    const link = linkOf('Donasi', null, { open: { min: 10_000, max: 5_000_000, presets: [25_000, 50_000] } });
    expect(offerPrice(link, 'id')).to.equal('Nominal bebas (Rp10.000–Rp5.000.000)');
    expect(offerPrice(link, 'en')).to.equal('Any amount (Rp10.000–Rp5.000.000)');
    expect(offerLines(link, UNUSED, 'id')).to.deep.equal(['Pilihan nominal: Rp25.000, Rp50.000']);
  });

  it('shows items, quantity, stock left, methods, questions, asks, thanks and redirect compactly, in both languages', function () {
    const several = linkOf('Kaos', null, { items: [{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }] });
    expect(offerLines(several, UNUSED, 'id')).to.deep.equal(['Barang: Kaos Rp150.000 + Topi Rp50.000']);

    const link = linkOf('Kaos', 150_000, {
      quantity: { min: 1, max: 5 },
      stock: 20,
      methods: ['qris', 'va'],
      questions: ['Ukuran (S/M/L)', 'Alamat kirim'],
      asks: { name: true, phone: true, email: false },
      thanks: 'Terima kasih! Dikirim besok.',
      redirectUrl: 'https://tokobudi.id/terima-kasih',
    });
    const usage = { ...UNUSED, itemsHeld: 3, itemsSold: 5 };
    expect(offerPrice(link, 'id')).to.equal('Rp150.000 per barang');
    expect(offerLines(link, usage, 'id')).to.deep.equal([
      'Jumlah per order: 1–5',
      'Stok: 12 dari 20 tersisa',
      'Metode: qris, va',
      'Pertanyaan: "Ukuran (S/M/L)", "Alamat kirim"',
      'Data pembeli: nama, hp',
      'Pesan sesudah bayar: "Terima kasih! Dikirim besok."',
      'Kembali ke: https://tokobudi.id/terima-kasih',
    ]);
    expect(offerLines(link, usage, 'en')).to.include('Stock: 12 of 20 left').and.include('Customer details asked: name, phone');
    expect(offerListSuffix(link, usage, 'id')).to.equal(' — stok 12');
  });

  it('an order shows what it bought and the answers', function () {
    const link = linkOf('Kaos', 150_000, { quantity: { min: 1, max: 5 }, questions: ['Ukuran (S/M/L)'] });
    expect(orderOfferText(link, { amount: 450_000, quantity: 3, answers: ['L'] })).to.equal('3 × Kaos — Ukuran (S/M/L): L');
    expect(orderOfferText(link, { amount: 150_000, quantity: 1, answers: [] })).to.equal('');
  });
});
