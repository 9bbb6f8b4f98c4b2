/**
 * What a link offers beyond one item at one price (issue 17): an open amount
 * the customer types, several items, a quantity the customer chooses, a
 * stock of items, the payment methods, the merchant's own questions, which
 * contact fields the page asks, and what happens after paying. The rules
 * here are the only ones: the chat grammar, the link service and the payment
 * page all call them, and the page reads amounts with the chat's money parser.
 */
import { ITEM_NAME_MAX, normalizeItemName } from './link.ts';
import { ValidationError } from './errors.ts';
import { assertPrice, formatRupiah, MAX_PRICE, parseRupiah } from './money.ts';
import type { PaymentMethodName } from './payment-methods.ts';
import { validatePaymentMethods } from './payment-methods.ts';

/** `fixed`: the link's price (the sum of its items). `open`: the customer types the amount (Midtrans's DYNAMIC_AMOUNT). */
export type LinkPricing = { kind: 'fixed' } | { kind: 'open'; min: number | null; max: number | null; presets: number[] };

export interface LinkItem {
  name: string;
  /** Whole rupiah for one. */
  price: number;
}

/** How many of its one item a customer may buy in one order. */
export interface QuantityRange {
  min: number;
  max: number;
}

/** Which contact fields the page asks for, each then required. */
export interface ContactAsks {
  name: boolean;
  phone: boolean;
  email: boolean;
}

export interface LinkOffer {
  pricing: LinkPricing;
  /** Fixed links: one or more, and `price` is their sum. Open links: none. */
  items: LinkItem[];
  /** Null: one per order. Only on a fixed link with one item. */
  quantity: QuantityRange | null;
  /** Items that may be sold across all orders (held ones count); null is no limit. */
  stock: number | null;
  /** Snap's `enabled_payments`; null is every method the merchant has. */
  methods: PaymentMethodName[] | null;
  /** Up to QUESTIONS_MAX fields the customer must answer. */
  questions: string[];
  asks: ContactAsks;
  /** Shown on the done page and in the receipt. */
  thanks: string | null;
  /** Where the customer goes once paid; https only. */
  redirectUrl: string | null;
}

export const ITEMS_MAX = 10;
export const PRESETS_MAX = 6;
export const QUANTITY_MAX = 999;
export const STOCK_MAX = 1_000_000;
export const QUESTIONS_MAX = 3;
export const QUESTION_MAX_CHARS = 60;
export const ANSWER_MAX_CHARS = 200;
export const THANKS_MAX_CHARS = 300;
export const REDIRECT_URL_MAX_CHARS = 500;

/** Today's page asks all three. */
export const ASK_ALL: ContactAsks = { name: true, phone: true, email: true };

export type LinkOfferErrorCode =
  | 'ITEMS_INVALID'
  | 'TOTAL_TOO_HIGH'
  | 'AMOUNT_BOUNDS_INVALID'
  | 'PRESET_OUT_OF_BOUNDS'
  | 'PRESETS_INVALID'
  | 'QUANTITY_RANGE_INVALID'
  | 'QUANTITY_NEEDS_ONE_ITEM'
  | 'STOCK_INVALID'
  | 'QUESTIONS_INVALID'
  | 'ASKS_NEED_CONTACT'
  | 'THANKS_INVALID'
  | 'REDIRECT_URL_INVALID'
  | 'AMOUNT_INVALID'
  | 'AMOUNT_TOO_LOW'
  | 'AMOUNT_TOO_HIGH'
  | 'QUANTITY_INVALID'
  | 'ANSWER_MISSING'
  | 'ANSWER_INVALID'
  | 'CONTACT_MISSING';

const invalid = (code: LinkOfferErrorCode, phrase: ConstructorParameters<typeof ValidationError>[1], details: Record<string, unknown>) =>
  new ValidationError<LinkOfferErrorCode>(code, phrase, details);

const hasControl = (text: string): boolean => /\p{Cc}/u.test(text);

/** One line of free text: NFKC, inner runs of spaces made one, trimmed (control characters are refused by the callers). */
function cleanLine(input: string): string {
  return input.normalize('NFKC').replace(/[ \u00a0\u2000-\u200b\u3000]+/g, ' ').trim();
}

