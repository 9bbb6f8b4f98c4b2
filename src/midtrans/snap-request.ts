/**
 * Our request for a Snap page, and how it becomes the body Midtrans wants.
 *
 * Midtrans refuses a whole transaction for one over-long field, and a
 * customer at the payment page cannot fix that, so long names are shortened
 * here rather than rejected. An amount that does not match the item is a bug
 * in the caller and is refused before anything is sent.
 */
import { ValidationError } from '../domain/errors.ts';
import { formatMidtransTime } from '../domain/time.ts';
import type { SnapCreateBody, SnapCustomer } from './types.ts';

/** One line of `item_details`: the price is for one, and Snap multiplies it by the quantity. */
export interface SnapItemLine {
  id: string;
  name: string;
  price: number;
  quantity: number;
}

export interface SnapRequest {
  orderId: string;
  /** Whole rupiah; equals the sum of price × quantity over the items. */
  amount: number;
  /** At least one; several for a link of several items. */
  items: readonly SnapItemLine[];
  /** Snap's `enabled_payments` names; absent or null leaves the choice to the merchant's dashboard. */
  enabledPayments?: readonly string[] | null;
  /** firstName is null when nobody gave a name: Snap then gets none rather than a phone for one. */
  customer: { firstName: string | null; email: string | null; phone: string | null };
  /** Where Snap sends the customer afterwards. */
  finishUrl: string;
  /** The page and the payment method stop taking money at this instant. */
  expiresAt: Date;
  /** The instant the window starts, normally now. */
  startAt: Date;
}

/**
 * 50 characters for an item's name and id: https://docs.midtrans.com/reference/item-details-object
 * types them only as String today, so the limit is the one Midtrans's earlier
 * references gave (String(50)), kept because a shorter name costs nothing
 * and a longer one may refuse the whole payment (the simulator's README marks it assumed).
 */
const ITEM_NAME_MAX = 50;
const ITEM_ID_MAX = 50;
/** BCA VA shows at most 30 characters of the name, and refuses longer ones. */
const FIRST_NAME_MAX = 30;

const MINUTE_MS = 60_000;
/**
 * Midtrans documents both 20 s and 5 min as the shortest expiry; 5 min is
 * the one that cannot be refused. 7 days is its longest.
 */
export const SNAP_MIN_WINDOW_MINUTES = 5;
export const SNAP_MAX_WINDOW_MINUTES = 7 * 24 * 60;

/** Cuts by code points, so an emoji is never split into half a surrogate pair. */
function clip(text: string, max: number, marker = ''): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - Array.from(marker).length).join('').trimEnd() + marker;
}

/** Keeps whole words when it can: "Budi Santoso Wijaya…" reads better cut at a space. */
function clipName(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const head = chars.slice(0, max + 1).join('');
  const space = head.lastIndexOf(' ');
  return space > 0 ? head.slice(0, space).trimEnd() : clip(name, max);
}

/** Our phones are digits with the country code; Midtrans wants `+62…` or `0…`. */
function midtransPhone(phone: string): string {
  return /^[1-9]\d+$/.test(phone) ? `+${phone}` : phone;
}

/**
 * Whole minutes inside the window, rounded down and kept within what Midtrans
 * accepts: Snap must stop taking money no later than our window ends, or a
 * customer could pay after tagih asked Midtrans to expire the order. Only a
 * window shorter than Midtrans's minimum comes out longer; the reconciler
 * still asks Midtrans before it gives the slot back.
 */
function windowMinutes(startAt: Date, expiresAt: Date): number {
  const ms = expiresAt.getTime() - startAt.getTime();
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ValidationError(
      'SNAP_WINDOW_INVALID',
      (w) => w.midtrans.windowInvalid,
      { startAt: startAt.toString(), expiresAt: expiresAt.toString() },
    );
  }
  // Midtrans counts from `start_time`, which is sent in whole seconds (the fraction cut off): the window
  // that fits before `expiresAt` is measured from there, so a Snap call a few milliseconds after the
  // reservation still gets the whole minute count.
  const fromStartSecond = expiresAt.getTime() - Math.floor(startAt.getTime() / 1000) * 1000;
  return Math.min(SNAP_MAX_WINDOW_MINUTES, Math.max(SNAP_MIN_WINDOW_MINUTES, Math.floor(fromStartSecond / MINUTE_MS)));
}

export function toSnapBody(request: SnapRequest): SnapCreateBody {
  const { items } = request;
  // Midtrans refuses a body whose items do not add up to gross_amount
  // (https://docs.midtrans.com/reference/item-details-object): that is our bug, caught before sending.
  const sum = items.reduce((total, item) => total + item.price * item.quantity, 0);
  if (items.length === 0 || sum !== request.amount) {
    throw new ValidationError(
      'SNAP_AMOUNT_MISMATCH',
      (w) => w.midtrans.amountMismatch,
      { amount: request.amount, sum, items: items.length },
    );
  }
  const minutes = windowMinutes(request.startAt, request.expiresAt);

  // Every customer_details field is optional (docs/midtrans.md, "Snap request").
  const customer: SnapCustomer = {};
  if (request.customer.firstName !== null) customer.first_name = clipName(request.customer.firstName.trim(), FIRST_NAME_MAX);
  if (request.customer.email !== null) customer.email = request.customer.email;
  if (request.customer.phone !== null) customer.phone = midtransPhone(request.customer.phone);

  return {
    transaction_details: { order_id: request.orderId, gross_amount: request.amount },
    item_details: items.map((item) => ({
      id: clip(item.id, ITEM_ID_MAX),
      name: clip(item.name, ITEM_NAME_MAX, '…'),
      price: item.price,
      quantity: item.quantity,
    })),
    customer_details: customer,
    // Only what the link allows is offered on Snap's page; without the field, the dashboard's settings decide.
    ...(request.enabledPayments == null ? {} : { enabled_payments: [...request.enabledPayments] }),
    // 3-D Secure for every card (docs/midtrans.md, "Snap request"); Midtrans's default is off.
    credit_card: { secure: true },
    // Snap sends the customer to `finish` after any outcome, a decline included (with its status in the query).
    callbacks: { finish: request.finishUrl },
    expiry: { start_time: formatMidtransTime(request.startAt), unit: 'minute', duration: minutes },
    page_expiry: { duration: minutes, unit: 'minute' },
    // Comes back on notifications and Get Status: names the order where a BI-SNAP body puts the transaction id in order_id.
    custom_field1: request.orderId,
  };
}
