/**
 * What the product needs from a database, in its own words. The embedded
 * SQLite store and the MongoDB store implement these interfaces and are held
 * to one contract test suite (test/store/contract.ts).
 *
 * Every method that changes several things does so atomically: a reservation
 * is one decision against the link's usage; a status change, its effect on the
 * link's counters (the slot rule: domain/link.ts slotCounts), the outbox
 * entries it causes and the notification it settles are written together or
 * not at all. Failures to reach the database surface as StoreUnavailableError.
 */
import type { CheckoutClient } from '../domain/customer.ts';
import type { ChatAddress, Link, LinkState, LinkUsage } from '../domain/link.ts';
import type { Order, OrderReservation, OrderStatus, PaymentInfo, SnapSession } from '../domain/order.ts';
import type { DeliveryChannel } from '../domain/channel.ts';

export interface LinkWithUsage {
  link: Link;
  usage: LinkUsage;
  state: LinkState;
}

export interface ListLinksQuery {
  merchantId: string;
  /** Only links whose state is active. */
  activeOnly: boolean;
  offset: number;
  limit: number;
  now: Date;
}

export interface LinkStore {
  /**
   * Stores a new link and gives it the merchant's next number. Throws
   * ConflictError `ORDER_ID_TAKEN` or `SLUG_TAKEN`; nothing is written then.
   */
  create(link: Omit<Link, 'number'>): Promise<Link>;
  byId(id: string): Promise<Link | null>;
  bySlug(slug: string): Promise<Link | null>;
  byOrderId(orderId: string): Promise<Link | null>;
  byNumber(merchantId: string, number: number): Promise<Link | null>;
  /** Newest first; `hasMore` tells whether another page follows. */
  list(query: ListLinksQuery): Promise<{ items: LinkWithUsage[]; hasMore: boolean }>;
  /** A pending order holds its slot until it is closed, so usage does not depend on the time. */
  usage(linkId: string): Promise<LinkUsage>;
  /** Soft delete; returns the link as it is now, or null if unknown. Deleting twice keeps the first time. */
  markDeleted(linkId: string, at: Date): Promise<Link | null>;
  /** Remembers the customer chat the link was posted into. */
  setRecipient(linkId: string, recipient: ChatAddress): Promise<void>;
}

export interface ReserveRequest extends OrderReservation {
  linkId: string;
  /** The reservation (and the Snap transaction) lasts until then. */
  holdUntil: Date;
}

export type ReserveResult =
  /** A new order holds a slot, or the customer's own live pending order is returned. */
  | { kind: 'reserved'; order: Order; reused: boolean }
  /** The link cannot take an order now; `state` says why. */
  | { kind: 'refused'; state: Exclude<LinkState, 'active'> | 'unknown' }
  /** The link's stock has fewer items left than the order's quantity (held + sold + quantity > stock). */
  | { kind: 'short'; stockLeft: number };

export interface TransitionRequest {
  orderId: string;
  /** Applied only if the order is still in this status with this refunded amount (compare-and-set). */
  from: OrderStatus;
  fromRefunded: number;
  to: OrderStatus;
  /** The refunded amount after the change; the link's counters move by slotCountsChange (domain/link.ts). */
  refundedAmount: number;
  payment: PaymentInfo | null;
  /**
   * The notices this change causes, given the link's usage right after it;
   * written in the same atomic step, duplicates by `key` dropped. May be
   * called more than once (a store may retry its transaction): keep it pure.
   */
  outbox: (usageAfter: LinkUsage) => NewOutboxEntry[];
  /**
   * The notification behind this change, recorded processed with `outcome` in
   * the same atomic write, only when the change applies: an inbox entry
   * (`inboxId`), or one not kept yet (`received`), which this write keeps, so
   * that keeping and applying it is one durable step (issue 19).
   */
  notification?: { outcome: string } & ({ inboxId: string } | { received: ReceivedNotification });
  /**
   * A transaction id Midtrans named for the order, kept on it in the same
   * write (as addTransactionId would), whether or not the change applies:
   * one write per notification instead of two (issue 19).
   */
  transactionId?: string;
  now: Date;
}

export type TransitionResult =
  | { applied: true; order: Order; usage: LinkUsage }
  /** The order was not in `from` (and `fromRefunded`) any more, or does not exist: nothing changed. */
  | { applied: false; current: Order | null };

/** An order with the link it was made on, as reports and exports show it. */
export interface MerchantOrder {
  order: Order;
  link: Link;
}

