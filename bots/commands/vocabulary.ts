/**
 * Every word the command grammar knows, in one place: command names with their
 * Indonesian aliases, the keywords of /newlink options, and the few words other
 * commands take. Words are matched lower-cased; quoted text never matches.
 */
import type { Locale } from '../../src/domain/locale.ts';
import type { CommandKind } from './command.ts';
import type { Token } from './tokenize.ts';

/** The first word of each list is the canonical name (shown in help and menus). */
export const COMMAND_WORDS: Readonly<Record<CommandKind, readonly string[]>> = {
  newlink: ['newlink', 'buatlink', 'linkbaru'],
  links: ['links', 'daftar'],
  link: ['link', 'detail'],
  delete: ['delete', 'hapus'],
  qr: ['qr'],
  send: ['send', 'kirim'],
  help: ['help', 'bantuan'],
  start: ['start'],
  lang: ['lang', 'bahasa'],
  cancel: ['cancel', 'batal'],
  approve: ['setujui', 'approve'],
  deny: ['tolak', 'deny'],
  refund: ['refund', 'kembalikan'],
  staff: ['staff', 'tim'],
  notif: ['notif', 'notifikasi'],
  report: ['rekap', 'summary', 'laporan', 'report'],
  dailySummary: ['ringkasan', 'dailysummary'],
  export: ['export', 'ekspor'],
};

/** `/staff tambah`, `/staff hapus Sari`, `/staff izin refund [off]`. */
export const STAFF_WORDS = {
  add: ['tambah', 'add', 'undang', 'invite'],
  remove: ['hapus', 'remove', 'keluarkan'],
  allow: ['izin', 'allow'],
  refund: ['refund'],
  off: ['off', 'tidak', 'no', 'cabut'],
} as const;

/** `/notif di sini`, `/notif di sini saja`, `/notif off`. */
export const NOTIF_WORDS = {
  here: ['di sini', 'disini', 'sini', 'here'],
  only: ['saja', 'only', 'aja'],
  off: ['off', 'mati'],
} as const;

/** The kinds of /newlink option that start with a keyword (the second line: rich links, issue 17). */
export type OptionKeyword =
  | 'unlimited' | 'usageLimit' | 'expiry' | 'customer' | 'name' | 'email' | 'phone' | 'orderId' | 'slug'
  | 'maximum' | 'amountMin' | 'presets' | 'quantity' | 'stock' | 'methods' | 'questions' | 'asks' | 'thanks' | 'redirectUrl';

/**
 * `exampleValue` completes "<keyword> …" in the message about a missing value;
 * null marks an option that takes no value.
 */
export const OPTION_KEYWORDS: Readonly<Record<OptionKeyword, { phrases: readonly string[]; exampleValue: string | null }>> = {
  unlimited: { phrases: ['unlimited', 'bebas', 'tanpa batas', 'tak terbatas'], exampleValue: null },
  usageLimit: { phrases: ['limit', 'kuota'], exampleValue: '5' },
  // The usage limit on a fixed price (`max 5`), the highest amount on an open one (`max 5jt`).
  maximum: { phrases: ['max', 'maks', 'maksimal'], exampleValue: '5' },
  expiry: {
    phrases: ['exp', 'expires', 'until', 'sampai', 'hingga', 'berlaku', 'berlaku sampai', 'berlaku hingga'],
    exampleValue: '31/12',
  },
  // "to" names the customer by whatever it is given: a phone, an email or a name.
  customer: { phrases: ['to', 'untuk', 'ke', 'kepada'], exampleValue: '081234567890' },
  name: { phrases: ['nama', 'name'], exampleValue: 'Budi Santoso' },
  email: { phrases: ['email'], exampleValue: 'budi@mail.com' },
  phone: { phrases: ['hp', 'phone', 'wa', 'telp'], exampleValue: '081234567890' },
  orderId: { phrases: ['id', 'orderid', 'order id'], exampleValue: 'INV-001' },
  slug: { phrases: ['slug', 'linkid', 'link id'], exampleValue: 'kaos-hitam' },
  amountMin: { phrases: ['min', 'minimal', 'minimum'], exampleValue: '10rb' },
  presets: { phrases: ['pilihan', 'nominal', 'presets', 'preset'], exampleValue: '25rb,50rb,100rb' },
  quantity: { phrases: ['jumlah', 'qty', 'quantity'], exampleValue: '1-5' },
  stock: { phrases: ['stok', 'stock'], exampleValue: '20' },
  methods: { phrases: ['metode', 'method', 'methods'], exampleValue: 'qris,gopay,va' },
  questions: { phrases: ['tanya', 'pertanyaan', 'ask'], exampleValue: '"Ukuran (S/M/L)", "Alamat kirim"' },
  asks: { phrases: ['wajib', 'require', 'required'], exampleValue: 'nama,hp' },
  thanks: { phrases: ['pesan', 'thanks', 'message'], exampleValue: '"Terima kasih! Dikirim besok."' },
  redirectUrl: { phrases: ['kembali', 'redirect', 'return'], exampleValue: 'https://tokobudi.id/terima-kasih' },
};

/**
 * Words written where the price goes for an open amount (`Donasi seikhlasnya`).
 * Plain `bebas` is not one: after a price it keeps meaning unlimited usage.
 */
