/**
 * What people read when the outbox delivers a notice: the merchant's payment
 * news, the customer's receipt and the link a customer is sent. Plain text,
 * one fact per line with a label in front, so nothing anyone typed can act
 * as formatting; a payment's first line is what a phone's lock screen shows:
 * "✅ Rp150.000 · Kaos #3 · Budi".
 */
import { customerCalled, type Customer } from '../domain/customer.ts';
import type { Locale } from '../domain/locale.ts';
import { formatRupiah } from '../domain/money.ts';
import type { OrderEvent } from '../domain/order.ts';
import { formatWib } from '../domain/time.ts';
import type { Action, OutgoingMessage } from './message.ts';
import type { LinkSnapshot, Notice, OrderSnapshot } from './notices.ts';
import { describePaymentMethod } from './payment-method.ts';
import { SIMULATION_MARK } from '../simulation-mark.ts';
import { dailySummaryText } from '../reports/takings-text.ts';

/** A notice in one language, before it is shaped for a chat or an email. */
export interface ComposedNotice {
  /** One line for an email subject or a preview, without emoji. */
  subject: string;
  /** The first line is the headline. */
  lines: string[];
  /** The headline is bold in chats that can show it. */
  headline?: boolean;
  actions: Action[];
  qrUrl?: string;
}

interface Words {
  item: string;
  amount: string;
  orderId: string;
  customer: string;
  contact: string;
  method: string;
  usage: string;
  time: string;
  seller: string;
  price: string;
  payHere: string;
  validUntil: string;
  pay: string;
  /** `3 (tanpa batas)` */
  unlimited: (paid: number) => string;
  received: (received: number, price: number) => string;
  receivedUnknown: (price: number) => string;
  underpaid: (received: number, price: number) => string;
  /** `Rp10.000 dari Rp150.000 dikembalikan` */
  partlyBack: (back: number, price: number) => string;
  /** The link took more paid orders than its limit: Midtrans took the money anyway. */
  overLimit: (paid: number, limit: number) => string;
  approve: string;
  deny: string;
  thanks: (name: string | null) => string;
  greeting: (name: string | null) => string;
  sentYou: (merchant: string) => string;
  receiptSubject: (item: string) => string;
  shareSubject: (merchant: string, item: string) => string;
}

const WORDS: Record<Locale, Words> = {
  id: {
    item: 'Barang',
    amount: 'Jumlah',
    orderId: 'Order ID',
    customer: 'Pembeli',
    contact: 'Kontak',
    method: 'Metode',
    usage: 'Pemakaian link',
    time: 'Waktu',
    seller: 'Penjual',
    price: 'Harga',
    payHere: 'Bayar di sini',
    validUntil: 'Berlaku sampai',
    pay: 'Bayar',
    unlimited: (paid) => `${paid} (tanpa batas)`,
    received: (received, price) => `Diterima: ${formatRupiah(received)} (berbeda dari harga ${formatRupiah(price)})`,
    receivedUnknown: (price) => `Diterima: jumlah tidak jelas (harga ${formatRupiah(price)})`,
    underpaid: (received, price) => `Diterima: ${formatRupiah(received)}, kurang dari harga ${formatRupiah(price)}`,
    partlyBack: (back, price) => `${formatRupiah(back)} dari ${formatRupiah(price)} dikembalikan`,
    overLimit: (paid, limit) =>
      `⚠️ Link ini sekarang melewati batas pemakaiannya (${paid}/${limit}): Midtrans tetap menerima uangnya. Kirim barangnya, atau kembalikan dana lewat dashboard Midtrans.`,
    approve: 'Setujui',
    deny: 'Tolak',
    thanks: (name) => `✅ Terima kasih${name === null ? '' : `, ${name}`}! Pembayaran Anda sudah diterima.`,
    greeting: (name) => (name ? `Halo ${name},` : 'Halo,'),
    sentYou: (merchant) => `${merchant} mengirim link pembayaran untuk Anda.`,
    receiptSubject: (item) => `Pembayaran diterima: ${item}`,
    shareSubject: (merchant, item) => `Link pembayaran dari ${merchant}: ${item}`,
  },
  en: {
    item: 'Item',
    amount: 'Amount',
    orderId: 'Order ID',
    customer: 'Customer',
    contact: 'Contact',
    method: 'Method',
    usage: 'Link usage',
    time: 'Time',
    seller: 'Seller',
    price: 'Price',
    payHere: 'Pay here',
    validUntil: 'Valid until',
    pay: 'Pay',
    unlimited: (paid) => `${paid} (no limit)`,
    received: (received, price) => `Received: ${formatRupiah(received)} (differs from the price ${formatRupiah(price)})`,
    receivedUnknown: (price) => `Received: unknown amount (price ${formatRupiah(price)})`,
    underpaid: (received, price) => `Received: ${formatRupiah(received)}, less than the price ${formatRupiah(price)}`,
    partlyBack: (back, price) => `${formatRupiah(back)} of ${formatRupiah(price)} returned`,
    overLimit: (paid, limit) =>
      `⚠️ This link is now past its usage limit (${paid}/${limit}): Midtrans took the money anyway. Ship the item, or refund it from the Midtrans dashboard.`,
    approve: 'Approve',
    deny: 'Deny',
    thanks: (name) => `✅ Thank you${name === null ? '' : `, ${name}`}! Your payment was received.`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    sentYou: (merchant) => `${merchant} sent you a payment link.`,
    receiptSubject: (item) => `Payment received: ${item}`,
    shareSubject: (merchant, item) => `Payment link from ${merchant}: ${item}`,
  },
};

