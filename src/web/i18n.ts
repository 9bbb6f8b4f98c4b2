/**
 * The customer's language and every sentence the pages show, in Indonesian
 * and English. Customers do not choose a language up front: `?lang=` wins,
 * then a browser that prefers English over Indonesian, then the operator's
 * LOCALE.
 */
import type { Locale } from '../domain/locale.ts';

export interface LocaleSources {
  /** `?lang=` as given, if any. */
  query: unknown;
  /** Negotiates among the offered languages, like express's `req.acceptsLanguages`; false when none fits. */
  acceptsLanguages: (...offered: string[]) => string | false;
  hasAcceptLanguage: boolean;
  fallback: Locale;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'id' || value === 'en';
}

export function chooseLocale({ query, acceptsLanguages, hasAcceptLanguage, fallback }: LocaleSources): Locale {
  if (isLocale(query)) return query;
  if (!hasAcceptLanguage) return fallback;
  // The fallback is offered first so that it wins a tie (e.g. `*`).
  const other: Locale = fallback === 'id' ? 'en' : 'id';
  const best = acceptsLanguages(fallback, other);
  return isLocale(best) ? best : fallback;
}

export interface Messages {
  htmlLang: string;
  /** Open Graph's `og:locale` (language_TERRITORY). */
  ogLocale: string;
  switchTo: { locale: Locale; label: string };
  securedBy: string;
  payTo: string;
  validUntil: (when: string) => string;
  slotsLeft: (left: number, limit: number) => string;
  yourDetails: string;
  billFor: string;
  nameLabel: string;
  phoneLabel: string;
  phoneHint: string;
  emailLabel: string;
  emailHint: string;
  payButton: (amount: string) => string;
  checkForm: string;
  required: { name: string; phone: string; email: string };
  unavailableTitle: { expired: string; sold_out: string; deleted: string; unknown: string };
  slotsHeld: string;
  orderId: string;
  amount: string;
  item: string;
  done: {
    pending: { title: string; body: string };
    /** Back from Snap, which said paid, while Midtrans is asked. */
    confirming: { title: string; body: string };
    paid: { title: string; body: (merchant: string) => string };
    expired: { title: string; body: string };
    cancelled: { title: string; body: string };
    failed: { title: string; body: string };
    refunded: { title: string; body: string };
  };
  paymentNotStarted: string;
  refreshing: string;
  continuePayment: string;
  tryAgain: string;
  backToLink: string;
  /** The preview and printable cards (src/web/cards). */
  card: { pay: string; notPayable: string; scanToPay: string };
  /** The link preview chat apps show (Open Graph `og:description`). */
  previewDescription: (merchant: string, until: string | null) => string;
}

