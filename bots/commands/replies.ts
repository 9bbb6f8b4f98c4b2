/**
 * What the bot says back to a merchant, in Indonesian and English, as plain
 * text every chat can show. One place for these texts keeps Telegram,
 * WhatsApp and the console saying exactly the same thing.
 */
import { customerCalled } from '../../src/domain/customer.ts';
import type { Locale, Text } from '../../src/domain/locale.ts';
import type { Link, LinkState, LinkUsage } from '../../src/domain/link.ts';
import { formatRupiah } from '../../src/domain/money.ts';
import type { Order, OrderStatus } from '../../src/domain/order.ts';
import { formatWib } from '../../src/domain/time.ts';
import type { LinkDetails } from '../../src/links/link-service.ts';
import type { Action, OutgoingMessage } from '../../src/notify/message.ts';
import { WHATSAPP_SHARE_LABEL } from '../../src/notify/whatsapp-share.ts';
import type { LinkWithUsage } from '../../src/store/ports.ts';
import type { CommandKind, NewLinkCommand } from './command.ts';
import { REPORT_HELP } from './report-replies.ts';

const STATE_NAMES: Record<LinkState, Text> = {
  active: { id: 'aktif', en: 'active' },
  expired: { id: 'kedaluwarsa', en: 'expired' },
  sold_out: { id: 'habis (batas pemakaian tercapai)', en: 'sold out (usage limit reached)' },
  deleted: { id: 'dihapus', en: 'deleted' },
};

const ORDER_STATUS_NAMES: Record<OrderStatus, Text> = {
  pending: { id: 'menunggu pembayaran', en: 'awaiting payment' },
  paid: { id: 'lunas', en: 'paid' },
  expired: { id: 'kedaluwarsa', en: 'expired' },
  cancelled: { id: 'dibatalkan', en: 'cancelled' },
  failed: { id: 'gagal', en: 'failed' },
  refunded: { id: 'dikembalikan', en: 'refunded' },
};

function usageText(link: Pick<Link, 'usageLimit'>, usage: LinkUsage, locale: Locale): string {
  const limit = link.usageLimit === null ? (locale === 'id' ? 'tanpa batas' : 'unlimited') : String(link.usageLimit);
  const held = usage.held > 0 ? (locale === 'id' ? `, ${usage.held} sedang dibayar` : `, ${usage.held} in checkout`) : '';
  return `${usage.paid}/${limit}${held}`;
}

function expiryText(link: Pick<Link, 'expiresAt'>, locale: Locale): string {
  if (!link.expiresAt) return locale === 'id' ? 'tidak ada' : 'never';
  return formatWib(link.expiresAt);
}

/**
 * The commands a link card offers, as buttons on Telegram and hints elsewhere.
 * `whatsapp` is the click-to-chat link that opens WhatsApp with the link's
 * message typed (null when the link cannot be paid, so there is nothing to send).
 */
function linkActions(link: Link, locale: Locale, include: { share: boolean; details: boolean; delete: boolean; whatsapp: string | null }): Action[] {
  const n = link.number;
  const actions: Action[] = [];
  if (include.whatsapp) actions.push({ kind: 'url', label: WHATSAPP_SHARE_LABEL[locale], url: include.whatsapp });
  if (include.share) actions.push({ kind: 'share', label: locale === 'id' ? '📤 Bagikan' : '📤 Share', query: link.slug });
  actions.push({ kind: 'command', label: 'QR', command: `/qr ${n}`, data: `/qr ${n}` });
  if (include.details) actions.push({ kind: 'command', label: 'Detail', command: `/link ${n}`, data: `/link ${n}` });
  if (include.delete) {
    actions.push({ kind: 'command', label: locale === 'id' ? '🗑 Hapus' : '🗑 Delete', command: `/delete ${n}`, data: `/delete ${n}` });
  }
  return actions;
}

