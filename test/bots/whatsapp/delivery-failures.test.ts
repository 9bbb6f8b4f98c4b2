/**
 * Rejections WhatsApp reports only after sendMessage resolved: rc14 turns an
 * ack carrying an error into `messages.update` with status ERROR
 * (Socket/messages-recv.js `handleBadAck`), and says not to retry 463.
 */
import { expect } from 'chai';
import { receipt } from '../../notify/fixtures.ts';
import { REJECTED } from './fake-socket.ts';
import { CUSTOMER, CUSTOMER_JID, Harness, SHOP, SHOP_JID, textMessage } from './harness.ts';

describe('WhatsApp delivery failures (messages.update ERROR)', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await Harness.create();
    await h.connect();
  });

  afterEach(async function () {
    await h.close();
  });

  it('463 on the card posted into a customer\'s chat: recorded as failed, not resent, and the merchant is told plainly in their own chat', async function () {
    h.wa.last.receive([textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, '/newlink Kaos 150000')]);
    await h.settle();
    const card = h.wa.last.sent.find((s) => s.jid === CUSTOMER_JID)!;
    expect(h.wa.last.textsTo(SHOP_JID)).to.deep.equal([]);

    h.wa.last.nack(card.id, REJECTED.restricted);
    await h.settle(60_000);

    expect(h.wa.last.sent.filter((s) => s.jid === CUSTOMER_JID), 'not resent').to.have.length(1);
    const told = h.wa.last.textsTo(SHOP_JID);
    expect(told).to.have.length(1);
    expect(told[0]).to.include(`+${CUSTOMER}`).and.include('463').and.include('tidak dikirim ulang');
    expect(told[0]).to.match(/membatasi akun ini untuk memulai chat baru/);
    expect(h.bot.status().rejections).to.deep.equal({ count: 1, lastCode: '463' });
    expect(h.logs.lines.filter((l) => l.level >= 50).map((l) => l.msg).join('\n')).to.match(/refused to deliver a message[\s\S]*not be resent/);
  });

  it('479 on a receipt the outbox sent: the merchant hears it in their language, once, even if the update repeats', async function () {
    h.wa.last.receive([textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/lang en')]);
    await h.settle();
    const before = h.wa.last.textsTo(SHOP_JID).length;
    await h.bot.sender.send(CUSTOMER_JID, receipt(), 'id', `whatsapp:${SHOP}`);
    const sent = h.wa.last.sent.find((s) => s.jid === CUSTOMER_JID)!;

    h.wa.last.nack(sent.id, REJECTED.smaxInvalid);
    h.wa.last.nack(sent.id, REJECTED.smaxInvalid);
    await h.settle(60_000);

    const told = h.wa.last.textsTo(SHOP_JID).slice(before);
    expect(told).to.have.length(1);
    expect(told[0]).to.match(/WhatsApp did not deliver[\s\S]*\+6281200000003[\s\S]*479[\s\S]*will not be resent/);
    expect(h.wa.last.sent.filter((s) => s.jid === CUSTOMER_JID)).to.have.length(1);
  });

  it('a rejected message with no merchant behind it is only logged', async function () {
    await h.bot.sender.send(CUSTOMER_JID, receipt(), 'id', null);
    const sent = h.wa.last.sent.find((s) => s.jid === CUSTOMER_JID)!;
    h.wa.last.nack(sent.id, REJECTED.restricted);
    await h.settle(60_000);
    expect(h.wa.last.textsTo(SHOP_JID)).to.deep.equal([]);
    expect(h.bot.status().rejections).to.deep.equal({ count: 1, lastCode: '463' });
  });
});