export const MESSAGES: Readonly<Record<Locale, Messages>> = {
  id: {
    htmlLang: 'id',
    ogLocale: 'id_ID',
    switchTo: { locale: 'en', label: 'English' },
    securedBy: 'Pembayaran diproses dengan aman oleh Midtrans.',
    payTo: 'Pembayaran kepada',
    validUntil: (when) => `Berlaku sampai ${when}`,
    slotsLeft: (left, limit) => `Tersisa ${left} dari ${limit}`,
    yourDetails: 'Data pembeli',
    billFor: 'Tagihan untuk',
    nameLabel: 'Nama lengkap',
    phoneLabel: 'Nomor HP',
    phoneHint: 'Contoh: 0812 3456 7890',
    emailLabel: 'Email',
    emailHint: 'Untuk bukti pembayaran',
    payButton: (amount) => `Bayar ${amount}`,
    checkForm: 'Periksa kembali data yang ditandai.',
    required: {
      name: 'Nama wajib diisi.',
      phone: 'Nomor HP wajib diisi.',
      email: 'Email wajib diisi.',
    },
    unavailableTitle: {
      expired: 'Link sudah kedaluwarsa',
      sold_out: 'Kuota sudah habis',
      deleted: 'Link tidak tersedia lagi',
      unknown: 'Link tidak ditemukan',
    },
    slotsHeld: 'Sebagian kuota sedang dipakai pembeli lain yang belum membayar. Jika tidak dibayar, kuota akan dibuka lagi nanti.',
    orderId: 'ID pesanan',
    amount: 'Jumlah',
    item: 'Barang',
    done: {
      pending: {
        title: 'Menunggu pembayaran',
        body: 'Kami belum menerima konfirmasi pembayaran Anda. Selesaikan pembayaran di halaman Midtrans; halaman ini akan berubah sendiri begitu pembayaran diterima.',
      },
      confirming: {
        title: 'Memastikan pembayaran…',
        body: 'Kami sedang memastikan pembayaran Anda dengan Midtrans. Jangan membayar lagi; halaman ini akan berubah sendiri dalam beberapa detik.',
      },
      paid: {
        title: 'Pembayaran berhasil',
        body: (merchant) => `Terima kasih! ${merchant} sudah menerima pembayaran Anda.`,
      },
      expired: {
        title: 'Waktu pembayaran habis',
        body: 'Pembayaran tidak diselesaikan tepat waktu. Tidak ada dana yang ditarik.',
      },
      cancelled: {
        title: 'Pembayaran dibatalkan',
        body: 'Transaksi ini dibatalkan. Tidak ada dana yang ditarik.',
      },
      failed: {
        title: 'Pembayaran tidak berhasil',
        body: 'Pembayaran ini tidak dapat diselesaikan. Jika dana Anda sudah terpotong, hubungi penjual dengan menyebutkan ID pesanan.',
      },
      refunded: {
        title: 'Dana dikembalikan',
        body: 'Pembayaran untuk pesanan ini sudah dikembalikan.',
      },
    },
    paymentNotStarted: 'Pembayaran belum bisa dimulai',
    refreshing: 'Halaman ini diperbarui otomatis setiap beberapa detik.',
    continuePayment: 'Lanjutkan pembayaran',
    tryAgain: 'Coba lagi',
    backToLink: 'Kembali ke halaman pembayaran',
    card: { pay: 'Bayar', notPayable: 'Tidak bisa dibayar', scanToPay: 'Scan untuk membayar' },
    previewDescription: (merchant, until) => `Bayar ke ${merchant}${until === null ? '' : ` · berlaku sampai ${until}`}`,
  },
  en: {
    htmlLang: 'en',
    ogLocale: 'en_US',
    switchTo: { locale: 'id', label: 'Bahasa Indonesia' },
    securedBy: 'Payments are processed securely by Midtrans.',
    payTo: 'Paying',
    validUntil: (when) => `Valid until ${when}`,
    slotsLeft: (left, limit) => `${left} of ${limit} left`,
    yourDetails: 'Your details',
    billFor: 'Bill for',
    nameLabel: 'Full name',
    phoneLabel: 'Phone number',
    phoneHint: 'For example: 0812 3456 7890',
    emailLabel: 'Email',
    emailHint: 'For your receipt',
    payButton: (amount) => `Pay ${amount}`,
    checkForm: 'Please check the marked fields.',
    required: {
      name: 'Please enter your name.',
      phone: 'Please enter your phone number.',
      email: 'Please enter your email address.',
    },
    unavailableTitle: {
      expired: 'This link has expired',
      sold_out: 'Sold out',
      deleted: 'This link is no longer available',
      unknown: 'Link not found',
    },
    slotsHeld: 'Some slots are held by other customers who have not paid yet. If they do not pay, a slot opens again later.',
    orderId: 'Order ID',
    amount: 'Amount',
    item: 'Item',
    done: {
      pending: {
        title: 'Waiting for your payment',
        body: 'We have not received your payment yet. Finish paying on the Midtrans page; this page changes by itself as soon as the payment arrives.',
      },
      confirming: {
        title: 'Confirming your payment…',
        body: 'We are confirming your payment with Midtrans. Please do not pay again; this page changes by itself in a few seconds.',
      },
      paid: {
        title: 'Payment received',
        body: (merchant) => `Thank you! ${merchant} has received your payment.`,
      },
      expired: {
        title: 'Payment time ran out',
        body: 'The payment was not completed in time. You have not been charged.',
      },
      cancelled: {
        title: 'Payment cancelled',
        body: 'This transaction was cancelled. You have not been charged.',
      },
      failed: {
        title: 'Payment not completed',
        body: 'This payment could not be completed. If money has left your account, contact the seller with the order ID.',
      },
      refunded: {
        title: 'Payment refunded',
        body: 'The payment for this order has been refunded.',
      },
    },
    paymentNotStarted: 'The payment could not start',
    refreshing: 'This page refreshes itself every few seconds.',
    continuePayment: 'Continue payment',
    tryAgain: 'Try again',
    backToLink: 'Back to the payment page',
    card: { pay: 'Pay', notPayable: 'Cannot be paid', scanToPay: 'Scan to pay' },
    previewDescription: (merchant, until) => `Pay ${merchant}${until === null ? '' : ` · valid until ${until}`}`,
  },
};
