/**
 * The shapes that cross the Midtrans boundary, in Midtrans's own field names.
 *
 * Outbound bodies are typed exactly, so a typo fails to compile. Inbound
 * bodies are typed leniently: Midtrans adds fields without notice and asks
 * integrators to parse "in a non strict way", so everything we do not read is
 * allowed, and everything we do read is optional until a parser has checked it.
 */

/** A JSON object: the only shape of body Midtrans sends or accepts. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Units Midtrans accepts for `expiry` and `page_expiry` (plurals are accepted too). */
export type ExpiryUnit = 'minute' | 'hour' | 'day';

export interface SnapItem {
  id: string;
  /** At most 50 characters. */
  name: string;
  /** Whole rupiah; negative for a discount line. */
  price: number;
  quantity: number;
  brand?: string;
  category?: string;
  merchant_name?: string;
  url?: string;
}

export interface SnapCustomer {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
}

/** Body of `POST {snap}/transactions`. */
export interface SnapCreateBody {
  transaction_details: {
    /** At most 50 of `[A-Za-z0-9-_.~]`, usable once per merchant. */
    order_id: string;
    /** Whole rupiah; must equal Σ item price × quantity when items are sent. */
    gross_amount: number;
  };
  item_details?: SnapItem[];
  customer_details?: SnapCustomer;
  enabled_payments?: string[];
  /** `secure: true` asks for 3-D Secure on cards. */
  credit_card?: { secure?: boolean };
  callbacks?: { finish?: string; error?: string };
  /** Lifetime of the page and the payment method; `start_time` is `yyyy-MM-dd HH:mm:ss +0700`. */
  expiry?: { start_time?: string; unit: ExpiryUnit; duration: number };
  /** Lifetime of the hosted page; outranks `expiry` for the page. */
  page_expiry?: { duration: number; unit: ExpiryUnit };
  custom_field1?: string;
  custom_field2?: string;
  custom_field3?: string;
}

/**
 * A notification body or a Get Status answer. All values Midtrans sends here
 * are strings, including amounts (`"150000.00"`) and `status_code`.
 */
export interface MidtransStatusBody {
  order_id?: string;
  transaction_id?: string;
  transaction_status?: string;
  transaction_time?: string;
  settlement_time?: string;
  expiry_time?: string;
  status_code?: string;
  status_message?: string;
  signature_key?: string;
  payment_type?: string;
  merchant_id?: string;
  gross_amount?: string;
  currency?: string;
  fraud_status?: string;
  va_numbers?: Array<{ bank?: string; va_number?: string }>;
  payment_amounts?: unknown[];
  permata_va_number?: string;
  biller_code?: string;
  bill_key?: string;
  issuer?: string;
  acquirer?: string;
  transaction_type?: string;
  bank?: string;
  store?: string;
  payment_code?: string;
  masked_card?: string;
  card_type?: string;
  custom_field1?: string;
  custom_field2?: string;
  custom_field3?: string;
  [field: string]: unknown;
}
