/**
 * The payment form (POST /p/:slug) over real HTTP, fed whatever a browser, a
 * bot or an attacker might post as name, phone and email, and on issue 17's
 * links as the open `amount`, the `quantity` and the answers `answer1`..:
 * huge values, control characters, RTL overrides, emoji, HTML, arrays and
 * nested keys. What must hold:
 *
 *  - never a 5xx: an invalid form is 422 with the form again (each value
 *    shown back exactly, escaped), a valid one is 303 to Snap, a body over
 *    the form limit is 413, a body that cannot be read is 400;
 *  - an invalid form reserves nothing and writes nothing;
 *  - a valid form holds a slot for exactly that customer.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import type { Link } from '../../src/domain/link.ts';
import { CONTACT_FIELDS, FIELDS, readForm, validateForm, type FieldName, type FormValues } from '../../src/web/customer-form.ts';
import { startHarness, type Harness } from '../web/harness.ts';
import { changedTables, runs, openFuzzBed, TROUBLEMAKERS, type FuzzBed } from './support.ts';

const FORM_LIMIT_BYTES = 8 * 1024;

let customers = 0;

/** Each post as a new customer: no cookie, an address of its own (the harness trusts loopback's X-Forwarded-For). */
function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> {
  customers += 1;
  const address = `198.19.${Math.floor(customers / 250) % 250}.${(customers % 250) + 1}`;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', 'x-forwarded-for': address, ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
    redirect: 'manual',
  });
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/** The value attribute of each form field as the page rendered it, unescaped. */
function renderedValues(page: string): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  for (const field of FIELDS) {
    const match = new RegExp(`<input [^>]*\\bname="${field}" value="([^"]*)"`).exec(page);
    if (match) out[field] = unescape(match[1]!);
  }
  return out;
}

const valid = {
  name: fc.constantFrom('Siti Rahayu', 'Budi', "O'Brien", 'Nguyễn Văn A', 'Ⓢiti', '李小龍'),
  phone: fc.constantFrom('081234567890', '+62 812-3456-7890', '6281234567891', '+14155550123', '+852 1234 5678', '+65 9123 4567'),
  email: fc.constantFrom('siti@mail.com', 'Budi.Santoso+tagih@Example.co.id', 'a@b.id'),
};
const hostile = fc.oneof(
  fc.constantFrom(...TROUBLEMAKERS),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u202Eanitis', 'Siti\u0007', 'Siti\nRahayu', '\u0000', ' ', '😀'.repeat(30), '<b>Siti</b>', 'siti@mail.com\r\nBcc: x@y.z'),
  fc.integer({ min: 200, max: 4_000 }).map((n) => 'A'.repeat(n)),
);
/** Any C0 control (tab and line breaks included), DEL or C1 control. */
const control = fc.oneof(fc.integer({ min: 0x00, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f })).map((c) => String.fromCharCode(c));
/** A valid value with control characters put in anywhere (an ESC sequence, a BEL, a pasted line break). */
const withControls = (good: fc.Arbitrary<string>) =>
  fc.tuple(good, fc.array(fc.tuple(fc.nat(), control), { minLength: 1, maxLength: 3 })).map(([value, inserts]) =>
    inserts.reduce((text, [at, c]) => {
      const i = at % (text.length + 1);
      return `${text.slice(0, i)}${c}${text.slice(i)}`;
    }, value),
  );
const fieldValue = (good: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: hostile }, { weight: 1, arbitrary: fc.constant('') });
const form = fc.record({ name: fieldValue(valid.name), phone: fieldValue(valid.phone), email: fieldValue(valid.email) });

/** Issue 17's fields: amounts as people write them (and not), quantities, answers. */
const offerValue = {
  amount: fc.oneof(
    fc.constantFrom('25000', '25.000', '25rb', 'Rp 1,5jt', '10rb', '5jt', 'Rp50.000,-', '100k'),
    fc.constantFrom('9999', '5.000.001', '6jt', 'abc', '-5', '25,5', '1e5', '0x10', '25 000 000', 'Infinity'),
    fc.integer({ min: 1, max: 6_000_000 }).map(String),
  ),
  quantity: fc.oneof(fc.integer({ min: 0, max: 7 }).map(String), fc.constantFrom('1.5', '-1', '999999', '+2', ' 3 ', '٣', '0x2', '2e0')),
  answer: fc.constantFrom('L', 'Jl. Melati 5, Bandung', 'Nguyễn Văn A', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'Baris\nbaru'),
};
const offerForm = fc.record({
  amount: fieldValue(offerValue.amount),
  quantity: fieldValue(offerValue.quantity),
  answer1: fieldValue(offerValue.answer),
  answer2: fieldValue(offerValue.answer),
});
const GOOD_CONTACT = { name: 'Siti Rahayu', phone: '081234567890', email: 'siti@mail.com' };