/** A page of a merchant's orders made in a stretch of time (reports, exports; issue 18). */
export interface MerchantOrdersQuery {
  /** The links' owner (Link.merchantId). */
  merchantId: string;
  /** Orders created at or after `from` and before `until`. */
  from: Date;
  until: Date;
  /** Where the previous page ended (its last order); null for the first page. */
  after: { createdAt: Date; id: string } | null;
  limit: number;
}

export interface OrderStore {
  /**
   * Atomically: checks the link can take an order (reservationVerdict: not deleted, not expired,
   * slots left, stock for the quantity), reuses the customer's pending order if its window
   * is still open and its terms are the same (sameTerms), otherwise creates order
   * `<link order id>-<n>` holding a slot and its quantity of the stock.
   */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  byId(orderId: string): Promise<Order | null>;
  /**
   * Pending orders, on any link, still inside their reservation at `now`, that
   * this client's browser or address started (at most `limit`, newest first).
   */
  liveOfClient(client: CheckoutClient, now: Date, limit: number): Promise<Order[]>;
  /** Newest first. */
  listByLink(linkId: string, limit: number): Promise<Order[]>;
  /** Oldest first (created time, then order id), so pages follow each other without gaps or repeats. */
  ofMerchant(query: MerchantOrdersQuery): Promise<MerchantOrder[]>;
  attachSnap(orderId: string, snap: SnapSession): Promise<void>;
  /**
   * Adds a Midtrans transaction id to the order's list unless it is there
   * already or the list holds MAX_TRANSACTION_IDS; an unknown order changes nothing.
   */
  addTransactionId(orderId: string, transactionId: string): Promise<void>;
  transition(request: TransitionRequest): Promise<TransitionResult>;
  /**
   * Claims pending orders created before `staleBefore` for reconciliation
   * (whatever their window: a pending order holds its slot until closed):
   * each is leased to `worker` until `now + leaseMs`, so several processes
   * never check the same order at once.
   */
  claimStale(input: { staleBefore: Date; now: Date; worker: string; leaseMs: number; limit: number }): Promise<Order[]>;
}

export interface InboxEntry {
  id: string;
  /** Midtrans order id from the body. */
  orderId: string;
  /** The body exactly as received. */
  body: string;
  receivedAt: Date;
  attempts: number;
}

/** A notification as it arrived: its `order_id` and the body exactly as received. */
export interface ReceivedNotification {
  orderId: string;
  body: string;
  receivedAt: Date;
}

