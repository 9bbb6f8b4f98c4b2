/**
 * `node --import tsx bench/telegram.bench.ts`: the Telegram side, against the
 * in-process fake Bot API server, on the embedded store on disk.
 *
 * 1. Payment news latency: from a verified settlement (LinkService
 *    applyObservation, as the webhook calls it) to the sendMessage arriving at
 *    the Bot API server, for 1,000 payments arriving at 100 per second, each
 *    to its own merchant chat, through the real OutboxWorker (kicked after
 *    each settlement, as the webhook does) and the Telegram sender. Measured
 *    with the channel gap removed (the pipeline's own latency), with
 *    Telegram's pacing (about 30 messages a second in all, which 100 payments
 *    a second must queue behind: latency then grows by design), and with that
 *    pacing at a rate under it.
 * 2. /newlink throughput: updates in, photo replies (QR PNG upload) out at
 *    the server, handled as webhook calls (32 at a time) and by long polling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { GuidedNewLink } from '../bots/commands/guided.ts';
import { CommandRunner } from '../bots/commands/run-command.ts';
import { DeepLinks } from '../bots/telegram/deep-link.ts';
import { createTelegramBot, type TelegramBot, type Update } from '../bots/telegram/telegram-bot.ts';
import type { MidtransObservation } from '../src/domain/order.ts';
import { LinkService } from '../src/links/link-service.ts';
import { Preferences } from '../bots/commands/preferences.ts';
import type { ChannelSender } from '../src/notify/delivery.ts';
import type { Pacing } from '../src/notify/pacing.ts';
import { OutboxWorker } from '../src/notify/outbox-worker.ts';
import type { Store } from '../src/store/ports.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { FakeTelegram } from '../test/support/fake-telegram.ts';
import { memory, ms, perSecond, printTable, runConcurrently, summarize, type Row } from './lib/measure.ts';

const PAYMENTS = Number(process.env['BENCH_PAYMENTS'] ?? 1000);
const COMMANDS = Number(process.env['BENCH_COMMANDS'] ?? 1000);
const MERCHANTS = 1000;
const FIRST_MERCHANT = 700_000_000;

const settlement = (i: number): MidtransObservation => ({
  transactionStatus: 'settlement',
  fraudStatus: 'accept',
  statusCode: '200',
  grossAmount: '150000.00',
  paymentType: 'qris',
  currency: 'IDR',
  refundAmount: null,
  transactionId: `bench-tx-${i}`,
  channel: 'gopay',
});

interface World {
  fake: FakeTelegram;
  store: Store;
  links: LinkService;
  bot: TelegramBot;
  close(): Promise<void>;
}

async function world(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'tagih-bench-telegram-'));
  // The benchmark measures tagih's own speed, with and without its pacing, so the fake does not enforce Telegram's flood limits.
  const fake = await FakeTelegram.start({ flood: { perSecond: null, perGroupMinute: null } });
  const store = openSqliteStore({ path: join(dir, 'tagih.db') });
  const logger = pino({ level: 'silent' });
  const links = new LinkService({ store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Bench', paymentWindowMs: 60 * 60_000 });
  const preferences = new Preferences(store.kv, 'id');
  const deepLinks = new DeepLinks({ links, store, merchantName: 'Toko Bench' });
  const runner = new CommandRunner({
    links,
    outbox: store.outbox,
    kv: store.kv,
    guided: new GuidedNewLink(store.kv),
    preferences,
    delivery: { emailEnabled: false, telegramDeepLink: (slug) => deepLinks.urlOnceKnown(slug) },
    merchantName: 'Toko Bench',
    logger,
  });
  const merchantIds = Array.from({ length: MERCHANTS }, (_, i) => String(FIRST_MERCHANT + i));
  const bot = createTelegramBot({
    config: { token: fake.token, apiRoot: fake.apiRoot, mode: 'polling', webhookSecret: null, merchantIds },
    runner,
    deepLinks,
    links,
    store,
    preferences,
    merchantName: 'Toko Bench',
    publicUrl: 'https://pay.example.com',
    logger,
  });
  await bot.start();
  const started = bot;
  return {
    fake,
    store,
    links,
    bot: started,
    async close() {
      await started.stop();
      await fake.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The bot's sender with other pacing, to separate Telegram's rate rules from the pipeline's own speed. */
function withPacing(sender: ChannelSender, pacing: Pacing): ChannelSender {
  return { channel: sender.channel, pacing, isReady: () => sender.isReady(), send: (...delivery) => sender.send(...delivery) };
}

/** One pending order per merchant chat, ready to be settled. */
async function pendingOrders(w: World, count: number, round: number): Promise<string[]> {
  const orderIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const chat = String(FIRST_MERCHANT + (i % MERCHANTS));
    const { link } = await w.links.create({ merchantId: `telegram:${chat}`, via: 'telegram', notifyChatId: chat, itemName: `Barang ${round}-${i}`, price: 150_000 });
    const { order } = await w.links.reserve(link.slug, { name: 'Siti', email: `siti${i}@mail.com` });
    orderIds.push(order.id);
  }
  return orderIds;
}

