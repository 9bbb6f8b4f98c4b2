/**
 * The command grammar as a table: what a merchant types, and what the bot
 * understands (a command, the code of the error it answers with, or "not a
 * command"). Dates are exact because `now` is fixed.
 */
import { expect } from 'chai';
import type { Command, LinkRef, NewLinkCommand, ParseOptions, ParseResult } from '../../../bots/commands/parse.ts';
import { parseCommand, parseNewLinkOptions } from '../../../bots/commands/parse.ts';

/** Tuesday 24 November 2026, 10:00 WIB. */
const NOW = new Date('2026-11-24T10:00:00+07:00');
const OPTIONS: ParseOptions = { botUsername: 'TagihBot', now: NOW };
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

type Expected = { command: Command } | { error: string } | { notACommand: true };
/** input, expected, and options when they differ from OPTIONS. */
type Case = readonly [input: string, expected: Expected, options?: ParseOptions];

/** The last millisecond of a WIB calendar day, in UTC. */
const endOfDayWib = (isoDate: string): Date => new Date(`${isoDate}T16:59:59.999Z`);
const fromNow = (ms: number): Date => new Date(NOW.getTime() + ms);

function newlink(itemName: string, price: number, settings: Partial<NewLinkCommand> = {}): Expected {
  return { command: { kind: 'newlink', guided: false, itemName, price, offer: {}, usageLimit: 1, expiresAt: null, customer: null, ...settings } };
}
const command = (value: Command): Expected => ({ command: value });
const error = (code: string): Expected => ({ error: code });
const NOT_A_COMMAND: Expected = { notACommand: true };
const no = (value: number): LinkRef => ({ kind: 'number', value });
const ref = (value: string): LinkRef => ({ kind: 'text', value });

function outcome(result: ParseResult): Expected {
  if (result.ok) return { command: result.command };
  if (result.notACommand) return { notACommand: true };
  return { error: result.error.code };
}

function label(expected: Expected): string {
  if ('error' in expected) return expected.error;
  if ('notACommand' in expected) return 'not a command';
  return `/${expected.command.kind}`;
}

function specify(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const [input, expected, options = OPTIONS] of cases) {
      const shown = input.length > 70 ? `${input.slice(0, 70)}…` : input;
      it(`${JSON.stringify(shown)} → ${label(expected)}`, () => {
        expect(outcome(parseCommand(input, options))).to.deep.equal(expected);
      });
    }
  });
}

