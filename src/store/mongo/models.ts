/**
 * The MongoDB documents, their mongoose models and the indexes the queries
 * need. Indexes are built once at open (`createIndexes`), never lazily by
 * autoIndex on the first query.
 *
 * As in the embedded store, the link document keeps the slot rule's counters
 * (domain/link.ts slotCounts): `seq` (orders started), `paidCount`,
 * `heldCount` and `paidTotal`, moved in the same transaction as the order
 * they count (orders.ts).
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { CheckoutClient, Customer } from '../../domain/customer.ts';
import type { Channel, DeliveryChannel } from '../../domain/channel.ts';
import type { ChatAddress, LinkAuthor } from '../../domain/link.ts';
import type { LinkOffer } from '../../domain/link-offer.ts';
import type { OrderStatus, PaymentInfo, SnapSession } from '../../domain/order.ts';
import type { OutboxStatus, ShopNotices, StoredNotice } from '../ports.ts';

export interface LinkDoc {
  _id: string;
  merchantId: string;
  number: number;
  orderId: string;
  slug: string;
  itemName: string;
  price: number;
  usageLimit: number | null;
  customer: Customer | null;
  expiresAt: Date | null;
  createdVia: Channel;
  notifyChatId: string;
  recipient: ChatAddress | null;
  createdAt: Date;
  deletedAt: Date | null;
  /** Absent on links written before it was kept (issue 18). */
  createdBy?: LinkAuthor | null;
  /** Orders ever started on the link; the last order's n. */
  seq: number;
  paidCount: number;
  /** Pending orders: the slots they hold. */
  heldCount: number;
  paidTotal: number;
  /** The link's offer (issue 17); absent or null on links from before: one fixed item (link-offer.ts plainOffer). */
  offer?: LinkOffer | null;
  /** Items of pending and of paid orders, against the stock; start as the slot counts (upgradeDocuments). */
  itemsHeld: number;
  itemsSold: number;
}

export interface OrderDoc {
  _id: string;
  linkId: string;
  seq: number;
  customer: Customer;
  customerKey: string;
  amount: number;
  status: OrderStatus;
  reservedUntil: Date;
  snap: SnapSession | null;
  payment: PaymentInfo | null;
  receiptTo: ChatAddress | null;
  /** Absent on orders written before it was kept. */
  client?: CheckoutClient | null;
  /** Absent on orders written before they were kept. */
  transactionIds?: string[];
  refundedAmount?: number;
  /** Absent on orders written before issue 17: one item, no answers. */
  quantity?: number;
  answers?: string[];
  createdAt: Date;
  updatedAt: Date;
  reconcileLeaseUntil: Date | null;
}

