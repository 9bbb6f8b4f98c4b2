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
import { wordsIn, type Catalog } from '../text/catalog.ts';
import { lineWords, priceWords } from './offer-words.ts';
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

type Words = Catalog['notices'];

const EMOJI: Readonly<Record<OrderEvent, string>> = {
  paid: '✅',
  paid_late: '✅',
  expired: '⌛',
  cancelled: '🚫',
  failed: '❌',
  reversed: '⚠️',
  voided: '⚠️',
  refunded: '↩️',
  partially_refunded: '↩️',
  charged_back: '⚠️',
  partially_charged_back: '⚠️',
  challenge: '🔎',
  underpaid: '⚠️',
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
function amountLine(order: OrderSnapshot, link: LinkSnapshot, event: OrderEvent, w: Catalog, locale: Locale): string {
  const words = w.notices;
  if (event === 'partially_refunded' || event === 'partially_charged_back') {
    return `${w.common.amount}: ${words.partlyBack(order.refundedAmount ?? 0, order.amount)}`;
  }
  const received = order.amountReceived;
  if (received === null) {
    return event === 'underpaid' ? words.receivedUnknown(order.amount) : `${w.common.amount}: ${paidAmount(order.amount, link, locale)}`;
  }
  if (received < order.amount) return words.underpaid(received, order.amount);
  if (received > order.amount) return words.received(received, order.amount);
  return `${w.common.amount}: ${paidAmount(order.amount, link, locale)}`;
}

/** `Rp25.000 (nominal bebas)` for an amount the customer chose. */
function paidAmount(amount: number, link: LinkSnapshot, locale: Locale): string {
  return link.pricing?.kind === 'open' ? wordsIn(locale).links.noticeOpenAmount(formatRupiah(amount)) : formatRupiah(amount);
}

/** What the order bought, in a few words: `3 × Kaos`, else the link's title (`Kaos + Topi + Ongkir`). */
function boughtWords(order: OrderSnapshot, link: LinkSnapshot): string {
  const lines = order.lines ?? [];
  return lines.length === 1 && lines[0]!.quantity > 1 ? lineWords(lines[0]!) : link.itemName;
}

function itemLine(order: OrderSnapshot, link: LinkSnapshot, w: Catalog): string {
  return `${w.common.item}: ${boughtWords(order, link)} (link #${link.number})`;
}

/** Each of several items with its price: `Rincian: Kaos Rp150.000 · Topi Rp50.000`. */
function itemsLine(order: OrderSnapshot, locale: Locale): string | null {
  const lines = order.lines ?? [];
  if (lines.length < 2) return null;
  return `${wordsIn(locale).links.noticeItems}: ${lines.map((line) => `${lineWords(line)} ${formatRupiah(line.price * line.quantity)}`).join(' · ')}`;
}

/** The customer's answers, each labelled by its question. */
function answerLines(order: OrderSnapshot): string[] {
  return (order.answers ?? []).map(({ question, answer }) => `${question}: ${answer}`);
}

function commandAction(label: string, command: string): Action {
  return { kind: 'command', label, command, data: command };
}

function detailAction(link: LinkSnapshot, words: Words): Action {
  return commandAction(words.detail, `/link ${link.number}`);
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
  const w = wordsIn(locale);
  const words = w.notices;
  const title = words.eventTitle[notice.event];
  const notes: Partial<Record<OrderEvent, string>> = words.eventNote;
  const emoji = EMOJI[notice.event];
  const { order, link } = notice;
  const contact = contactText(order.customer);
  const method = describePaymentMethod(order.method, order.channel, locale);
  // What a lock screen shows is the first line, so a payment leads with the money, what it was for and who paid.
  const paidNow = notice.event === 'paid' || notice.event === 'paid_late';
  const headline =
    paidNow
      ? `${emoji} ${formatRupiah(order.amountReceived ?? order.amount)} · ${boughtWords(order, link)} #${link.number} · ${customerCalled(order.customer)}`
      : `${emoji} ${title}`;
  const lines = [
    headline,
    paidNow ? title : null,
    itemLine(order, link, w),
    itemsLine(order, locale),
    amountLine(order, link, notice.event, w, locale),
    `${words.orderId}: ${order.id}`,
    order.customer.name === null ? null : `${words.customer}: ${order.customer.name}`,
    contact === null ? null : `${words.contact}: ${contact}`,
    ...answerLines(order),
    method === null ? null : `${words.method}: ${method}`,
    `${words.usage}: ${usageText(notice.usage, words)}`,
    `${words.time}: ${formatWib(new Date(notice.at))}`,
    notes[notice.event] ?? null,
    overLimitLine(notice, words),
  ].filter((line) => line !== null);
  const actions = notice.event === 'challenge' ? [...reviewActions(order, words), detailAction(link, words)] : [detailAction(link, words)];
  return { subject: `${title}: ${link.itemName} (${order.id})`, lines, actions, headline: true };
}

function receipt(notice: Extract<Notice, { kind: 'receipt' }>, locale: Locale): ComposedNotice {
  const w = wordsIn(locale);
  const words = w.notices;
  const { order, link } = notice;
  const lines = [
    words.thanks(order.customer.name),
    `${w.common.item}: ${boughtWords(order, link)}`,
    itemsLine(order, locale),
    `${w.common.amount}: ${formatRupiah(order.amountReceived ?? order.amount)}`,
    ...answerLines(order),
    `${words.orderId}: ${order.id}`,
    `${words.seller}: ${notice.merchantName}`,
    `${words.time}: ${formatWib(new Date(notice.at))}`,
    link.thanks == null ? null : wordsIn(locale).links.noticeSellerNote(link.thanks),
  ].filter((line) => line !== null);
  return { subject: words.receiptSubject(link.itemName), lines, actions: [] };
}

function linkShare(notice: Extract<Notice, { kind: 'link_share' }>, locale: Locale): ComposedNotice {
  const w = wordsIn(locale);
  const words = w.notices;
  const { link } = notice;
  const lines = [
    words.greeting(notice.customerName),
    words.sentYou(notice.merchantName),
    `${w.common.item}: ${link.itemName}`,
    `${words.price}: ${snapshotPrice(link, locale)}`,
    `${words.payHere}: ${link.url}`,
    link.expiresAt === null ? null : `${words.validUntil}: ${formatWib(new Date(link.expiresAt))}`,
  ].filter((line) => line !== null);
  return {
    subject: words.shareSubject(notice.merchantName, link.itemName),
    lines,
    actions: [{ kind: 'url', label: w.common.pay, url: link.url }],
    qrUrl: link.url,
  };
}

/** The price as the link's page shows it; a snapshot from before issue 17 is a plain fixed price. */
function snapshotPrice(link: LinkSnapshot, locale: Locale): string {
  return priceWords({ pricing: link.pricing ?? { kind: 'fixed' }, quantity: link.quantity ?? null, price: link.price }, wordsIn(locale));
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
  const words = wordsIn(locale).notices;
  const { link } = notice;
  return [
    words.greeting(notice.customerName),
    words.sentYou(whatsappBold(notice.merchantName)),
    '',
    whatsappBold(link.itemName),
    `${words.price}: ${whatsappBold(snapshotPrice(link, locale))}`,
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
  const text = ('simulated' in notice && notice.simulated ? [`⚠️ ${wordsIn(locale).common.simulated}`, ...lines] : lines).join('\n');
  return { text, actions, ...(qrUrl === undefined ? {} : { qrUrl }), ...(headline ? { headline } : {}) };
}