describe('parseCommand', () => {
  specify('newlink: item name and price', [
    ['/newlink Kaos 150000', newlink('Kaos', 150_000)],
    ['/newlink Kaos Polos Hitam 150rb', newlink('Kaos Polos Hitam', 150_000)],
    ['/newlink Kaos 2 warna 150.000', newlink('Kaos 2 warna', 150_000)],
    ['/newlink "Kaos 2 warna" 150.000', newlink('Kaos 2 warna', 150_000)],
    ['/newlink “Kaos 2 warna” 150.000', newlink('Kaos 2 warna', 150_000)],
    ['/newlink "Kaos 150" 99000', newlink('Kaos 150', 99_000)],
    ['/newlink Kaos Polos 2 juta', newlink('Kaos Polos', 2_000_000)],
    ['/newlink Kaos Polos 2 jt', newlink('Kaos Polos', 2_000_000)],
    ['/newlink Kaos 150 rb', newlink('Kaos', 150_000)],
    ['/newlink Kaos 1,5jt', newlink('Kaos', 1_500_000)],
    ['/newlink Kaos 150k', newlink('Kaos', 150_000)],
    ['/newlink Mobil 1 miliar', newlink('Mobil', 1_000_000_000)],
    ['/newlink Kaos 150,000', newlink('Kaos', 150_000)],
    ['/newlink Kaos Rp 150.000', newlink('Kaos', 150_000)],
    ['/newlink Kaos Rp150.000,00', newlink('Kaos', 150_000)],
    ['/newlink Tiket 100 150000', newlink('Tiket 100', 150_000)],
    ['/newlink Kaos Ukuran 5 150000 limit 5', newlink('Kaos Ukuran 5', 150_000, { usageLimit: 5 })],
    ['/newlink Paket 2 untuk Budi 50000', newlink('Paket 2 untuk Budi', 50_000)],
    ['/newlink Tiket 1 ke Bali 500000 x5', newlink('Tiket 1 ke Bali', 500_000, { usageLimit: 5 })],
    ['/newlink', command({ kind: 'newlink', guided: true })],
  ]);

  specify('newlink: command word, prefix and mention', [
    ['/buatlink Kaos 150000', newlink('Kaos', 150_000)],
    ['/linkbaru Kaos 150000', newlink('Kaos', 150_000)],
    ['/NewLink Kaos 150000', newlink('Kaos', 150_000)],
    ['!newlink Kaos 150000', newlink('Kaos', 150_000)],
    ['newlink Kaos 150000', newlink('Kaos', 150_000)],
    ['buatlink', command({ kind: 'newlink', guided: true })],
    ['/newlink@TagihBot Kaos 150000', newlink('Kaos', 150_000)],
    ['/newlink@tagihbot Kaos 150000', newlink('Kaos', 150_000)],
    ['/newlink@TagihBot Kaos 150000', newlink('Kaos', 150_000), { botUsername: '@TagihBot', now: NOW }],
    ['/newlink@OtherBot Kaos 150000', NOT_A_COMMAND],
    ['/newlink@AnyBot Kaos 150000', newlink('Kaos', 150_000), { now: NOW }],
  ]);

  specify('newlink: what is missing or wrong about item and price', [
    ['/newlink Kaos', error('NEWLINK_MISSING_PRICE')],
    ['/newlink Kaos Polos Hitam', error('NEWLINK_MISSING_PRICE')],
    ['/newlink Kaos "150000"', error('NEWLINK_MISSING_PRICE')],
    ['/newlink 150000', error('NEWLINK_MISSING_ITEM')],
    ['/newlink 150000 Kaos', error('NEWLINK_MISSING_ITEM')],
    ['/newlink 2 juta', error('NEWLINK_MISSING_ITEM')],
    ['/newlink Kaos 0', error('PRICE_TOO_LOW')],
    ['/newlink Kaos -5000', error('PRICE_TOO_LOW')],
    ['/newlink Kaos 2000000000', error('PRICE_TOO_HIGH')],
    ['/newlink Mobil 1,5 milyar', error('PRICE_TOO_HIGH')],
    ['/newlink Kaos 150.000,50', error('PRICE_FRACTIONAL')],
    [`/newlink ${'Kaos '.repeat(11)}150000`, error('ITEM_NAME_INVALID')],
    ['/newlink "Kaos 2 warna 150000', error('QUOTE_UNCLOSED')],
  ]);

  // Issue 16: an unknown word after the price never moves the price to a later number.
  specify('newlink: a number in an unquoted item name is never a price of Rp1.000 or more', [
    ['/newlink Kaos 150000 ukuran 2', error('OPTION_UNKNOWN')],
    ['/newlink Kaos 150000 id INV 001', error('OPTION_UNKNOWN')],
    ['/newlink Kaos 150000 besok 5', error('OPTION_UNKNOWN')],
    ['/newlink Kaos 150rb warna 50000', error('OPTION_UNKNOWN')],
    ['/newlink Kaos 2 juta lagi 5', error('OPTION_UNKNOWN')],
    ['/newlink "Kaos 150000 ukuran" 2', newlink('Kaos 150000 ukuran', 2)],
    ['/newlink Beras "5000 gram" 50000', newlink('Beras 5000 gram', 50_000)],
    ['/newlink Kaos 150000 ukuran 2 x5', error('OPTION_UNKNOWN')],
    ['/newlink Kaos 999 ukuran 150000', newlink('Kaos 999 ukuran', 150_000)],
  ]);

  specify('newlink: a price that is not a number is shown back', [
    ['/newlink Kaos 15O000', error('PRICE_INVALID')],
    ['/newlink Kaos 15O000 x5', error('PRICE_INVALID')],
    ['/newlink Kaos Polos 150.00O', error('PRICE_INVALID')],
  ]);

  specify('newlink: usage limit', [
    ['/newlink Kaos 150000 x5', newlink('Kaos', 150_000, { usageLimit: 5 })],
    ['/newlink Kaos 150000 5x', newlink('Kaos', 150_000, { usageLimit: 5 })],
    ['/newlink Kaos 150000 ×5', newlink('Kaos', 150_000, { usageLimit: 5 })],
    ['/newlink Kaos 150000 limit 5', newlink('Kaos', 150_000, { usageLimit: 5 })],
    ['/newlink Kaos 150000 kuota 20', newlink('Kaos', 150_000, { usageLimit: 20 })],
    ['/newlink Kaos 150000 MAX 5', newlink('Kaos', 150_000, { usageLimit: 5 })],
    ['/newlink Kaos 150000 unlimited', newlink('Kaos', 150_000, { usageLimit: null })],
    ['/newlink Kaos 150000 bebas', newlink('Kaos', 150_000, { usageLimit: null })],
    ['/newlink Kaos 150000 tanpa batas', newlink('Kaos', 150_000, { usageLimit: null })],
    ['/newlink Kaos 150000 x0', error('USAGE_LIMIT_INVALID')],
    ['/newlink Kaos 150000 limit 1000001', error('USAGE_LIMIT_INVALID')],
    ['/newlink Kaos 150000 limit 1.000', error('USAGE_LIMIT_INVALID')],
    ['/newlink Kaos 150000 limit lima', error('USAGE_LIMIT_INVALID')],
    ['/newlink Kaos 150000 limit', error('OPTION_VALUE_MISSING')],
    ['/newlink Kaos 150000 limit exp 3d', error('OPTION_VALUE_MISSING')],
  ]);

  specify('newlink: expiry', [
    ['/newlink Kaos 150000 exp 2026-12-31', newlink('Kaos', 150_000, { expiresAt: endOfDayWib('2026-12-31') })],
    ['/newlink Kaos 150000 sampai 31/12', newlink('Kaos', 150_000, { expiresAt: endOfDayWib('2026-12-31') })],
    ['/newlink Kaos 150000 hingga 31/12/2026', newlink('Kaos', 150_000, { expiresAt: endOfDayWib('2026-12-31') })],
    ['/newlink Kaos 150000 until 31/12', newlink('Kaos', 150_000, { expiresAt: endOfDayWib('2026-12-31') })],
    ['/newlink Kaos 150000 berlaku sampai 25/11', newlink('Kaos', 150_000, { expiresAt: endOfDayWib('2026-11-25') })],
    ['/newlink Kaos 150000 exp 24/11', newlink('Kaos', 150_000, { expiresAt: endOfDayWib('2026-11-24') })],
    ['/newlink Kaos 150000 exp 3d', newlink('Kaos', 150_000, { expiresAt: fromNow(3 * DAY) })],
    ['/newlink Kaos 150000 exp 12h', newlink('Kaos', 150_000, { expiresAt: fromNow(12 * HOUR) })],
    ['/newlink Kaos 150000 berlaku 7 hari', newlink('Kaos', 150_000, { expiresAt: fromNow(7 * DAY) })],
    ['/newlink Kaos 150000 7 hari', newlink('Kaos', 150_000, { expiresAt: fromNow(7 * DAY) })],
    ['/newlink Kaos 150000 3d', newlink('Kaos', 150_000, { expiresAt: fromNow(3 * DAY) })],
    ['/newlink Sewa 3 hari 500000 7 hari', newlink('Sewa 3 hari', 500_000, { expiresAt: fromNow(7 * DAY) })],
    ['/newlink Kaos 150000 exp 2026-11-01', error('EXPIRY_IN_PAST')],
    ['/newlink Kaos 150000 sampai 1/11/2026', error('EXPIRY_IN_PAST')],
    ['/newlink Kaos 150000 exp 2028-01-01', error('EXPIRY_TOO_FAR')],
    ['/newlink Kaos 150000 exp 31/02', error('EXPIRY_INVALID')],
    ['/newlink Kaos 150000 exp 7 harii', error('EXPIRY_INVALID')],
  ]);

  specify('newlink: customer', [
    ['/newlink Kaos 150000 to 081234567890', newlink('Kaos', 150_000, { customer: { phone: '6281234567890' } })],
    ['/newlink Kaos 150000 untuk budi@mail.com', newlink('Kaos', 150_000, { customer: { email: 'budi@mail.com' } })],
    ['/newlink Kaos 150000 ke 0812-3456-7890', newlink('Kaos', 150_000, { customer: { phone: '6281234567890' } })],
    [
      '/newlink Kaos 150000 ke +62 812-3456-7890 nama Budi Santoso',
      newlink('Kaos', 150_000, { customer: { phone: '6281234567890', name: 'Budi Santoso' } }),
    ],
    ['/newlink Kaos 150000 nama Budi Santoso x5', newlink('Kaos', 150_000, { usageLimit: 5, customer: { name: 'Budi Santoso' } })],
    ['/newlink Kaos 150000 untuk Budi 0812 3456 7890', newlink('Kaos', 150_000, { customer: { name: 'Budi', phone: '6281234567890' } })],
    [
      '/newlink Kaos 150000 name Budi Santoso email BUDI@Mail.com hp 0812 3456 7890',
      newlink('Kaos', 150_000, { customer: { name: 'Budi Santoso', email: 'budi@mail.com', phone: '6281234567890' } }),
    ],
    ['/newlink Kaos 150000 wa +6281234567890', newlink('Kaos', 150_000, { customer: { phone: '6281234567890' } })],
    ['/newlink Kaos 150000 hp 12', error('PHONE_INVALID')],
    ['/newlink Kaos 150000 untuk Budi 0812345', error('PHONE_INVALID')],
    ['/newlink Kaos 150000 hp budi', error('PHONE_INVALID')],
    ['/newlink Kaos 150000 email budi@', error('EMAIL_INVALID')],
    [`/newlink Kaos 150000 nama ${'Budi '.repeat(11)}`, error('CUSTOMER_NAME_INVALID')],
  ]);

  specify('newlink: Order ID and Payment Link ID', [
    ['/newlink Kaos 150000 id INV-001', newlink('Kaos', 150_000, { orderId: 'INV-001' })],
    ['/newlink Kaos 150000 orderid INV_01~a', newlink('Kaos', 150_000, { orderId: 'INV_01~a' })],
    ['/newlink Kaos 150000 slug kaos-hitam', newlink('Kaos', 150_000, { slug: 'kaos-hitam' })],
    ['/newlink Kaos 150000 linkid Kaos-Hitam', newlink('Kaos', 150_000, { slug: 'kaos-hitam' })],
    ['/newlink Kaos 150000 id "INV 001"', error('ORDER_ID_INVALID')],
    [`/newlink Kaos 150000 id INV-${'9'.repeat(34)}`, error('ORDER_ID_INVALID')],
    ['/newlink Kaos 150000 slug ab', error('SLUG_INVALID')],
    ['/newlink Kaos 150000 slug kaos_hitam', error('SLUG_INVALID')],
  ]);

  specify('newlink: options in any order, each at most once', [
    [
      '/newlink Kaos Polos 150000 x5 exp 31/12',
      newlink('Kaos Polos', 150_000, { usageLimit: 5, expiresAt: endOfDayWib('2026-12-31') }),
    ],
    [
      '/newlink Kaos Polos 150rb sampai 31/12 slug kaos-polos bebas ke budi@mail.com id INV-9',
      newlink('Kaos Polos', 150_000, {
        usageLimit: null,
        expiresAt: endOfDayWib('2026-12-31'),
        customer: { email: 'budi@mail.com' },
        orderId: 'INV-9',
        slug: 'kaos-polos',
      }),
    ],
    ['/newlink Kaos 150000 x5 x3', error('OPTION_DUPLICATE')],
    ['/newlink Kaos 150000 x5 unlimited', error('OPTION_DUPLICATE')],
    ['/newlink Kaos 150000 exp 3d 7 hari', error('OPTION_DUPLICATE')],
    ['/newlink Kaos 150000 ke 081234567890 hp 081298765432', error('OPTION_DUPLICATE')],
    ['/newlink Kaos 150000 untuk Budi nama Budi', error('OPTION_DUPLICATE')],
    ['/newlink Kaos 150000 warna hitam', error('OPTION_UNKNOWN')],
    ['/newlink Kaos 150000 x5 foo', error('OPTION_UNKNOWN')],
  ]);

  // Rich links (issue 17): every word of the issue, and what bad input answers.
  const open = (min: number | null, max: number | null, presets: number[] = []) => ({ open: { min, max, presets } });
  specify('newlink: open amount', [
    ['/newlink Donasi seikhlasnya', newlink('Donasi', 0, { offer: open(null, null) })],
    ['/newlink Donasi harga bebas', newlink('Donasi', 0, { offer: open(null, null) })],
    ['/newlink Donation any amount', newlink('Donation', 0, { offer: open(null, null) })],
    ['/newlink Donasi Masjid 2 seikhlasnya', newlink('Donasi Masjid 2', 0, { offer: open(null, null) })],
    ['/newlink Donasi seikhlasnya min 10rb max 5jt', newlink('Donasi', 0, { offer: open(10_000, 5_000_000) })],
    ['/newlink Donasi seikhlasnya pilihan 25rb,50rb,100rb', newlink('Donasi', 0, { offer: open(null, null, [25_000, 50_000, 100_000]) })],
    ['/newlink Donasi seikhlasnya pilihan 25rb, 50rb, 100rb min 10rb', newlink('Donasi', 0, { offer: open(10_000, null, [25_000, 50_000, 100_000]) })],
    // After an open amount `max` is its highest amount; the usage limit is still `limit` or `x5`, and `bebas` still unlimited.
    ['/newlink Donasi seikhlasnya max 5jt bebas', newlink('Donasi', 0, { offer: open(null, 5_000_000), usageLimit: null })],
    ['/newlink Donasi seikhlasnya max 5jt x5', newlink('Donasi', 0, { offer: open(null, 5_000_000), usageLimit: 5 })],
    ['/newlink Donasi seikhlasnya min 5jt max 10rb', error('AMOUNT_BOUNDS_INVALID')],
    ['/newlink Donasi seikhlasnya min 50rb pilihan 25rb', error('PRESET_OUT_OF_BOUNDS')],
    ['/newlink Donasi seikhlasnya min sepuluh', error('PRICE_INVALID')],
    ['/newlink Donasi seikhlasnya 50000', error('OPTION_UNKNOWN')],
    ['/newlink Donasi seikhlasnya min 1rb min 2rb', error('OFFER_OPTION_TWICE')],
    ['/newlink Kaos 150000 min 10rb', error('OPEN_AMOUNT_OPTION')],
    ['/newlink Kaos 150000 pilihan 25rb', error('OPEN_AMOUNT_OPTION')],
    ['/newlink seikhlasnya', error('NEWLINK_MISSING_PRICE')],
  ]);

  specify('newlink: several items', [
    ['/newlink Kaos 150000 + Topi 50000 + Ongkir 20000', newlink('Kaos + Topi + Ongkir', 220_000, { offer: { items: [{ name: 'Kaos', price: 150_000 }, { name: 'Topi', price: 50_000 }, { name: 'Ongkir', price: 20_000 }] } })],
    ['/newlink Kaos 2 warna 150rb + Topi 50rb x5', newlink('Kaos 2 warna + Topi', 200_000, { usageLimit: 5, offer: { items: [{ name: 'Kaos 2 warna', price: 150_000 }, { name: 'Topi', price: 50_000 }] } })],
    ['/newlink Kaos 150000 x5 + Topi 50000', error('ITEM_OPTIONS_AT_END')],
    ['/newlink Kaos 150000 + Topi', error('NEWLINK_MISSING_PRICE')],
    ['/newlink Kaos + Topi 50000', error('NEWLINK_MISSING_PRICE')],
    ['/newlink Kaos 150000 + Donasi seikhlasnya', error('OPEN_AMOUNT_ALONE')],
    ['/newlink Kaos 600jt + Topi 600jt', error('TOTAL_TOO_HIGH')],
    ['/newlink Kaos 150000 + Topi 50000 jumlah 1-5', error('QUANTITY_NEEDS_ONE_ITEM')],
    [`/newlink ${Array.from({ length: 11 }, (_, i) => `Barang${i} 1000`).join(' + ')}`, error('ITEMS_INVALID')],
  ]);

  specify('newlink: quantity and stock', [
    ['/newlink Kaos 150000 jumlah 1-5', newlink('Kaos', 150_000, { offer: { quantity: { min: 1, max: 5 } } })],
    ['/newlink Kaos 150000 qty 2-10 stok 20 bebas', newlink('Kaos', 150_000, { usageLimit: null, offer: { quantity: { min: 2, max: 10 }, stock: 20 } })],
    ['/newlink Kaos 150000 jumlah 5', newlink('Kaos', 150_000, { offer: { quantity: { min: 1, max: 5 } } })],
    ['/newlink Kaos 150000 stock 20', newlink('Kaos', 150_000, { offer: { stock: 20 } })],
    ['/newlink Kaos 150000 jumlah 5-1', error('QUANTITY_RANGE_INVALID')],
    ['/newlink Kaos 150000 jumlah 0-3', error('QUANTITY_RANGE_INVALID')],
    ['/newlink Kaos 150000 jumlah banyak', error('QUANTITY_RANGE_INVALID')],
    ['/newlink Kaos 300jt jumlah 1-5', error('TOTAL_TOO_HIGH')],
    ['/newlink Donasi seikhlasnya jumlah 1-5', error('QUANTITY_NEEDS_ONE_ITEM')],
    ['/newlink Kaos 150000 stok 0', error('STOCK_INVALID')],
    ['/newlink Kaos 150000 stok 1.000', error('STOCK_INVALID')],
    ['/newlink Kaos 150000 stok', error('OPTION_VALUE_MISSING')],
  ]);

  specify('newlink: payment methods', [
    ['/newlink Kaos 150000 metode qris,gopay', newlink('Kaos', 150_000, { offer: { methods: ['other_qris', 'gopay'] } })],
    ['/newlink Kaos 150000 metode gopay, QRIS', newlink('Kaos', 150_000, { offer: { methods: ['other_qris', 'gopay'] } })],
    ['/newlink Kaos 150000 methods ewallet', newlink('Kaos', 150_000, { offer: { methods: ['gopay', 'shopeepay', 'dana', 'ovo'] } })],
    ['/newlink Kaos 150000 metode qris,bitcoin', error('PAYMENT_METHOD_UNKNOWN')],
    ['/newlink Kaos 150000 metode', error('OPTION_VALUE_MISSING')],
  ]);

  specify('newlink: questions and contact fields', [
    ['/newlink Kaos 150000 tanya "Ukuran (S/M/L)", "Alamat kirim"', newlink('Kaos', 150_000, { offer: { questions: ['Ukuran (S/M/L)', 'Alamat kirim'] } })],
    ['/newlink Kaos 150000 tanya "Ukuran, warna" x5', newlink('Kaos', 150_000, { usageLimit: 5, offer: { questions: ['Ukuran, warna'] } })],
    ['/newlink Kaos 150000 tanya Ukuran,Warna', newlink('Kaos', 150_000, { offer: { questions: ['Ukuran', 'Warna'] } })],
    ['/newlink Kaos 150000 tanya "a", "b", "c", "d"', error('QUESTIONS_INVALID')],
    [`/newlink Kaos 150000 tanya "${'x'.repeat(61)}"`, error('QUESTIONS_INVALID')],
    ['/newlink Kaos 150000 wajib nama,hp', newlink('Kaos', 150_000, { offer: { asks: { name: true, phone: true, email: false } } })],
    ['/newlink Kaos 150000 wajib nama, hp', newlink('Kaos', 150_000, { offer: { asks: { name: true, phone: true, email: false } } })],
    ['/newlink Kaos 150000 require email', newlink('Kaos', 150_000, { offer: { asks: { name: false, phone: false, email: true } } })],
    ['/newlink Kaos 150000 wajib nama', error('ASKS_NEED_CONTACT')],
    ['/newlink Kaos 150000 wajib alamat', error('ASKS_UNKNOWN')],
  ]);

  specify('newlink: after paying', [
    ['/newlink Kaos 150000 pesan "Terima kasih! Dikirim besok."', newlink('Kaos', 150_000, { offer: { thanks: 'Terima kasih! Dikirim besok.' } })],
    ['/newlink Kaos 150000 kembali https://tokobudi.id/terima-kasih', newlink('Kaos', 150_000, { offer: { redirectUrl: 'https://tokobudi.id/terima-kasih' } })],
    ['/newlink Kaos 150000 redirect https://TokoBudi.id', newlink('Kaos', 150_000, { offer: { redirectUrl: 'https://tokobudi.id/' } })],
    ['/newlink Kaos 150000 kembali http://tokobudi.id', error('REDIRECT_URL_INVALID')],
    ['/newlink Kaos 150000 kembali javascript:alert(1)', error('REDIRECT_URL_INVALID')],
    [`/newlink Kaos 150000 pesan "${'x'.repeat(301)}"`, error('THANKS_INVALID')],
  ]);

  specify('text as phones and copy-paste deliver it', [
    ['/newlink\u00A0Kaos\u00A0150000', newlink('Kaos', 150_000)],
    ['/newlink\u2003Kaos\u202FPolos\u3000150000\u2009x5', newlink('Kaos Polos', 150_000, { usageLimit: 5 })],
    ['\u200B/newlink Kaos\u200C Polos 150\u200D000\uFEFF', newlink('Kaos Polos', 150_000)],
    ['\u202B/newlink Kaos 150000\u202C\u200E', newlink('Kaos', 150_000)],
    ['\u2066newlink\u2069 Kaos\u2060 150000', newlink('Kaos', 150_000)],
    ['/newlink Kaos\n150000\r\nx5', newlink('Kaos', 150_000, { usageLimit: 5 })],
    ['   /newlink    Kaos   150000   ', newlink('Kaos', 150_000)],
    ['／ｎｅｗｌｉｎｋ Ｋａｏｓ １５００００', newlink('Kaos', 150_000)],
  ]);

  specify('WhatsApp formatting markers', [
    ['*newlink Kaos Polos 150000*', newlink('Kaos Polos', 150_000)],
    ['*/newlink* _Kaos Polos_ ~150rb~', newlink('Kaos Polos', 150_000)],
    ['_newlink Kaos_Polos 150000_', newlink('Kaos_Polos', 150_000)],
    ['```newlink Kaos 150000```', newlink('Kaos', 150_000)],
    ['*_newlink Kaos 150000_*', newlink('Kaos', 150_000)],
    ['/newlink *Kaos* 150000 id INV_01~a', newlink('Kaos', 150_000, { orderId: 'INV_01~a' })],
    ['/newlink Kaos 150000 id a_b_c', newlink('Kaos', 150_000, { orderId: 'a_b_c' })],
    ['/newlink Kaos 150000 email _budi_@mail.com', newlink('Kaos', 150_000, { customer: { email: '_budi_@mail.com' } })],
  ]);

  specify('links', [
    ['/links', command({ kind: 'links', page: 1, includeInactive: false })],
    ['/links 2', command({ kind: 'links', page: 2, includeInactive: false })],
    ['/links all', command({ kind: 'links', page: 1, includeInactive: true })],
    ['/daftar semua 3', command({ kind: 'links', page: 3, includeInactive: true })],
    ['daftar', command({ kind: 'links', page: 1, includeInactive: false })],
    ['/links 0', error('ARGUMENT_UNEXPECTED')],
    ['/links 2 3', error('ARGUMENT_UNEXPECTED')],
    ['/links kaos', error('ARGUMENT_UNEXPECTED')],
  ]);

  specify('link, delete and qr: a ref is a list number, a slug or an Order ID', [
    ['/link 3', command({ kind: 'link', ref: no(3) })],
    ['/link #3', command({ kind: 'link', ref: no(3) })],
    ['/detail kaos-hitam', command({ kind: 'link', ref: ref('kaos-hitam') })],
    ['/link INV-20261124-7F3K', command({ kind: 'link', ref: ref('INV-20261124-7F3K') })],
    ['/link', error('REF_MISSING')],
    // An order's id, as paid notices show it (the link's Order ID and the order's number), up to Midtrans's 50 characters.
    ['/link INV-20261202-PRKX-1', command({ kind: 'link', ref: ref('INV-20261202-PRKX-1') })],
    [`/link INV-${'9'.repeat(32)}-12`, command({ kind: 'link', ref: ref(`INV-${'9'.repeat(32)}-12`) })],
    [`/link INV-${'9'.repeat(47)}`, error('REF_INVALID')],
    ['/link kaos hitam', error('ARGUMENT_UNEXPECTED')],
    ['/link #0', error('REF_INVALID')],
    ['/link kaos/hitam', error('REF_INVALID')],
    ['/delete 3', command({ kind: 'delete', ref: no(3), confirmed: false })],
    ['/hapus #12 ya', command({ kind: 'delete', ref: no(12), confirmed: true })],
    ['/delete kaos-hitam yes', command({ kind: 'delete', ref: ref('kaos-hitam'), confirmed: true })],
    ['/hapus', error('REF_MISSING')],
    ['/hapus 3 4', error('ARGUMENT_UNEXPECTED')],
    ['/qr kaos-hitam', command({ kind: 'qr', ref: ref('kaos-hitam'), print: false })],
    ['qr 3', command({ kind: 'qr', ref: no(3), print: false })],
    // Issue 16: the printable counter card.
    ['/qr 3 cetak', command({ kind: 'qr', ref: no(3), print: true })],
    ['/qr kaos-hitam PRINT', command({ kind: 'qr', ref: ref('kaos-hitam'), print: true })],
    ['/qr 3 "cetak"', error('ARGUMENT_UNEXPECTED')],
    ['/qr 3 cetak lagi', error('ARGUMENT_UNEXPECTED')],
    ['/qr cetak', command({ kind: 'qr', ref: ref('cetak'), print: false })],
  ]);

  specify('send', [
    ['/send 3 081234567890', command({ kind: 'send', ref: no(3), to: { kind: 'phone', value: '6281234567890' } })],
    ['/kirim 3 ke +62 812-3456-7890', command({ kind: 'send', ref: no(3), to: { kind: 'phone', value: '6281234567890' } })],
    ['/send kaos-hitam Budi@Mail.com', command({ kind: 'send', ref: ref('kaos-hitam'), to: { kind: 'email', value: 'budi@mail.com' } })],
    ['/send 3', error('SEND_TARGET_MISSING')],
    ['/kirim 3 ke', error('SEND_TARGET_MISSING')],
    ['/send', error('REF_MISSING')],
    ['/send 3 budi', error('SEND_TARGET_INVALID')],
    ['/send 3 12', error('PHONE_INVALID')],
    ['/send 3 budi@', error('EMAIL_INVALID')],
  ]);

  specify('help, start, lang and cancel', [
    ['/help', command({ kind: 'help', topic: null })],
    ['/bantuan', command({ kind: 'help', topic: null })],
    ['/help newlink', command({ kind: 'help', topic: 'newlink' })],
    ['help /hapus', command({ kind: 'help', topic: 'delete' })],
    ['/help apa saja', command({ kind: 'help', topic: null })],
    ['/start', command({ kind: 'start', payload: null })],
    ['/start kaos-hitam', command({ kind: 'start', payload: 'kaos-hitam' })],
    ['/start setup_AbC-123', command({ kind: 'start', payload: 'setup_AbC-123' })],
    ['/start a b', error('START_PAYLOAD_INVALID')],
    ['/start a.b', error('START_PAYLOAD_INVALID')],
    [`/start ${'a'.repeat(65)}`, error('START_PAYLOAD_INVALID')],
    ['/lang en', command({ kind: 'lang', locale: 'en' })],
    ['/bahasa id', command({ kind: 'lang', locale: 'id' })],
    ['/lang English', command({ kind: 'lang', locale: 'en' })],
    ['/lang', error('LANG_MISSING')],
    ['/lang fr', error('LANG_UNKNOWN')],
    ['/cancel', command({ kind: 'cancel' })],
    ['BATAL', command({ kind: 'cancel' })],
    ['/batal 3', error('ARGUMENT_UNEXPECTED')],
    ['/setujui INV-20261124-7F3K-1', command({ kind: 'approve', orderId: 'INV-20261124-7F3K-1' })],
    ['setujui INV-001-2', command({ kind: 'approve', orderId: 'INV-001-2' })],
    ['/approve INV-001-2', command({ kind: 'approve', orderId: 'INV-001-2' })],
    ['/tolak INV-001-2', command({ kind: 'deny', orderId: 'INV-001-2' })],
    ['Tolak INV-001-2', command({ kind: 'deny', orderId: 'INV-001-2' })],
    ['/deny INV-001-2', command({ kind: 'deny', orderId: 'INV-001-2' })],
    ['/setujui', error('ORDER_MISSING')],
    ['/tolak INV-1 INV-2', error('ARGUMENT_UNEXPECTED')],
    ['/setujui INV/1', error('ORDER_INVALID')],
  ]);

  specify('refund (issue 18): a ref, then an amount if the next word is money, then the reason', [
    ['/refund INV-001-2', command({ kind: 'refund', ref: { kind: 'text', value: 'INV-001-2' }, amount: null, reason: null })],
    ['/refund 3 50rb', command({ kind: 'refund', ref: { kind: 'number', value: 3 }, amount: 50_000, reason: null })],
    ['/refund #3 Rp50.000 barang rusak', command({ kind: 'refund', ref: { kind: 'number', value: 3 }, amount: 50_000, reason: 'barang rusak' })],
    ['kembalikan kaos-hitam ukuran salah', command({ kind: 'refund', ref: { kind: 'text', value: 'kaos-hitam' }, amount: null, reason: 'ukuran salah' })],
    ['/refund INV.1~2 1,5jt', command({ kind: 'refund', ref: { kind: 'text', value: 'INV.1~2' }, amount: 1_500_000, reason: null })],
    ['/refund', error('REF_MISSING')],
    ['/refund 3 0', error('PRICE_TOO_LOW')],
    ['/refund 3 50.5', error('PRICE_FRACTIONAL')],
    ['/refund INV/1', error('REF_INVALID')],
  ]);

  // Periods are read by src/reports/period.ts (its own tests); here: which words reach it, and what comes back.
  const wibDay = (iso: string) => ({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });
  const startOf = (iso: string) => new Date(`${iso}T00:00:00+07:00`);
  const today = { kind: 'today' as const, from: startOf('2026-11-24'), until: NOW, firstDay: wibDay('2026-11-24'), lastDay: wibDay('2026-11-24') };
  const yesterday = { kind: 'yesterday' as const, from: startOf('2026-11-23'), until: startOf('2026-11-24'), firstDay: wibDay('2026-11-23'), lastDay: wibDay('2026-11-23') };
  const firstHalf = { kind: 'range' as const, from: startOf('2026-11-01'), until: startOf('2026-11-16'), firstDay: wibDay('2026-11-01'), lastDay: wibDay('2026-11-15') };
  specify('rekap, ringkasan and export (issue 18)', [
    ['/rekap', command({ kind: 'report', period: today })],
    ['rekap', command({ kind: 'report', period: today })],
    ['/summary kemarin', command({ kind: 'report', period: yesterday })],
    ['/laporan yesterday', command({ kind: 'report', period: yesterday })],
    ['/rekap 1/11-15/11', command({ kind: 'report', period: firstHalf })],
    ['/rekap@TagihBot 2026-11-01..2026-11-15', command({ kind: 'report', period: firstHalf })],
    ['/rekap lusa', error('PERIOD_INVALID')],
    ['/rekap 2026-12-01', error('PERIOD_IN_FUTURE')],
    ['/rekap 2026-01-01..2026-11-24', error('PERIOD_TOO_LONG')],
    ['/export', command({ kind: 'export', period: today })],
    ['/ekspor 1/11 - 15/11', command({ kind: 'export', period: firstHalf })],
    ['/export 15/11-1/11', error('PERIOD_REVERSED')],
    ['/ringkasan', command({ kind: 'dailySummary', set: null })],
    ['/ringkasan 21:00', command({ kind: 'dailySummary', set: { hour: 21, minute: 0 } })],
    ['ringkasan 7.30', command({ kind: 'dailySummary', set: { hour: 7, minute: 30 } })],
    ['/ringkasan off', command({ kind: 'dailySummary', set: 'off' })],
    ['/ringkasan mati', command({ kind: 'dailySummary', set: 'off' })],
    ['/ringkasan 25:00', error('SUMMARY_TIME_INVALID')],
    ['/ringkasan 21:00 22:00', error('ARGUMENT_UNEXPECTED')],
    ['/help rekap', command({ kind: 'help', topic: 'report' })],
  ]);

  specify('plain chat, other bots and unknown commands', [
    ['halo apa kabar', NOT_A_COMMAND],
    ['Kaos 150000', NOT_A_COMMAND],
    ['', NOT_A_COMMAND],
    ['\u00A0\u200B ', NOT_A_COMMAND],
    ['budi@mail.com', NOT_A_COMMAND],
    ['https://tagih.example/p/kaos-hitam', NOT_A_COMMAND],
    ['/', NOT_A_COMMAND],
    ['/p/kaos-hitam', NOT_A_COMMAND],
    ['/foo@OtherBot', NOT_A_COMMAND],
    ['/foo', error('COMMAND_UNKNOWN')],
    ['!pesan 3', error('COMMAND_UNKNOWN')],
    ['a '.repeat(1500), NOT_A_COMMAND],
    [`/newlink Kaos 150000 nama ${'a'.repeat(2000)}`, error('MESSAGE_TOO_LONG')],
  ]);
});

