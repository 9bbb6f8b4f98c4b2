import { expect } from 'chai';
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import type { OrderEvent } from '../../src/domain/order.ts';
import { renderEmail } from '../../src/notify/email-texts.ts';
import type { Notice } from '../../src/notify/notices.ts';
import { describePaymentMethod } from '../../src/notify/payment-method.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import { linkShare, orderEvent, receipt } from './fixtures.ts';

const EVENT_FACTS: Record<OrderEvent, Record<Locale, string[]>> = {
  paid: { id: ['Pembayaran diterima'], en: ['Payment received'] },
  paid_late: { id: ['sudah ditutup', 'LUNAS'], en: ['already closed', 'now PAID'] },
  voided: { id: ['dibatalkan sebelum settlement', 'TIDAK lunas lagi', 'slot link dilepas'], en: ['cancelled before settlement', 'NOT paid any more', 'slot is free again'] },
  partially_refunded: { id: ['Rp10.000 dari Rp150.000 dikembalikan', 'tetap lunas'], en: ['Rp10.000 of Rp150.000 returned', 'stays paid'] },
  charged_back: { id: ['Chargeback', 'TIDAK lunas lagi'], en: ['Chargeback', 'NOT paid any more'] },
  partially_charged_back: { id: ['Chargeback sebagian', 'Rp10.000 dari Rp150.000', 'tetap lunas'], en: ['Partial chargeback', 'Rp10.000 of Rp150.000', 'stays paid'] },
  challenge: { id: ['perlu diperiksa', 'Setujui atau tolak'], en: ['needs review', 'Approve or deny'] },
  expired: { id: ['kedaluwarsa', 'Tidak dibayar', 'Slot link dilepas'], en: ['expired', 'Never paid', 'slot is free again'] },
  cancelled: { id: ['dibatalkan', 'Tidak dibayar'], en: ['cancelled', 'Not paid'] },
  failed: { id: ['gagal', 'tidak lunas'], en: ['failed', 'not paid'] },
  reversed: { id: ['TIDAK lunas lagi', 'dashboard Midtrans'], en: ['NOT paid any more', 'Midtrans dashboard'] },
  refunded: { id: ['refund', 'tidak lunas lagi'], en: ['refund', 'no longer counts as paid'] },
  underpaid: { id: ['kurang', 'TIDAK ditandai lunas', 'dashboard Midtrans'], en: ['Underpaid', 'NOT marked paid', 'Midtrans dashboard'] },
};

const EVENTS = Object.keys(EVENT_FACTS) as OrderEvent[];

/** Every kind of notice in one list, so the plain-text rules below cover them all. */
const ALL_NOTICES: Array<[string, Notice]> = [
  ...EVENTS.map((event): [string, Notice] => [`order_event ${event}`, orderEvent(event)]),
  ['receipt', receipt()],
  ['link_share', linkShare()],
];