/** What a merchant asks for; the link service turns it into a LinkOffer. */
export interface OfferInput {
  /** Several items (`Kaos 150000 + Topi 50000`); absent or empty for one item or an open amount. */
  items?: LinkItem[] | undefined;
  /** An open amount and its bounds and preset buttons; absent for a fixed price. */
  open?: { min: number | null; max: number | null; presets: number[] } | null | undefined;
  quantity?: QuantityRange | null | undefined;
  stock?: number | null | undefined;
  methods?: readonly string[] | null | undefined;
  questions?: readonly string[] | undefined;
  asks?: ContactAsks | undefined;
  thanks?: string | null | undefined;
  redirectUrl?: string | null | undefined;
}

/** Only the offer's own fields of a link (or anything carrying them), as a store keeps them. */
export function offerOf(link: LinkOffer): LinkOffer {
  const { pricing, items, quantity, stock, methods, questions, asks, thanks, redirectUrl } = link;
  return { pricing, items, quantity, stock, methods, questions, asks, thanks, redirectUrl };
}

/** A link's title, total and offer, checked together; throws ValidationError naming the first broken rule. */
export interface CheckedOffer {
  itemName: string;
  /** The total of a fixed link; 0 for an open amount (the customer's amount is the order's). */
  price: number;
  offer: LinkOffer;
}

/**
 * Checks what a merchant asked for as a whole. `price` is the single item's
 * price (ignored when `items` or `open` is given); `itemName` the title.
 */
export function checkOffer(itemName: string, price: number | null, input: OfferInput): CheckedOffer {
  const title = normalizeItemName(itemName);
  const open = input.open ?? null;
  const several = input.items !== undefined && input.items.length > 0;
  let items: LinkItem[];
  let pricing: LinkPricing;
  if (open !== null) {
    pricing = validateOpenPricing(open);
    items = [];
  } else {
    items = several ? validateItems(input.items!) : [{ name: title, price: assertPrice(price ?? NaN) }];
    pricing = { kind: 'fixed' };
  }
  const total = items.reduce((sum, item) => sum + item.price, 0);
  if (total > MAX_PRICE) throw invalid('TOTAL_TOO_HIGH', (w) => w.links.totalTooHigh(formatRupiah(total), formatRupiah(MAX_PRICE)), { field: 'items' });

  const quantity = input.quantity == null ? null : validateQuantityRange(input.quantity);
  if (quantity !== null) {
    if (pricing.kind !== 'fixed' || items.length !== 1) throw invalid('QUANTITY_NEEDS_ONE_ITEM', (w) => w.links.quantityNeedsOneItem, { field: 'quantity' });
    if (items[0]!.price * quantity.max > MAX_PRICE) {
      throw invalid('TOTAL_TOO_HIGH', (w) => w.links.totalTooHigh(formatRupiah(items[0]!.price * quantity.max), formatRupiah(MAX_PRICE)), { field: 'quantity' });
    }
  }
  const offer: LinkOffer = {
    pricing,
    items,
    quantity,
    stock: validateStock(input.stock ?? null),
    methods: validatePaymentMethods(input.methods ?? null),
    questions: validateQuestions(input.questions ?? []),
    asks: validateAsks(input.asks ?? ASK_ALL),
    thanks: validateThanks(input.thanks ?? null),
    redirectUrl: validateRedirectUrl(input.redirectUrl ?? null),
  };
  return { itemName: several ? itemsTitle(items) : title, price: total, offer };
}

/** `Kaos + Topi + Ongkir`, cut to the item-name length with `…`. */
export function itemsTitle(items: readonly LinkItem[]): string {
  const joined = items.map((item) => item.name).join(' + ');
  return joined.length <= ITEM_NAME_MAX ? joined : `${joined.slice(0, ITEM_NAME_MAX - 1).trimEnd()}…`;
}

export function validateItems(items: readonly LinkItem[]): LinkItem[] {
  if (items.length < 1 || items.length > ITEMS_MAX) throw invalid('ITEMS_INVALID', (w) => w.links.itemsCount(ITEMS_MAX), { field: 'items' });
  return items.map((item) => ({ name: normalizeItemName(item.name), price: assertPrice(item.price) }));
}

export function validateOpenPricing(open: { min: number | null; max: number | null; presets: readonly number[] }): LinkPricing {
  const min = open.min === null ? null : assertPrice(open.min);
  const max = open.max === null ? null : assertPrice(open.max);
  if (min !== null && max !== null && min > max) {
    throw invalid('AMOUNT_BOUNDS_INVALID', (w) => w.links.boundsReversed(formatRupiah(min), formatRupiah(max)), { field: 'amount' });
  }
  if (open.presets.length > PRESETS_MAX) throw invalid('PRESETS_INVALID', (w) => w.links.presetsCount(PRESETS_MAX), { field: 'presets' });
  const presets = [...new Set(open.presets.map(assertPrice))].sort((a, b) => a - b);
  for (const preset of presets) {
    if ((min !== null && preset < min) || (max !== null && preset > max)) {
      throw invalid('PRESET_OUT_OF_BOUNDS', (w) => w.links.presetOutOfBounds(formatRupiah(preset)), { field: 'presets' });
    }
  }
  return { kind: 'open', min, max, presets };
}

