/**
 * What people read when the outbox delivers a notice: the merchant's payment
 * news, the customer's receipt and the link a customer is sent. Plain text,
 * one fact per line with a label in front, so it reads at a glance on a
 * phone lock screen and nothing anyone typed can act as formatting.
 */
import type { Customer } from '../domain/customer.ts';
import type { Locale } from '../domain/errors.ts';
import { formatRupiah } from '../domain/money.ts';
import type { OrderEvent } from '../domain/order.ts';
import { formatWib } from '../domain/time.ts';
import type { Action, OutgoingMessage } from './message.ts';
import type { LinkSnapshot, Notice, OrderSnapshot } from './notices.ts';
import { describePaymentMethod } from './payment-method.ts';
import { SIMULATION_MARK } from '../simulation-mark.ts';

/** A notice in one language, before it is shaped for a chat or an email. */
export interface ComposedNotice {
  /** One line for an email subject or a preview, without emoji. */
  subject: string;
  /** The first line is the headline. */
  lines: string[];
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
  thanks: (name: string) => string;
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
    thanks: (name) => `✅ Terima kasih, ${name}! Pembayaran Anda sudah diterima.`,
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
    thanks: (name) => `✅ Thank you, ${name}! Your payment was received.`,
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
  refunded: {
    id: { emoji: '↩️', title: 'Dana dikembalikan', note: 'Pembayaran order ini sudah dikembalikan (refund) ke pembeli; order tidak lunas lagi.' },
    en: { emoji: '↩️', title: 'Payment refunded', note: 'The payment was returned to the customer (refund); the order no longer counts as paid.' },
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

function detailAction(link: LinkSnapshot): Action {
  const command = `/link ${link.number}`;
  return { kind: 'command', label: 'Detail', command, data: command };
}

function orderEvent(notice: Extract<Notice, { kind: 'order_event' }>, locale: Locale): ComposedNotice {
  const words = WORDS[locale];
  const text = EVENTS[notice.event][locale];
  const { order, link } = notice;
  const contact = contactText(order.customer);
  const method = describePaymentMethod(order.method, order.channel, locale);
  const lines = [
    `${text.emoji} ${text.title}`,
    itemLine(link, words),
    amountLine(order, notice.event, words),
    `${words.orderId}: ${order.id}`,
    `${words.customer}: ${order.customer.name}`,
    contact === null ? null : `${words.contact}: ${contact}`,
    method === null ? null : `${words.method}: ${method}`,
    `${words.usage}: ${usageText(notice.usage, words)}`,
    `${words.time}: ${formatWib(new Date(notice.at))}`,
    text.note,
  ].filter((line) => line !== null);
  return { subject: `${text.title}: ${link.itemName} (${order.id})`, lines, actions: [detailAction(link)] };
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

export function composeNotice(notice: Notice, locale: Locale): ComposedNotice {
  switch (notice.kind) {
    case 'order_event':
      return orderEvent(notice, locale);
    case 'receipt':
      return receipt(notice, locale);
    case 'link_share':
      return linkShare(notice, locale);
  }
}

/** The chat message for a notice. */
export function renderNotice(notice: Notice, locale: Locale): OutgoingMessage {
  const { lines, actions, qrUrl } = composeNotice(notice, locale);
  const text = ('simulated' in notice && notice.simulated ? [`⚠️ ${SIMULATION_MARK[locale]}`, ...lines] : lines).join('\n');
  return qrUrl === undefined ? { text, actions } : { text, actions, qrUrl };
}