const OPEN_AMOUNT_PHRASES: readonly (readonly string[])[] = [
  ['harga', 'bebas'],
  ['bayar', 'seikhlasnya'],
  ['seikhlasnya'],
  ['sukarela'],
  ['any', 'amount'],
  ['open', 'amount'],
  ['pay', 'what', 'you', 'want'],
].sort((a, b) => b.length - a.length);

/** How many words of an open-amount phrase start at `index`; 0 when none does. */
export function openAmountAt(tokens: readonly Token[], index: number): number {
  for (const words of OPEN_AMOUNT_PHRASES) {
    const span = tokens.slice(index, index + words.length);
    if (span.length === words.length && span.every((token, i) => !token.quoted && token.text.toLowerCase() === words[i])) return words.length;
  }
  return 0;
}

/** The guided /newlink's "what kind of link?" answers: a number or a word. */
const LINK_KIND_WORDS: Readonly<Record<'fixed' | 'open' | 'items', readonly string[]>> = {
  fixed: ['1', 'tetap', 'harga tetap', 'fixed', 'fixed price', 'satu', 'biasa'],
  open: ['2', 'seikhlasnya', 'harga bebas', 'bebas', 'donasi', 'open', 'open amount', 'any amount', 'sukarela'],
  items: ['3', 'barang', 'beberapa', 'beberapa barang', 'items', 'several', 'several items', 'paket'],
};
const LINK_KIND_BY_WORD = indexWords(LINK_KIND_WORDS);

export function linkKindOf(answer: string): 'fixed' | 'open' | 'items' | null {
  return LINK_KIND_BY_WORD.get(answer.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null;
}

/** `wajib nama,hp`: the contact fields, by the words people use for them (the /newlink keywords among them). */
export const CONTACT_FIELD_WORDS: Readonly<Record<'name' | 'phone' | 'email', readonly string[]>> = {
  name: ['nama', 'name'],
  phone: ['hp', 'phone', 'wa', 'telp', 'telepon', 'whatsapp'],
  email: ['email', 'e-mail', 'surel'],
};

/** `/links all`: include deleted, expired and sold-out links. */
const INCLUDE_INACTIVE_WORDS: readonly string[] = ['all', 'semua'];

/** `/delete 3 ya`: what the confirm button sends, and what a merchant may type instead. */
const CONFIRM_WORDS: readonly string[] = ['ya', 'yes', 'yakin', 'confirm'];

/** `/qr 3 cetak`: the printable card. */
const PRINT_WORDS: readonly string[] = ['cetak', 'print'];

const LANGUAGE_WORDS: Readonly<Record<Locale, readonly string[]>> = {
  id: ['id', 'indonesia', 'indonesian'],
  en: ['en', 'english', 'inggris'],
};

function entriesOf<K extends string, V>(record: Readonly<Record<K, V>>): Array<[K, V]> {
  return Object.entries(record) as Array<[K, V]>;
}

function indexWords<K extends string>(table: Readonly<Record<K, readonly string[]>>): ReadonlyMap<string, K> {
  return new Map(entriesOf(table).flatMap(([key, words]) => words.map((word): [string, K] => [word, key])));
}

const COMMAND_BY_WORD = indexWords(COMMAND_WORDS);
const LOCALE_BY_WORD = indexWords(LANGUAGE_WORDS);

export function commandKindOf(word: string): CommandKind | null {
  return COMMAND_BY_WORD.get(word.toLowerCase()) ?? null;
}

export function localeOf(word: string): Locale | null {
  return LOCALE_BY_WORD.get(word.toLowerCase()) ?? null;
}

export function isIncludeInactiveWord(word: string): boolean {
  return INCLUDE_INACTIVE_WORDS.includes(word.toLowerCase());
}

export function isPrintWord(word: string): boolean {
  return PRINT_WORDS.includes(word.toLowerCase());
}

export function isConfirmWord(word: string): boolean {
  return CONFIRM_WORDS.includes(word.toLowerCase());
}

export interface KeywordMatch {
  kind: OptionKeyword;
  /** As the merchant wrote it, for messages. */
  keyword: string;
  /** How many tokens the keyword spans ("tanpa batas" is two). */
  length: number;
}

// Longest phrases first, so "berlaku sampai" is one keyword rather than "berlaku" + a value.
const KEYWORD_PHRASES = entriesOf(OPTION_KEYWORDS)
  .flatMap(([kind, { phrases }]) => phrases.map((phrase) => ({ kind, words: phrase.split(' ') })))
  .sort((a, b) => b.words.length - a.words.length);

/** The option keyword starting at `index`, if any. */
export function keywordAt(tokens: readonly Token[], index: number): KeywordMatch | null {
  for (const { kind, words } of KEYWORD_PHRASES) {
    const span = tokens.slice(index, index + words.length);
    if (span.length === words.length && span.every((token, i) => !token.quoted && token.text.toLowerCase() === words[i])) {
      return { kind, keyword: span.map((token) => token.text).join(' '), length: words.length };
    }
  }
  return null;
}

/** `kirim 3 ke 0812…`: the words that name a customer in /newlink may also join a ref to its target. */
export function isCustomerConnector(token: Token): boolean {
  return !token.quoted && OPTION_KEYWORDS.customer.phrases.includes(token.text.toLowerCase());
}
