/**
 * Names people type are text everywhere they are shown. An item called
 * `<script>alert(1)</script>`, a customer called `"><img src=x onerror=…>`,
 * a merchant called `{{7*7}}`: every customer page (pay, named customer,
 * form errors, payment-could-not-start, done, expired, sold out, deleted)
 * shows them escaped, every email shows them escaped, and every chat message
 * carries them as they were typed, in plain text: Telegram without any
 * parse_mode (so nothing is read as markup), WhatsApp as is.
 */
import { expect } from 'chai';
import { toWhatsApp } from '../../bots/whatsapp/format.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { OrderEvent } from '../../src/domain/order.ts';
import { renderEmail } from '../../src/notify/email-texts.ts';
import type { Notice } from '../../src/notify/notices.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import { storedNotice } from '../../src/notify/notices.ts';
import { escapeHtml } from '../../src/escape-html.ts';
import { startHarness as startTelegram, type Harness as TelegramHarness, inlineQueryUpdate, textUpdate, textOf } from '../bots/telegram/harness.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { linkShare, orderEvent, receipt } from '../notify/fixtures.ts';
import { CUSTOMER, MERCHANT, MINUTE, postForm, startHarness, type Harness } from '../web/harness.ts';

/** Each fits the 50-character limits on item, customer and merchant names. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '{{7*7}}',
  '${7*7}',
  '</title><b>&amp;</b>',
] as const;

/** The name appears, escaped, and never as raw markup. */
function expectEscaped(page: string, name: string, where: string): void {
  if (/[<>"'&]/.test(name)) expect(page, `${where}: raw ${name}`).to.not.contain(name);
  expect(page, `${where}: ${name} shown`).to.contain(escapeHtml(name));
  expect(page, where).to.not.match(/<script\b|<img\b|<svg onload/i);
}

const EVENTS: OrderEvent[] = ['paid', 'expired', 'cancelled', 'failed', 'reversed', 'refunded', 'underpaid'];

/** Every notice the outbox can carry, naming `name` as item, customer and merchant. */
function noticesNaming(name: string): Notice[] {
  const customer = { name, phone: '6281234567890', email: 'budi@mail.com' };
  return [
    ...EVENTS.map((event) => orderEvent(event, { link: { itemName: name }, order: { customer } })),
    { ...receipt({ customer }), link: { ...receipt().link, itemName: name }, merchantName: name },
    { ...linkShare({ link: { itemName: name }, customerName: name }), merchantName: name },
  ];
}

describe('markup: names are text on every page and in every message', function () {
  this.timeout(60_000);

  for (const name of HOSTILE) {
    describe(`named ${JSON.stringify(name)}`, function () {
      let h: Harness;

      beforeEach(async function () {
        h = await startHarness({ merchantName: name, rateLimit: { windowMs: MINUTE, limit: 1_000 } });
      });

      afterEach(async function () {
        await h.close();
      });

      async function page(path: string, expected: number): Promise<string> {
        const res = await fetch(`${h.url}${path}`, { redirect: 'manual' });
        expect(res.status, path).to.equal(expected);
        return res.text();
      }

      it('escapes it on the pay page, the form with errors, the done pages and the sold-out page', async function () {
        const link = await h.createLink({ itemName: name, usageLimit: 1 });
        expectEscaped(await page(`/p/${link.slug}`, 200), name, 'pay page');

        const invalid = await postForm(`${h.url}/p/${link.slug}`, { name, phone: `${name}0812`, email: name });
        expect(invalid.status).to.equal(422);
        expectEscaped(await invalid.text(), name, 'form with errors');

        const started = await postForm(`${h.url}/p/${link.slug}`, { ...CUSTOMER, name });
        expect(started.status).to.equal(303);
        const [order] = await h.store.orders.listByLink(link.id, 1);
        expect(order!.customer.name).to.equal(name);
        expectEscaped(await page(`/p/${link.slug}/done?order=${order!.id}`, 200), name, 'done page (pending)');
        expectEscaped(await page(`/p/${link.slug}`, 409), name, 'sold-out page');

        await h.sim.pay(order!.id, 'qris');
        await h.sim.idle();
        expect((await h.links.order(order!.id))!.status).to.equal('paid');
        expectEscaped(await page(`/p/${link.slug}/done?order=${order!.id}`, 200), name, 'done page (paid)');
        // The merchant's notice carries the names as typed.
        const [notice] = await h.outbox();
        expect(JSON.stringify(notice!.notice)).to.contain(JSON.stringify(name).slice(1, -1));
      });

      it('escapes it on the page of a link made for a named customer', async function () {
        const link = await h.createLink({ itemName: name, customer: { name, email: 'siti@mail.com', phone: '081234567890' } });
        const shown = await page(`/p/${link.slug}`, 200);
        expectEscaped(shown, name, 'named-customer page');
        expect(shown).to.contain('id="customer"');
      });

      it('escapes it on the expired and deleted pages', async function () {
        const expiring = await h.createLink({ itemName: name, expiresAt: new Date(h.now().getTime() + MINUTE) });
        const deleted = await h.createLink({ itemName: name });
        await h.links.delete(MERCHANT.merchantId, { kind: 'text', value: deleted.slug });
        h.advance(2 * MINUTE);
        expectEscaped(await page(`/p/${expiring.slug}`, 410), name, 'expired page');
        expectEscaped(await page(`/p/${deleted.slug}`, 410), name, 'deleted page');
        expectEscaped(await page(`/p/no-such-${'x'.repeat(5)}`, 404), name, 'unknown link page (merchant name)');
      });

      it("escapes it as a rich link's item, question, answer and thank-you: pay page, form errors, done page, notice and email (issue 17)", async function () {
        const link = await h.createLink({
          itemName: 'Paket',
          price: null,
          usageLimit: null,
          offer: { items: [{ name, price: 10_000 }, { name: 'Topi', price: 5_000 }], questions: [name], thanks: name },
        });
        expectEscaped(await page(`/p/${link.slug}`, 200), name, 'pay page with items and a question');

        const unanswered = await postForm(`${h.url}/p/${link.slug}`, { ...CUSTOMER });
        expect(unanswered.status).to.equal(422);
        expectEscaped(await unanswered.text(), name, 'form with the question unanswered');

        const started = await postForm(`${h.url}/p/${link.slug}`, { ...CUSTOMER, answer1: name });
        expect(started.status).to.equal(303);
        const [order] = await h.store.orders.listByLink(link.id, 1);
        expect(order!.answers).to.deep.equal([name]);
        await h.sim.pay(order!.id, 'qris');
        await h.sim.idle();
        await h.notifications.drain();
        expectEscaped(await page(`/p/${link.slug}/done?order=${order!.id}`, 200), name, 'done page with the thank-you');

        // The paid notice carries question and answer as typed, in plain text; its email escapes them.
        const entry = (await h.outbox()).find((e) => e.key === `${order!.id}:paid:merchant`)!;
        expect(renderNotice(storedNotice(entry.notice), 'id').text).to.contain(`${name}: ${name}`);
        const email = renderEmail(storedNotice(entry.notice), 'id');
        expectEscaped(email.html, name, 'email of the paid notice');
        expect(email.text).to.contain(`${name}: ${name}`);
      });

      it('escapes what the customer typed in the retry form when the payment cannot start', async function () {
        const link = await h.createLink({ itemName: name, usageLimit: null });
        h.sim.failNext('snap', { status: 503 });
        const res = await postForm(`${h.url}/p/${link.slug}`, { ...CUSTOMER, name });
        expect(res.status).to.equal(503);
        const shown = await res.text();
        expectEscaped(shown, name, 'payment-not-started page');
        expect(shown).to.contain(`name="name" value="${escapeHtml(name)}"`);
      });
    });
  }

  describe('email', function () {
    for (const name of HOSTILE) {
      it(`escapes ${JSON.stringify(name)} in the HTML part of every notice and keeps it as typed in the text part`, function () {
        for (const notice of noticesNaming(name)) {
          for (const locale of ['id', 'en'] as Locale[]) {
            const mail = renderEmail(notice, locale);
            expectEscaped(mail.html, name, `${notice.kind} ${locale} html`);
            expect(mail.text, `${notice.kind} ${locale} text`).to.contain(name);
            expect(mail.subject).to.not.match(/[\r\n]/);
          }
        }
      });
    }
  });

  describe('WhatsApp', function () {
    for (const name of HOSTILE) {
      it(`sends ${JSON.stringify(name)} as typed, in plain text`, async function () {
        for (const notice of noticesNaming(name)) {
          const message = renderNotice(notice, 'id');
          const out = await toWhatsApp(message, 'id');
          const text = 'text' in out ? out.text : out.caption;
          expect(text, notice.kind).to.contain(name);
          expect(text, notice.kind).to.not.contain('&lt;').and.not.contain('&quot;');
        }
      });
    }
  });

  describe('Telegram', function () {
    let tg: TelegramHarness;

    before(async function () {
      // Notices go straight to the sender here, past tagih's pacing, so Telegram's flood limit is off: this is about markup.
      tg = await startTelegram({ delivery: { emailEnabled: false }, fake: await FakeTelegram.start({ flood: { perSecond: null } }) });
    });

    after(async function () {
      await tg.close();
    });

    /**
     * Every call that puts text in a chat, checked for markup settings: never a parse_mode, and no entity but
     * the bold headline tagih places itself by offset (nothing typed is read as markup).
     */
    function expectPlain(calls: ReturnType<TelegramHarness['fake']['callsTo']>): void {
      for (const call of calls) {
        expect(call.body, call.method).to.not.have.any.keys('parse_mode');
        for (const key of ['entities', 'caption_entities']) {
          const entities = (call.body[key] ?? []) as Array<{ type: string; offset: number }>;
          expect(entities.map((e) => [e.type, e.offset]), `${call.method} ${key}`).to.satisfy((list: Array<[string, number]>) => list.every(([type, offset]) => type === 'bold' && offset === 0));
        }
        const results = call.body['results'];
        if (Array.isArray(results)) {
          for (const result of results as Array<Record<string, unknown>>) {
            const content = result['input_message_content'] as Record<string, unknown> | undefined;
            expect(result, 'inline result').to.not.have.any.keys('parse_mode', 'caption_entities');
            if (content) expect(content, 'inline message').to.not.have.any.keys('parse_mode', 'entities');
          }
        }
      }
    }

    for (const name of HOSTILE) {
      it(`shows ${JSON.stringify(name)} as typed, with no parse_mode, in replies, cards, inline results and notices`, async function () {
        const { link } = await tg.links.create({ merchantId: 'telegram:100', via: 'telegram', notifyChatId: '100', itemName: name, price: 150_000, customer: { name, email: 'siti@mail.com' } });
        const calls = await tg.callsDuring(async () => {
          for (const text of [`/link ${link.number}`, '/links', `/qr ${link.number}`, `/delete ${link.number}`]) await tg.feed(textUpdate(text));
          await tg.feed(inlineQueryUpdate(String(link.number)));
          for (const notice of noticesNaming(name)) {
            await tg.bot.sender.send('100', notice, 'id', 'telegram:100');
          }
        });
        expect(calls.length).to.be.greaterThan(10);
        expectPlain(calls);
        const said = calls.map((call) => `${textOf(call)}${JSON.stringify(call.body['results'] ?? '')}`).join('\n');
        expect(said).to.contain(name);
        // Not HTML-escaped either: Telegram shows plain text as it is.
        if (escapeHtml(name) !== name) expect(said).to.not.contain(escapeHtml(name));
      });
    }
  });
});
