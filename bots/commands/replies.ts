/**
 * What the bot says back to a merchant, as plain text every chat can show, in
 * the merchant's language (the sentences live in src/text). One place for these
 * replies keeps Telegram, WhatsApp and the console saying exactly the same thing.
 */
import { customerCalled } from '../../src/domain/customer.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Link, LinkUsage } from '../../src/domain/link.ts';
import { formatRupiah } from '../../src/domain/money.ts';
import type { Order } from '../../src/domain/order.ts';
import { formatWib } from '../../src/domain/time.ts';
import type { LinkDetails } from '../../src/links/link-service.ts';
import type { Action, OutgoingMessage } from '../../src/notify/message.ts';
import type { LinkWithUsage } from '../../src/store/ports.ts';
import { wordsIn, type Catalog, type Phrase } from '../../src/text/catalog.ts';
import type { CommandKind, NewLinkCommand } from './command.ts';
import { MAX_PERIOD_DAYS } from '../../src/reports/period.ts';
import { offerLines, offerListSuffix, offerPrice, orderOfferText } from './link-offer-replies.ts';

function usageText(link: Pick<Link, 'usageLimit'>, usage: LinkUsage, w: Catalog): string {
  return w.commands.usage(usage.paid, link.usageLimit === null ? w.commands.unlimited : String(link.usageLimit), usage.held);
}

function expiryText(link: Pick<Link, 'expiresAt'>, w: Catalog): string {
  return link.expiresAt ? formatWib(link.expiresAt) : w.commands.noExpiry;
}

/**
 * The commands a link card offers, as buttons on Telegram and hints elsewhere.
 * `whatsapp` is the click-to-chat link that opens WhatsApp with the link's
 * message typed (null when the link cannot be paid, so there is nothing to send).
 */
function linkActions(link: Link, w: Catalog, include: { share: boolean; details: boolean; delete: boolean; whatsapp: string | null }): Action[] {
  const n = link.number;
  const buttons = w.commands.buttons;
  const actions: Action[] = [];
  if (include.whatsapp) actions.push({ kind: 'url', label: buttons.whatsapp, url: include.whatsapp });
  if (include.share) actions.push({ kind: 'share', label: buttons.share, query: link.slug });
  actions.push({ kind: 'command', label: buttons.qr, command: `/qr ${n}`, data: `/qr ${n}` });
  if (include.details) actions.push({ kind: 'command', label: buttons.details, command: `/link ${n}`, data: `/link ${n}` });
  if (include.delete) actions.push({ kind: 'command', label: buttons.delete, command: `/delete ${n}`, data: `/delete ${n}` });
  return actions;
}

export function linkCreated(view: LinkWithUsage, url: string, whatsappUrl: string, locale: Locale, note: string | null): OutgoingMessage {
  const { link } = view;
  const w = wordsIn(locale);
  const label = w.commands.labels;
  const lines = [
    w.commands.created(link.number),
    '',
    `${link.itemName} — ${offerPrice(link, locale)}`,
    `${label.usageLimit}: ${link.usageLimit === null ? w.commands.unlimited : `${link.usageLimit}x`}`,
    `${label.expires}: ${expiryText(link, w)}`,
    ...offerLines(link, view.usage, locale),
  ];
  if (link.customer) lines.push(`${label.for}: ${customerLine(link.customer)}`);
  lines.push(`Order ID: ${link.orderId}`, '', url);
  if (note) lines.push('', note);
  return { text: lines.join('\n'), qrUrl: url, actions: linkActions(link, w, { share: true, details: true, delete: true, whatsapp: whatsappUrl }) };
}

function customerLine(customer: NonNullable<Link['customer']>): string {
  return [customer.name, customer.phone ? `+${customer.phone}` : null, customer.email].filter((v, i, all) => v && all.indexOf(v) === i).join(', ');
}

