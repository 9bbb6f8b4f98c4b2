/**
 * What a merchant asked for, as every chat adapter receives it from the one
 * shared grammar (`parse.ts`). Values are already checked with the domain
 * rules, so whoever runs a command starts from valid input.
 */
import type { Locale } from '../../src/domain/locale.ts';
import type { LinkRef } from '../../src/domain/link.ts';
import type { OfferInput } from '../../src/domain/link-offer.ts';
import type { TimeOfDay } from '../../src/reports/daily-summary.ts';
import type { Period } from '../../src/reports/period.ts';

export type { LinkRef };

/** Where a link is sent: phone with country code (`6281234567890`) or a lower-cased email. */
export type Contact = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/** The customer a link is meant for, as far as the merchant named them. */
export interface NewLinkCustomer {
  name?: string;
  /** Digits with country code: `6281234567890`. */
  phone?: string;
  email?: string;
}

/**
 * The customer as input for LinkService, which normalises what it is given.
 * The phone here is already normalised (digits with the country code), and a
 * second pass misreads bare digits ("85212345678" is taken for the Indonesian
 * 0852…, "14155550123" is refused); with its "+" back it means itself again.
 */
export function customerInput(customer: NewLinkCustomer | null): NewLinkCustomer | null {
  return customer?.phone ? { ...customer, phone: `+${customer.phone}` } : customer;
}

/**
 * Prices below this are almost always a slip in rupiah (`150` for `150000`):
 * the bot asks before making such a link, and the grammar never passes over a
 * number this large as part of an unquoted item name.
 */
export const SMALL_PRICE_BELOW = 1_000;

export interface NewLinkCommand {
  kind: 'newlink';
  guided: false;
  itemName: string;
  /** Whole rupiah: the one item's price, the items' total, or 0 for an open amount. */
  price: number;
  /** Open amount, several items, quantity, stock, methods, questions, asks, thanks, redirect (issue 17); checked. */
  offer: OfferInput;
  /** Paid orders allowed; null is unlimited. 1 unless the merchant said otherwise. */
  usageLimit: number | null;
  expiresAt: Date | null;
  customer: NewLinkCustomer | null;
  /** Midtrans "Order ID" chosen by the merchant; generated when absent. */
  orderId?: string;
  /** Midtrans "Payment Link ID" chosen by the merchant; random when absent. */
  slug?: string;
}

/** `/newlink` alone: the adapter asks for the details one by one. */
export interface GuidedNewLinkCommand {
  kind: 'newlink';
  guided: true;
}

export type Command =
  | NewLinkCommand
  | GuidedNewLinkCommand
  | { kind: 'links'; page: number; includeInactive: boolean }
  | { kind: 'link'; ref: LinkRef }
  /** Deleting asks first; the confirmation is the same command with `ya` / `yes` after the ref. */
  | { kind: 'delete'; ref: LinkRef; confirmed: boolean }
  /** `print`: `/qr 3 cetak`, the printable counter card instead of the QR alone. */
  | { kind: 'qr'; ref: LinkRef; print: boolean }
  | { kind: 'send'; ref: LinkRef; to: Contact }
  /** `topic` is the command asked about (`/help newlink`), null for the overview. */
  | { kind: 'help'; topic: CommandKind | null }
  /** `payload` is a Telegram deep-link parameter or a setup code. */
  | { kind: 'start'; payload: string | null }
  | { kind: 'lang'; locale: Locale }
  | { kind: 'cancel' }
  /** A card payment held for fraud review: the merchant approves (`/setujui <order>`) or denies (`/tolak <order>`) it. */
  | { kind: 'approve'; orderId: string }
  | { kind: 'deny'; orderId: string }
  /**
   * `/refund <order id or link ref> [amount] [reason…]`: `amount` null is all
   * that is left; the refund is asked about first, and `ya` sends it.
   */
  | { kind: 'refund'; ref: LinkRef; amount: number | null; reason: string | null }
  /** The shop's team (issue 18): list, invite, remove by name, let staff refund. */
  | { kind: 'staff'; action: 'list' }
  | { kind: 'staff'; action: 'add' }
  | { kind: 'staff'; action: 'remove'; name: string }
  | { kind: 'staff'; action: 'allowRefunds'; allowed: boolean }
  /** Where the shop's paid notices go: this chat as well (`also`), only this chat (`instead`), or back to normal (`off`). */
  | { kind: 'notif'; mode: 'also' | 'instead' | 'off' }
  /** `/rekap [periode]` (`/summary`): the takings of a period, today so far by default, with a chart. */
  | { kind: 'report'; period: Period }
  /** `/ringkasan 21:00` sets the daily summary's WIB time, `/ringkasan off` stops it; `/ringkasan` alone says how it is set. */
  | { kind: 'dailySummary'; set: TimeOfDay | 'off' | null }
  /** `/export [periode]`: the period's orders as a CSV file. */
  | { kind: 'export'; period: Period };

export type CommandKind = Command['kind'];

/**
 * What options after the price add to a link's offer; `min`, `max` and
 * `presets` belong to an open amount, the rest to any link.
 */
export type OfferExtras = Omit<OfferInput, 'items' | 'open'> & { min?: number; max?: number; presets?: number[] };

/** The newlink fields that come from options written after the price. */
export type NewLinkSettings = Pick<NewLinkCommand, 'usageLimit' | 'expiresAt' | 'customer' | 'orderId' | 'slug'> & { extras: OfferExtras };

/** A price (of several items: their total) under SMALL_PRICE_BELOW is asked about first; an open amount has none to slip on. */
export function hasSmallPrice(command: Pick<NewLinkCommand, 'price' | 'offer'>): boolean {
  return !command.offer.open && command.price < SMALL_PRICE_BELOW;
}
