/**
 * Operator injection: `{"$gt": ""}` and friends in every value that reaches
 * a query. On the embedded store every value is a bound SQL parameter, so
 * such text is only ever text: it matches nothing, writes nothing, and LIKE
 * wildcards in key prefixes match only themselves. Every way in from the
 * outside is tried end to end: chat refs, URL slugs and query strings,
 * webhook order ids as objects, form fields as arrays and nested keys.
 *
 * The MongoDB store cannot run here (no server), so its query building is
 * checked directly: every store method is called with hostile strings and,
 * as a caller that bypassed the types would, with operator objects, against
 * models that record each query instead of sending it. A caller's value may
 * only ever reach a query as the operand of `$eq` (or `$ne`) in a filter,
 * inside `$literal` in an expression or pipeline, or as a value written by
 * `$set`; never as a field's bare value, where an object is read as operators
 * and a `$`-string in an expression as a field path.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { pino } from 'pino';
import { GuidedNewLink } from '../../bots/commands/guided.ts';
import { CommandRunner, type ChatTurn } from '../../bots/commands/run-command.ts';
import { LinkService } from '../../src/links/link-service.ts';
import { Preferences } from '../../bots/commands/preferences.ts';
import { MongoDb } from '../../src/store/mongo/database.ts';
import { MongoInbox } from '../../src/store/mongo/inbox.ts';
import { MongoKeyValue, MongoLeases } from '../../src/store/mongo/kv.ts';
import { MongoLinks } from '../../src/store/mongo/links.ts';
import type { Models } from '../../src/store/mongo/models.ts';
import { MongoOrders } from '../../src/store/mongo/orders.ts';
import { MongoOutbox } from '../../src/store/mongo/outbox.ts';
import type { Store } from '../../src/store/ports.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { NOTIFICATION_SAMPLES, signed } from '../midtrans/fixtures/notifications.ts';
import { MERCHANT, postForm, postJson, SERVER_KEY, startHarness, type Harness } from '../web/harness.ts';
import { changedTables, runs, scratchDir, TableReader, TROUBLEMAKERS } from './support.ts';

/** Operator-shaped text, as a chat message, a URL or a JSON string can carry it. */
const OPERATOR_TEXT = ['{"$gt":""}', '{"$ne":null}', '$where', '$gt', '$$ROOT', '$seq', '$holds', "' OR 1=1 --", '%', '_', '\\', '*', '.*'];

describe('injection: the embedded store', function () {
  this.timeout(30_000);
  let dir: ReturnType<typeof scratchDir>;
  let store: Store;
  let reader: TableReader;

  before(async function () {
    dir = scratchDir('inject');
    store = openSqliteStore({ path: databasePath(dir.path) });
    const links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko', paymentWindowMs: 3_600_000 });
    const { link } = await links.create({ ...MERCHANT, itemName: 'Kaos', price: 150_000, usageLimit: null });
    await links.reserve(link.slug, { name: 'Siti', email: 'siti@mail.com' });
    await store.kv.setMany('ns', [{ key: 'a', value: '1' }, { key: 'ab', value: '2' }, { key: '%x', value: '3' }, { key: '_y', value: '4' }]);
    reader = new TableReader(databasePath(dir.path));
  });

  after(async function () {
    reader.close();
    await store.close();
    dir.remove();
  });

  it('treats operator-shaped text as text in every lookup: it matches nothing and writes nothing', async function () {
    const text = fc.oneof(fc.constantFrom(...OPERATOR_TEXT, ...TROUBLEMAKERS), fc.string({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const before = reader.digest();
        expect(await store.links.bySlug(value)).to.equal(null);
        expect(await store.links.byOrderId(value)).to.equal(null);
        expect(await store.links.byId(value)).to.equal(null);
        expect(await store.links.byNumber(value, 1)).to.equal(null);
        expect(await store.orders.byId(value)).to.equal(null);
        expect(await store.orders.listByLink(value, 10)).to.deep.equal([]);
        expect(await store.kv.get('ns', value)).to.equal(null);
        expect(await store.kv.get(value, 'a')).to.equal(null);
        expect((await store.links.list({ merchantId: value, activeOnly: false, offset: 0, limit: 10, now: new Date() })).items).to.deep.equal([]);
        expect(changedTables(before, reader.digest())).to.deep.equal([]);
      }),
      runs(200),
    );
  });

  it('matches key prefixes literally: % and _ are not wildcards', async function () {
    expect(await store.kv.keys('ns', '%')).to.deep.equal(['%x']);
    expect(await store.kv.keys('ns', '_')).to.deep.equal(['_y']);
    expect(await store.kv.keys('ns', 'a')).to.deep.equal(['a', 'ab']);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', '%', '_', '\\', '$', '.') }), async (prefix) => {
        const all = ['a', 'ab', '%x', '_y'];
        expect(await store.kv.keys('ns', prefix)).to.deep.equal(all.filter((k) => k.startsWith(prefix)).sort());
      }),
      runs(100),
    );
    await store.kv.deletePrefix('ns', '%');
    await store.kv.deletePrefix('ns', '_');
    expect(await store.kv.keys('ns', '')).to.deep.equal(['a', 'ab']);
  });
});