export function linkCreated(view: LinkWithUsage, url: string, whatsappUrl: string, locale: Locale, note: string | null): OutgoingMessage {
  const { link } = view;
  const id = locale === 'id';
  const lines = [
    id ? `✅ Link #${link.number} dibuat` : `✅ Link #${link.number} created`,
    '',
    `${link.itemName} — ${formatRupiah(link.price)}`,
    `${id ? 'Batas pemakaian' : 'Usage limit'}: ${link.usageLimit === null ? (id ? 'tanpa batas' : 'unlimited') : `${link.usageLimit}x`}`,
    `${id ? 'Berlaku sampai' : 'Expires'}: ${expiryText(link, locale)}`,
  ];
  if (link.customer) lines.push(`${id ? 'Untuk' : 'For'}: ${customerLine(link.customer)}`);
  lines.push(`Order ID: ${link.orderId}`, '', url);
  if (note) lines.push('', note);
  return { text: lines.join('\n'), qrUrl: url, actions: linkActions(link, locale, { share: true, details: true, delete: true, whatsapp: whatsappUrl }) };
}

function customerLine(customer: NonNullable<Link['customer']>): string {
  return [customer.name, customer.phone ? `+${customer.phone}` : null, customer.email].filter((v, i, all) => v && all.indexOf(v) === i).join(', ');
}

export function linkList(
  result: { items: LinkWithUsage[]; hasMore: boolean; page: number },
  includeInactive: boolean,
  locale: Locale,
): OutgoingMessage {
  const id = locale === 'id';
  if (result.items.length === 0) {
    const text =
      result.page > 1
        ? id
          ? 'Tidak ada link lagi di halaman ini.'
          : 'No more links on this page.'
        : id
          ? `Belum ada link${includeInactive ? '' : ' aktif'}. Buat dengan /newlink Kaos 150000`
          : `No${includeInactive ? '' : ' active'} links yet. Create one with /newlink Kaos 150000`;
    return { text, actions: [] };
  }
  const heading = id
    ? `📋 Link ${includeInactive ? 'Anda' : 'aktif'} (halaman ${result.page})`
    : `📋 Your ${includeInactive ? '' : 'active '}links (page ${result.page})`;
  const lines = result.items.map(
    ({ link, usage, state }) =>
      `#${link.number} ${link.itemName} — ${formatRupiah(link.price)} — ${STATE_NAMES[state][locale]} — ${id ? 'dibayar' : 'paid'} ${usageText(link, usage, locale)}`,
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
    actions.push({ kind: 'command', label: id ? '◀ Sebelumnya' : '◀ Previous', command, data: command });
  }
  if (result.hasMore) {
    const command = `/links ${result.page + 1}${suffix}`;
    actions.push({ kind: 'command', label: id ? 'Berikutnya ▶' : 'Next ▶', command, data: command });
  }
  const hint = id ? 'Detail: /link <nomor>' : 'Details: /link <number>';
  return { text: [heading, '', ...lines, '', hint].join('\n'), actions };
}

function orderLine(order: Order, locale: Locale): string {
  return `• ${order.id} — ${customerCalled(order.customer)} — ${formatRupiah(order.amount)} — ${ORDER_STATUS_NAMES[order.status][locale]}`;
}

export function linkDetails(details: LinkDetails, url: string, deepLink: string | null, whatsappUrl: string, locale: Locale): OutgoingMessage {
  const { link, usage, state, latestOrders, namedOrder } = details;
  const id = locale === 'id';
  const lines = [
    `🔗 Link #${link.number}: ${link.itemName}`,
    '',
    // Asked for by an order's id (copied from a paid notice): that order first.
    ...(namedOrder ? [`${id ? 'Order yang dicari' : 'The order asked about'}:`, orderLine(namedOrder, locale), ''] : []),
    `${id ? 'Harga' : 'Price'}: ${formatRupiah(link.price)}`,
    `${id ? 'Status' : 'State'}: ${STATE_NAMES[state][locale]}`,
    `${id ? 'Dibayar' : 'Paid'}: ${usageText(link, usage, locale)}`,
    `${id ? 'Total diterima' : 'Total received'}: ${formatRupiah(usage.paidTotal)}`,
    `${id ? 'Jumlah order' : 'Orders'}: ${usage.orders}`,
    `${id ? 'Berlaku sampai' : 'Expires'}: ${expiryText(link, locale)}`,
    `Order ID: ${link.orderId}`,
    `Payment Link ID: ${link.slug}`,
  ];
  if (link.customer) lines.push(`${id ? 'Untuk pelanggan' : 'For customer'}: ${customerLine(link.customer)}`);
  lines.push(`${id ? 'Dibuat' : 'Created'}: ${formatWib(link.createdAt)}`);
  if (link.deletedAt) lines.push(`${id ? 'Dihapus' : 'Deleted'}: ${formatWib(link.deletedAt)}`);
  lines.push('', url);
  if (deepLink) lines.push(`${id ? 'Link Telegram untuk pelanggan' : 'Telegram link for customers'}: ${deepLink}`);
  if (latestOrders.length > 0) {
    lines.push('', id ? 'Order terbaru:' : 'Latest orders:', ...latestOrders.map((o) => orderLine(o, locale)));
  }
  const active = state !== 'deleted';
  return {
    text: lines.join('\n'),
    actions: linkActions(link, locale, { share: state === 'active', details: false, delete: active, whatsapp: state === 'active' ? whatsappUrl : null }),
  };
}

