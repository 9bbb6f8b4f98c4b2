/**
 * A shop’s team on WhatsApp (issue 18): a number that sends the owner’s
 * invite code joins as staff; and a group as the team chat: the linked account
 * types `/notif di sini` in a group it is in (a `…@g.us` chat, as Baileys
 * rc14 names groups), the answer goes to that group, and the outbox's
 * WhatsApp sender delivers notices there. Nothing else is run in a group.
 */
import { expect } from 'chai';
import { orderEvent } from '../../notify/fixtures.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { Team } from '../../../src/team/team.ts';
import { Harness, SHOP, SHOP_JID, STRANGER_JID, textMessage } from './harness.ts';

const GROUP_JID = '120363025246125486@g.us';

describe('WhatsApp: a shop’s team, and a group as its team chat (issue 18)', function () {
  let h: Harness;

  beforeEach(async function () {
    const store = openSqliteStore({ path: ':memory:' });
    h = await Harness.create({ store, runner: { team: new Team({ store: store.team }) } });
    await h.connect();
  });

  afterEach(async function () {
    await h.close();
    await h.store.close();
  });

  it('makes the group the team chat when the linked account sends /notif di sini there, and answers in the group', async function () {
    h.wa.last.receive([textMessage({ remoteJid: GROUP_JID, fromMe: true }, '/notif di sini')]);
    await h.settle();
    const [sent, ...rest] = h.wa.last.sent;
    expect(rest).to.have.length(0);
    expect(sent!.jid).to.equal(GROUP_JID);
    expect(JSON.stringify(sent!.content)).to.contain('juga dikirim ke chat ini');
    expect((await h.store.team.shop(`whatsapp:${SHOP}`))!.notices).to.deep.equal({ chat: { channel: 'whatsapp', chatId: GROUP_JID }, mode: 'also' });
  });

  it('runs nothing else in a group, and nothing another member types', async function () {
    h.wa.last.receive([
      textMessage({ remoteJid: GROUP_JID, fromMe: true }, '/links'),
      textMessage({ remoteJid: GROUP_JID, fromMe: false }, '/notif di sini'),
    ]);
    await h.settle();
    expect(h.wa.last.sent).to.have.length(0);
    expect(await h.store.team.shop(`whatsapp:${SHOP}`)).to.equal(null);
  });

  it('makes a number that sends the owner’s invite code staff: its links are the shop’s, made by its name', async function () {
    h.wa.last.receive([textMessage({ remoteJid: STRANGER_JID }, '/newlink Kaos 150000')]);
    await h.settle();
    expect(h.wa.last.sent, 'a stranger gets no answer').to.have.length(0);

    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/staff tambah')]);
    await h.settle();
    const code = /\/start (tim_[A-Za-z0-9_-]+)/.exec(JSON.stringify(h.wa.last.sent.at(-1)!.content))![1]!;

    h.wa.last.receive([{ ...textMessage({ remoteJid: STRANGER_JID }, `/start ${code}`), pushName: 'Sari' }]);
    await h.settle();
    const welcome = h.wa.last.sent.at(-1)!;
    expect(welcome.jid).to.equal(STRANGER_JID);
    expect(JSON.stringify(welcome.content)).to.contain('Selamat datang, Sari');

    h.wa.last.receive([textMessage({ remoteJid: STRANGER_JID }, '/newlink Kaos 150000')]);
    await h.settle();
    const { link } = await h.links.find(`whatsapp:${SHOP}`, { kind: 'number', value: 1 });
    expect(link).to.include({ merchantId: `whatsapp:${SHOP}`, notifyChatId: STRANGER_JID });
    expect(link.createdBy).to.deep.equal({ userId: `whatsapp:${STRANGER_JID.split('@')[0]}`, name: 'Sari' });
  });

  it('delivers the shop’s payment news to the group through the bot’s sender', async function () {
    const sending = h.bot.sender.send(GROUP_JID, orderEvent('paid'), 'id', `whatsapp:${SHOP}`);
    await h.settle();
    await sending;
    expect(h.wa.last.sent.map((s) => s.jid)).to.deep.equal([GROUP_JID]);
  });
});
