/**
 * WhatsApp asks the sender again for a message a recipient's device could
 * not decrypt (a retry receipt); rc14 answers from its own short-lived cache
 * first, then from `getMessage` (Socket/messages-recv.js `sendMessagesAgain`).
 * After a restart only `getMessage` is left, so what tagih sent must outlive
 * the process, within a bound.
 */
import { expect } from 'chai';
import { proto } from '@whiskeysockets/baileys';
import { baileysMessageCodec } from '../../../bots/whatsapp/baileys-socket.ts';
import { SentMessages } from '../../../bots/whatsapp/sent-messages.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../src/store/ports.ts';
import { FakeScheduler } from './fake-scheduler.ts';
import { CUSTOMER_JID, Harness, SHOP_JID, textMessage } from './harness.ts';

describe('WhatsApp sent messages (getMessage for retry requests)', function () {
  it('answers a retry request for a message sent before a restart', async function () {
    const store = openSqliteStore({ path: ':memory:' });
    const clock = new FakeScheduler();
    const first = await Harness.create({ store, scheduler: clock });
    await first.connect();
    first.wa.last.receive([textMessage({ remoteJid: CUSTOMER_JID, fromMe: true }, '/newlink Kaos 150000')]);
    await first.settle();
    const card = first.wa.last.sent.find((s) => s.jid === CUSTOMER_JID)!;
    const { options } = first.wa.last;
    const before = await options.getMessage(card.id);
    expect(before?.imageMessage?.caption).to.include('Kaos');
    await first.close();

    const second = await Harness.create({ store, scheduler: clock, linked: false });
    try {
      await second.connect();
      const again = await second.wa.last.options.getMessage(card.id);
      expect(again, 'served from the store').to.not.equal(undefined);
      // What Baileys re-encrypts and sends: the same protobuf bytes.
      expect(proto.Message.encode(again!).finish()).to.deep.equal(proto.Message.encode(before!).finish());
      expect(await second.wa.last.options.getMessage('3EB0NEVERSENT')).to.equal(undefined);
    } finally {
      await second.close();
      await store.close();
    }
  });

  describe('the bound', function () {
    let store: Store;
    let now: number;
    const sent = (maxCount = 3) =>
      new SentMessages({ kv: store.kv, account: 'default', codec: baileysMessageCodec, now: () => now, maxCount, maxAgeMs: 60 * 60_000 });
    const text = (t: string) => ({ extendedTextMessage: { text: t } });

    beforeEach(function () {
      store = openSqliteStore({ path: ':memory:' });
      now = Date.parse('2026-11-24T03:00:00.000Z');
    });

    afterEach(async function () {
      await store.close();
    });

    it('keeps at most maxCount messages, the newest, across a restart', async function () {
      const first = sent();
      for (const id of ['A', 'B', 'C', 'D']) {
        await first.remember({ id, to: SHOP_JID, content: text(id), merchantId: null });
        now += 1_000;
      }
      const second = sent();
      expect(await second.content('A')).to.equal(undefined);
      for (const id of ['B', 'C', 'D']) expect((await second.content(id))?.extendedTextMessage?.text).to.equal(id);
      expect(await store.kv.keys('wa-sent', 'default:')).to.have.length(3);
    });

    it('forgets messages older than maxAgeMs', async function () {
      const messages = sent(10);
      await messages.remember({ id: 'OLD', to: SHOP_JID, content: text('old'), merchantId: null });
      now += 61 * 60_000;
      expect(await messages.content('OLD')).to.equal(undefined);
      await messages.remember({ id: 'NEW', to: SHOP_JID, content: text('new'), merchantId: null });
      const keys = await store.kv.keys('wa-sent', 'default:');
      expect(keys).to.have.length(1);
      expect(keys[0]).to.match(/^default:\d{15}:NEW$/);
    });
  });
});
