/**
 * A payment link: the fields of Midtrans's Payment Link, who made it, and the
 * one place its state (active, expired, sold out, deleted) is derived.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Customer } from './customer.ts';
import { ConflictError, NotFoundError, ValidationError } from './errors.ts';
import type { AddressableChannel, Channel } from './channel.ts';
import type { OrderStatus } from './order.ts';

/** A chat a message can be delivered to. */
export interface ChatAddress {
  channel: AddressableChannel;
  chatId: string;
}

export interface Link {
  /** Internal id; never shown. */
  id: string;
  /** `telegram:<user id>`, `whatsapp:<number>`, `console:<name>`: who owns it. */
  merchantId: string;
  /** The merchant's own running number (`#12`), stable, used as a short ref. */
  number: number;
  /** Midtrans "Order ID": the merchant's id for the link. */
  orderId: string;
  /** Midtrans "Payment Link ID": the last part of the URL. */
  slug: string;
  itemName: string;
  /** Whole rupiah. */
  price: number;
  /** How many orders may be paid for; null is unlimited. */
  usageLimit: number | null;
  /** Set when the link is for one named customer only. */
  customer: Customer | null;
  /** The last moment the link can be used. */
  expiresAt: Date | null;
  /** The channel and chat the link was made from: paid notices go there. */
  createdVia: Channel;
  notifyChatId: string;
  /** A customer's chat the link was posted into: receipts go there. */
  recipient: ChatAddress | null;
  createdAt: Date;
  deletedAt: Date | null;
}

/** What a link's orders add up to at one moment. */
export interface LinkUsage {
  /** Every order ever started on the link. */
  orders: number;
  /** Paid orders: each uses a slot for good. */
  paid: number;
  /** Money kept from paid orders (net of partial refunds), in whole rupiah. */
  paidTotal: number;
  /** Pending orders: each holds a slot until it is closed. */
  held: number;
}

export type LinkState = 'active' | 'expired' | 'sold_out' | 'deleted';

/** How people point at one of their links: its list number (`#3`), slug or Order ID. */
export type LinkRef = { kind: 'number'; value: number } | { kind: 'text'; value: string };

export const UNUSED: LinkUsage = { orders: 0, paid: 0, paidTotal: 0, held: 0 };

/** The counters a link keeps of its orders; a store changes them in the same atomic write as the orders. */
export type SlotCounts = Pick<LinkUsage, 'paid' | 'held' | 'paidTotal'>;

/**
 * The slot rule: what one order counts for on its link. A pending order holds
 * its slot until it is closed, however late: Midtrans may still take money for
 * it (a card's bank OTP page outlives the window), so only Midtrans's own
 * answer closes it (see the reconciler). A paid order uses its slot and adds
 * the money kept: a partial refund or chargeback keeps the sale and lowers
 * the total. Every other status frees the slot.
 */
export function slotCounts(order: { status: OrderStatus; amount: number; refundedAmount: number }): SlotCounts {
  const paid = order.status === 'paid';
  return {
    paid: Number(paid),
    held: Number(order.status === 'pending'),
    paidTotal: paid ? order.amount - order.refundedAmount : 0,
  };
}

/** How a link's counters move when one of its orders goes from `before` to `after` (a new order: from nothing). */
export function slotCountsChange(
  before: { status: OrderStatus; amount: number; refundedAmount: number } | null,
  after: { status: OrderStatus; amount: number; refundedAmount: number },
): SlotCounts {
  const was = before ? slotCounts(before) : { paid: 0, held: 0, paidTotal: 0 };
  const is = slotCounts(after);
  return { paid: is.paid - was.paid, held: is.held - was.held, paidTotal: is.paidTotal - was.paidTotal };
}

/** Slots a new order could still take (paid and held ones are used); null when the link is unlimited. */
export function slotsLeft(link: Pick<Link, 'usageLimit'>, usage: LinkUsage): number | null {
  return link.usageLimit === null ? null : Math.max(0, link.usageLimit - usage.paid - usage.held);
}

/** The single rule for a link's state; deletion wins, then time, then usage. */
export function linkState(link: Pick<Link, 'deletedAt' | 'expiresAt' | 'usageLimit'>, usage: LinkUsage, now: Date): LinkState {
  if (link.deletedAt) return 'deleted';
  if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (slotsLeft(link, usage) === 0) return 'sold_out';
  return 'active';
}

export const ITEM_NAME_MAX = 50;
const USAGE_LIMIT_MAX = 1_000_000;
const ORDER_ID_MAX = 36;
const SLUG_MIN = 3;
const SLUG_MAX = 50;
/** Random slugs: 12 of 36 symbols is about 62 bits, beyond guessing. */
const RANDOM_SLUG_LENGTH = 12;

export type LinkErrorCode =
  | 'ITEM_NAME_INVALID'
  | 'USAGE_LIMIT_INVALID'
  | 'ORDER_ID_INVALID'
  | 'SLUG_INVALID'
  | 'ORDER_ID_TAKEN'
  | 'SLUG_TAKEN'
  | 'LINK_NOT_FOUND';