export function confirmDelete(view: LinkWithUsage, locale: Locale): OutgoingMessage {
  const { link } = view;
  const id = locale === 'id';
  const command = `/delete ${link.number} ${id ? 'ya' : 'yes'}`;
  return {
    text: id
      ? `Hapus link #${link.number} ${link.itemName} (${formatRupiah(link.price)})?\nPelanggan tidak bisa membayar lagi; riwayat order tetap tersimpan dan pembayaran yang sedang berjalan tetap diterima.\nKetik ya untuk menghapus, atau /cancel.`
      : `Delete link #${link.number} ${link.itemName} (${formatRupiah(link.price)})?\nCustomers can no longer pay it; order history is kept and payments already under way are still accepted.\nType yes to delete, or /cancel.`,
    actions: [
      { kind: 'command', label: id ? 'Ya, hapus' : 'Yes, delete', command, data: command },
      { kind: 'command', label: id ? 'Batal' : 'Keep it', command: '/cancel', data: '/cancel' },
    ],
  };
}

/** A link priced under Rp1.000 waits for `ya`: in rupiah that is almost always a slip (`150` for `150000`). */
export function confirmSmallPrice(command: Pick<NewLinkCommand, 'itemName' | 'price'>, locale: Locale): OutgoingMessage {
  const id = locale === 'id';
  const price = formatRupiah(command.price);
  const meant = formatRupiah(command.price * 1000);
  return {
    text: id
      ? `Harga ${command.itemName} ${price}, benar segini? Harga di bawah Rp1.000 biasanya salah ketik (maksudnya ${meant}?).\nKetik ya untuk membuat link ${price}, atau /cancel lalu tulis ulang dengan harga yang benar.`
      : `${command.itemName} at ${price}, is that right? Prices under Rp1.000 are usually a slip (${meant}, perhaps?).\nType yes to create the ${price} link, or /cancel and write it again with the right price.`,
    actions: [
      { kind: 'command', label: id ? `Ya, ${price}` : `Yes, ${price}`, command: id ? 'ya' : 'yes', data: id ? 'ya' : 'yes' },
      { kind: 'command', label: id ? 'Batal' : 'Cancel', command: '/cancel', data: '/cancel' },
    ],
  };
}

/** What to type after the small-price question, when something else was typed. */
export function smallPriceReminder(command: Pick<NewLinkCommand, 'itemName' | 'price'>): Text {
  const price = formatRupiah(command.price);
  return {
    id: `Ketik ya untuk membuat link ${command.itemName} ${price}, atau /cancel untuk membatalkan.`,
    en: `Type yes to create the ${command.itemName} link at ${price}, or /cancel to drop it.`,
  };
}

export function linkDeleted(view: LinkWithUsage, locale: Locale): OutgoingMessage {
  const { link } = view;
  return {
    text:
      locale === 'id'
        ? `🗑 Link #${link.number} ${link.itemName} dihapus. Halaman pembayarannya sekarang menyatakan link tidak tersedia.`
        : `🗑 Link #${link.number} ${link.itemName} deleted. Its payment page now says the link is no longer available.`,
    actions: [],
  };
}

/**
 * The QR photo's caption is written for the customer it gets forwarded to,
 * alone: who asks, for what, how much, where to pay and until when.
 */
