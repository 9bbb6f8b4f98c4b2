/**
 * A shop's team in Telegram (issue 18), over the fake Bot API: the owner's
 * invite deep link makes a stranger staff, staff make links for the owner's
 * shop, a removed member is a stranger again, and `/notif di sini` in a group
 * sends the shop's payment news there.
 */
import { expect } from 'chai';
import { Team } from '../../../src/team/team.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { GROUP, MERCHANT, STRANGER, privateChat, startHarness, textOf, textUpdate, type Harness } from './harness.ts';

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
