/**
 * The payment methods the simulator offers, each with the fields Midtrans
 * adds for it to notifications and Get Status answers (shapes from the
 * notification samples in docs/midtrans.md), so code reading
 * `va_numbers`, `issuer` or `masked_card` is exercised as it will be live.
 */
import { randomInt } from 'node:crypto';

export type SimMethod = 'qris' | 'gopay' | 'bca_va' | 'permata_va' | 'credit_card';

interface MethodSpec {
  label: string;
  paymentType: string;
  /** Cards are charged at once (`capture`); everything else settles. */
  paidStatus: 'settlement' | 'capture';
  /** Only methods that wait for the customer carry an `expiry_time`. */
  hasExpiryTime: boolean;
  /** Fields for this method; `reference` is the VA number or approval code made when it was chosen. */
  fields(reference: string): Record<string, unknown>;
}

export const METHODS: Readonly<Record<SimMethod, MethodSpec>> = {
  qris: {
    label: 'QRIS',
    paymentType: 'qris',
    paidStatus: 'settlement',
    hasExpiryTime: true,
    fields: () => ({ transaction_type: 'on-us', issuer: 'gopay', acquirer: 'gopay' }),
  },
  gopay: {
    label: 'GoPay',
    paymentType: 'gopay',
    paidStatus: 'settlement',
    hasExpiryTime: true,
    fields: () => ({}),
  },
  bca_va: {
    label: 'BCA Virtual Account',
    paymentType: 'bank_transfer',
    paidStatus: 'settlement',
    hasExpiryTime: true,
    fields: (reference) => ({ va_numbers: [{ va_number: reference, bank: 'bca' }], payment_amounts: [] }),
  },
  permata_va: {
    label: 'Permata Virtual Account',
    paymentType: 'bank_transfer',
    paidStatus: 'settlement',
    hasExpiryTime: true,
    fields: (reference) => ({ permata_va_number: reference }),
  },
  credit_card: {
    label: 'Kartu kredit / debit',
    paymentType: 'credit_card',
    paidStatus: 'capture',
    hasExpiryTime: false,
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
};

export const SIM_METHODS = Object.keys(METHODS) as SimMethod[];

export function isSimMethod(value: unknown): value is SimMethod {
  return typeof value === 'string' && Object.hasOwn(METHODS, value);
}

/** A fresh VA number or approval code: digits only, like the real ones. */
export function newReference(): string {
  return Array.from({ length: 13 }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');
}
