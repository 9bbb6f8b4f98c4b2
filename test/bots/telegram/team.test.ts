/**
 * A shop's team in Telegram (issue 18), over the fake Bot API: the owner's
 * invite deep link makes a stranger staff, staff make links for the owner's
 * shop, a removed member is a stranger again, and `/notif di sini` in a group
 * sends the shop's payment news there.
 */
import { expect } from 'chai';
import type { OutboxWorker } from '../../../src/notify/outbox-worker.ts';
import { Team } from '../../../src/team/team.ts';
import type { RecordedCall } from '../../support/fake-telegram.ts';
import { startHarness as startWeb, startPayment, type Harness as WebHarness } from '../../web/harness.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { GROUP, MERCHANT, STRANGER, privateChat, startHarness, textOf, textUpdate, type Harness, startOutboxWorker } from './harness.ts';

describe('Telegram bot: a shop’s team (issue 18)', function () {
  let tg: Harness;

  beforeEach(async function () {
    const store = openSqliteStore({ path: ':memory:' });
    tg = await startHarness({ store, runner: { team: new Team({ store: store.team }) } });
  });

  afterEach(async function () {
    await tg.close();
  });

  async function answerTo(text: string, from = MERCHANT, chat = privateChat(from)): Promise<string> {
    const calls = await tg.callsDuring(() => tg.feed(textUpdate(text, from, chat)));
    return calls.map(textOf).join('\n');
  }

  it('lets a stranger join with the owner’s invite deep link and make links for the owner’s shop, until removed', async function () {
    const invite = await answerTo('/staff tambah');
    const deepLink = /https:\/\/t\.me\/\S+\?start=(tim_[A-Za-z0-9_-]+)/.exec(invite);
    expect(deepLink, invite).to.not.equal(null);
    const code = deepLink![1]!;

    expect(await answerTo('/newlink Kaos 150000', STRANGER)).to.not.contain('Link #1 dibuat');
    // Opening the deep link sends `/start <code>`.
    expect(await answerTo(`/start ${code}`, STRANGER)).to.contain('Selamat datang, Joe');
    expect(await answerTo('/newlink Kaos 150000', STRANGER)).to.contain('Link #1 dibuat');
    const { link } = await tg.links.find(`telegram:${MERCHANT.id}`, { kind: 'number', value: 1 });
    expect(link.createdBy).to.deep.equal({ userId: `telegram:${STRANGER.id}`, name: 'Joe' });
    expect(await answerTo('/delete 1', STRANGER)).to.contain('Hanya pemilik toko');

    expect(await answerTo('/staff hapus Joe')).to.contain('Joe bukan staf toko lagi');
    expect(await answerTo('/links', STRANGER)).to.not.contain('Kaos');
  });

  it('takes the shop’s payment news to a group where the owner sends /notif di sini', async function () {
    expect(await answerTo('/notif di sini', MERCHANT, GROUP)).to.contain('juga dikirim ke chat ini');
    expect((await tg.store.team.shop(`telegram:${MERCHANT.id}`))!.notices).to.deep.equal({ chat: { channel: 'telegram', chatId: String(GROUP.id) }, mode: 'also' });
  });
});

describe('Telegram bot: payment news in the shop’s team group, end to end (issue 18)', function () {
  this.timeout(15_000);
  let web: WebHarness;
  let tg: Harness;
  let worker: OutboxWorker;

  beforeEach(async function () {
    web = await startWeb();
    tg = await startHarness({ store: web.store, links: web.links, runner: { team: new Team({ store: web.store.team }) } });
    worker = startOutboxWorker(tg, web.store.outbox);
  });

  afterEach(async function () {
    await worker.stop();
    await tg.close({ store: true });
    await web.close();
  });

  it('tells the group and the creator’s chat once each when a customer pays', async function () {
    await tg.feed(textUpdate('/notif di sini', MERCHANT, GROUP));
    await tg.feed(textUpdate('/newlink Kaos 150000'));
    const { link } = await web.links.find(`telegram:${MERCHANT.id}`, { kind: 'number', value: 1 });
    const orderId = await startPayment(web, link);
    await web.sim.pay(orderId, 'qris');

    const isPaid = (call: RecordedCall) => textOf(call).startsWith('✅ Rp150.000 · Kaos #1');
    await tg.fake.waitFor('sendMessage', (call) => isPaid(call) && String(call.body.chat_id) === String(GROUP.id), 5000);
    await tg.fake.waitFor('sendMessage', (call) => isPaid(call) && String(call.body.chat_id) === String(MERCHANT.id), 5000);
    while (!(await web.outbox()).every((e) => e.status === 'sent')) await new Promise((resolve) => setTimeout(resolve, 10));
    const paidTo = tg.fake.callsTo('sendMessage').filter(isPaid).map((call) => String(call.body.chat_id));
    expect(paidTo.sort()).to.deep.equal([String(GROUP.id), String(MERCHANT.id)].sort());
  });
});