export function orderIdTaken(orderId: string): ConflictError<LinkErrorCode> {
  return new ConflictError<LinkErrorCode>(
    'ORDER_ID_TAKEN',
    {
      id: `Order ID "${orderId}" sudah dipakai link lain. Pilih ID lain, atau hapus opsi id agar dibuat otomatis.`,
      en: `The Order ID "${orderId}" is already used by another link. Pick another, or leave it out to get one generated.`,
    },
    { field: 'orderId' },
  );
}

export function slugTaken(slug: string): ConflictError<LinkErrorCode> {
  return new ConflictError<LinkErrorCode>(
    'SLUG_TAKEN',
    {
      id: `Payment Link ID "${slug}" sudah dipakai. Pilih yang lain, atau hapus opsi slug agar dibuat acak.`,
      en: `The Payment Link ID "${slug}" is already taken. Pick another, or leave it out to get a random one.`,
    },
    { field: 'slug' },
  );
}

export function linkNotFound(ref: string): NotFoundError<LinkErrorCode> {
  return new NotFoundError<LinkErrorCode>('LINK_NOT_FOUND', {
    id: `Link "${ref.slice(0, 60)}" tidak ditemukan. Lihat daftar link Anda dengan /links.`,
    en: `No link "${ref.slice(0, 60)}" was found. See your links with /links.`,
  });
}

export function normalizeItemName(input: string): string {
  const name = input.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (name.length === 0 || name.length > ITEM_NAME_MAX || /\p{Cc}/u.test(name)) {
    throw new ValidationError<LinkErrorCode>(
      'ITEM_NAME_INVALID',
      {
        id: `Nama barang harus 1–${ITEM_NAME_MAX} karakter (sekarang ${name.length}). Contoh: Kaos Polos Hitam.`,
        en: `The item name must be 1–${ITEM_NAME_MAX} characters (it has ${name.length}). Example: Black T-shirt.`,
      },
      { field: 'itemName' },
    );
  }
  return name;
}

export function validateUsageLimit(limit: number | null): number | null {
  if (limit === null) return null;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > USAGE_LIMIT_MAX) {
    throw new ValidationError<LinkErrorCode>(
      'USAGE_LIMIT_INVALID',
      {
        id: `Batas pemakaian harus angka bulat 1–${USAGE_LIMIT_MAX.toLocaleString('id-ID')}, atau "bebas" untuk tanpa batas.`,
        en: `The usage limit must be a whole number from 1 to ${USAGE_LIMIT_MAX.toLocaleString('en-US')}, or "unlimited".`,
      },
      { field: 'usageLimit' },
    );
  }
  return limit;
}

export function validateOrderId(input: string): string {
  const id = input.trim();
  if (!new RegExp(`^[A-Za-z0-9\\-_.~]{1,${ORDER_ID_MAX}}$`).test(id)) {
    throw new ValidationError<LinkErrorCode>(
      'ORDER_ID_INVALID',
      {
        id: `Order ID "${id.slice(0, 40)}" tidak valid: 1–${ORDER_ID_MAX} karakter huruf, angka, - _ . ~ saja. Contoh: INV-001.`,
        en: `The Order ID "${id.slice(0, 40)}" is not valid: 1–${ORDER_ID_MAX} letters, digits, - _ . ~ only. Example: INV-001.`,
      },
      { field: 'orderId' },
    );
  }
  return id;
}

export function validateSlug(input: string): string {
  const slug = input.trim().toLowerCase();
  if (!new RegExp(`^[a-z0-9-]{${SLUG_MIN},${SLUG_MAX}}$`).test(slug)) {
    throw new ValidationError<LinkErrorCode>(
      'SLUG_INVALID',
      {
        id: `Payment Link ID "${slug.slice(0, 60)}" tidak valid: ${SLUG_MIN}–${SLUG_MAX} karakter huruf kecil, angka dan - saja. Contoh: kaos-hitam.`,
        en: `The Payment Link ID "${slug.slice(0, 60)}" is not valid: ${SLUG_MIN}–${SLUG_MAX} lower-case letters, digits and - only. Example: kaos-hitam.`,
      },
      { field: 'slug' },
    );
  }
  return slug;
}

const SLUG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// No 0/O or 1/I in order ids: merchants read them aloud and type them back.
const ORDER_ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps every symbol equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export function randomSlug(): string {
  return randomString(SLUG_ALPHABET, RANDOM_SLUG_LENGTH);
}

/** `INV-20261124-7F3K`: readable, dated in WIB, random enough to retry on a clash. */
export function generatedOrderId(now: Date, randomLength = 4): string {
  const wib = new Date(now.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10).replaceAll('-', '');
  return `INV-${wib}-${randomString(ORDER_ID_ALPHABET, randomLength)}`;
}

/** An internal id: random, URL-safe, never shown to people. */
export function newId(): string {
  return `${Date.now().toString(36)}${randomInt(0, 2 ** 32).toString(36).padStart(7, '0')}${randomBytes(6).toString('hex')}`;
}