export function validateQuantityRange(range: QuantityRange): QuantityRange {
  const ok = (n: number) => Number.isSafeInteger(n) && n >= 1 && n <= QUANTITY_MAX;
  if (!ok(range.min) || !ok(range.max) || range.min > range.max) {
    throw invalid('QUANTITY_RANGE_INVALID', (w) => w.links.quantityRange(QUANTITY_MAX), { field: 'quantity' });
  }
  return { min: range.min, max: range.max };
}

export function validateStock(stock: number | null): number | null {
  if (stock === null) return null;
  if (!Number.isSafeInteger(stock) || stock < 1 || stock > STOCK_MAX) {
    throw invalid('STOCK_INVALID', (w) => w.links.stockInvalid(STOCK_MAX.toLocaleString('id-ID')), { field: 'stock' });
  }
  return stock;
}

export function validateQuestions(questions: readonly string[]): string[] {
  const cleaned = questions.map(cleanLine);
  if (
    questions.length > QUESTIONS_MAX ||
    questions.some(hasControl) ||
    cleaned.some((q) => q.length === 0 || q.length > QUESTION_MAX_CHARS)
  ) {
    throw invalid('QUESTIONS_INVALID', (w) => w.links.questionsInvalid(QUESTIONS_MAX, QUESTION_MAX_CHARS), { field: 'questions' });
  }
  return cleaned;
}

export function validateAsks(asks: ContactAsks): ContactAsks {
  if (!asks.phone && !asks.email) throw invalid('ASKS_NEED_CONTACT', (w) => w.links.asksNeedContact, { field: 'asks' });
  return { name: asks.name, phone: asks.phone, email: asks.email };
}

export function validateThanks(thanks: string | null): string | null {
  if (thanks === null) return null;
  const text = cleanLine(thanks);
  if (hasControl(thanks) || text.length === 0 || text.length > THANKS_MAX_CHARS) {
    throw invalid('THANKS_INVALID', (w) => w.links.thanksInvalid(THANKS_MAX_CHARS), { field: 'thanks' });
  }
  return text;
}

/** https only, with a host, no user:password, no control characters or spaces; kept as the URL parser writes it. */
export function validateRedirectUrl(input: string | null): string | null {
  if (input === null) return null;
  const raw = input.trim();
  let url: URL | null = null;
  if (raw.length <= REDIRECT_URL_MAX_CHARS && !hasControl(input) && !/\s/u.test(raw) && /^https:\/\//i.test(raw)) {
    try {
      url = new URL(raw);
    } catch {
      url = null;
    }
  }
  if (url === null || url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '' || url.href.length > REDIRECT_URL_MAX_CHARS) {
    throw invalid('REDIRECT_URL_INVALID', (w) => w.links.redirectInvalid, { field: 'redirectUrl' });
  }
  return url.href;
}

/** The offer of a link made before issue 17: one fixed item, everything else as it was. */
export function plainOffer(itemName: string, price: number): LinkOffer {
  return {
    pricing: { kind: 'fixed' },
    items: [{ name: itemName, price }],
    quantity: null,
    stock: null,
    methods: null,
    questions: [],
    asks: ASK_ALL,
    thanks: null,
    redirectUrl: null,
  };
}

// ---------------------------------------------------------------------------
// At checkout: what the customer typed on the page (or a script posted).

type OfferedLink = Pick<LinkOffer, 'pricing' | 'quantity' | 'questions' | 'asks'> & { price: number };

/** What one order is for, checked against its link. */
export interface OrderTerms {
  /** Whole rupiah charged: price × quantity, or the typed open amount. */
  amount: number;
  quantity: number;
  /** One per question, in order. */
  answers: string[];
}

export interface TermsInput {
  /** The page's `amount` field as typed (`25000`, `25.000`, `25rb`); open links only. */
  amount?: string | null | undefined;
  /** The page's `quantity` field. */
  quantity?: string | null | undefined;
  /** The page's `answer1`..`answer3`. */
  answers?: ReadonlyArray<string | null | undefined> | undefined;
}

