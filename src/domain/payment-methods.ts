/**
 * The payment methods a link may offer, by the names Snap's `enabled_payments`
 * takes (https://docs.midtrans.com/reference/request-body-json-parameter,
 * https://docs.midtrans.com/docs/snap-advanced-feature#enabled-payments), and
 * the friendlier words merchants type for them. QRIS is `other_qris` there;
 * merchants type `qris`. The simulator keeps its own list as independent
 * evidence; test/domain/payment-methods.test.ts checks the two agree.
 */
import { ValidationError } from './errors.ts';

/** Snap `enabled_payments` names, in the order links show them. */
export const PAYMENT_METHODS = [
  'other_qris',
  'gopay',
  'shopeepay',
  'dana',
  'ovo',
  'bca_va',
  'bni_va',
  'bri_va',
  'permata_va',
  'echannel',
  'cimb_va',
  'danamon_va',
  'bsi_va',
  'seabank_va',
  'saqu_va',
  'other_va',
  'credit_card',
  'indomaret',
  'alfamart',
  'akulaku',
  'kredivo',
] as const;

export type PaymentMethodName = (typeof PAYMENT_METHODS)[number];

/** Every bank's virtual account: the `_va` names, and Mandiri's bill payment (`echannel`), which is one too. */
const VIRTUAL_ACCOUNTS: readonly PaymentMethodName[] = PAYMENT_METHODS.filter((name) => name.endsWith('_va') || name === 'echannel');

/**
 * Words merchants type for one method or a group of them. `bank_transfer` and
 * `cstore` are Snap's own group names (its docs list them as categories); the
 * rest are ours, Indonesian and English.
 */
const ALIASES: Readonly<Record<string, readonly PaymentMethodName[]>> = {
  qris: ['other_qris'],
  va: VIRTUAL_ACCOUNTS,
  bank_transfer: VIRTUAL_ACCOUNTS,
  transfer: VIRTUAL_ACCOUNTS,
  mandiri: ['echannel'],
  mandiri_bill: ['echannel'],
  ewallet: ['gopay', 'shopeepay', 'dana', 'ovo'],
  'e-wallet': ['gopay', 'shopeepay', 'dana', 'ovo'],
  dompet: ['gopay', 'shopeepay', 'dana', 'ovo'],
  kartu: ['credit_card'],
  card: ['credit_card'],
  kartu_kredit: ['credit_card'],
  cc: ['credit_card'],
  cstore: ['indomaret', 'alfamart'],
  gerai: ['indomaret', 'alfamart'],
  minimarket: ['indomaret', 'alfamart'],
  paylater: ['akulaku', 'kredivo'],
};

/** Every word `metode` understands, for the message that refuses an unknown one. */
export const METHOD_WORDS: readonly string[] = ['qris', 'va', 'ewallet', 'kartu', 'gerai', 'paylater', ...PAYMENT_METHODS.filter((m) => m !== 'other_qris')];

export type PaymentMethodErrorCode = 'PAYMENT_METHOD_UNKNOWN' | 'PAYMENT_METHODS_EMPTY';

function methodsOf(word: string): readonly PaymentMethodName[] | null {
  const key = word.normalize('NFKC').trim().toLowerCase();
  if ((PAYMENT_METHODS as readonly string[]).includes(key)) return [key as PaymentMethodName];
  return ALIASES[key] ?? null;
}

/**
 * The methods named by the words (`qris`, `gopay`, `va`…), expanded, without
 * repeats, in PAYMENT_METHODS order. An unknown word is refused with the list.
 */
export function parsePaymentMethods(words: readonly string[]): PaymentMethodName[] {
  const chosen = new Set<PaymentMethodName>();
  const unknown: string[] = [];
  for (const word of words) {
    if (word.trim() === '') continue;
    const methods = methodsOf(word);
    if (methods === null) unknown.push(word.trim().slice(0, 30));
    else for (const m of methods) chosen.add(m);
  }
  const list = METHOD_WORDS.join(', ');
  if (unknown.length > 0) {
    throw new ValidationError<PaymentMethodErrorCode>('PAYMENT_METHOD_UNKNOWN', (w) => w.links.methodUnknown(unknown.join(', '), list), {
      field: 'methods',
      unknown,
    });
  }
  if (chosen.size === 0) throw new ValidationError<PaymentMethodErrorCode>('PAYMENT_METHODS_EMPTY', (w) => w.links.methodsEmpty(list), { field: 'methods' });
  return PAYMENT_METHODS.filter((m) => chosen.has(m));
}

/** Checks a stored or given list: known names only, no repeats, PAYMENT_METHODS order. */
export function validatePaymentMethods(methods: readonly string[] | null): PaymentMethodName[] | null {
  return methods === null ? null : parsePaymentMethods(methods);
}

/** How people read a method: `qris` rather than Snap's `other_qris`. */
export function methodWord(method: PaymentMethodName): string {
  return method === 'other_qris' ? 'qris' : method;
}

/** The groups a list is shortened by, as merchants type them. */
const SHOWN_GROUPS: ReadonlyArray<readonly [string, readonly PaymentMethodName[]]> = [
  ['va', VIRTUAL_ACCOUNTS],
  ['ewallet', ALIASES['ewallet']!],
  ['gerai', ALIASES['gerai']!],
  ['paylater', ALIASES['paylater']!],
];

/** A method list as short as merchants wrote it: a whole group is its word (`qris, va`). */
export function methodsWords(methods: readonly PaymentMethodName[]): string[] {
  const left = new Set(methods);
  const words: string[] = [];
  for (const [word, group] of SHOWN_GROUPS) {
    if (group.every((m) => left.has(m))) {
      words.push(word);
      for (const m of group) left.delete(m);
    }
  }
  return [...PAYMENT_METHODS.filter((m) => left.has(m)).map(methodWord), ...words];
}