describe('parseCommand error messages', () => {
  function errorOf(input: string) {
    const result = parseCommand(input, OPTIONS);
    if (result.ok || result.notACommand) throw new Error(`expected an error for ${input}`);
    return result.error;
  }

  it('say what was wrong and show an example with the command word as typed', () => {
    const missing = errorOf('/buatlink Kaos');
    expect(missing.say('id')).to.include('Harga belum ditulis').and.include('Contoh: /buatlink Kaos Polos 150000 x5 exp 31/12');
    expect(missing.say('en')).to.include('price is missing').and.include('Example: /buatlink Kaos Polos 150000 x5 exp 31/12');
    expect(errorOf('hapus').say('id')).to.include('Contoh: hapus 3');
    expect(errorOf('/foo').say('en')).to.include('"/foo"').and.include('Example: /help');
  });

  it('show how to quote an item name when a price-like word sits in it (issue 16)', () => {
    const shifted = errorOf('/newlink Kaos 150000 ukuran 2');
    expect(shifted.say('id')).to.include('"ukuran"').and.include('tanda kutip');
    expect(shifted.say('en')).to.include('"ukuran"').and.include('quotes');
    const letterO = errorOf('/newlink Kaos 15O000');
    expect(letterO.say('id')).to.include('"15O000"').and.include('tidak dikenali');
    expect(letterO.say('en')).to.include('"15O000"').and.include('not a number');
  });

  it("keep the domain's message for a domain rule, and name the duplicated option", () => {
    expect(errorOf('/newlink Kaos 2000000000').say('id')).to.include('Rp1.000.000.000');
    const duplicate = errorOf('/newlink Kaos 150000 x5 limit 3');
    expect(duplicate.say('id')).to.include('batas pemakaian').and.include('"x5"').and.include('"limit 3"');
  });

  it('quote at most 30 characters of what the merchant typed', () => {
    const unknown = errorOf(`/newlink Kaos 150000 ${'z'.repeat(200)}`);
    expect(unknown.say('id')).to.include(`"${'z'.repeat(30)}…"`).and.not.include('z'.repeat(31));
  });
});

