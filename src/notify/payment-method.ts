/**
 * Midtrans names payment methods in its own codes (`bank_transfer` + `bca`);
 * merchants know them by the names their customers use ("BCA Virtual Account").
 * A code we have no name for is shown as it came, so nothing is hidden.
 */
import type { Locale } from '../domain/locale.ts';
import { wordsIn } from '../text/catalog.ts';

type Names = Readonly<Record<string, string>>;

const BANKS: Names = {
  bca: 'BCA',
  bni: 'BNI',
  bri: 'BRI',
  bsi: 'BSI',
  cimb: 'CIMB Niaga',
  danamon: 'Danamon',
  mandiri: 'Mandiri',
  permata: 'Permata',
  seabank: 'SeaBank',
};

const WALLETS: Names = {
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
  'airpay shopee': 'ShopeePay',
  dana: 'DANA',
  ovo: 'OVO',
  linkaja: 'LinkAja',
};

const STORES: Names = {
  indomaret: 'Indomaret',
  alfamart: 'Alfamart',
  alfamidi: 'Alfamidi',
  dandan: 'Dan+Dan',
  lawson: 'Lawson',
};

/** Methods whose name does not depend on a channel. */
const METHODS: Names = {
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
  dana: 'DANA',
  echannel: 'Mandiri Bill',
  akulaku: 'Akulaku',
  kredivo: 'Kredivo',
  bca_klikpay: 'BCA KlikPay',
  bca_klikbca: 'KlikBCA',
  cimb_clicks: 'OCTO Clicks',
  danamon_online: 'Danamon Online Banking',
  bri_epay: 'BRImo',
  uob_ezpay: 'UOB EZ Pay',
};

/** Own keys only: a channel called `constructor` must not find Object's. */
function nameIn(names: Names, code: string): string | null {
  const key = code.toLowerCase();
  return Object.hasOwn(names, key) ? names[key]! : null;
}

/** "QRIS (GoPay)", "BCA Virtual Account", "Kartu kredit (BNI)"…; null when Midtrans named no method. */
export function describePaymentMethod(method: string | null, channel: string | null, locale: Locale): string | null {
  if (method === null) return null;
  switch (method.toLowerCase()) {
    case 'qris': {
      const issuer = channel && (nameIn(WALLETS, channel) ?? channel);
      return issuer ? `QRIS (${issuer})` : 'QRIS';
    }
    case 'bank_transfer': {
      const bank = channel && (nameIn(BANKS, channel) ?? channel.toUpperCase());
      return bank ? `${bank} Virtual Account` : 'Virtual Account';
    }
    case 'credit_card': {
      const bank = channel && (nameIn(BANKS, channel) ?? channel.toUpperCase());
      const card = wordsIn(locale).notices.creditCard;
      return bank ? `${card} (${bank})` : card;
    }
    case 'cstore':
      return channel ? (nameIn(STORES, channel) ?? channel) : wordsIn(locale).notices.convenienceStore;
    default:
      return nameIn(METHODS, method) ?? method;
  }
}