export function linkList(
  result: { items: LinkWithUsage[]; hasMore: boolean; page: number },
  includeInactive: boolean,
  locale: Locale,
): OutgoingMessage {
  const w = wordsIn(locale);
  if (result.items.length === 0) {
    return { text: result.page > 1 ? w.commands.noMoreLinks : w.commands.noLinks(includeInactive), actions: [] };
  }
  const heading = w.commands.listHeading(includeInactive, result.page);
  const lines = result.items.map(
    ({ link, usage, state }) =>
      `#${link.number} ${link.itemName} — ${offerPrice(link, locale)} — ${w.commands.linkState[state]} — ${w.commands.listPaid} ${usageText(link, usage, w)}${offerListSuffix(link, usage, locale)}`,
  );
  const suffix = includeInactive ? ' all' : '';
  const actions: Action[] = result.items.map(({ link }) => ({
    kind: 'command',
    label: `#${link.number} ${link.itemName}`.slice(0, 40),
    command: `/link ${link.number}`,
    data: `/link ${link.number}`,
  }));
  if (result.page > 1) {
    const command = `/links ${result.page - 1}${suffix}`;
    actions.push({ kind: 'command', label: w.commands.buttons.previous, command, data: command });
  }
  if (result.hasMore) {
    const command = `/links ${result.page + 1}${suffix}`;
    actions.push({ kind: 'command', label: w.commands.buttons.next, command, data: command });
  }
  return { text: [heading, '', ...lines, '', w.commands.detailsHint].join('\n'), actions };
}

function orderLine(order: Order, link: Link, w: Catalog): string {
  const offer = orderOfferText(link, order);
  return `• ${order.id} — ${customerCalled(order.customer)} — ${formatRupiah(order.amount)} — ${w.commands.orderStatus[order.status]}${offer ? ` — ${offer}` : ''}`;
}

export function linkDetails(details: LinkDetails, url: string, deepLink: string | null, whatsappUrl: string, locale: Locale): OutgoingMessage {
  const { link, usage, state, latestOrders, namedOrder } = details;
  const w = wordsIn(locale);
  const label = w.commands.labels;
  const lines = [
    `🔗 Link #${link.number}: ${link.itemName}`,
    '',
    // Asked for by an order's id (copied from a paid notice): that order first.
    ...(namedOrder ? [`${label.askedOrder}:`, orderLine(namedOrder, link, w), ''] : []),
    `${label.price}: ${offerPrice(link, locale)}`,
    ...offerLines(link, usage, locale),
    `${label.state}: ${w.commands.linkState[state]}`,
    `${label.paid}: ${usageText(link, usage, w)}`,
    `${label.totalReceived}: ${formatRupiah(usage.paidTotal)}`,
    `${label.orders}: ${usage.orders}`,
    `${label.expires}: ${expiryText(link, w)}`,
    `Order ID: ${link.orderId}`,
    `Payment Link ID: ${link.slug}`,
  ];
  if (link.customer) lines.push(`${label.forCustomer}: ${customerLine(link.customer)}`);
  lines.push(`${label.created}: ${formatWib(link.createdAt)}`);
  if (link.createdBy) lines.push(w.team.createdBy(link.createdBy.name));
  if (link.deletedAt) lines.push(`${label.deleted}: ${formatWib(link.deletedAt)}`);
  lines.push('', url);
  if (deepLink) lines.push(`${label.telegramLink}: ${deepLink}`);
  if (latestOrders.length > 0) lines.push('', w.commands.latestOrders, ...latestOrders.map((o) => orderLine(o, link, w)));
  const active = state !== 'deleted';
  return {
    text: lines.join('\n'),
    actions: linkActions(link, w, { share: state === 'active', details: false, delete: active, whatsapp: state === 'active' ? whatsappUrl : null }),
  };
}

