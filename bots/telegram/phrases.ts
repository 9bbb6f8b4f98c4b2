/**
 * What the Telegram adapter itself says (the merchant commands' replies come
 * from the shared runner): refusals, the owner's welcome, inline-mode
 * labels and the command menu, in Indonesian and English.
 */
import type { Locale, Text } from '../../src/domain/locale.ts';
import type { BotCommand, User } from './bot-api.ts';
import { inEveryLanguage } from '../commands/report-replies.ts';

/** For customers: says nothing about the seller's links, other customers' orders, or whether a setup is pending. */
export const CUSTOMER_HELP = {
  howToPay: {
    id: 'Halo! Bot ini mengirim link pembayaran dari penjual. Untuk membayar, buka link pembayaran yang dikirim penjual (atau tekan tombol Bayar), lalu pilih cara bayar: QRIS, transfer bank (Virtual Account), e-wallet atau kartu.',
    en: 'Hello! This bot sends payment links from the seller. To pay, open the payment link the seller sent you (or press its Pay button), then choose how to pay: QRIS, bank transfer (virtual account), e-wallet or card.',
  },
  linkBelow: { id: 'Link pembayaran Anda ada di bawah ini lagi.', en: 'Your payment link is below again.' },
  receiptComes: {
    id: 'Jika Anda membayar lewat link dari bot ini, bukti bayarnya dikirim ke chat ini.',
    en: 'If you pay through a link from this bot, your receipt comes to this chat.',
  },
  receiptBelow: { id: 'Bukti bayar terakhir Anda juga ada di bawah.', en: 'Your latest receipt is below too.' },
  lastReceipt: { id: '🧾 Bukti bayar terakhir Anda:', en: '🧾 Your latest receipt:' },
} satisfies Record<string, Text>;

export const REFUSAL_SHORT: Text = {
  id: 'Tombol ini hanya untuk penjual.',
  en: 'This button is for the seller only.',
};

export const OWNER_WELCOME: Text = {
  id: '✅ Anda sekarang pemilik bot tagih ini. Kode penyiapan sudah tidak berlaku.\nBuat link pertama: /newlink Kaos 150000 — atau /help untuk semua perintah.',
  en: '✅ You now own this tagih bot. The setup code is spent.\nCreate your first link: /newlink Shirt 150000 — or /help for every command. Send /lang en to get replies in English.',
};

export const INLINE = {
  newLinkTitle: { id: '➕ Buat link baru', en: '➕ Create a new link' },
  newLinkDescription: { id: 'Link dibuat saat Anda mengirim pesan ini', en: 'The link is created when you send this' },
  paid: { id: 'dibayar', en: 'paid' },
  unlimited: { id: 'tanpa batas', en: 'unlimited' },
  /** The second button of a shared card: opens the bot, which then sends the receipt into that chat. */
  receiptOnTelegram: { id: '🧾 Bukti bayar via Telegram', en: '🧾 Receipt on Telegram' },
  createFailed: { id: '❌ Link dari mode inline tidak dibuat', en: '❌ The link from inline mode was not created' },
  createdNotice: { id: '✅ Link dari mode inline dibuat', en: '✅ Link from inline mode created' },
  /** A new link's card until the link exists: no URL that could lead nowhere. */
  preparing: { id: '⏳ Link pembayaran sedang dibuat…', en: '⏳ The payment link is being made…' },
  paidCard: { id: '✅ Lunas', en: '✅ Paid' },
  cardNotCompleted: {
    id: '⚠️ Kartu di chat pelanggan belum bisa diperbarui: kirim link di atas kepadanya.',
    en: '⚠️ The card in the customer’s chat could not be updated: send them the link above.',
  },
} satisfies Record<string, Text>;

/** A customer's language: English when their Telegram is in English, else the installation's default. */
export function localeOfUser(user: Pick<User, 'language_code'> | undefined, fallback: Locale): Locale {
  const language = user?.language_code?.toLowerCase() ?? '';
  if (language.startsWith('en')) return 'en';
  if (language.startsWith('id')) return 'id';
  return fallback;
}

const MENU: Array<[string, Text]> = [
  ['newlink', { id: 'Buat link: /newlink Kaos 150000', en: 'Create a link: /newlink Shirt 150000' }],
  ['links', { id: 'Daftar link Anda', en: 'Your links' }],
  ['link', { id: 'Detail link: /link 3', en: 'Link details: /link 3' }],
  ['qr', { id: 'Kode QR link: /qr 3 · kartu cetak: /qr 3 cetak', en: 'A link’s QR code: /qr 3 · printable card: /qr 3 print' }],
  ['send', { id: 'Kirim link ke pelanggan: /send 3 0812…', en: 'Send a link to a customer: /send 3 0812…' }],
  ['delete', { id: 'Hapus link: /delete 3', en: 'Delete a link: /delete 3' }],
  ['rekap', inEveryLanguage((w) => w.reports.menuRekap)],
  ['export', inEveryLanguage((w) => w.exports.menu)],
  ['ringkasan', inEveryLanguage((w) => w.reports.menuRingkasan)],
  ['lang', { id: 'Ganti bahasa: /lang en', en: 'Change language: /lang id' }],
  ['cancel', { id: 'Batalkan langkah yang berjalan', en: 'Stop what is in progress' }],
  ['help', { id: 'Bantuan', en: 'Help' }],
];

/** What a merchant's chat shows. */
export function commandMenu(locale: Locale): BotCommand[] {
  return MENU.map(([command, description]) => ({ command, description: description[locale] }));
}

/** What everyone else sees: nothing of the merchant's commands. */
export function publicMenu(locale: Locale): BotCommand[] {
  const words: Record<'start' | 'help', Text> = {
    start: { id: 'Mulai', en: 'Start' },
    help: { id: 'Bantuan: cara membayar', en: 'Help: how to pay' },
  };
  return (['start', 'help'] as const).map((command) => ({ command, description: words[command][locale] }));
}
