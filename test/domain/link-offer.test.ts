import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import {
  ASK_ALL,
  checkOffer,
  itemsTitle,
  openAmount,
  orderAnswers,
  orderLines,
  orderQuantity,
  orderTerms,
  plainOffer,
  requireAsked,
  validateRedirectUrl,
} from '../../src/domain/link-offer.ts';
import { say } from '../../src/text/catalog.ts';

function refuses(fn: () => unknown, code: string, field?: string): void {
  try {
    fn();
  } catch (err) {
    expect(isAppError(err, code), String(err)).to.equal(true);
    if (field !== undefined && isAppError(err)) expect(err.details['field']).to.equal(field);
    return;
  }
  expect.fail(`expected ${code}`);
}

const open = { kind: 'open' as const, min: 10_000, max: 5_000_000, presets: [] };

describe('link offers', function () {
  describe('what a merchant asks for', function () {
    it('a plain link is one fixed item, asking all three contact fields as before', function () {
      const { itemName, price, offer } = checkOffer(' Kaos ', 150_000, {});
      expect({ itemName, price }).to.deep.equal({ itemName: 'Kaos', price: 150_000 });
      expect(offer).to.deep.equal(plainOffer('Kaos', 150_000));
      expect(offer.asks).to.deep.equal(ASK_ALL);
    });

    it('several items: the total is their sum and the title their names', function () {
      const checked = checkOffer('Kaos', null, { items: [{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }, { name: 'Ongkir', price: 20_000 }] });
      expect(checked.price).to.equal(220_000);
      expect(checked.itemName).to.equal('Kaos + Topi + Ongkir');
      expect(checked.offer.items).to.have.length(3);
    });

    it('a long list of names is cut to the item-name length', function () {
      const items = Array.from({ length: 10 }, (_, i) => ({ name: `Barang nomor ${i}`, price: 1000 }));
      expect(itemsTitle(items).length).to.be.at.most(50);
      expect(itemsTitle(items).endsWith('…')).to.equal(true);
    });

    it('an open amount has no price and no items; presets are sorted and within the bounds', function () {
      const checked = checkOffer('Donasi', null, { open: { min: 10_000, max: null, presets: [100_000, 25_000, 25_000] } });
      expect(checked.price).to.equal(0);
      expect(checked.offer.items).to.deep.equal([]);
      expect(checked.offer.pricing).to.deep.equal({ kind: 'open', min: 10_000, max: null, presets: [25_000, 100_000] });
      refuses(() => checkOffer('Donasi', null, { open: { min: 50_000, max: 10_000, presets: [] } }), 'AMOUNT_BOUNDS_INVALID');
      refuses(() => checkOffer('Donasi', null, { open: { min: 50_000, max: null, presets: [25_000] } }), 'PRESET_OUT_OF_BOUNDS');
      refuses(() => checkOffer('Donasi', null, { open: { min: null, max: null, presets: [1, 2, 3, 4, 5, 6, 7] } }), 'PRESETS_INVALID');
    });

    it('a quantity range only on one fixed item, and never past the highest price', function () {
      expect(checkOffer('Kaos', 150_000, { quantity: { min: 1, max: 5 } }).offer.quantity).to.deep.equal({ min: 1, max: 5 });
      refuses(() => checkOffer('Kaos', 150_000, { quantity: { min: 5, max: 1 } }), 'QUANTITY_RANGE_INVALID');
      refuses(() => checkOffer('Kaos', 150_000, { quantity: { min: 0, max: 3 } }), 'QUANTITY_RANGE_INVALID');
      refuses(() => checkOffer('Donasi', null, { open: { min: null, max: null, presets: [] }, quantity: { min: 1, max: 3 } }), 'QUANTITY_NEEDS_ONE_ITEM');
      refuses(() => checkOffer('x', null, { items: [{ name: 'a', price: 1 }, { name: 'b', price: 2 }], quantity: { min: 1, max: 3 } }), 'QUANTITY_NEEDS_ONE_ITEM');
      refuses(() => checkOffer('Mobil', 500_000_000, { quantity: { min: 1, max: 3 } }), 'TOTAL_TOO_HIGH');
    });

    it('a total past Midtrans’s range is refused', function () {
      refuses(() => checkOffer('x', null, { items: [{ name: 'a', price: 600_000_000 }, { name: 'b', price: 600_000_000 }] }), 'TOTAL_TOO_HIGH');
    });

    it('stock, questions, asks, thanks and redirect are checked', function () {
      const { offer } = checkOffer('Kaos', 150_000, {
        stock: 20,
        methods: ['qris', 'va'],
        questions: [' Ukuran  (S/M/L) ', 'Alamat kirim'],
        asks: { name: true, phone: true, email: false },
        thanks: 'Terima kasih! Dikirim besok.',
        redirectUrl: 'https://tokobudi.id/terima-kasih',
      });
      expect(offer.stock).to.equal(20);
      expect(offer.methods).to.include.members(['other_qris', 'bca_va', 'echannel']);
      expect(offer.questions).to.deep.equal(['Ukuran (S/M/L)', 'Alamat kirim']);
      expect(offer.redirectUrl).to.equal('https://tokobudi.id/terima-kasih');
      refuses(() => checkOffer('Kaos', 1000, { stock: 0 }), 'STOCK_INVALID');
      refuses(() => checkOffer('Kaos', 1000, { questions: ['a', 'b', 'c', 'd'] }), 'QUESTIONS_INVALID');
      refuses(() => checkOffer('Kaos', 1000, { questions: ['a\u001bb'] }), 'QUESTIONS_INVALID');
      refuses(() => checkOffer('Kaos', 1000, { questions: ['x'.repeat(61)] }), 'QUESTIONS_INVALID');
      refuses(() => checkOffer('Kaos', 1000, { asks: { name: true, phone: false, email: false } }), 'ASKS_NEED_CONTACT');
      refuses(() => checkOffer('Kaos', 1000, { thanks: 'x'.repeat(301) }), 'THANKS_INVALID');
      refuses(() => checkOffer('Kaos', 1000, { thanks: 'a\u0007' }), 'THANKS_INVALID');
      refuses(() => checkOffer('Kaos', 1000, { methods: ['bitcoin'] }), 'PAYMENT_METHOD_UNKNOWN');
    });

    it('a redirect is a full https URL without credentials, spaces or control characters', function () {
      expect(validateRedirectUrl('https://tokobudi.id')).to.equal('https://tokobudi.id/');
      for (const bad of ['http://tokobudi.id', 'javascript:alert(1)', 'https://', 'https://u:p@tokobudi.id', 'https://toko budi.id', 'https://a.id/\n', `https://a.id/${'x'.repeat(500)}`, 'tokobudi.id']) {
        refuses(() => validateRedirectUrl(bad), 'REDIRECT_URL_INVALID');
      }
    });
  });

  describe('what a customer types', function () {
    it('reads the open amount with the chat’s money parser, within the bounds', function () {
      for (const typed of ['25000', '25.000', '25rb', 'Rp25.000']) expect(openAmount(open, typed)).to.equal(25_000);
      refuses(() => openAmount(open, ''), 'AMOUNT_INVALID', 'amount');
      refuses(() => openAmount(open, '25.000,50'), 'AMOUNT_INVALID', 'amount');
      refuses(() => openAmount(open, 'abc'), 'AMOUNT_INVALID', 'amount');
      refuses(() => openAmount(open, '9999'), 'AMOUNT_TOO_LOW', 'amount');
      refuses(() => openAmount(open, '6jt'), 'AMOUNT_TOO_HIGH', 'amount');
    });

    it('takes a quantity within the range, and 1 where the link has none', function () {
      expect(orderQuantity(null, 'anything')).to.equal(1);
      expect(orderQuantity({ min: 1, max: 5 }, ' 3 ')).to.equal(3);
      for (const bad of ['0', '6', '', '2.5', '-1', '1e1', '٣']) refuses(() => orderQuantity({ min: 1, max: 5 }, bad), 'QUANTITY_INVALID', 'quantity');
    });

    it('wants one bounded, one-line answer per question', function () {
      expect(orderAnswers(['Ukuran', 'Alamat'], [' M ', 'Jl. Mawar\r\nNo. 5'])).to.deep.equal(['M', 'Jl. Mawar No. 5']);
      expect(orderAnswers([], ['ignored'])).to.deep.equal([]);
      refuses(() => orderAnswers(['Ukuran', 'Alamat'], ['M']), 'ANSWER_MISSING', 'answer2');
      refuses(() => orderAnswers(['Ukuran'], ['x'.repeat(201)]), 'ANSWER_INVALID', 'answer1');
      refuses(() => orderAnswers(['Ukuran'], ['\u001b[31mM']), 'ANSWER_INVALID', 'answer1');
    });

    it('charges price × quantity, or the typed amount', function () {
      const kaos = { ...plainOffer('Kaos', 150_000), price: 150_000, quantity: { min: 1, max: 5 }, questions: ['Ukuran'] };
      expect(orderTerms(kaos, { quantity: '3', answers: ['L'] })).to.deep.equal({ amount: 450_000, quantity: 3, answers: ['L'] });
      const donasi = { ...plainOffer('Donasi', 0), price: 0, pricing: open, items: [] };
      expect(orderTerms(donasi, { amount: '50rb' })).to.deep.equal({ amount: 50_000, quantity: 1, answers: [] });
    });

    it('requires the contact fields the merchant asked for with wajib; without it, as before, the page alone asks all three', function () {
      requireAsked({ name: true, phone: true, email: false }, { name: 'Ani', phone: '0812' });
      refuses(() => requireAsked({ name: true, phone: true, email: false }, { name: 'Ani', email: 'a@b.id' }), 'CONTACT_MISSING', 'phone');
      refuses(() => requireAsked({ name: false, phone: false, email: true }, { name: 'Ani', phone: '0812', email: ' ' }), 'CONTACT_MISSING', 'email');
      requireAsked(ASK_ALL, { email: 'a@b.id' });
    });

    it('says what is wrong in both languages', function () {
      try {
        openAmount(open, '5000');
      } catch (err) {
        if (!isAppError(err)) throw err;
        expect(err.say('id')).to.equal('Nominal minimal Rp10.000.');
        expect(err.say('en')).to.equal('The minimum amount is Rp10.000.');
      }
      expect(say((w) => w.links.quantityOutOfRange(1, 5), 'en')).to.contain('1–5');
    });
  });

  describe('order lines', function () {
    it('always add up to the amount charged', function () {
      const several = { itemName: 'Kaos + Topi', pricing: { kind: 'fixed' as const }, items: [{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }] };
      expect(orderLines(several, { amount: 200_000, quantity: 1 })).to.deep.equal([
        { name: 'Kaos', price: 150_000, quantity: 1 },
        { name: 'Topi', price: 50_000, quantity: 1 },
      ]);
      expect(orderLines({ itemName: 'Kaos', pricing: { kind: 'fixed' }, items: [{ name: 'Kaos', price: 150_000 }] }, { amount: 450_000, quantity: 3 })).to.deep.equal([
        { name: 'Kaos', price: 150_000, quantity: 3 },
      ]);
      expect(orderLines({ itemName: 'Donasi', pricing: open, items: [] }, { amount: 77_000, quantity: 1 })).to.deep.equal([{ name: 'Donasi', price: 77_000, quantity: 1 }]);
    });
  });
});
