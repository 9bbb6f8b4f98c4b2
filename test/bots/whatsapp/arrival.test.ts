/**
 * Which upserts are news, checked on messages built by rc14's own functions
 * where it has them (a sent message from generateWAMessageFromContent, a
 * WebMessageInfo whose timestamp protobuf turns into a Long).
 */
import { expect } from 'chai';
import { generateWAMessageFromContent, proto, WAMessageStatus } from '@whiskeysockets/baileys';
import { arrivalOf, OFFLINE_COMMAND_MAX_AGE_MS } from '../../../bots/whatsapp/arrival.ts';
import type { WaMessage } from '../../../bots/whatsapp/socket.ts';
import { SHOP_JID, textMessage } from './harness.ts';

describe('WhatsApp arrival (notify, append, own sends)', function () {
  const now = Date.parse('2026-11-24T03:00:00.000Z');

  it('runs live messages and ones typed offline within the bound, flags older ones, skips history without a time', function () {
    const typed = (msAgo: number) => textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/links', now - msAgo);
    expect(arrivalOf('notify', typed(0), now)).to.equal('run');
    expect(arrivalOf('notify', typed(3 * OFFLINE_COMMAND_MAX_AGE_MS), now), 'a live message is never too old').to.equal('run');
    expect(arrivalOf('append', typed(OFFLINE_COMMAND_MAX_AGE_MS), now)).to.equal('run');
    expect(arrivalOf('append', typed(OFFLINE_COMMAND_MAX_AGE_MS + 1_000), now)).to.equal('late');
    const { messageTimestamp: _dropped, ...untimed } = typed(0);
    expect(arrivalOf('append', untimed, now)).to.equal('skip');
    expect(arrivalOf('history', typed(0), now)).to.equal('skip');
  });

  it('reads a protobuf Long timestamp', function () {
    const info = proto.WebMessageInfo.fromObject({ key: { remoteJid: SHOP_JID, fromMe: true, id: 'L1' }, messageTimestamp: Math.floor((now - 60_000) / 1000) });
    expect(typeof info.messageTimestamp).to.not.equal('number');
    expect(arrivalOf('append', info as WaMessage, now)).to.equal('run');
  });

  it('skips this socket\'s own sends as rc14 echoes them (status PENDING), but not the account\'s messages from its phone', function () {
    const sent = generateWAMessageFromContent(SHOP_JID, { conversation: 'Link #1 dibuat' }, { userJid: `${SHOP_JID.split('@')[0]}:7@s.whatsapp.net` });
    expect(sent.status).to.equal(WAMessageStatus.PENDING);
    expect(arrivalOf('append', sent as WaMessage, now)).to.equal('skip');
    expect(arrivalOf('notify', sent as WaMessage, now)).to.equal('skip');
    const fromPhone = textMessage({ remoteJid: SHOP_JID, fromMe: true }, '/links', now);
    expect(fromPhone.status).to.equal(WAMessageStatus.SERVER_ACK);
    expect(arrivalOf('append', fromPhone, now)).to.equal('run');
  });
});