export function qrCode(view: LinkWithUsage, url: string, merchantName: string, locale: Locale): OutgoingMessage {
  const { link, state } = view;
  const id = locale === 'id';
  const lines = [`${merchantName}: ${link.itemName} — ${formatRupiah(link.price)}`, `${id ? 'Bayar di sini' : 'Pay here'}: ${url}`];
  if (link.expiresAt) lines.push(`${id ? 'Berlaku sampai' : 'Valid until'}: ${formatWib(link.expiresAt)}`);
  if (state !== 'active') lines.push(`⚠️ ${id ? 'Link ini' : 'This link is'} ${STATE_NAMES[state][locale]}.`);
  return { text: lines.join('\n'), qrUrl: url, actions: [] };
}

/** `/qr 3 cetak`: the card as a file to print, captioned like the QR photo. */
export function printableCard(view: LinkWithUsage, url: string, merchantName: string, png: Buffer, locale: Locale): OutgoingMessage {
  const caption = qrCode(view, url, merchantName, locale).text;
  return { text: caption, printable: { png, fileName: `tagih-${view.link.slug}.png`, url }, actions: [] };
}

export function printRefused(view: LinkWithUsage, locale: Locale): OutgoingMessage {
  const { link, state } = view;
  return say(
    {
      id: `Link #${link.number} ${STATE_NAMES[state].id}, jadi tidak dicetak: pelanggan tidak bisa membayarnya. Buat link baru dengan /newlink.`,
      en: `Link #${link.number} is ${STATE_NAMES[state].en}, so it is not printed: customers cannot pay it. Create a new one with /newlink.`,
    },
    locale,
  );
}

export const PRINTABLE_UNAVAILABLE: Text = {
  id: 'Kartu cetak belum tersedia di tagih ini. Pakai /qr <ref> untuk kode QR-nya.',
  en: 'Printable cards are not available on this tagih. Use /qr <ref> for the QR code.',
};

export function say(text: Text, locale: Locale, actions: Action[] = []): OutgoingMessage {
  return { text: text[locale], actions };
}

const HELP_LINES: Record<CommandKind, Text> = {
  newlink: {
    id: '/newlink <nama barang> <harga> [opsi] — buat link. Nama barang yang memuat angka 1000 ke atas ditulis dalam tanda kutip: /newlink "Beras 5000 gram" 50000. Opsi: x5 (batas), bebas, exp 31/12, 7 hari, ke 0812…, nama Budi, email budi@mail.com, id INV-001, slug kaos-hitam. /newlink saja untuk dipandu.',
    en: '/newlink <item name> <price> [options] — create a link. An item name holding a number of 1000 or more goes in quotes: /newlink "Beras 5000 gram" 50000. Options: x5 (limit), unlimited, exp 31/12, 7d, to 0812…, name Budi, email budi@mail.com, id INV-001, slug kaos-hitam. /newlink alone to be guided.',
  },
  links: { id: '/links [halaman] [semua] — daftar link Anda', en: '/links [page] [all] — your links' },
  link: { id: '/link <ref> — detail link, order dan total', en: '/link <ref> — link details, orders and totals' },
  delete: { id: '/delete <ref> — nonaktifkan link (riwayat tetap ada)', en: '/delete <ref> — deactivate a link (history is kept)' },
  qr: {
    id: '/qr <ref> — kode QR link; /qr <ref> cetak — kartu untuk dicetak dan dipajang di kasir (PNG, A6)',
    en: '/qr <ref> — the link’s QR code; /qr <ref> print — a card to print for the shop counter (PNG, A6)',
  },
  send: { id: '/send <ref> <nomor HP atau email> — kirim link ke pelanggan', en: '/send <ref> <phone or email> — send the link to a customer' },
  help: { id: '/help — bantuan ini', en: '/help — this help' },
  start: { id: '/start — mulai', en: '/start — start' },
  lang: { id: '/lang en — ganti ke bahasa Inggris', en: '/lang id — switch to Indonesian' },
  cancel: { id: '/cancel — batalkan langkah yang sedang berjalan', en: '/cancel — stop what is in progress' },
  approve: {
    id: '/setujui <Order ID> — setujui pembayaran kartu yang ditahan Midtrans untuk pemeriksaan',
    en: '/approve <Order ID> — approve a card payment Midtrans holds for review',
  },
  deny: {
    id: '/tolak <Order ID> — tolak pembayaran kartu yang ditahan Midtrans untuk pemeriksaan',
    en: '/deny <Order ID> — deny a card payment Midtrans holds for review',
  },
  ...REPORT_HELP,
};

