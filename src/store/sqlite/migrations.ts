/**
 * The embedded schema, as numbered steps applied in order at start. A step is
 * never edited once released; changes come as a new step.
 *
 * Times are integer milliseconds since the epoch (UTC); JSON columns hold
 * small value objects (customer, payment, notice) that are never queried into.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE links (
    id             TEXT PRIMARY KEY,
    merchant_id    TEXT NOT NULL,
    number         INTEGER NOT NULL,
    order_id       TEXT NOT NULL UNIQUE,
    slug           TEXT NOT NULL UNIQUE,
    item_name      TEXT NOT NULL,
    price          INTEGER NOT NULL,
    usage_limit    INTEGER,
    customer       TEXT,
    expires_at     INTEGER,
    created_via    TEXT NOT NULL,
    notify_chat_id TEXT NOT NULL,
    recipient      TEXT,
    created_at     INTEGER NOT NULL,
    deleted_at     INTEGER,
    -- Kept in step with the orders table inside the same transactions, so a
    -- link's usage is read without counting its orders (the slot rule:
    -- domain/link.ts slotCounts; pending_count is the held slots).
    order_seq      INTEGER NOT NULL DEFAULT 0,
    pending_count  INTEGER NOT NULL DEFAULT 0,
    paid_count     INTEGER NOT NULL DEFAULT 0,
    paid_total     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (merchant_id, number)
  );

  CREATE TABLE orders (
    id                    TEXT PRIMARY KEY,
    link_id               TEXT NOT NULL REFERENCES links (id),
    seq                   INTEGER NOT NULL,
    customer              TEXT NOT NULL,
    customer_key          TEXT NOT NULL,
    amount                INTEGER NOT NULL,
    status                TEXT NOT NULL,
    reserved_until        INTEGER NOT NULL,
    snap                  TEXT,
    payment               TEXT,
    receipt_to            TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    reconcile_lease_until INTEGER
  );
  CREATE UNIQUE INDEX orders_by_link ON orders (link_id, seq);
  CREATE INDEX orders_live ON orders (link_id, reserved_until) WHERE status = 'pending';
  CREATE INDEX orders_returning ON orders (link_id, customer_key, reserved_until) WHERE status = 'pending';
  CREATE INDEX orders_stale ON orders (created_at) WHERE status = 'pending';

  CREATE TABLE inbox (
    id              INTEGER PRIMARY KEY,
    body_hash       TEXT NOT NULL UNIQUE,
    order_id        TEXT NOT NULL,
    body            TEXT NOT NULL,
    received_at     INTEGER NOT NULL,
    times_received  INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL DEFAULT 'open',
    outcome         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    last_error      TEXT,
    processed_at    INTEGER
  );
  CREATE INDEX inbox_due ON inbox (next_attempt_at) WHERE status = 'open';

  CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    merchant_id     TEXT,
    notice          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    worker          TEXT,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
  );
  CREATE INDEX outbox_open ON outbox (channel, target, id) WHERE status IN ('pending', 'sending');

  CREATE TABLE kv (
    namespace TEXT NOT NULL,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
  ) WITHOUT ROWID;

  CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // Who started each checkout (browser hash, address), so only that browser may continue it
  // and one client cannot hold every slot. Orders from before stay NULL: nobody's.
  `
  ALTER TABLE orders ADD COLUMN client_browser TEXT;
  ALTER TABLE orders ADD COLUMN client_address TEXT;
  CREATE INDEX orders_of_browser ON orders (client_browser, reserved_until) WHERE status = 'pending';
  CREATE INDEX orders_of_address ON orders (client_address, reserved_until) WHERE status = 'pending';
  `,
  // 3: payment truth (issue 12). Every transaction id an order has had, and
  // what partial refunds gave back. Pending orders hold their slot until closed,
  // whatever reserved_until says; the count needs no new column for that.
  `
  ALTER TABLE orders ADD COLUMN transaction_ids TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE orders ADD COLUMN refunded_amount INTEGER NOT NULL DEFAULT 0;
  `,
  // Issue 18, a team: a link's merchant_id is its shop's id. Every merchant of
  // an existing install becomes a shop of its own, owned by that merchant and
  // with the same id, so no link row changes. A user is staff of one shop at
  // most; invites are one-time codes. Links remember who made them.
  `
  CREATE TABLE shops (
    id               TEXT PRIMARY KEY,
    owner_id         TEXT NOT NULL UNIQUE,
    staff_may_refund INTEGER NOT NULL DEFAULT 0,
    notice_chat      TEXT,
    notice_mode      TEXT NOT NULL DEFAULT 'also',
    created_at       INTEGER NOT NULL
  );
  INSERT INTO shops (id, owner_id, created_at)
    SELECT merchant_id, merchant_id, MIN(created_at) FROM links GROUP BY merchant_id;

  CREATE TABLE staff (
    user_id  TEXT PRIMARY KEY,
    shop_id  TEXT NOT NULL REFERENCES shops (id),
    name     TEXT NOT NULL,
    added_at INTEGER NOT NULL
  );
  CREATE INDEX staff_of_shop ON staff (shop_id, added_at);

  CREATE TABLE invites (
    code       TEXT PRIMARY KEY,
    shop_id    TEXT NOT NULL REFERENCES shops (id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );

  ALTER TABLE links ADD COLUMN created_by_id TEXT;
  ALTER TABLE links ADD COLUMN created_by_name TEXT;
  `,
  // Rich links (issue 17). A link's offer (pricing, items, quantity range, stock,
  // methods, questions, asks, thanks, redirect) as one JSON value, NULL for links
  // from before (read as one fixed item: link-offer.ts plainOffer). The stock's
  // counters move with the slot counters (domain/link.ts slotCounts); every
  // order before this was for one item, so they start as the slot counts.
  `
  ALTER TABLE links ADD COLUMN offer TEXT;
  ALTER TABLE links ADD COLUMN items_held INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE links ADD COLUMN items_sold INTEGER NOT NULL DEFAULT 0;
  UPDATE links SET items_held = pending_count, items_sold = paid_count;
  ALTER TABLE orders ADD COLUMN quantity INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE orders ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';
  `,
  // Reports and exports (issue 18): a merchant's orders of a period, oldest first, read in pages.
  `
  CREATE INDEX orders_by_time ON orders (created_at, id);
  `,
  // Issue 19: no query reads orders_live any more (a link's live orders are its
  // counters; a returning customer's order is found through orders_returning),
  // yet every order leaving pending deleted its entry, inside the webhook's write.
  `
  DROP INDEX orders_live;
  `,
];