describe('injection: every way in from the outside, end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let slug: string;
  let orderId: string;

  before(async function () {
    h = await startHarness({ verifyStatus: false, rateLimit: { windowMs: 60_000, limit: 1_000 } });
    const link = await h.createLink({ usageLimit: null });
    slug = link.slug;
    orderId = (await h.links.reserve(link.slug, { name: 'Siti', email: 'siti@mail.com' })).order.id;
  });

  after(async function () {
    await h.close();
  });

  it('answers chat refs that look like operators with "not found", touching no link', async function () {
    const runner = new CommandRunner({
      links: h.links,
      outbox: h.store.outbox,
      kv: h.store.kv,
      guided: new GuidedNewLink(h.store.kv),
      preferences: new Preferences(h.store.kv, 'en'),
      delivery: { emailEnabled: true },
      merchantName: 'Toko',
      logger: pino({ level: 'silent' }),
    });
    const turn: ChatTurn = { channel: 'telegram', merchantId: MERCHANT.merchantId, chatId: '100', notifyChatId: '100', customerChat: null, messageId: null };
    for (const ref of OPERATOR_TEXT) {
      for (const command of ['/link', '/qr', '/delete', '/send']) {
        const text = command === '/send' ? `${command} ${ref} budi@mail.com` : command === '/delete' ? `${command} ${ref} ya` : `${command} ${ref}`;
        const [reply] = (await runner.handle(text, turn)) ?? [];
        expect(reply?.text, text).to.match(/^❌/);
      }
    }
    const { items } = await h.links.list(MERCHANT.merchantId, { page: 1, pageSize: 10, all: true });
    expect(items.map((i) => i.state)).to.deep.equal(['active']);
    expect(await h.outbox()).to.deep.equal([]);
  });

  it('answers slugs and order ids that look like operators with "not found"', async function () {
    for (const value of OPERATOR_TEXT) {
      const page = await fetch(`${h.url}/p/${encodeURIComponent(value)}`);
      expect(page.status, value).to.equal(404);
      const done = await fetch(`${h.url}/p/${slug}/done?order=${encodeURIComponent(value)}`);
      expect(done.status, value).to.equal(404);
    }
    for (const query of ['order[$gt]=', 'order[$ne]=x', `order=${orderId}&order=x`, 'order[]=x']) {
      expect((await fetch(`${h.url}/p/${slug}/done?${query}`)).status, query).to.equal(404);
    }
    // The real order is found by its own id only.
    expect((await fetch(`${h.url}/p/${slug}/done?order=${orderId}`)).status).to.equal(200);
  });

  it('refuses a notification whose order_id or transaction_id is an object, and stores a signed operator string as plain text', async function () {
    const body = signed(NOTIFICATION_SAMPLES.qrisSettlement, SERVER_KEY, { order_id: orderId, gross_amount: '150000.00' });
    for (const injected of [{ $gt: '' }, { $ne: null }, [orderId], { $regex: '.*' }]) {
      expect((await postJson(`${h.url}/webhooks/midtrans`, { ...body, order_id: injected })).status).to.equal(401);
    }
    // transaction_id is not signed: an object there is ignored, never read as an operator.
    expect((await postJson(`${h.url}/webhooks/midtrans`, { ...body, transaction_id: { $gt: '' } })).status).to.equal(200);
    const order = (await h.links.order(orderId))!;
    expect(order.status).to.equal('paid');
    expect(order.payment?.transactionId ?? null).to.equal(null);

    for (const text of ['{"$gt":""}', '$where']) {
      const forged = signed(NOTIFICATION_SAMPLES.qrisSettlement, SERVER_KEY, { order_id: text });
      expect((await postJson(`${h.url}/webhooks/midtrans`, forged)).status).to.equal(200);
    }
    expect((await h.outbox()).map((e) => e.key)).to.deep.equal([`${orderId}:paid:merchant`]);
  });

  it('reads form fields flat: name[$gt]= is a field called "name[$gt]", and nothing is reserved', async function () {
    const other = await h.createLink({ usageLimit: null });
    const bodies: Array<Record<string, string>> = [
      { 'name[$gt]': '', 'phone[$ne]': 'x', 'email[$regex]': '.*' },
      { name: '{"$gt":""}', phone: '{"$ne":null}', email: '$where' },
    ];
    for (const fields of bodies) {
      const res = await postForm(`${h.url}/p/${other.slug}`, fields);
      expect(res.status).to.equal(422);
    }
    expect(await h.store.orders.listByLink(other.id, 10)).to.deep.equal([]);
  });
});