describe('fuzz: the payment form', function () {
  this.timeout(60_000);
  let bed: FuzzBed;
  let h: Harness;
  let open: Link;
  let named: Link;
  /** An open amount with bounds and presets, and two questions (one with markup in it). */
  let donation: Link;
  /** One item, a quantity of 1–5 from a stock, and a question. */
  let shirts: Link;

  before(async function () {
    bed = openFuzzBed('form');
    h = await startHarness({ store: bed.store, logger: bed.log.logger, rateLimit: { windowMs: 60_000, limit: 1_000_000 } });
    open = await h.createLink({ usageLimit: null, itemName: 'Kaos <b>Hitam</b>' });
    named = await h.createLink({ usageLimit: null, customer: { name: 'Siti "<Rahayu>"', email: 'siti@mail.com' } });
    donation = await h.createLink({
      usageLimit: null,
      itemName: 'Donasi <i>seikhlasnya</i>',
      price: null,
      offer: { open: { min: 10_000, max: 5_000_000, presets: [25_000, 50_000] }, questions: ['Atas nama', 'Pesan <b>doa</b>'] },
    });
    shirts = await h.createLink({ usageLimit: null, itemName: 'Kaos', price: 50_000, offer: { quantity: { min: 1, max: 5 }, stock: 1_000_000, questions: ['Ukuran (S/M/L)'] } });
  });

  after(async function () {
    await h.close();
    bed.remove();
  });

  afterEach(function () {
    expect(bed.log.atLeast(50), 'error lines logged').to.deep.equal([]);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });

  it('answers 422 with the form for invalid details and reserves nothing; 303 to Snap with a slot for valid ones', async function () {
    let reserved = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const encoded = new URLSearchParams(fields).toString();
        // What the server reads: URL encoding turns lone surrogates into U+FFFD.
        const received = Object.fromEntries(new URLSearchParams(encoded)) as Record<string, string>;
        const before = bed.reader.digest();
        const res = await post(`${h.url}/p/${open.slug}`, encoded);
        const page = await res.text();
        const changed = changedTables(before, bed.reader.digest());

        if (Buffer.byteLength(encoded) > FORM_LIMIT_BYTES) {
          expect(res.status).to.equal(413);
          expect(changed).to.deep.equal([]);
          return;
        }
        const values: FormValues = readForm(received);
        const verdict = validateForm(values, open, 'en');
        if (!verdict.ok) {
          refused += 1;
          expect(res.status, page.slice(0, 300)).to.equal(422);
          expect(page).to.contain('id="pay-form"');
          expect(changed, 'written for an invalid form').to.deep.equal([]);
          // What was typed comes back exactly (cut to 300 characters), as text, never as markup.
          expect(renderedValues(page)).to.deep.equal({ name: values.name, phone: values.phone, email: values.email });
          expect(page).to.not.match(/<(?:script|img|iframe)\b/i);
          for (const field of Object.keys(verdict.errors)) expect(page).to.contain(`id="${field}-error"`);
          return;
        }
        reserved += 1;
        expect(res.status, page.slice(0, 300)).to.equal(303);
        expect(res.headers.get('location')).to.match(/^http:\/\/127\.0\.0\.1:\d+\//);
        // A new slot, held for exactly the customer who filled in the form: from a new browser,
        // the same email typed again is someone else's checkout, never theirs handed back.
        expect(changed).to.include('orders');
        const orders = await h.store.orders.listByLink(open.id, 1_000);
        expect(orders[0]!.customer).to.deep.equal(verdict.customer);
        expect(orders[0]!).to.deep.include({ amount: 150_000, quantity: 1, answers: [] });
      }),
      runs(150),
    );
    expect(reserved, 'valid forms tried').to.be.greaterThan(5);
    expect(refused, 'invalid forms tried').to.be.greaterThan(5);
  });

  it('refuses a control character in any field with 422 saying so: nothing is written and nothing reaches Snap', async function () {
    const dirty = fc
      .record({ field: fc.constantFrom(...CONTACT_FIELDS), name: withControls(valid.name), phone: withControls(valid.phone), email: withControls(valid.email) })
      .map(({ field, ...dirtyValues }) => ({ field, fields: { name: 'Siti Rahayu', phone: '081234567890', email: 'siti@mail.com', [field]: dirtyValues[field] } }));
    await fc.assert(
      fc.asyncProperty(dirty, async ({ field, fields }) => {
        const snapCalls = h.sim.requests().length;
        const before = bed.reader.digest();
        const res = await post(`${h.url}/p/${open.slug}`, new URLSearchParams(fields).toString());
        const page = await res.text();
        expect(res.status, JSON.stringify(fields)).to.equal(422);
        expect(page).to.match(new RegExp(`id="${field}-error"[^>]*>[^<]*control character`));
        expect(changedTables(before, bed.reader.digest()), 'written').to.deep.equal([]);
        expect(h.sim.requests().length, 'calls to Midtrans').to.equal(snapCalls);
      }),
      runs(60),
    );
  });

  it('checks the open amount, quantity and answers: 422 with each value back (escaped) and nothing written, or 303 for exactly what was asked', async function () {
    let reserved = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('donation', 'shirts'), offerForm, async (which, offer) => {
        const link = which === 'donation' ? donation : shirts;
        const encoded = new URLSearchParams({ ...GOOD_CONTACT, ...offer }).toString();
        const received = Object.fromEntries(new URLSearchParams(encoded)) as Record<string, string>;
        const snapCalls = h.sim.requests().length;
        const before = bed.reader.digest();
        const res = await post(`${h.url}/p/${link.slug}`, encoded);
        const page = await res.text();
        const changed = changedTables(before, bed.reader.digest());
        expect(res.status, page.slice(0, 300)).to.be.below(500);
        if (Buffer.byteLength(encoded) > FORM_LIMIT_BYTES) {
          expect(res.status).to.equal(413);
          expect(changed).to.deep.equal([]);
          return;
        }
        const values = readForm(received);
        const verdict = validateForm(values, link, 'en');
        if (!verdict.ok) {
          refused += 1;
          expect(res.status, page.slice(0, 300)).to.equal(422);
          expect(changed, 'written for an invalid form').to.deep.equal([]);
          expect(h.sim.requests().length, 'calls to Midtrans').to.equal(snapCalls);
          const shown = renderedValues(page);
          const fields: FieldName[] = which === 'donation' ? ['amount', 'answer1', 'answer2'] : ['quantity', 'answer1'];
          for (const field of fields) expect(shown[field], field).to.equal(values[field]);
          expect(page).to.not.match(/<(?:script|img|iframe|b|i)\b/i);
          for (const field of Object.keys(verdict.errors)) expect(page).to.contain(`id="${field}-error"`);
          return;
        }
        reserved += 1;
        expect(res.status, page.slice(0, 300)).to.equal(303);
        const [order] = await h.store.orders.listByLink(link.id, 1);
        const tx = h.sim.transaction(order!.id)!;
        // What Snap was asked for is the order's amount, made of its items.
        expect(tx.grossAmount).to.equal(order!.amount);
        expect((tx.request.item_details ?? []).reduce((sum, item) => sum + item.price * item.quantity, 0)).to.equal(order!.amount);
        if (which === 'shirts') {
          expect(order!.amount).to.equal(50_000 * order!.quantity);
          expect(String(order!.quantity)).to.equal(values.quantity.trim());
          expect(order!.answers).to.have.length(1);
        } else {
          expect(order!.amount).to.be.within(10_000, 5_000_000);
          expect(order!.quantity).to.equal(1);
          expect(order!.answers).to.have.length(2);
        }
      }),
      runs(120),
    );
    expect(reserved, 'valid forms tried').to.be.greaterThan(5);
    expect(refused, 'invalid forms tried').to.be.greaterThan(5);
  });

  it('pays a named-customer link as that customer, whatever the form says', async function () {
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const encoded = new URLSearchParams(fields).toString();
        fc.pre(Buffer.byteLength(encoded) <= FORM_LIMIT_BYTES);
        const res = await post(`${h.url}/p/${named.slug}`, encoded);
        expect(res.status).to.equal(303);
        const customers = (await h.store.orders.listByLink(named.id, 1_000)).map((o) => o.customer);
        expect(customers).to.deep.equal(customers.map(() => named.customer));
      }),
      runs(30),
    );
  });

  it('treats repeated, bracketed and prototype keys as plain text fields, never as structure', async function () {
    const bodies: Array<[string, string]> = [
      ['an array', 'name=Siti&name=Budi&phone=081234567890&email=siti@mail.com'],
      ['an operator', 'name[$gt]=&phone[$ne]=x&email[$regex]=.*'],
      ['nested', 'name[first]=Siti&phone=081234567890&email=siti@mail.com'],
      ['prototype keys', '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&name=Siti&phone=081234567890&email=x'],
      ['a __proto__ field', '__proto__=Siti&phone=081234567890&email=siti@mail.com'],
      ['own-property names', 'hasOwnProperty=1&toString=2&valueOf=3&name=Siti&phone=1&email=x'],
    ];
    for (const [what, body] of bodies) {
      const before = bed.reader.digest();
      const res = await post(`${h.url}/p/${open.slug}`, body);
      expect(res.status, what).to.equal(422);
      expect(changedTables(before, bed.reader.digest()), what).to.deep.equal([]);
    }
    // Issue 17's fields likewise: an operator or a repeated key is no quantity, amount or answer at all.
    const contact = 'name=Siti&phone=081234567890&email=siti@mail.com';
    const offerBodies: Array<[string, Link, string]> = [
      ['a quantity operator', shirts, `${contact}&quantity[$gt]=0&answer1=L`],
      ['a repeated quantity', shirts, `${contact}&quantity=1&quantity=5&answer1=L`],
      ['a repeated answer', shirts, `${contact}&quantity=1&answer1=L&answer1=M`],
      ['an amount operator', donation, `${contact}&amount[$ne]=&answer1=a&answer2=b`],
      ['a prototype amount', donation, `${contact}&__proto__[amount]=25000&answer1=a&answer2=b`],
    ];
    for (const [what, link, body] of offerBodies) {
      const before = bed.reader.digest();
      const res = await post(`${h.url}/p/${link.slug}`, body);
      expect(res.status, what).to.equal(422);
      expect(changedTables(before, bed.reader.digest()), what).to.deep.equal([]);
    }
  });

  it('refuses what it cannot read with a 4xx page, never a 5xx', async function () {
    const good = new URLSearchParams({ name: 'Siti', phone: '081234567890', email: 'siti@mail.com' }).toString();
    const cases: Array<[string, Promise<Response>, number]> = [
      ['too many fields', post(`${h.url}/p/${open.slug}`, Array.from({ length: 30 }, (_, i) => `f${i}=1`).join('&')), 400],
      ['a corrupt gzip body', post(`${h.url}/p/${open.slug}`, 'not gzip', { 'content-encoding': 'gzip' }), 400],
      ['an unknown encoding', post(`${h.url}/p/${open.slug}`, good, { 'content-encoding': 'x-klingon' }), 400],
      ['an unknown charset', post(`${h.url}/p/${open.slug}`, good, { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' }), 400],
      ['a gzip bomb', post(`${h.url}/p/${open.slug}`, gzipSync(`name=${'x'.repeat(5_000_000)}`), { 'content-encoding': 'gzip' }), 413],
      ['JSON instead of a form', post(`${h.url}/p/${open.slug}`, JSON.stringify({ name: { $gt: '' } }), { 'content-type': 'application/json' }), 422],
    ];
    for (const [what, pending, status] of cases) {
      const before = bed.reader.digest();
      const res = await pending;
      expect(res.status, what).to.equal(status);
      expect(res.headers.get('content-type'), what).to.match(/^text\/html/);
      expect(changedTables(before, bed.reader.digest()), what).to.deep.equal([]);
    }
  });
});