export function confirmDelete(view: LinkWithUsage, locale: Locale): OutgoingMessage {
  const { link } = view;
  const w = wordsIn(locale);
  const command = `/delete ${link.number} ${w.commands.yes}`;
  return {
    text: w.commands.confirmDelete(link.number, link.itemName, offerPrice(link, locale)),
    actions: [
      { kind: 'command', label: w.commands.buttons.yesDelete, command, data: command },
      { kind: 'command', label: w.commands.buttons.keepLink, command: '/cancel', data: '/cancel' },
    ],
  };
}

/** A link priced under Rp1.000 waits for `ya`: in rupiah that is almost always a slip (`150` for `150000`). */
export function confirmSmallPrice(command: Pick<NewLinkCommand, 'itemName' | 'price'>, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale);
  const yes = w.commands.yes;
  return {
    text: w.commands.confirmSmallPrice(command.itemName, command.price),
    actions: [
      { kind: 'command', label: w.commands.buttons.yesPrice(command.price), command: yes, data: yes },
      { kind: 'command', label: w.commands.buttons.cancel, command: '/cancel', data: '/cancel' },
    ],
  };
}

export function linkDeleted(view: LinkWithUsage, locale: Locale): OutgoingMessage {
  const { link } = view;
  return say((w) => w.commands.deleted(link.number, link.itemName), locale);
}

/**
 * The QR photo's caption is written for the customer it gets forwarded to,
 * alone: who asks, for what, how much, where to pay and until when.
 */
export function qrCode(view: LinkWithUsage, url: string, merchantName: string, locale: Locale): OutgoingMessage {
  const { link, state } = view;
  const w = wordsIn(locale);
  const lines = [`${merchantName}: ${link.itemName} — ${offerPrice(link, locale)}`, `${w.commands.labels.payHere}: ${url}`];
  if (link.expiresAt) lines.push(`${w.commands.labels.validUntil}: ${formatWib(link.expiresAt)}`);
  if (state !== 'active') lines.push(w.commands.thisLinkIs(w.commands.linkState[state]));
  return { text: lines.join('\n'), qrUrl: url, actions: [] };
}

/** `/qr 3 cetak`: the card as a file to print, captioned like the QR photo. */
export function printableCard(view: LinkWithUsage, url: string, merchantName: string, png: Buffer, locale: Locale): OutgoingMessage {
  const caption = qrCode(view, url, merchantName, locale).text;
  return { text: caption, printable: { png, fileName: `tagih-${view.link.slug}.png`, url }, actions: [] };
}

export function printRefused(view: LinkWithUsage, locale: Locale): OutgoingMessage {
  const { link, state } = view;
  return say((w) => w.commands.printRefused(link.number, w.commands.linkState[state]), locale);
}

/** A sentence as a reply of its own. */
export function say(phrase: Phrase, locale: Locale, actions: Action[] = []): OutgoingMessage {
  return { text: phrase(wordsIn(locale)), actions };
}

/** What the merchant hears after their review decision went to Midtrans. */
export function reviewSent(orderId: string, decision: 'approve' | 'deny', locale: Locale): OutgoingMessage {
  return say((w) => (decision === 'approve' ? w.commands.reviewApproved(orderId) : w.commands.reviewDenied(orderId)), locale);
}

/** One help line per command; the export's names the longest period it takes. */
function helpLines(w: Catalog): Record<CommandKind, string> {
  const { export: exportLine, ...lines } = w.commands.help.lines;
  return { ...lines, export: exportLine(MAX_PERIOD_DAYS) };
}

export function help(topic: CommandKind | null, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale);
  const lines = helpLines(w);
  if (topic) return { text: topic === 'newlink' ? `${lines.newlink}\n${w.links.helpNewlink}` : lines[topic], actions: [] };
  const order: CommandKind[] = ['newlink', 'links', 'link', 'qr', 'send', 'delete', 'approve', 'deny', 'refund', 'staff', 'notif', 'report', 'dailySummary', 'export', 'lang', 'cancel', 'help'];
  return {
    text: [w.commands.help.title, '', ...order.map((kind) => lines[kind]), '', w.commands.help.ref, w.commands.help.example].join('\n'),
    actions: [],
  };
}