export interface InboxStore {
  /**
   * Keeps a received notification before anything else happens to it.
   * `duplicate` is true when the same body was already received and processed.
   */
  add(input: ReceivedNotification): Promise<{ id: string; duplicate: boolean }>;
  /** Whether this very body is kept and processed. */
  processed(body: string): Promise<boolean>;
  /**
   * Keeps a notification already processed: what it came to (`outcome`) was
   * worked out before it was kept and changed nothing else. A body kept
   * before is counted again, and settled with `outcome` if it was still open.
   */
  keepProcessed(input: ReceivedNotification, outcome: string): Promise<void>;
  /**
   * Keeps a notification whose first processing failed (e.g. Get Status
   * unreachable), due again at `retryAt`, as markRetry would. A body kept
   * before is counted again, and, if still open, given this retry.
   */
  keepForRetry(input: ReceivedNotification, error: string, retryAt: Date): Promise<void>;
  markProcessed(id: string, outcome: string, at: Date): Promise<void>;
  /** Processing failed (e.g. Get Status unreachable): try again at `retryAt`. */
  markRetry(id: string, error: string, retryAt: Date): Promise<void>;
  /** Unprocessed entries due for another try, leased to `worker`. */
  claimDue(input: { now: Date; worker: string; leaseMs: number; limit: number }): Promise<InboxEntry[]>;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * What an outbox entry delivers, as the store keeps it: a JSON object written
 * and handed back unchanged, never looked into. What it says is the business
 * of whoever queues and sends it (src/notify), so a new kind of message
 * changes no store, and the store depends on nothing but the domain.
 */
export type StoredNotice = Readonly<Record<string, unknown>>;

export interface NewOutboxEntry {
  /** Idempotency key: a second entry with the same key is dropped. */
  key: string;
  channel: DeliveryChannel;
  /** Chat id, WhatsApp JID or email address. */
  target: string;
  /** Whose language to use, when the target is a merchant. */
  merchantId: string | null;
  notice: StoredNotice;
  notBefore: Date;
}

export interface OutboxEntry extends NewOutboxEntry {
  id: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxStore {
  enqueue(entries: NewOutboxEntry[], now: Date): Promise<void>;
  /**
   * Claims due entries on the given channels, at most one per target and only
   * the oldest unfinished entry of each target, so a chat hears things in order.
   */
  claim(input: { channels: DeliveryChannel[]; now: Date; worker: string; leaseMs: number; limit: number }): Promise<OutboxEntry[]>;
  markSent(id: string, worker: string, at: Date): Promise<void>;
  /** Counts an attempt and makes the entry due again at `retryAt`. */
  retry(id: string, worker: string, error: string, retryAt: Date): Promise<void>;
  /** Gives up on the entry for good (e.g. the bot was blocked). */
  fail(id: string, worker: string, error: string, at: Date): Promise<void>;
  list(filter: { status?: OutboxStatus; channel?: DeliveryChannel; limit: number }): Promise<OutboxEntry[]>;
}

/** Small documents keyed by namespace and key: preferences, setup codes, chat sessions, WhatsApp auth. */
export interface KeyValueStore {
  get(namespace: string, key: string): Promise<string | null>;
  /** Writes and deletes (value null) in one durable step. */
  setMany(namespace: string, entries: ReadonlyArray<{ key: string; value: string | null }>): Promise<void>;
  /** Writes only if the key is absent; true when it wrote. */
  setIfAbsent(namespace: string, key: string, value: string): Promise<boolean>;
  /** Replaces the value only if it is still `expected`; true when it wrote. */
  compareAndSet(namespace: string, key: string, expected: string | null, value: string | null): Promise<boolean>;
  /** Every key of a namespace starting with `prefix`. */
  keys(namespace: string, prefix: string): Promise<string[]>;
  /** Deletes every key of a namespace starting with `prefix`. */
  deletePrefix(namespace: string, prefix: string): Promise<void>;
}

export interface LeaseStore {
  /** Takes or renews the lease if it is free, expired or already ours. */
  acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

/** Where a shop's paid notices go besides (or instead of) the chat of whoever made the link: a team chat. */
export interface ShopNotices {
  chat: ChatAddress;
  /** `also`: the team chat and the creator's chat; `instead`: the team chat only. */
  mode: 'also' | 'instead';
}

/** A shop (issue 18): a link's `merchantId` is its shop's id; an install's first merchant's shop has their user id. */
export interface Shop {
  id: string;
  /** The user id (`telegram:100`) of the owner. */
  ownerId: string;
  /** Whether the owner lets staff refund (`/staff izin refund`). */
  staffMayRefund: boolean;
  notices: ShopNotices | null;
  createdAt: Date;
}

export interface StaffMember {
  shopId: string;
  /** `telegram:<user id>`, `whatsapp:<number>`, `console:<name>`. */
  userId: string;
  /** The name shown in lists and on what they made ("dibuat oleh Sari"). */
  name: string;
  addedAt: Date;
}

/** A one-time code that makes whoever sends `/start <code>` staff of the shop. */
export interface Invite {
  code: string;
  shopId: string;
  /** The user who asked for it. */
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export type RedeemResult =
  | { kind: 'joined'; shop: Shop; member: StaffMember }
  /** Unknown, already used, or expired: all read the same to whoever typed it. */
  | { kind: 'invalid' }
  /** The user already owns a shop or is staff of one. */
  | { kind: 'member' };

export interface TeamStore {
  /** The shop `userId` owns or works in, with their role; null for a user of no shop. */
  membership(userId: string): Promise<{ shop: Shop; role: 'owner' | 'staff'; member: StaffMember | null } | null>;
  shop(shopId: string): Promise<Shop | null>;
  /** Creates the shop unless one with its id (or owner) exists; the stored shop either way. */
  ensureShop(shop: Shop): Promise<Shop>;
  addInvite(invite: Invite): Promise<void>;
  /**
   * Atomically: spends a live invite and adds the user as staff. An invite is
   * used once; two users racing with one code, only one joins.
   */
  redeemInvite(code: string, user: { userId: string; name: string }, now: Date): Promise<RedeemResult>;
  /** Oldest first. */
  listStaff(shopId: string): Promise<StaffMember[]>;
  /** True when the user was staff of the shop. */
  removeStaff(shopId: string, userId: string): Promise<boolean>;
  updateShop(shopId: string, changes: Partial<Pick<Shop, 'staffMayRefund' | 'notices'>>): Promise<Shop | null>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly links: LinkStore;
  readonly orders: OrderStore;
  readonly inbox: InboxStore;
  readonly outbox: OutboxStore;
  readonly kv: KeyValueStore;
  readonly leases: LeaseStore;
  readonly team: TeamStore;
  /** Resolves when the database answers; throws StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