/** The amount a customer typed for an open link, within its bounds, read like a chat price. */
export function openAmount(pricing: Extract<LinkPricing, { kind: 'open' }>, typed: string | null | undefined): number {
  const text = (typed ?? '').trim();
  if (text === '') throw invalid('AMOUNT_INVALID', (w) => w.links.amountMissing, { field: 'amount' });
  let amount: number;
  try {
    amount = parseRupiah(text);
  } catch (err) {
    if (err instanceof ValidationError) throw invalid('AMOUNT_INVALID', (w) => w.links.amountInvalid, { field: 'amount', reason: err.code });
    throw err;
  }
  if (pricing.min !== null && amount < pricing.min) throw invalid('AMOUNT_TOO_LOW', (w) => w.links.amountTooLow(formatRupiah(pricing.min!)), { field: 'amount' });
  if (pricing.max !== null && amount > pricing.max) throw invalid('AMOUNT_TOO_HIGH', (w) => w.links.amountTooHigh(formatRupiah(pricing.max!)), { field: 'amount' });
  return amount;
}

/** The quantity a customer chose: whole digits within the link's range; 1 where the link has none. */
export function orderQuantity(range: QuantityRange | null, typed: string | null | undefined): number {
  if (range === null) return 1;
  const text = (typed ?? '').trim();
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(n >= range.min && n <= range.max)) {
    throw invalid('QUANTITY_INVALID', (w) => w.links.quantityOutOfRange(range.min, range.max), { field: 'quantity' });
  }
  return n;
}

/**
 * One answer per question: each required, bounded, without control
 * characters. A line break (a pasted address) becomes a space: the answer is
 * shown on one line in notices and chats.
 */
export function orderAnswers(questions: readonly string[], typed: ReadonlyArray<string | null | undefined>): string[] {
  return questions.map((question, i) => {
    const raw = (typed[i] ?? '').replace(/\r?\n|\r/g, ' ');
    const field = `answer${i + 1}`;
    if (hasControl(raw)) throw invalid('ANSWER_INVALID', (w) => w.links.answerControl(question), { field });
    const answer = cleanLine(raw);
    if (answer === '') throw invalid('ANSWER_MISSING', (w) => w.links.answerMissing(question), { field });
    if (answer.length > ANSWER_MAX_CHARS) throw invalid('ANSWER_INVALID', (w) => w.links.answerTooLong(question, ANSWER_MAX_CHARS), { field });
    return answer;
  });
}

/** Everything one order is for; throws the first ValidationError (its `details.field` names the form field). */
export function orderTerms(link: OfferedLink, input: TermsInput): OrderTerms {
  const quantity = orderQuantity(link.quantity, input.quantity);
  const amount = link.pricing.kind === 'open' ? openAmount(link.pricing, input.amount) : link.price * quantity;
  return { amount, quantity, answers: orderAnswers(link.questions, input.answers ?? []) };
}

/** Whether the merchant left the contact fields as they were before `wajib` existed. */
export function asksAll(asks: ContactAsks): boolean {
  return asks.name && asks.phone && asks.email;
}

/**
 * The contact fields a merchant asked for with `wajib` must be given (a named
 * customer is exempt). A link without `wajib` keeps the rule from before:
 * its page asks all three, and any other caller needs one way to call the
 * customer (customer.ts normalizeCustomer).
 */
export function requireAsked(asks: ContactAsks, given: { name?: string | null | undefined; phone?: string | null | undefined; email?: string | null | undefined }): void {
  if (asksAll(asks)) return;
  for (const field of ['name', 'phone', 'email'] as const) {
    if (asks[field] && (given[field] ?? '').trim() === '') throw invalid('CONTACT_MISSING', (w) => w.links.contactMissing(field), { field });
  }
}

/** One line of what an order bought: Snap's `item_details` and the notices' `3 × Kaos` come from these. */
export interface OrderLine {
  name: string;
  /** Whole rupiah for one. */
  price: number;
  quantity: number;
}

/** What an order bought, line by line; the lines always add up to `order.amount`. */
export function orderLines(link: Pick<LinkOffer, 'pricing' | 'items'> & { itemName: string }, order: { amount: number; quantity: number }): OrderLine[] {
  if (link.pricing.kind === 'open' || link.items.length === 0) return [{ name: link.itemName, price: order.amount, quantity: 1 }];
  if (link.items.length === 1) return [{ name: link.items[0]!.name, price: link.items[0]!.price, quantity: order.quantity }];
  return link.items.map((item) => ({ name: item.name, price: item.price, quantity: 1 }));
}