interface EventText {
  emoji: string;
  title: string;
  /** What it means for the merchant, when the title alone does not say. */
  note: string | null;
}

const EVENTS: Record<OrderEvent, Record<Locale, EventText>> = {
  paid: {
    id: { emoji: '✅', title: 'Pembayaran diterima', note: null },
    en: { emoji: '✅', title: 'Payment received', note: null },
  },
  paid_late: {
    id: {
      emoji: '✅',
      title: 'Pembayaran diterima untuk order yang sudah ditutup',
      note: 'Order ini sudah ditandai kedaluwarsa, batal atau gagal, lalu Midtrans tetap menerima uangnya. Sekarang order ini LUNAS.',
    },
    en: {
      emoji: '✅',
      title: 'Payment received for an order already closed',
      note: 'This order had been marked expired, cancelled or failed, and then Midtrans took the money anyway. It is now PAID.',
    },
  },
  expired: {
    id: { emoji: '⌛', title: 'Order kedaluwarsa', note: 'Tidak dibayar. Slot link dilepas dan bisa dipakai pembeli lain.' },
    en: { emoji: '⌛', title: 'Order expired', note: 'Never paid. The link slot is free again for another customer.' },
  },
  cancelled: {
    id: { emoji: '🚫', title: 'Order dibatalkan', note: 'Tidak dibayar. Slot link dilepas.' },
    en: { emoji: '🚫', title: 'Order cancelled', note: 'Not paid. The link slot is free again.' },
  },
  failed: {
    id: { emoji: '❌', title: 'Pembayaran gagal', note: 'Pembayaran ditolak atau gagal, order tidak lunas. Slot link dilepas.' },
    en: { emoji: '❌', title: 'Payment failed', note: 'The payment was declined or failed; the order is not paid. The link slot is free again.' },
  },
  reversed: {
    id: {
      emoji: '⚠️',
      title: 'Pembayaran dibatalkan bank',
      note: 'Bank membatalkan pembayaran setelah settlement: order ini TIDAK lunas lagi. Cek dashboard Midtrans sebelum mengirim barang.',
    },
    en: {
      emoji: '⚠️',
      title: 'Payment reversed by the bank',
      note: 'The bank reversed the payment after settlement: this order is NOT paid any more. Check the Midtrans dashboard before shipping.',
    },
  },
  voided: {
    id: {
      emoji: '⚠️',
      title: 'Pembayaran kartu dibatalkan',
      note: 'Tagihan kartu dibatalkan sebelum settlement: order ini TIDAK lunas lagi dan slot link dilepas. Jangan kirim barangnya.',
    },
    en: {
      emoji: '⚠️',
      title: 'Card payment voided',
      note: 'The card charge was cancelled before settlement: this order is NOT paid any more and the link slot is free again. Do not ship.',
    },
  },
  refunded: {
    id: { emoji: '↩️', title: 'Dana dikembalikan', note: 'Seluruh pembayaran order ini sudah dikembalikan (refund) ke pembeli; order tidak lunas lagi.' },
    en: { emoji: '↩️', title: 'Payment refunded', note: 'The whole payment was returned to the customer (refund); the order no longer counts as paid.' },
  },
  partially_refunded: {
    id: { emoji: '↩️', title: 'Sebagian dana dikembalikan', note: 'Order ini tetap lunas; total link dihitung dari uang yang tersisa.' },
    en: { emoji: '↩️', title: 'Part of the payment refunded', note: 'The order stays paid; the link total counts the money kept.' },
  },
  charged_back: {
    id: {
      emoji: '⚠️',
      title: 'Chargeback',
      note: 'Bank penerbit kartu menarik kembali seluruh pembayaran (chargeback): order ini TIDAK lunas lagi. Cek dashboard Midtrans.',
    },
    en: {
      emoji: '⚠️',
      title: 'Chargeback',
      note: 'The card issuer took the whole payment back (chargeback): this order is NOT paid any more. Check the Midtrans dashboard.',
    },
  },
  partially_charged_back: {
    id: { emoji: '⚠️', title: 'Chargeback sebagian', note: 'Bank penerbit kartu menarik kembali sebagian pembayaran. Order ini tetap lunas. Cek dashboard Midtrans.' },
    en: { emoji: '⚠️', title: 'Partial chargeback', note: 'The card issuer took part of the payment back. The order stays paid. Check the Midtrans dashboard.' },
  },
  challenge: {
    id: {
      emoji: '🔎',
      title: 'Pembayaran kartu perlu diperiksa',
      note: 'Midtrans menahan pembayaran ini untuk pemeriksaan penipuan. Setujui atau tolak; tanpa keputusan, Midtrans membatalkannya saat settlement.',
    },
    en: {
      emoji: '🔎',
      title: 'Card payment needs review',
      note: 'Midtrans is holding this payment for a fraud review. Approve or deny it; without a decision Midtrans cancels it at settlement.',
    },
  },
  underpaid: {
    id: {
      emoji: '⚠️',
      title: 'Pembayaran kurang',
      note: 'Uang yang diterima kurang dari harga, jadi order TIDAK ditandai lunas. Cek dashboard Midtrans.',
    },
    en: {
      emoji: '⚠️',
      title: 'Underpaid',
      note: 'Less money arrived than the price, so the order was NOT marked paid. Check the Midtrans dashboard.',
    },
  },
};