async function paymentLatency(w: World, label: string, ratePerSecond: number, pacing: Pacing, round: number): Promise<Row> {
  const orderIds = await pendingOrders(w, PAYMENTS, round);
  const worker = new OutboxWorker({ outbox: w.store.outbox, senders: [withPacing(w.bot.sender, pacing)], logger: pino({ level: 'silent' }), pollIntervalMs: 1000 });
  worker.start();
  const settledAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  const wanted = new Set(orderIds);
  let allArrived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allArrived = resolve));
  const unsubscribe = w.fake.onCall((call) => {
    const id = call.method === 'sendMessage' ? /Order ID: (\S+)/.exec(String(call.body.text ?? ''))?.[1] : undefined;
    if (id === undefined || !wanted.has(id) || arrivedAt.has(id)) return;
    arrivedAt.set(id, call.at);
    if (arrivedAt.size === PAYMENTS) allArrived();
  });
  const started = performance.now();
  const gapMs = 1000 / ratePerSecond;
  const settlements = orderIds.map(async (orderId, i) => {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    settledAt.set(orderId, performance.timeOrigin + performance.now());
    await w.links.applyObservation(orderId, settlement(i));
    // What the webhook's onNotice does.
    worker.kick();
  });
  await Promise.all(settlements);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: only ${arrivedAt.size} of ${PAYMENTS} messages arrived`)), 180_000);
  });
  await Promise.race([done, timedOut]).finally(() => clearTimeout(timer));
  unsubscribe();
  await worker.stop();
  const latencies = orderIds.map((id) => arrivedAt.get(id)! - settledAt.get(id)!);
  const { p50, p99, max } = summarize(latencies);
  return {
    benchmark: `payment → sendMessage, ${label}`,
    result: `p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)}`,
    note: `${PAYMENTS} payments at ${ratePerSecond}/s, one chat each; pacing ${pacing.channelGapMs} ms/channel, ${pacing.perTargetGapMs} ms/chat`,
  };
}

let nextUpdateId = 1;
function newlinkUpdate(i: number): Update {
  const chat = FIRST_MERCHANT + (i % 100);
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: i + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'M' },
      from: { id: chat, is_bot: false, first_name: 'M' },
      text: `/newlink Kaos ${i} 150000`,
      entities: [{ type: 'bot_command', offset: 0, length: 8 }],
    },
  } as Update;
}

async function newlinkThroughput(w: World): Promise<Row[]> {
  const rows: Row[] = [];
  const samples: number[] = [];
  const before = w.fake.callsTo('sendPhoto').length;
  const wall = await runConcurrently(COMMANDS, 32, async (i) => {
    const started = performance.now();
    await w.bot.handleUpdate(newlinkUpdate(i));
    samples.push(performance.now() - started);
  });
  if (w.fake.callsTo('sendPhoto').length - before !== COMMANDS) throw new Error('not every /newlink got its photo reply');
  const { p50, p99 } = summarize(samples);
  rows.push({
    benchmark: '/newlink end to end, webhook-style',
    result: perSecond(COMMANDS, wall),
    note: `${COMMANDS} updates, 32 in flight, 100 merchant chats; per update p50 ${ms(p50)}, p99 ${ms(p99)} (QR PNG + multipart upload)`,
  });

  const polled = w.fake.callsTo('sendPhoto').length;
  const started = performance.now();
  for (let i = 0; i < COMMANDS; i++) w.fake.pushUpdate({ ...newlinkUpdate(COMMANDS + i) });
  await w.fake.waitForCount('sendPhoto', polled + COMMANDS, 120_000);
  const pollWall = performance.now() - started;
  rows.push({ benchmark: '/newlink end to end, long polling', result: perSecond(COMMANDS, pollWall), note: `${COMMANDS} updates queued at once, batches of 100` });
  return rows;
}

const w = await world();
try {
  const telegramPacing = w.bot.sender.pacing;
  const rows: Row[] = [];
  rows.push(await paymentLatency(w, 'pipeline only (no global gap)', 100, { ...telegramPacing, channelGapMs: 0, jitterMs: 0 }, 1));
  rows.push(await paymentLatency(w, "with Telegram's ~30/s pacing", 100, telegramPacing, 2));
  rows.push(await paymentLatency(w, "with Telegram's pacing, under its rate", 20, telegramPacing, 3));
  rows.push(...(await newlinkThroughput(w)));
  rows.push({ benchmark: 'memory after the runs', result: memory() });
  printTable('Telegram benchmark (fake Bot API server on loopback, embedded SQLite on disk)', rows);
} finally {
  await w.close();
}