/** One query a store method made: which model, which method, and its arguments as given. */
interface Recorded {
  model: string;
  method: string;
  args: unknown[];
}

const QUERY_DEFAULTS: Readonly<Record<string, unknown>> = {
  find: [],
  aggregate: [],
  findOne: null,
  findOneAndUpdate: null,
  exists: null,
  updateOne: { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 },
  updateMany: { matchedCount: 0, modifiedCount: 0 },
  deleteOne: { deletedCount: 0 },
  deleteMany: { deletedCount: 0 },
  insertOne: undefined,
  insertMany: [],
  bulkWrite: {},
  countDocuments: 0,
};

/** A query that resolves to `value` whatever is chained on it (sort, limit, lean…). */
function chain(value: unknown): unknown {
  const query: object = new Proxy(
    {},
    {
      get(_target, property) {
        if (property === 'then') return (resolve: (v: unknown) => void) => resolve(value);
        // A cursor (`.cursor()`) iterates the same answer.
        if (property === Symbol.asyncIterator) return async function* () { yield* Array.isArray(value) ? value : []; };
        return () => query;
      },
    },
  );
  return query;
}

/** Models that record every query and answer "nothing there". */
function recordingModels(recorded: Recorded[]): Models {
  const model = (name: string) =>
    new Proxy(
      {},
      {
        get(_target, method) {
          return (...args: unknown[]) => {
            recorded.push({ model: name, method: String(method), args });
            return chain(QUERY_DEFAULTS[String(method)]);
          };
        },
      },
    );
  return { links: model('links'), orders: model('orders'), outbox: model('outbox'), inbox: model('inbox'), kv: model('kv'), leases: model('leases') } as unknown as Models;
}

type Path = readonly string[];

/** Where `needle` (by identity for objects, by value for strings) occurs inside `root`. */
function placesOf(needle: unknown, root: unknown, path: Path = []): Path[] {
  if (root === needle) return [path];
  if (root === null || typeof root !== 'object' || root instanceof Date || root instanceof RegExp) return [];
  const entries = Array.isArray(root) ? root.map((v, i) => [String(i), v] as const) : Object.entries(root);
  return entries.flatMap(([key, value]) => placesOf(needle, value, [...path, key]));
}

const FILTER_METHODS = new Set(['find', 'findOne', 'findOneAndUpdate', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'exists', 'countDocuments']);
const UPDATE_METHODS = new Set(['findOneAndUpdate', 'updateOne', 'updateMany']);
const WRITTEN_AS_VALUE = new Set(['$set', '$setOnInsert', '$push', '$addToSet']);

/** Rules for a value inside a plain query filter: a string matches itself only; an object must be an $eq/$ne operand. */
function unsafeInFilter(place: Path, needle: unknown): string | null {
  const last = place.at(-1);
  if (last === '$eq' || last === '$ne' || typeof needle === 'string') return null;
  return `as a bare filter value at ${place.join('.')}`;
}

