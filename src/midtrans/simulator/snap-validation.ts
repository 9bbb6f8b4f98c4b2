/**
 * Checks a Snap create body the way Midtrans does, so a body the simulator
 * accepts is one Midtrans would accept too: the order id rules, integer
 * amounts, items summing to the total, expiries within 7 days, and the
 * `enabled_payments`, `credit_card.secure` and `callbacks` fields as the
 * Snap request-body reference describes them
 * (https://docs.midtrans.com/reference/request-body-json-parameter).
 */
import { isJsonObject, type ExpiryUnit, type JsonObject, type SnapCreateBody } from '../types.ts';
import { methodsEnabledBy, type SimMethod } from './methods.ts';

const SUM_MISMATCH = 'transaction_details.gross_amount is not equal to the sum of item_details';

const ORDER_ID = /^[A-Za-z0-9\-_.~]{1,50}$/;
const START_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MAX_WINDOW_MS = 7 * UNIT_MS['day']!;
const DEFAULT_PAGE_MS = UNIT_MS['day']!;

export interface AcceptedSnap {
  body: SnapCreateBody;
  /** When the hosted page stops working: page_expiry, else expiry, else 24 h. */
  pageExpiresAt: Date;
  /** When a chosen payment method stops taking money, if `expiry.start_time` fixes it. */
  payExpiresAt: Date | null;
  /**
   * `expiry` without `start_time`: each chosen method gets this long from the
   * moment it is chosen ("If not specified, transaction time will be used as
   * start time (when customer confirm payment channel)").
   */
  payWindowMs: number | null;
  /** `credit_card.secure`: 3-D Secure asked for. */
  secure: boolean;
  /** What the page may offer: every method, or those `enabled_payments` names. */
  methods: SimMethod[];
}

/** Snap's `enabled_payments` names, group aliases included; exported so tagih's own list can be checked against it. */
export const SNAP_PAYMENT_NAMES: ReadonlySet<string> = new Set([
  'credit_card', 'echannel', 'permata_va', 'bca_va', 'bni_va', 'bri_va', 'cimb_va', 'danamon_va', 'bsi_va', 'seabank_va',
  'saqu_va', 'other_va', 'gopay', 'ovo', 'dana', 'shopeepay', 'other_qris', 'alfamart', 'indomaret', 'akulaku', 'kredivo',
  'cimb_clicks', 'bca_klikbca', 'bca_klikpay', 'bri_epay', 'danamon_online', 'uob_ezpay', 'bank_transfer', 'cstore',
]);

export type SnapVerdict = { ok: true; snap: AcceptedSnap } | { ok: false; messages: string[] };

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Midtrans accepts `minute` and `minutes` alike. */
function unitMs(unit: unknown): number | null {
  if (typeof unit !== 'string') return null;
  return UNIT_MS[unit.replace(/s$/, '') as ExpiryUnit] ?? null;
}

function durationMs(field: string, value: JsonObject, messages: string[]): number | null {
  const unit = unitMs(value['unit']);
  const duration = value['duration'];
  const validDuration = isInteger(duration) && duration > 0;
  if (unit === null) messages.push(`${field}.unit must be one of day, hour, minute`);
  if (!validDuration) messages.push(`${field}.duration must be a positive integer`);
  if (unit === null || !validDuration) return null;
  const ms = unit * duration;
  if (ms > MAX_WINDOW_MS) messages.push(`${field} must not be longer than 7 days`);
  return ms;
}

function parseStartTime(value: unknown, messages: string[]): Date | null {
  const match = typeof value === 'string' ? START_TIME.exec(value) : null;
  const at = match ? new Date(`${match[1]}T${match[2]}${match[3]}${match[4]}:${match[5]}`) : null;
  if (at === null || Number.isNaN(at.getTime())) {
    messages.push('expiry.start_time must be in yyyy-MM-dd HH:mm:ss Z format, e.g. 2020-04-13 18:11:08 +0700');
    return null;
  }
  return at;
}