describe('parseNewLinkOptions (the guided conversation\'s last answer)', () => {
  const settingsOf = (text: string) => parseNewLinkOptions(text, { now: NOW });

  it('gives the defaults for an empty answer', () => {
    expect(settingsOf(' ')).to.deep.equal({ ok: true, settings: { usageLimit: 1, expiresAt: null, customer: null, extras: {} } });
  });

  it('reads options by the same rules as after a price', () => {
    expect(settingsOf('*x5* sampai 31/12 ke 0812 3456 7890')).to.deep.equal({
      ok: true,
      settings: { usageLimit: 5, expiresAt: endOfDayWib('2026-12-31'), customer: { phone: '6281234567890' }, extras: {} },
    });
  });

  it('refuses what is not an option instead of dropping it, with an example of options', () => {
    const bare = settingsOf('5');
    expect(bare.ok).to.equal(false);
    if (!bare.ok) {
      expect(bare.error.code).to.equal('OPTION_UNKNOWN');
      expect(bare.error.say('id')).to.include('Contoh: x5 exp 31/12');
    }
    for (const [text, code] of [
      ['x5 x3', 'OPTION_DUPLICATE'],
      ['exp 1/11/2026', 'EXPIRY_IN_PAST'],
      ['nama "Budi', 'QUOTE_UNCLOSED'],
      ['x'.repeat(2001), 'MESSAGE_TOO_LONG'],
    ] as const) {
      const result = settingsOf(text);
      expect(result.ok ? 'ok' : result.error.code, text).to.equal(code);
    }
  });
});