/** Why a place is unsafe for a caller's value, or null when it is inert there. */
function unsafePlace(op: Recorded, argIndex: number, place: Path, needle: unknown): string | null {
  const arg = op.args[argIndex];
  const last = place.at(-1);
  // In an aggregation expression a `$`-string is a field path and an object an expression: only $literal is inert.
  const expression = place.includes('$expr') || (UPDATE_METHODS.has(op.method) && argIndex === 1 && Array.isArray(arg)) || (op.method === 'aggregate' && !place.includes('$match'));
  if (expression) return last === '$literal' ? null : `in an expression without $literal at ${place.join('.')}`;
  if (op.method === 'aggregate') return unsafeInFilter(place, needle);
  if (FILTER_METHODS.has(op.method) && argIndex === 0) return unsafeInFilter(place, needle);
  if (UPDATE_METHODS.has(op.method) && argIndex === 1) {
    return WRITTEN_AS_VALUE.has(place[0] ?? '') ? null : `in an update outside $set at ${place.join('.')}`;
  }
  if (op.method === 'bulkWrite') {
    if (place.includes('filter')) return unsafeInFilter(place, needle);
    return place.includes('$set') || place.includes('$setOnInsert') ? null : `in a bulk update outside $set at ${place.join('.')}`;
  }
  // insertOne / insertMany: a document is data, whatever its values.
  return null;
}

function violations(recorded: readonly Recorded[], needle: unknown): string[] {
  return recorded.flatMap((op) =>
    op.args.flatMap((arg, i) => placesOf(needle, arg).map((place) => unsafePlace(op, i, place, needle)).filter((why): why is string => why !== null).map((why) => `${op.model}.${op.method}: ${why}`)),
  );
}