function checkItems(items: unknown, grossAmount: number, messages: string[]): void {
  if (items === undefined) return;
  if (!Array.isArray(items)) {
    messages.push('item_details must be an array');
    return;
  }
  let sum = 0;
  items.forEach((item: unknown, i) => {
    const where = `item_details[${i}]`;
    if (!isJsonObject(item)) return void messages.push(`${where} must be an object`);
    const { id, name, price, quantity } = item;
    if (id !== undefined && typeof id !== 'string') messages.push(`${where}.id must be a string`);
    else if (typeof id === 'string' && Array.from(id).length > 50) messages.push(`${where}.id is too long, the maximum is 50 characters`);
    if (typeof name !== 'string' || name === '') messages.push(`${where}.name is required`);
    else if (Array.from(name).length > 50) messages.push(`${where}.name is too long, the maximum is 50 characters`);
    if (!isInteger(price)) messages.push(`${where}.price must be an integer`);
    if (!isInteger(quantity) || quantity < 1) messages.push(`${where}.quantity must be at least 1`);
    if (isInteger(price) && isInteger(quantity)) sum += price * quantity;
  });
  if (messages.length === 0 && sum !== grossAmount) messages.push(SUM_MISMATCH);
}

export function validateSnapBody(input: unknown, now: Date): SnapVerdict {
  const messages: string[] = [];
  if (!isJsonObject(input) || !isJsonObject(input['transaction_details'])) {
    return { ok: false, messages: ['transaction_details is required'] };
  }
  const { order_id: orderId, gross_amount: grossAmount } = input['transaction_details'];
  if (typeof orderId !== 'string' || orderId === '') messages.push('transaction_details.order_id is required');
  else if (!ORDER_ID.test(orderId)) {
    messages.push('transaction_details.order_id must be at most 50 characters of alphanumeric, dash (-), underscore (_), tilde (~) or dot (.)');
  }
  if (!isInteger(grossAmount) || grossAmount < 1) {
    messages.push('transaction_details.gross_amount must be an integer greater than 0');
    return { ok: false, messages };
  }
  if (messages.length > 0) return { ok: false, messages };
  checkItems(input['item_details'], grossAmount, messages);

  const callbacks = input['callbacks'];
  if (callbacks !== undefined && !isJsonObject(callbacks)) messages.push('callbacks must be an object');
  else if (callbacks !== undefined) {
    for (const name of ['finish', 'unfinish', 'error']) {
      if (callbacks[name] !== undefined && typeof callbacks[name] !== 'string') messages.push(`callbacks.${name} must be a string`);
    }
  }
  const methods = enabledMethods(input['enabled_payments'], messages);
  const secure = cardSecure(input['credit_card'], messages);

  let payExpiresAt: Date | null = null;
  let payWindowMs: number | null = null;
  // The page of a request with `expiry` lives until the window's end counted from the token's creation.
  let pageExpiresAt = new Date(now.getTime() + DEFAULT_PAGE_MS);
  const expiry = input['expiry'];
  if (expiry !== undefined) {
    if (!isJsonObject(expiry)) messages.push('expiry must be an object');
    else {
      const ms = durationMs('expiry', expiry, messages);
      const fixedStart = expiry['start_time'] !== undefined;
      const start = fixedStart ? parseStartTime(expiry['start_time'], messages) : now;
      if (ms !== null && start !== null) {
        pageExpiresAt = new Date(start.getTime() + ms);
        if (fixedStart) payExpiresAt = pageExpiresAt;
        else payWindowMs = ms;
      }
    }
  }
  const pageExpiry = input['page_expiry'];
  if (pageExpiry !== undefined) {
    if (!isJsonObject(pageExpiry)) messages.push('page_expiry must be an object');
    else {
      const ms = durationMs('page_expiry', pageExpiry, messages);
      if (ms !== null) pageExpiresAt = new Date(now.getTime() + ms);
    }
  }

  if (messages.length > 0) return { ok: false, messages };
  return { ok: true, snap: { body: input as unknown as SnapCreateBody, pageExpiresAt, payExpiresAt, payWindowMs, secure, methods } };
}

function enabledMethods(value: unknown, messages: string[]): SimMethod[] {
  if (value === undefined) return methodsEnabledBy(null);
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    messages.push('enabled_payments must be an array of payment method names');
    return [];
  }
  const unknown = value.filter((name) => !SNAP_PAYMENT_NAMES.has(name));
  if (unknown.length > 0) messages.push(`enabled_payments has unknown payment methods: ${unknown.join(', ')}`);
  const methods = methodsEnabledBy(value);
  if (unknown.length === 0 && methods.length === 0) messages.push('enabled_payments names no payment method the simulator offers');
  return methods;
}

function cardSecure(value: unknown, messages: string[]): boolean {
  if (value === undefined) return false;
  if (!isJsonObject(value)) {
    messages.push('credit_card must be an object');
    return false;
  }
  const secure = value['secure'];
  if (secure !== undefined && typeof secure !== 'boolean') messages.push('credit_card.secure must be a boolean');
  return secure === true;
}
