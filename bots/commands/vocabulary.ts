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
  report: ['rekap', 'summary', 'laporan', 'report'],
  dailySummary: ['ringkasan', 'dailysummary'],
  export: ['export', 'ekspor'],
};

/** The kinds of /newlink option that start with a keyword. */
export type OptionKeyword = 'unlimited' | 'usageLimit' | 'expiry' | 'customer' | 'name' | 'email' | 'phone' | 'orderId' | 'slug';

/**
 * `exampleValue` completes "<keyword> …" in the message about a missing value;
 * null marks an option that takes no value.
 */
export const OPTION_KEYWORDS: Readonly<Record<OptionKeyword, { phrases: readonly string[]; exampleValue: string | null }>> = {
  unlimited: { phrases: ['unlimited', 'bebas', 'tanpa batas', 'tak terbatas'], exampleValue: null },
  usageLimit: { phrases: ['limit', 'kuota', 'max', 'maks'], exampleValue: '5' },
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
