/**
 * The payment methods the simulator offers, each with what Midtrans adds for
 * it to notifications and Get Status answers, so code reading `va_numbers`,
 * `issuer` or `masked_card` is exercised as it will be live. Each line of the
 * conformance table in ./README.md names the source of a method's shape.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Snap's `enabled_payments` names, except QRIS, which Midtrans reports as payment_type `qris`. */
export type SimMethod =
  | 'qris'
  | 'gopay'
  | 'shopeepay'
  | 'dana'
  | 'credit_card'
  | 'bca_va'
  | 'bni_va'
  | 'bri_va'
  | 'permata_va'
  | 'echannel'
  | 'danamon_va'
  | 'bsi_va'
  | 'seabank_va'
  | 'saqu_va'
  | 'indomaret'
  | 'alfamart';

interface MethodSpec {
  label: string;
  paymentType: string;
  /** Cards are charged at once (`capture`) and settle later; everything else settles. */
  paidStatus: 'settlement' | 'capture';
  /** Only methods that wait for the customer carry an `expiry_time`. */
  hasExpiryTime: boolean;
  /** Indomaret's sample notification carries no `fraud_status`. */
  hasFraudStatus: boolean;
  /**
   * DANA and the BI-SNAP VAs: Get Status works by transaction id only and
   * answers with the transaction id in `order_id`.
   */
  biSnap: boolean;
  /** DANA writes its statuses upper-case in Get Status answers. */
  upperCaseStatus: boolean;
  /** Methods the Refund API accepts (cards, e-wallets, QRIS); VAs and stores refund outside Midtrans. */
  refundable: boolean;
  /** Methods whose settlement can very rarely turn into `deny`. */
  reversible: boolean;
  /** Fields for this method; `reference` is the VA number, bill key, store code or approval code. */
  fields(reference: string): Record<string, unknown>;
}

const va = (bank: string) => (reference: string) => ({ va_numbers: [{ bank, va_number: reference }], payment_amounts: [] });

const BASE = {
  paidStatus: 'settlement',
  hasExpiryTime: true,
  hasFraudStatus: true,
  biSnap: false,
  upperCaseStatus: false,
  refundable: false,
  reversible: false,
} as const;

export const METHODS: Readonly<Record<SimMethod, MethodSpec>> = {
  qris: {
    ...BASE,
    label: 'QRIS',
    paymentType: 'qris',
    refundable: true,
    fields: () => ({ transaction_type: 'on-us', issuer: 'gopay', acquirer: 'gopay' }),
  },
  gopay: { ...BASE, label: 'GoPay', paymentType: 'gopay', refundable: true, fields: () => ({}) },
  shopeepay: { ...BASE, label: 'ShopeePay', paymentType: 'shopeepay', refundable: true, fields: () => ({}) },
  dana: { ...BASE, label: 'DANA', paymentType: 'dana', refundable: true, biSnap: true, upperCaseStatus: true, fields: () => ({}) },
  credit_card: {
    ...BASE,
    label: 'Kartu kredit / debit',
    paymentType: 'credit_card',
    paidStatus: 'capture',
    hasExpiryTime: false,
    refundable: true,
    fields: (reference) => ({
      masked_card: '48111111-1114',
      bank: 'bni',
      card_type: 'credit',
      eci: '05',
      channel_response_code: '00',
      channel_response_message: 'Approved',
      approval_code: reference,
    }),
  },
  bca_va: { ...BASE, label: 'BCA Virtual Account', paymentType: 'bank_transfer', fields: va('bca') },
  bni_va: { ...BASE, label: 'BNI Virtual Account', paymentType: 'bank_transfer', fields: va('bni') },
  bri_va: { ...BASE, label: 'BRI Virtual Account', paymentType: 'bank_transfer', fields: va('bri') },
  permata_va: {
    ...BASE,
    label: 'Permata Virtual Account',
    paymentType: 'bank_transfer',
    reversible: true,
    fields: (reference) => ({ permata_va_number: reference }),
  },
  echannel: {
    ...BASE,
    label: 'Mandiri Bill',
    paymentType: 'echannel',
    reversible: true,
    fields: (reference) => ({ biller_code: '70012', bill_key: reference }),
  },
  danamon_va: { ...BASE, label: 'Danamon Virtual Account', paymentType: 'bank_transfer', biSnap: true, fields: va('danamon') },
  bsi_va: { ...BASE, label: 'BSI Virtual Account', paymentType: 'bank_transfer', biSnap: true, fields: va('bsi') },
  seabank_va: { ...BASE, label: 'SeaBank Virtual Account', paymentType: 'bank_transfer', biSnap: true, fields: va('seabank') },
  saqu_va: { ...BASE, label: 'Saqu Virtual Account', paymentType: 'bank_transfer', biSnap: true, fields: va('saqu') },
  indomaret: {
    ...BASE,
    label: 'Indomaret',
    paymentType: 'cstore',
    hasFraudStatus: false,
    reversible: true,
    fields: (reference) => ({ store: 'indomaret', payment_code: reference }),
  },
  alfamart: {
    ...BASE,
    label: 'Alfamart',
    paymentType: 'cstore',
    hasFraudStatus: false,
    fields: (reference) => ({ store: 'alfamart', payment_code: reference }),
  },
};

export const SIM_METHODS = Object.keys(METHODS) as SimMethod[];

export function isSimMethod(value: unknown): value is SimMethod {
  return typeof value === 'string' && Object.hasOwn(METHODS, value);
}

/**
 * Snap's `enabled_payments` names for each method; `bank_transfer` and
 * `cstore` are Snap's group aliases, and QRIS is `other_qris` there.
 */
export function methodsEnabledBy(enabledPayments: readonly string[] | null): SimMethod[] {
  if (enabledPayments === null) return SIM_METHODS;
  const names = new Set(enabledPayments);
  return SIM_METHODS.filter((method) => {
    if (names.has(method)) return true;
    if (method === 'qris') return names.has('other_qris') || names.has('qris');
    if (METHODS[method].paymentType === 'bank_transfer' || method === 'echannel') return names.has('bank_transfer');
    if (METHODS[method].paymentType === 'cstore') return names.has('cstore');
    return false;
  });
}

/** A fresh VA number, bill key, store code or approval code: digits only, like the real ones. */
export function newReference(): string {
  return Array.from({ length: 13 }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Core API transactions have UUID ids; BI-SNAP ones look like
 * `A120251205074834XeVg4mKHIMID` (midtrans-php issue #121): `A1`, the UTC
 * time to the second, ten letters or digits, `IMID`.
 */
export function newTransactionId(method: SimMethod, now: Date): string {
  if (!METHODS[method].biSnap) return randomUUID();
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const tail = Array.from(randomBytes(10), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
  return `A1${stamp}${tail}IMID`;
}