export interface OutboxDoc {
  _id: Types.ObjectId;
  key: string;
  channel: DeliveryChannel;
  target: string;
  merchantId: string | null;
  notice: StoredNotice;
  status: OutboxStatus;
  /** True while pending or sending: the entries that keep their chat's order. */
  open: boolean;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  worker: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface InboxDoc {
  _id: Types.ObjectId;
  bodyHash: string;
  orderId: string;
  body: string;
  receivedAt: Date;
  timesReceived: number;
  status: 'open' | 'processed';
  outcome: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  processedAt: Date | null;
}

export interface KvDoc {
  _id: Types.ObjectId;
  namespace: string;
  key: string;
  value: string;
}

interface LeaseDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/** A shop (issue 18); its id is its first owner's user id for shops made from existing merchants. */
export interface ShopDoc {
  _id: string;
  ownerId: string;
  staffMayRefund: boolean;
  notices: ShopNotices | null;
  createdAt: Date;
}

/** A staff member, by user id: a user works in one shop at most. */
export interface StaffDoc {
  _id: string;
  shopId: string;
  name: string;
  addedAt: Date;
}

/** An invite, by its code. */
export interface InviteDoc {
  _id: string;
  shopId: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface Models {
  links: Model<LinkDoc>;
  orders: Model<OrderDoc>;
  outbox: Model<OutboxDoc>;
  inbox: Model<InboxDoc>;
  kv: Model<KvDoc>;
  leases: Model<LeaseDoc>;
  shops: Model<ShopDoc>;
  staff: Model<StaffDoc>;
  invites: Model<InviteDoc>;
}

/** Names of the unique indexes whose violation means something to callers. */
export const INDEX = {
  linkSlug: 'links_slug_unique',
  linkOrderId: 'links_order_id_unique',
  linkNumber: 'links_merchant_number_unique',
} as const;

// Small value objects (customer, payment, notice…) are never queried into: Mixed keeps them as given.
const mixed = { type: Schema.Types.Mixed, default: null };
// No version key, no casting of unknown paths away in silence: every field is declared.
const options = { versionKey: false, strict: 'throw', autoIndex: false, autoCreate: false } as const;
const nullableDate = { type: Date, default: null };
const nullableString = { type: String, default: null };

const linkSchema = new Schema<LinkDoc>(
  {
    _id: { type: String, required: true },
    merchantId: { type: String, required: true },
    number: { type: Number, required: true },
    orderId: { type: String, required: true },
    slug: { type: String, required: true },
    itemName: { type: String, required: true },
    price: { type: Number, required: true },
    usageLimit: { type: Number, default: null },
    customer: mixed,
    expiresAt: nullableDate,
    createdVia: { type: String, required: true },
    notifyChatId: { type: String, required: true },
    recipient: mixed,
    createdAt: { type: Date, required: true },
    deletedAt: nullableDate,
    createdBy: mixed,
    seq: { type: Number, default: 0 },
    paidCount: { type: Number, default: 0 },
    heldCount: { type: Number, default: 0 },
    paidTotal: { type: Number, default: 0 },
    offer: mixed,
    itemsHeld: { type: Number, default: 0 },
    itemsSold: { type: Number, default: 0 },
  },
  { ...options, collection: 'links' },
);
linkSchema.index({ slug: 1 }, { unique: true, name: INDEX.linkSlug });
linkSchema.index({ orderId: 1 }, { unique: true, name: INDEX.linkOrderId });
// Also serves the newest-first listing and the next number of a merchant.
linkSchema.index({ merchantId: 1, number: 1 }, { unique: true, name: INDEX.linkNumber });

const orderSchema = new Schema<OrderDoc>(
  {
    _id: { type: String, required: true },
    linkId: { type: String, required: true },
    seq: { type: Number, required: true },
    customer: { type: Schema.Types.Mixed, required: true },
    customerKey: { type: String, required: true },
    amount: { type: Number, required: true },
    status: { type: String, required: true },
    reservedUntil: { type: Date, required: true },
    snap: mixed,
    payment: mixed,
    receiptTo: mixed,
    client: mixed,
    transactionIds: { type: [String], default: undefined },
    refundedAmount: { type: Number, default: 0 },
    quantity: { type: Number, default: 1 },
    answers: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    reconcileLeaseUntil: nullableDate,
  },
  { ...options, collection: 'orders' },
);
orderSchema.index({ linkId: 1, seq: 1 }, { unique: true, name: 'orders_by_link' });
// Reports and exports (issue 18): orders of a period, oldest first, read in pages.
orderSchema.index({ createdAt: 1, _id: 1 }, { name: 'orders_by_time' });
// The reconciler's stale pending orders, oldest first.
orderSchema.index({ createdAt: 1 }, { name: 'orders_stale', partialFilterExpression: { status: 'pending' } });
// A client's live checkouts, by browser and by address (liveOfClient).
orderSchema.index({ 'client.browser': 1, reservedUntil: 1 }, { name: 'orders_of_browser', partialFilterExpression: { status: 'pending' } });
orderSchema.index({ 'client.address': 1, reservedUntil: 1 }, { name: 'orders_of_address', partialFilterExpression: { status: 'pending' } });
// A customer's own pending order on a link, handed back instead of a second slot (reserve).
orderSchema.index({ linkId: 1, customerKey: 1, seq: -1 }, { name: 'orders_pending_of_customer', partialFilterExpression: { status: 'pending' } });

const outboxSchema = new Schema<OutboxDoc>(
  {
    key: { type: String, required: true },
    channel: { type: String, required: true },
    target: { type: String, required: true },
    merchantId: nullableString,
    notice: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    open: { type: Boolean, required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: nullableDate,
    worker: nullableString,
    lastError: nullableString,
    createdAt: { type: Date, required: true },
    sentAt: nullableDate,
  },
  { ...options, collection: 'outbox' },
);
outboxSchema.index({ key: 1 }, { unique: true, name: 'outbox_key_unique' });
// The open entries of each chat in the order they were queued; only open ones are indexed.
outboxSchema.index({ channel: 1, target: 1, _id: 1 }, { name: 'outbox_open', partialFilterExpression: { open: true } });
outboxSchema.index({ status: 1, _id: 1 }, { name: 'outbox_by_status' });

const inboxSchema = new Schema<InboxDoc>(
  {
    bodyHash: { type: String, required: true },
    orderId: { type: String, required: true },
    body: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    timesReceived: { type: Number, required: true },
    status: { type: String, required: true },
    outcome: nullableString,
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: nullableString,
    processedAt: nullableDate,
  },
  { ...options, collection: 'inbox' },
);
inboxSchema.index({ bodyHash: 1 }, { unique: true, name: 'inbox_body_unique' });
inboxSchema.index({ nextAttemptAt: 1 }, { name: 'inbox_due', partialFilterExpression: { status: 'open' } });

const kvSchema = new Schema<KvDoc>(
  {
    namespace: { type: String, required: true },
    key: { type: String, required: true },
    value: { type: String, required: true },
  },
  { ...options, collection: 'kv' },
);
kvSchema.index({ namespace: 1, key: 1 }, { unique: true, name: 'kv_unique' });

// The lease name is the _id: one document per lease, unique by construction.
const leaseSchema = new Schema<LeaseDoc>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: 'leases' },
);

const shopSchema = new Schema<ShopDoc>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    staffMayRefund: { type: Boolean, default: false },
    notices: mixed,
    createdAt: { type: Date, required: true },
  },
  { ...options, collection: 'shops' },
);
shopSchema.index({ ownerId: 1 }, { unique: true, name: 'shops_owner_unique' });