/** What the merchant hears after their review decision went to Midtrans. */
export function reviewSent(orderId: string, decision: 'approve' | 'deny', locale: Locale): OutgoingMessage {
  const text: Text =
    decision === 'approve'
      ? {
          id: `✅ Pembayaran ${orderId} disetujui di Midtrans. Anda diberi tahu begitu Midtrans mengabarkan hasilnya.`,
          en: `✅ Payment ${orderId} approved at Midtrans. You will hear as soon as Midtrans reports the outcome.`,
        }
      : {
          id: `🚫 Pembayaran ${orderId} ditolak di Midtrans. Uangnya tidak diambil dari kartu pembeli.`,
          en: `🚫 Payment ${orderId} denied at Midtrans. The customer's card is not charged.`,
        };
  return say(text, locale);
}

export const REVIEW_UNAVAILABLE: Text = {
  id: 'Pemeriksaan pembayaran tidak tersedia di tagih ini.',
  en: 'Payment review is not available on this tagih.',
};

export function help(topic: CommandKind | null, locale: Locale): OutgoingMessage {
  if (topic) return { text: HELP_LINES[topic][locale], actions: [] };
  const id = locale === 'id';
  const order: CommandKind[] = ['newlink', 'links', 'link', 'qr', 'send', 'delete', 'approve', 'deny', 'report', 'export', 'lang', 'cancel', 'help'];
  return {
    text: [
      id ? '🧾 tagih — link pembayaran Midtrans dari chat' : '🧾 tagih — Midtrans payment links from chat',
      '',
      ...order.map((kind) => HELP_LINES[kind][locale]),
      '',
      id
        ? '<ref> = nomor di /links (mis. 3), Payment Link ID, Order ID, atau id order di pemberitahuan pembayaran (mis. INV-20261202-PRKX-1).'
        : '<ref> = the number in /links (e.g. 3), the Payment Link ID, the Order ID, or an order id from a payment notice (e.g. INV-20261202-PRKX-1).',
      id ? 'Contoh: /newlink Kaos Polos 150rb x5 exp 31/12' : 'Example: /newlink Plain Tee 150k x5 exp 31/12',
    ].join('\n'),
    actions: [],
  };
}

export const GUIDED_PROMPTS = {
  item: {
    id: 'Nama barang atau jasanya apa? (ketik /cancel untuk batal)',
    en: 'What is the item or service called? (type /cancel to stop)',
  },
  price: { id: 'Harganya berapa? Contoh: 150000, 150rb, 1,5jt', en: 'What is the price? Examples: 150000, 150k, 1.5jt' },
  options: {
    id: 'Opsi tambahan? Contoh: x5 exp 31/12 ke 081234567890 — atau ketik "lewati".',
    en: 'Any options? Example: x5 exp 31/12 to 081234567890 — or type "skip".',
  },
  cancelled: { id: 'Dibatalkan.', en: 'Cancelled.' },
  nothingToCancel: { id: 'Tidak ada yang sedang berjalan.', en: 'Nothing is in progress.' },
} satisfies Record<string, Text>;

/** What to type after a delete prompt, when something else was typed. */
export function deleteReminder(n: number): Text {
  return {
    id: `Ketik ya untuk menghapus link #${n}, atau /cancel untuk membatalkan.`,
    en: `Type yes to delete link #${n}, or /cancel to keep it.`,
  };
}

export const LANGUAGE_SET: Record<Locale, string> = {
  id: 'Bahasa diganti ke Bahasa Indonesia.',
  en: 'Language switched to English.',
};

export const INTERNAL_ERROR: Text = {
  id: 'Maaf, terjadi kesalahan. Coba lagi sebentar lagi.',
  en: 'Sorry, something went wrong. Please try again shortly.',
};
