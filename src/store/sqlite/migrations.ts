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
  // Reports and exports (issue 18): a merchant's orders of a period, oldest first, read in pages.
  `
  CREATE INDEX orders_by_time ON orders (created_at, id);
  `,
];