const staffSchema = new Schema<StaffDoc>(
  {
    _id: { type: String, required: true },
    shopId: { type: String, required: true },
    name: { type: String, required: true },
    addedAt: { type: Date, required: true },
  },
  { ...options, collection: 'staff' },
);
staffSchema.index({ shopId: 1, addedAt: 1 }, { name: 'staff_of_shop' });

const inviteSchema = new Schema<InviteDoc>(
  {
    _id: { type: String, required: true },
    shopId: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: 'invites' },
);

export function defineModels(connection: Connection): Models {
  return {
    links: connection.model<LinkDoc>('Link', linkSchema),
    orders: connection.model<OrderDoc>('Order', orderSchema),
    outbox: connection.model<OutboxDoc>('OutboxEntry', outboxSchema),
    inbox: connection.model<InboxDoc>('InboxEntry', inboxSchema),
    kv: connection.model<KvDoc>('KeyValue', kvSchema),
    leases: connection.model<LeaseDoc>('Lease', leaseSchema),
    shops: connection.model<ShopDoc>('Shop', shopSchema),
    staff: connection.model<StaffDoc>('Staff', staffSchema),
    invites: connection.model<InviteDoc>('Invite', inviteSchema),
  };
}

/** Builds the declared indexes (and so the collections); a no-op when they exist. */
export async function createIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model: Model<unknown>) => model.createIndexes()));
}

/**
 * Brings documents written by the store before it used transactions up to
 * date; a no-op afterwards. Those kept a link's held slots as a `holds` array
 * (one entry per pending order) and bookkeeping for a multi-step commit
 * (`applied`); an order's refunded amount could be absent, and a link's
 * stock counters (issue 17).
 */
export async function upgradeDocuments(models: Models): Promise<void> {
  await models.links.collection.updateMany({ heldCount: { $exists: false } }, [
    { $set: { heldCount: { $size: { $ifNull: ['$holds', []] } } } },
    { $unset: ['holds', 'applied'] },
  ]);
  await models.orders.collection.updateMany({ refundedAmount: { $exists: false } }, { $set: { refundedAmount: 0 } });
  // Issue 18: every merchant with links becomes a shop of its own, with the merchant's id, owned by them.
  // Once: after that a shop is made when its merchant first needs one, so a start with shops skips the scan.
  const hasShops = (await models.shops.collection.findOne({}, { projection: { _id: 1 } })) !== null;
  const merchants = hasShops
    ? []
    : await models.links.collection.aggregate<{ _id: string; first: Date }>([{ $group: { _id: '$merchantId', first: { $min: '$createdAt' } } }]).toArray();
  if (merchants.length > 0) {
    await models.shops.bulkWrite(
      merchants.map(({ _id, first }) => ({
        updateOne: {
          filter: { _id },
          update: { $setOnInsert: { ownerId: _id, staffMayRefund: false, notices: null, createdAt: first } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
  // Issue 17: every order before the stock counters was for one item, so they start as the slot counts.
  await models.links.collection.updateMany({ itemsHeld: { $exists: false } }, [
    { $set: { itemsHeld: { $ifNull: ['$heldCount', 0] }, itemsSold: { $ifNull: ['$paidCount', 0] } } },
  ]);
}
