import { expect } from 'chai';
import {
  callbackUpdate,
  CUSTOMER,
  GROUP,
  MERCHANT,
  OTHER_MERCHANT,
  privateChat,
  startHarness,
  STRANGER,
  textOf,
  textUpdate,
  type Harness,
} from './harness.ts';

/** What anyone who is not a merchant hears: how to pay, never the merchant's commands or data. */
const REFUSAL_ID = 'Halo! Bot ini mengirim link pembayaran dari penjual';
const REFUSAL_EN = 'Hello! This bot sends payment links from the seller';

describe('Telegram bot: who may use it', function () {
  let h: Harness;

  afterEach(async function () {
    await h.close();
  });

  describe('with MERCHANT_TELEGRAM_IDS', function () {
    beforeEach(async function () {
      h = await startHarness({ merchantIds: [String(MERCHANT.id), String(OTHER_MERCHANT.id)] });
      await h.feed(textUpdate('/newlink Kaos Rahasia 150000'));
    });

    it('has no setup code', function () {
      expect(h.bot.setupCode).to.equal(null);
      expect(h.bot.setupLink).to.equal(null);
    });

    it('answers everyone else with how to pay, in their language, revealing nothing of the merchant', async function () {
      for (const text of ['/links', '/link 1', '/newlink Kaos 150000', '/help', 'halo']) {
        const calls = await h.callsDuring(() => h.feed(textUpdate(text, STRANGER)));
        expect(calls, text).to.have.length(1);
        expect(textOf(calls[0]!)).to.match(new RegExp(`^${REFUSAL_EN}`));
        expect(textOf(calls[0]!)).to.not.include('Kaos').and.not.include('#1');
        expect(calls[0]!.body).to.not.have.property('reply_markup');
      }
      const [indonesian] = await h.callsDuring(() => h.feed(textUpdate('/links', CUSTOMER)));
      expect(textOf(indonesian!)).to.match(new RegExp(`^${REFUSAL_ID}`));
      expect((await h.links.list('telegram:300', { page: 1, pageSize: 5, all: true })).items).to.have.length(0);
    });

    it('stays quiet in a group unless a stranger uses a command', async function () {
      expect(await h.callsDuring(() => h.feed(textUpdate('kapan dikirim?', CUSTOMER, GROUP)))).to.have.length(0);
      const [refusal] = await h.callsDuring(() => h.feed(textUpdate('/links', CUSTOMER, GROUP)));
      expect(textOf(refusal!)).to.match(new RegExp(`^${REFUSAL_ID}`));
    });

    it('keeps each merchant to their own links', async function () {
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      const [list] = await h.callsDuring(() => h.feed(textUpdate('/links', OTHER_MERCHANT)));
      expect(textOf(list!)).to.include('Belum ada link aktif');
      for (const text of [`/link ${link.slug}`, `/delete ${link.orderId} ya`, `/qr ${link.slug}`]) {
        const [reply] = await h.callsDuring(() => h.feed(textUpdate(text, OTHER_MERCHANT)));
        expect(textOf(reply!), text).to.match(/^❌ Link ".+" tidak ditemukan/);
        expect(reply!.method).to.equal('sendMessage');
      }
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');
    });
  });

  describe('without MERCHANT_TELEGRAM_IDS (owner setup)', function () {
    beforeEach(async function () {
      h = await startHarness({ merchantIds: [] });
    });

    it('makes a one-time code at start that every process agrees on', async function () {
      const code = h.bot.setupCode;
      expect(code).to.match(/^[A-Za-z0-9_-]{16}$/);
      expect(h.bot.setupLink).to.equal(`https://t.me/${h.fake.bot.username}?start=${code}`);
      const second = await startHarness({ merchantIds: [], store: h.store });
      expect(second.bot.setupCode).to.equal(code);
      await second.close({ store: true });
    });

    it('refuses everyone until the code is used; a wrong code is refused the same way', async function () {
      const [before] = await h.callsDuring(() => h.feed(textUpdate('/links', MERCHANT)));
      expect(textOf(before!)).to.match(new RegExp(`^${REFUSAL_ID}`));
      const [wrong] = await h.callsDuring(() => h.feed(textUpdate('/start AAAAAAAAAAAAAAAA', MERCHANT)));
      expect(textOf(wrong!)).to.equal(textOf(before!));
    });

    it('makes the first user with the code the owner, once; the code is then spent', async function () {
      const code = h.bot.setupCode!;
      const [welcome] = await h.callsDuring(() => h.feed(textUpdate(`/start ${code}`, MERCHANT)));
      expect(textOf(welcome!)).to.include('Anda sekarang pemilik bot tagih ini');
      const [created] = await h.callsDuring(() => h.feed(textUpdate('/newlink Kaos 150000', MERCHANT)));
      expect(created!.method).to.equal('sendPhoto');

      const [late] = await h.callsDuring(() => h.feed(textUpdate(`/start ${code}`, STRANGER)));
      expect(textOf(late!)).to.match(new RegExp(`^${REFUSAL_EN}`));
      const [links] = await h.callsDuring(() => h.feed(textUpdate('/links', STRANGER)));
      expect(textOf(links!)).to.match(new RegExp(`^${REFUSAL_EN}`));

      const restarted = await startHarness({ merchantIds: [], store: h.store });
      expect(restarted.bot.setupCode).to.equal(null);
      await restarted.close({ store: true });
    });

    it('lets only one of two users racing with the code win', async function () {
      const code = h.bot.setupCode!;
      const other = await startHarness({ merchantIds: [], store: h.store });
      await Promise.all([h.feed(textUpdate(`/start ${code}`, MERCHANT)), other.feed(textUpdate(`/start ${code}`, STRANGER))]);
      const replies = [...h.fake.chatCalls(), ...other.fake.chatCalls()].map(textOf);
      expect(replies.filter((t) => t.includes('pemilik bot') || t.includes('You now own'))).to.have.length(1);
      expect(replies.filter((t) => t.startsWith(REFUSAL_ID) || t.startsWith(REFUSAL_EN))).to.have.length(1);
      await other.close({ store: true });
    });

    it('does not take the code in a group, where others could read it', async function () {
      const [reply] = await h.callsDuring(() => h.feed(textUpdate(`/start ${h.bot.setupCode!}`, MERCHANT, GROUP)));
      expect(textOf(reply!)).to.match(new RegExp(`^${REFUSAL_ID}`));
      expect(h.bot.setupCode).to.not.equal(null);
    });
  });

  describe('buttons', function () {
    beforeEach(async function () {
      h = await startHarness();
      await h.feed(textUpdate('/newlink Kaos 150000'));
    });

    it('answers the press first, then runs the command for whoever pressed', async function () {
      const calls = await h.callsDuring(() => h.feed(callbackUpdate('/qr 1')));
      expect(calls.map((c) => c.method)).to.deep.equal(['answerCallbackQuery', 'sendPhoto']);
      expect(calls[0]!.body).to.not.have.property('text');
      expect(calls[1]!.body.chat_id).to.equal(String(MERCHANT.id));
    });

    it('a stale button gets the runner’s clear message', async function () {
      await h.feed(textUpdate('/delete 1 ya'));
      const calls = await h.callsDuring(() => h.feed(callbackUpdate('/delete 1 ya')));
      expect(calls[0]!.method).to.equal('answerCallbackQuery');
      expect(textOf(calls[1]!)).to.match(/^❌ Link #1 tidak ditemukan|dihapus/);
      const gone = await h.callsDuring(() => h.feed(callbackUpdate('/link 7')));
      expect(textOf(gone[1]!)).to.equal('❌ Link "#7" tidak ditemukan. Lihat daftar link Anda dengan /links.');
    });

    it('another merchant pressing a button with this merchant’s link gets “not found”', async function () {
      const { link } = await h.links.find('telegram:100', { kind: 'number', value: 1 });
      const calls = await h.callsDuring(() => h.feed(callbackUpdate(`/delete ${link.slug} ya`, OTHER_MERCHANT)));
      // The pressed message is not one Telegram has (a made-up update): the edit is refused and the answer comes as a new message.
      expect(calls.map((c) => [c.method, c.answer])).to.deep.equal([['answerCallbackQuery', 200], ['editMessageText', 400], ['sendMessage', 200]]);
      expect(textOf(calls[2]!)).to.match(/tidak ditemukan/);
      expect((await h.links.find('telegram:100', { kind: 'number', value: 1 })).state).to.equal('active');
    });

    it('a stranger pressing a button only gets a short refusal on the button', async function () {
      const calls = await h.callsDuring(() => h.feed(callbackUpdate('/link 1', STRANGER, privateChat(STRANGER))));
      expect(calls.map((c) => c.method)).to.deep.equal(['answerCallbackQuery']);
      expect(calls[0]!.body.text).to.equal('This button is for the seller only.');
    });
  });
});