/** `1/1`, or `3 (tanpa batas)` for a link without a limit. */
function usageText(usage: { paid: number; limit: number | null }, words: Words): string {
  return usage.limit === null ? words.unlimited(usage.paid) : `${usage.paid}/${usage.limit}`;
}

/** Phone as `+62…` (stored as digits with the country code), then the email. */
function contactText(customer: Customer): string | null {
  const parts = [customer.phone === null ? null : `+${customer.phone}`, customer.email].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The amount, or what was received against the price when the two differ. */
function amountLine(order: OrderSnapshot, event: OrderEvent, words: Words): string {
  if (event === 'partially_refunded' || event === 'partially_charged_back') {
    return `${words.amount}: ${words.partlyBack(order.refundedAmount ?? 0, order.amount)}`;
  }
  const received = order.amountReceived;
  if (received === null) {
    return event === 'underpaid' ? words.receivedUnknown(order.amount) : `${words.amount}: ${formatRupiah(order.amount)}`;
  }
  if (received < order.amount) return words.underpaid(received, order.amount);
  if (received > order.amount) return words.received(received, order.amount);
  return `${words.amount}: ${formatRupiah(order.amount)}`;
}

function itemLine(link: LinkSnapshot, words: Words): string {
  return `${words.item}: ${link.itemName} (link #${link.number})`;
}

function commandAction(label: string, command: string): Action {
  return { kind: 'command', label, command, data: command };
}

function detailAction(link: LinkSnapshot): Action {
  return commandAction('Detail', `/link ${link.number}`);
}

/** The same commands typed in any chat run the review (`/setujui <order>`, `/tolak <order>`). */
function reviewActions(order: OrderSnapshot, words: Words): Action[] {
  return [commandAction(words.approve, `/setujui ${order.id}`), commandAction(words.deny, `/tolak ${order.id}`)];
}

function overLimitLine(notice: Extract<Notice, { kind: 'order_event' }>, words: Words): string | null {
  const { paid, limit } = notice.usage;
  const paidEvent = notice.event === 'paid' || notice.event === 'paid_late';
  return paidEvent && limit !== null && paid > limit ? words.overLimit(paid, limit) : null;
}

function orderEvent(notice: Extract<Notice, { kind: 'order_event' }>, locale: Locale): ComposedNotice {
  const words = WORDS[locale];
  const text = EVENTS[notice.event][locale];
  const { order, link } = notice;
  const contact = contactText(order.customer);
  const method = describePaymentMethod(order.method, order.channel, locale);
  // What a lock screen shows is the first line, so a payment leads with the money, what it was for and who paid.
  const paidNow = notice.event === 'paid' || notice.event === 'paid_late';
  const headline =
    paidNow
      ? `${text.emoji} ${formatRupiah(order.amountReceived ?? order.amount)} · ${link.itemName} #${link.number} · ${customerCalled(order.customer)}`
      : `${text.emoji} ${text.title}`;
  const lines = [
    headline,
    paidNow ? text.title : null,
    itemLine(link, words),
    amountLine(order, notice.event, words),
    `${words.orderId}: ${order.id}`,
    order.customer.name === null ? null : `${words.customer}: ${order.customer.name}`,
    contact === null ? null : `${words.contact}: ${contact}`,
    method === null ? null : `${words.method}: ${method}`,
    `${words.usage}: ${usageText(notice.usage, words)}`,
    `${words.time}: ${formatWib(new Date(notice.at))}`,
    text.note,
    overLimitLine(notice, words),
  ].filter((line) => line !== null);
  const actions = notice.event === 'challenge' ? [...reviewActions(order, words), detailAction(link)] : [detailAction(link)];
  return { subject: `${text.title}: ${link.itemName} (${order.id})`, lines, actions, headline: true };
}

function receipt(notice: Extract<Notice, { kind: 'receipt' }>, locale: Locale): ComposedNotice {
  const words = WORDS[locale];
  const { order, link } = notice;
  const lines = [
    words.thanks(order.customer.name),
    `${words.item}: ${link.itemName}`,
    `${words.amount}: ${formatRupiah(order.amountReceived ?? order.amount)}`,
    `${words.orderId}: ${order.id}`,
    `${words.seller}: ${notice.merchantName}`,
    `${words.time}: ${formatWib(new Date(notice.at))}`,
  ];
  return { subject: words.receiptSubject(link.itemName), lines, actions: [] };
}

function linkShare(notice: Extract<Notice, { kind: 'link_share' }>, locale: Locale): ComposedNotice {
  const words = WORDS[locale];
  const { link } = notice;
  const lines = [
    words.greeting(notice.customerName),
    words.sentYou(notice.merchantName),
    `${words.item}: ${link.itemName}`,
    `${words.price}: ${formatRupiah(link.price)}`,
    `${words.payHere}: ${link.url}`,
    link.expiresAt === null ? null : `${words.validUntil}: ${formatWib(new Date(link.expiresAt))}`,
  ].filter((line) => line !== null);
  return {
    subject: words.shareSubject(notice.merchantName, link.itemName),
    lines,
    actions: [{ kind: 'url', label: words.pay, url: link.url }],
    qrUrl: link.url,
  };
}

/** WhatsApp's markers (`*bold*`, `_italic_`, `~strike~`, ``` `mono` ```) have no escape, so text holding one stays plain. */
const WHATSAPP_MARKERS = /[*_~`]/;

function whatsappBold(text: string): string {
  return WHATSAPP_MARKERS.test(text) ? text : `*${text}*`;
}

/**
 * The link as the merchant sends it from their own WhatsApp (the click-to-chat
 * draft): WhatsApp's `*bold*` for who is asking and how much, never HTML.
 */
export function whatsappShareText(notice: Extract<Notice, { kind: 'link_share' }>, locale: Locale): string {
  const words = WORDS[locale];
  const { link } = notice;
  return [
    words.greeting(notice.customerName),
    words.sentYou(whatsappBold(notice.merchantName)),
    '',
    whatsappBold(link.itemName),
    `${words.price}: ${whatsappBold(formatRupiah(link.price))}`,
    `${words.payHere}: ${link.url}`,
    link.expiresAt === null ? null : `${words.validUntil}: ${formatWib(new Date(link.expiresAt))}`,
  ]
    .filter((line) => line !== null)
    .join('\n');
}

export function composeNotice(notice: Notice, locale: Locale): ComposedNotice {
  switch (notice.kind) {
    case 'order_event':
      return orderEvent(notice, locale);
    case 'receipt':
      return receipt(notice, locale);
    case 'link_share':
      return linkShare(notice, locale);
    case 'daily_summary':
      return { ...dailySummaryText(notice, locale), headline: true, actions: [] };
  }
}

/** The chat message for a notice. */
export function renderNotice(notice: Notice, locale: Locale): OutgoingMessage {
  const { lines, actions, qrUrl, headline } = composeNotice(notice, locale);
  const text = ('simulated' in notice && notice.simulated ? [`⚠️ ${SIMULATION_MARK[locale]}`, ...lines] : lines).join('\n');
  return { text, actions, ...(qrUrl === undefined ? {} : { qrUrl }), ...(headline ? { headline } : {}) };
}