describe('notice texts', function () {
  it('call a customer nobody named by their contact, never a phone as a name (issue 16)', function () {
    const nameless = { customer: { name: null, phone: '6281234567890', email: null } };
    const paid = renderNotice(orderEvent('paid', { order: nameless }), 'id').text;
    expect(paid.split('\n')[0]).to.equal('✅ Rp150.000 · Kaos Polos Hitam #3 · +6281234567890');
    expect(paid).to.include('Kontak: +6281234567890');
    expect(paid).to.not.include('Pembeli:');
    expect(renderNotice(receipt(nameless), 'id').text.split('\n')[0]).to.equal('✅ Terima kasih! Pembayaran Anda sudah diterima.');
    expect(renderNotice(receipt(nameless), 'en').text.split('\n')[0]).to.equal('✅ Thank you! Your payment was received.');
  });


  describe('order_event to the merchant', function () {
    for (const event of EVENTS) {
      for (const locale of LOCALES) {
        it(`${event} (${locale}) names the item, amount, order, customer, usage and the Detail action`, function () {
          const message = renderNotice(orderEvent(event), locale);
          for (const fact of [
            'Kaos Polos Hitam',
            'Rp150.000',
            'INV-2026-0042-1',
            'Budi Santoso',
            '+6281234567890',
            'budi@mail.com',
            '1/1',
            ...EVENT_FACTS[event][locale],
          ]) {
            expect(message.text, fact).to.include(fact);
          }
          const detail = { kind: 'command', label: 'Detail', command: '/link 3', data: '/link 3' };
          const review =
            event === 'challenge'
              ? [
                  { kind: 'command', label: locale === 'id' ? 'Setujui' : 'Approve', command: '/setujui INV-2026-0042-1', data: '/setujui INV-2026-0042-1' },
                  { kind: 'command', label: locale === 'id' ? 'Tolak' : 'Deny', command: '/tolak INV-2026-0042-1', data: '/tolak INV-2026-0042-1' },
                ]
              : [];
          expect(message.actions).to.deep.equal([...review, detail]);
          expect(message.qrUrl).to.equal(undefined);
        });
      }
    }

    it('paid leads with what a lock screen shows: “✅ Rp150.000 · Kaos #3 · Budi”, as a headline, in id and en', function () {
      for (const [locale, title] of [['id', 'Pembayaran diterima'], ['en', 'Payment received']] as const) {
        const message = renderNotice(orderEvent('paid'), locale);
        expect(message.text.split('\n').slice(0, 2)).to.deep.equal(['✅ Rp150.000 · Kaos Polos Hitam #3 · Budi Santoso', title]);
        expect(message.headline).to.equal(true);
      }
      expect(renderNotice(orderEvent('expired'), 'id').text.split('\n')[0]).to.equal('⌛ Order kedaluwarsa');
    });

    it('says plainly when money took a link past its usage limit, and not otherwise', function () {
      for (const event of ['paid', 'paid_late'] as const) {
        expect(renderNotice(orderEvent(event, { usage: { paid: 2, limit: 1 } }), 'id').text).to.include('melewati batas pemakaiannya (2/1)');
        expect(renderNotice(orderEvent(event, { usage: { paid: 2, limit: 1 } }), 'en').text).to.include('past its usage limit (2/1)');
        expect(renderNotice(orderEvent(event, { usage: { paid: 1, limit: 1 } }), 'en').text).to.not.include('past its usage limit');
        expect(renderNotice(orderEvent(event, { usage: { paid: 9, limit: null } }), 'en').text).to.not.include('past its usage limit');
      }
    });

    it('paid names the payment method in words, in each language', function () {
      const cases: Array<[string, string | null, Record<Locale, string>]> = [
        ['qris', 'gopay', { id: 'QRIS (GoPay)', en: 'QRIS (GoPay)' }],
        ['qris', null, { id: 'QRIS', en: 'QRIS' }],
        ['bank_transfer', 'bca', { id: 'BCA Virtual Account', en: 'BCA Virtual Account' }],
        ['bank_transfer', 'permata', { id: 'Permata Virtual Account', en: 'Permata Virtual Account' }],
        ['gopay', null, { id: 'GoPay', en: 'GoPay' }],
        ['credit_card', null, { id: 'Kartu kredit', en: 'Credit card' }],
        ['credit_card', 'bni', { id: 'Kartu kredit (BNI)', en: 'Credit card (BNI)' }],
        ['echannel', 'mandiri', { id: 'Mandiri Bill', en: 'Mandiri Bill' }],
        ['cstore', 'indomaret', { id: 'Indomaret', en: 'Indomaret' }],
        ['cstore', 'alfamart', { id: 'Alfamart', en: 'Alfamart' }],
        ['new_wallet_x', 'whatever', { id: 'new_wallet_x', en: 'new_wallet_x' }],
      ];
      for (const [method, channel, names] of cases) {
        for (const locale of LOCALES) {
          const text = renderNotice(orderEvent('paid', { order: { method, channel } }), locale).text;
          expect(text, `${method}/${channel}`).to.include(names[locale]);
        }
      }
    });

    it('does not mistake a channel called like an Object property for a known name', function () {
      expect(describePaymentMethod('cstore', 'constructor', 'en')).to.equal('constructor');
      expect(describePaymentMethod('toString', null, 'en')).to.equal('toString');
      expect(describePaymentMethod(null, null, 'id')).to.equal(null);
    });

    it('says clearly when the amount received differs from the price', function () {
      const more = orderEvent('paid', { order: { amountReceived: 151_000 } });
      expect(renderNotice(more, 'id').text).to.include('Diterima: Rp151.000 (berbeda dari harga Rp150.000)');
      expect(renderNotice(more, 'en').text).to.include('Received: Rp151.000 (differs from the price Rp150.000)');

      const less = orderEvent('underpaid', { order: { amountReceived: 100_000 } });
      expect(renderNotice(less, 'id').text).to.include('Diterima: Rp100.000, kurang dari harga Rp150.000');
      expect(renderNotice(less, 'en').text).to.include('Received: Rp100.000, less than the price Rp150.000');

      const unknown = orderEvent('underpaid', { order: { amountReceived: null } });
      expect(renderNotice(unknown, 'en').text).to.include('Received: unknown amount (price Rp150.000)');
    });

    it('shows an unlimited link as a count without a limit', function () {
      const notice = orderEvent('paid', { usage: { paid: 3, limit: null } });
      expect(renderNotice(notice, 'id').text).to.include('Pemakaian link: 3 (tanpa batas)');
      expect(renderNotice(notice, 'en').text).to.include('Link usage: 3 (no limit)');
    });

    it('leaves out the contact and method lines when there is nothing to show', function () {
      const notice = orderEvent('expired', { order: { customer: { name: 'Budi', phone: null, email: null }, method: null, channel: null } });
      const text = renderNotice(notice, 'en').text;
      expect(text).not.to.include('Contact:');
      expect(text).not.to.include('Method:');
    });
  });

  describe('receipt to the customer', function () {
    for (const locale of LOCALES) {
      it(`thanks them with item, amount, order id and merchant (${locale})`, function () {
        const message = renderNotice(receipt(), locale);
        for (const fact of ['Kaos Polos Hitam', 'Rp150.000', 'INV-2026-0042-1', 'Toko Budi', locale === 'id' ? 'Terima kasih' : 'Thank you']) {
          expect(message.text, fact).to.include(fact);
        }
        // A receipt is for the customer: no merchant commands in it.
        expect(message.actions).to.deep.equal([]);
      });
    }
  });

  describe('link_share to a customer', function () {
    const expiring = linkShare({ link: { expiresAt: '2026-12-31T16:59:59.999Z' } });
    for (const locale of LOCALES) {
      it(`greets by name and carries merchant, item, price, pay URL, expiry, QR and a Pay button (${locale})`, function () {
        const message = renderNotice(expiring, locale);
        for (const fact of [
          locale === 'id' ? 'Halo Siti' : 'Hello Siti',
          'Toko Budi',
          'Kaos Polos Hitam',
          'Rp150.000',
          'https://pay.example.com/p/k7q2m9x4p1ab',
          '31/12/2026 23:59 WIB',
        ]) {
          expect(message.text, fact).to.include(fact);
        }
        expect(message.qrUrl).to.equal('https://pay.example.com/p/k7q2m9x4p1ab');
        expect(message.actions).to.deep.equal([
          { kind: 'url', label: locale === 'id' ? 'Bayar' : 'Pay', url: 'https://pay.example.com/p/k7q2m9x4p1ab' },
        ]);
      });
    }

    it('greets without a name when none is known, and leaves out a missing expiry', function () {
      const text = renderNotice(linkShare({ customerName: null }), 'id').text;
      expect(text.split('\n')[0]).to.equal('Halo,');
      expect(text).not.to.include('Berlaku');
    });
  });

  describe('every notice', function () {
    for (const [name, notice] of ALL_NOTICES) {
      it(`${name} is short plain text, different per language`, function () {
        const id = renderNotice(notice, 'id').text;
        const en = renderNotice(notice, 'en').text;
        expect(id).not.to.equal(en);
        for (const text of [id, en]) {
          expect(text.length).to.be.below(700);
          expect(text).not.to.match(/[*_`<>]|\n\n/);
        }
      });
    }
  });
});

describe('notice emails', function () {
  const hostile = '<script>x</script>';

  for (const [name, notice] of ALL_NOTICES) {
    it(`${name}: subject, both languages in text and HTML, requested language first`, function () {
      const email = renderEmail(notice, 'id');
      const enFirst = renderEmail(notice, 'en');
      expect(email.text).to.include(renderNotice(notice, 'id').text);
      expect(email.text).to.include(renderNotice(notice, 'en').text);
      expect(email.text.indexOf(renderNotice(notice, 'id').text)).to.be.below(email.text.indexOf(renderNotice(notice, 'en').text));
      expect(enFirst.text.indexOf(renderNotice(notice, 'en').text)).to.equal(0);
      expect(email.html).to.include('<div lang="id">').and.include('<div lang="en">');
      expect(email.subject).to.include('Kaos Polos Hitam');
      expect(email.subject).not.to.match(/[\r\n]/);
    });
  }

  it('link_share: the Pay button and the price in both languages', function () {
    const email = renderEmail(linkShare(), 'id');
    expect(email.subject).to.equal('Link pembayaran dari Toko Budi: Kaos Polos Hitam');
    expect(email.html).to.include('<a href="https://pay.example.com/p/k7q2m9x4p1ab"');
    expect(email.html).to.include('>Bayar</a>').and.include('>Pay</a>');
    expect(email.html).to.include('Harga: Rp150.000').and.include('Price: Rp150.000');
  });

  it('escapes every typed value in the HTML', function () {
    const notices: Notice[] = [
      linkShare({ link: { itemName: hostile }, customerName: hostile }),
      { ...receipt({ customer: { name: hostile, phone: null, email: null } }), merchantName: hostile },
      orderEvent('paid', { link: { itemName: hostile }, order: { customer: { name: hostile, phone: null, email: '"x"@a.b' } } }),
    ];
    for (const notice of notices) {
      const { html, text } = renderEmail(notice, 'en');
      expect(html).not.to.include('<script');
      expect(html).not.to.include('"x"');
      expect(html).to.include('&lt;script&gt;x&lt;/script&gt;');
      // The text part is plain text: shown as typed.
      expect(text).to.include(hostile);
    }
  });

  it('turns no URL but http(s) into a link', function () {
    const { html } = renderEmail(linkShare({ link: { url: 'javascript:alert(1)' } }), 'en');
    expect(html).not.to.include('href=');
  });
});