describe('injection: the MongoDB store builds inert queries (no server needed)', function () {
  const NOW = new Date('2026-11-24T03:00:00.000Z');

  /** Each store method, called with `v` in every place a caller passes text. */
  function calls(v: string): Array<[string, (ctx: MongoDb) => Promise<unknown>]> {
    const outbox = (ctx: MongoDb) => new MongoOutbox(ctx);
    const customer = { name: v, phone: v, email: v };
    return [
      ['links.byId', (ctx) => new MongoLinks(ctx).byId(v)],
      ['links.bySlug', (ctx) => new MongoLinks(ctx).bySlug(v)],
      ['links.byOrderId', (ctx) => new MongoLinks(ctx).byOrderId(v)],
      ['links.byNumber', (ctx) => new MongoLinks(ctx).byNumber(v, 1)],
      ['links.list', (ctx) => new MongoLinks(ctx).list({ merchantId: v, activeOnly: true, offset: 0, limit: 5, now: NOW })],
      ['links.list all', (ctx) => new MongoLinks(ctx).list({ merchantId: v, activeOnly: false, offset: 0, limit: 5, now: NOW })],
      ['links.usage', (ctx) => new MongoLinks(ctx).usage(v)],
      ['links.markDeleted', (ctx) => new MongoLinks(ctx).markDeleted(v, NOW)],
      ['links.setRecipient', (ctx) => new MongoLinks(ctx).setRecipient(v, { channel: 'telegram', chatId: v })],
      ['orders.byId', (ctx) => new MongoOrders(ctx, outbox(ctx), new MongoInbox(ctx)).byId(v)],
      ['orders.listByLink', (ctx) => new MongoOrders(ctx, outbox(ctx), new MongoInbox(ctx)).listByLink(v, 5)],
      ['orders.attachSnap', (ctx) => new MongoOrders(ctx, outbox(ctx), new MongoInbox(ctx)).attachSnap(v, { token: v, redirectUrl: v })],
      [
        'orders.reserve',
        (ctx) =>
          new MongoOrders(ctx, outbox(ctx), new MongoInbox(ctx)).reserve({ linkId: v, customer, customerKey: v, amount: 1, now: NOW, holdUntil: NOW, receiptTo: { channel: 'telegram', chatId: v } }),
      ],
      ['orders.transition', (ctx) => new MongoOrders(ctx, outbox(ctx), new MongoInbox(ctx)).transition({ orderId: v, from: 'pending', fromRefunded: 0, to: 'paid', refundedAmount: 0, payment: null, outbox: () => [], now: NOW })],
      ['orders.addTransactionId', (ctx) => new MongoOrders(ctx, outbox(ctx), new MongoInbox(ctx)).addTransactionId(v, v)],
      ['inbox.add', (ctx) => new MongoInbox(ctx).add({ orderId: v, body: v, receivedAt: NOW })],
      ['inbox.markProcessed', (ctx) => new MongoInbox(ctx).markProcessed(v, v, NOW)],
      ['inbox.markRetry', (ctx) => new MongoInbox(ctx).markRetry(v, v, NOW)],
      ['outbox.markSent', (ctx) => outbox(ctx).markSent(v, v, NOW)],
      ['outbox.retry', (ctx) => outbox(ctx).retry(v, v, v, NOW)],
      ['outbox.fail', (ctx) => outbox(ctx).fail(v, v, v, NOW)],
      ['outbox.claim', (ctx) => outbox(ctx).claim({ channels: [v as 'telegram'], now: NOW, worker: v, leaseMs: 1, limit: 5 })],
      ['outbox.list', (ctx) => outbox(ctx).list({ status: v as 'sent', channel: v as 'telegram', limit: 5 })],
      [
        'outbox.enqueue',
        (ctx) => outbox(ctx).enqueue([{ key: v, channel: 'telegram', target: v, merchantId: v, notice: { kind: 'link_share', link: {} as never, customerName: v, merchantName: v }, notBefore: NOW }], NOW),
      ],
      ['kv.get', (ctx) => new MongoKeyValue(ctx).get(v, v)],
      ['kv.setMany', (ctx) => new MongoKeyValue(ctx).setMany(v, [{ key: v, value: v }, { key: v, value: null }])],
      ['kv.setIfAbsent', (ctx) => new MongoKeyValue(ctx).setIfAbsent(v, v, v)],
      ['kv.compareAndSet', (ctx) => new MongoKeyValue(ctx).compareAndSet(v, v, v, v)],
      ['kv.compareAndSet delete', (ctx) => new MongoKeyValue(ctx).compareAndSet(v, v, v, null)],
      ['kv.compareAndSet absent', (ctx) => new MongoKeyValue(ctx).compareAndSet(v, v, null, null)],
      ['kv.keys', (ctx) => new MongoKeyValue(ctx).keys(v, 'p')],
      ['kv.deletePrefix', (ctx) => new MongoKeyValue(ctx).deletePrefix(v, 'p')],
      ['leases.acquire', (ctx) => new MongoLeases(ctx).acquire(v, v, 1_000, NOW)],
      ['leases.release', (ctx) => new MongoLeases(ctx).release(v, v)],
    ];
  }

  /** Runs one call against recording models; a call may refuse the value by throwing, which is also safe. */
  async function record(call: (ctx: MongoDb) => Promise<unknown>): Promise<Recorded[]> {
    const recorded: Recorded[] = [];
    // Transactions run their work at once on a stand-in session: what is checked is the queries the work builds.
    const session = { withTransaction: (work: () => Promise<unknown>) => work(), endSession: async () => undefined };
    const connection = { startSession: async () => session } as unknown as ConstructorParameters<typeof MongoDb>[0];
    const ctx = new MongoDb(connection, recordingModels(recorded), 1_000);
    await Promise.resolve()
      .then(() => call(ctx))
      .catch(() => undefined);
    return recorded;
  }

  it('would catch an injectable query (the checker itself works)', function () {
    const injected = { $gt: '' };
    const unsafe: Recorded[] = [{ model: 'links', method: 'findOne', args: [{ slug: injected }] }];
    expect(violations(unsafe, injected)).to.have.length(1);
    const safe: Recorded[] = [{ model: 'links', method: 'findOne', args: [{ slug: { $eq: injected } }] }];
    expect(violations(safe, injected)).to.deep.equal([]);
    const path: Recorded[] = [{ model: 'links', method: 'findOneAndUpdate', args: [{ $expr: { $eq: ['$x', '$where'] } }, [], {}] }];
    expect(violations(path, '$where')).to.have.length(1);
  });

  for (const [name] of calls('x')) {
    it(`${name}: a caller's value reaches the query only as an $eq/$literal operand or a $set value`, async function () {
      // Unique markers, so our own field paths ('$seq', '$holds') are never mistaken for the caller's text.
      for (const text of ['$where_x1', '$$ROOT_x2', '{"$gt":"x3"}', '$seq_x4']) {
        const call = calls(text).find(([n]) => n === name)![1];
        expect(violations(await record(call), text), text).to.deep.equal([]);
      }
      for (const make of [() => ({ $gt: '' }), () => ({ $ne: null }), () => ({ $where: 'sleep(1000)' }), () => ({ $regex: '.*' })]) {
        const injected = make();
        const call = calls(injected as unknown as string).find(([n]) => n === name)![1];
        const recorded = await record(call);
        expect(violations(recorded, injected), JSON.stringify(injected)).to.deep.equal([]);
      }
    });
  }
});
