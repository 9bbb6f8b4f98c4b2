/**
 * POST /webhooks/midtrans over real HTTP against the real web app and an
 * embedded store, fed what Midtrans never sends: random JSON, the signed
 * fields with the wrong types, bodies that are not JSON, the wrong content
 * types, oversized and badly encoded bodies, Unicode tricks and
 * prototype-pollution keys. What must hold for every one of them:
 *
 *  - the answer is one of the designed ones (200 stored, 400 not a
 *    notification, 401 bad signature, 405 wrong method, 413 too big), always
 *    a small JSON body, never a 5xx and never a redirect;
 *  - anything but 200 writes nothing at all, and a 200 for an order we do not
 *    know writes only the inbox entry;
 *  - nothing a body says reaches Object.prototype.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { MidtransStatusBody } from '../../src/midtrans/types.ts';
import { NOTIFICATION_SAMPLES, signed } from '../midtrans/fixtures/notifications.ts';
import { SERVER_KEY, startHarness, type Harness } from '../web/harness.ts';
import { changedTables, runs, openFuzzBed, TROUBLEMAKERS, type Digest, type FuzzBed } from './support.ts';

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** One raw request, headers exactly as given (fetch would add or refuse some). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined && !options.chunked) headers['content-length'] = String(body.length);
    const req = request(url, { method: options.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    if (body !== undefined && options.chunked) {
      for (let i = 0; i < body.length; i += 16_384) req.write(body.subarray(i, i + 16_384));
      req.end();
    } else req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json', 'user-agent': 'Veritrans' };
const DESIGNED = [200, 400, 401, 405, 413];

/** A signed notification for an order nobody created, with `fields` changed before signing. */
function signedFor(fields: Partial<Record<keyof MidtransStatusBody, unknown>>): Record<string, unknown> {
  return signed(NOTIFICATION_SAMPLES.qrisSettlement, SERVER_KEY, fields as Partial<MidtransStatusBody>) as Record<string, unknown>;
}

/** Strings Midtrans would never put in a field, but a forger or a broken proxy might. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(...TROUBLEMAKERS),
  fc.constantFrom('', ' ', '.', '..', '/', '%2e%2e', 'a'.repeat(5_000), '\u202E1234', '150000.00\u0000'),
);
/** Anything JSON can hold that is not a string: the types Midtrans never sends in these fields. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('$gt', '$ne', '$where', '__proto__', 'constructor', 'toString', 'a'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);
const pollutingMembers = fc.constantFrom(
  '"__proto__":{"polluted":"yes","order_id":"X"}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"__proto__":[1,2]',
  '"prototype":{"polluted":"yes"}',
  '"toString":"boom","hasOwnProperty":1,"valueOf":{}',
  '"__defineGetter__":null',
);
/** `{<extra members>, ...body}` written by hand: JSON.stringify would never emit a `__proto__` member. */
function withMembers(body: Record<string, unknown>, members: string): string {
  return `{${members},${JSON.stringify(body).slice(1)}`;
}

describe('fuzz: POST /webhooks/midtrans', function () {
  this.timeout(60_000);
  let bed: FuzzBed;
  let h: Harness;
  let url: string;

  before(async function () {
    bed = openFuzzBed('webhook');
    h = await startHarness({ store: bed.store, logger: bed.log.logger, verifyStatus: true });
    url = `${h.url}/webhooks/midtrans`;
    // A real order exists, so "nothing written" also means "that order untouched".
    await h.links.reserve((await h.createLink()).slug, { name: 'Siti', email: 'siti@mail.com' });
  });

  after(async function () {
    await h.close();
    bed.remove();
  });

  afterEach(function () {
    expect(({} as Record<string, unknown>)['polluted'], 'Object.prototype polluted').to.equal(undefined);
    expect(bed.log.atLeast(50), 'error lines logged').to.deep.equal([]);
  });

  /** Sends, checks the answer is a designed one, and returns it with the tables it changed. */
  async function exchange(what: Parameters<typeof send>[1]): Promise<{ answer: Answer; changed: ReturnType<typeof changedTables>; before: Digest }> {
    const before = bed.reader.digest();
    const answer = await send(url, what);
    await h.notifications.drain();
    const changed = changedTables(before, bed.reader.digest());
    expect(DESIGNED, `status ${answer.status}: ${answer.body.slice(0, 200)}`).to.include(answer.status);
    expect(answer.contentType).to.match(/^application\/json/);
    const parsed = JSON.parse(answer.body) as { status: string; error?: unknown };
    if (answer.status === 200) expect(parsed).to.deep.equal({ status: 'ok' });
    else {
      expect(parsed.status).to.equal('error');
      expect(parsed.error).to.be.a('string').and.have.length.within(1, 80);
      expect(changed, `written on ${answer.status}`).to.deep.equal([]);
    }
    return { answer, changed, before };
  }

  it('refuses random JSON without our signature: 400 for what is not an object, 401 for an object, nothing written', async function () {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const { answer } = await exchange({ headers: JSON_TYPE, body: JSON.stringify(value) });
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        expect(answer.status).to.equal(isObject ? 401 : 400);
      }),
      runs(120),
    );
  });

  it('refuses a notification whose signed fields have the wrong type or were changed after signing (401, nothing written)', async function () {
    const field = fc.constantFrom('order_id', 'status_code', 'gross_amount', 'signature_key');
    await fc.assert(
      fc.asyncProperty(field, fc.oneof(notAString, hostileString), fc.option(pollutingMembers), async (name, value, members) => {
        const body = signedFor({ order_id: 'FUZZ-1' });
        fc.pre(body[name] !== value);
        body[name] = value;
        const text = members === null ? JSON.stringify(body) : withMembers(body, members);
        const { answer } = await exchange({ headers: JSON_TYPE, body: text });
        expect(answer.status).to.equal(401);
      }),
      runs(150),
    );
  });

  it('stores a correctly signed body whatever else it holds (200), writing only the inbox for an unknown order', async function () {
    const extras = fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('$gt', '$where', 'transaction_status', 'payment_type', 'va_numbers')), fc.oneof(notAString, hostileString), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, extras, fc.option(pollutingMembers), async (orderId, status, extra, members) => {
        const body = signedFor({ ...extra, order_id: `FZ${orderId}`, transaction_status: status });
        const text = members === null ? JSON.stringify(body) : withMembers(body, members);
        fc.pre(Buffer.byteLength(text) < 64 * 1024);
        const { answer, changed } = await exchange({ headers: JSON_TYPE, body: text });
        expect(answer.status).to.equal(200);
        expect(changed.filter((t) => t !== 'inbox')).to.deep.equal([]);
      }),
      runs(120),
    );
  });

  it('answers 400 to text that is not JSON, whatever its bytes', async function () {
    const notJson = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc.constantFrom('{', '{"order_id": ', 'NaN', "{'a':1}", '{"a":1}}', '\uFEFF{"a":1', '<xml/>', 'order_id=1&status_code=200'),
    );
    await fc.assert(
      fc.asyncProperty(notJson, async (body) => {
        let isJson = true;
        try {
          JSON.parse(Buffer.from(body).toString('utf8'));
        } catch {
          isJson = false;
        }
        fc.pre(!isJson);
        const { answer } = await exchange({ headers: JSON_TYPE, body });
        expect(answer.status).to.equal(400);
      }),
      runs(120),
    );
  });

  it('takes only JSON: any other content type is 400 and nothing is read or written', async function () {
    const body = JSON.stringify(signedFor({ order_id: 'FUZZ-CT' }));
    const types = fc.oneof(
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonp', '*/*', '', 'application/', ';;;', 'application/json/x'),
      fc.string({ maxLength: 40 }).filter((t) => !/json/i.test(t)),
    );
    await fc.assert(
      fc.asyncProperty(types, async (type) => {
        const { answer } = await exchange({ headers: type === '' ? {} : { 'content-type': type }, body });
        expect(answer.status).to.equal(400);
      }),
      runs(60),
    );
  });

  it('reads a JSON body in any charset it can decode, and refuses one it cannot without a 5xx', async function () {
    const body = signedFor({ order_id: 'FUZZ-CHARSET' });
    const text = JSON.stringify(body);
    const cases: Array<[string, Buffer | string, number[]]> = [
      ['application/json; charset=utf-8', text, [200]],
      ['APPLICATION/JSON; CHARSET=UTF-8', text, [200]],
      ['application/json; charset=utf-16le', Buffer.from(text, 'utf16le'), [200]],
      ['application/json; charset=klingon', text, [400]],
      // Malformed parameters: read as UTF-8 or refused, either is a designed answer.
      ['application/json; charset=', text, [200, 400]],
      ['application/json; charset="utf-8', text, [200, 400]],
    ];
    for (const [type, raw, statuses] of cases) {
      const { answer } = await exchange({ headers: { 'content-type': type }, body: raw });
      expect(statuses, type).to.include(answer.status);
    }
  });

  it('refuses compressed and mislabelled bodies with a 4xx, never a 5xx', async function () {
    const text = JSON.stringify(signedFor({ order_id: 'FUZZ-GZIP' }));
    const cases: Array<[Record<string, string>, Buffer | string, number]> = [
      [{ ...JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync(text), 200],
      [{ ...JSON_TYPE, 'content-encoding': 'gzip' }, 'not gzip at all', 400],
      [{ ...JSON_TYPE, 'content-encoding': 'br' }, text, 400],
      [{ ...JSON_TYPE, 'content-encoding': 'x-klingon' }, text, 400],
      // A small gzip bomb: its inflated size is what counts against the limit.
      [{ ...JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync(`{"a":"${'x'.repeat(10_000_000)}"}`), 413],
    ];
    for (const [headers, raw, status] of cases) {
      const { answer } = await exchange({ headers, body: raw });
      expect(answer.status, JSON.stringify(headers)).to.equal(status);
    }
  });

  it('answers 413 above 64 KB, with or without a content length, and reads a body just under it', async function () {
    const base = signedFor({ order_id: 'FUZZ-SIZE' });
    const padded = (size: number) => {
      const text = JSON.stringify({ ...base, padding: '' });
      return JSON.stringify({ ...base, padding: 'x'.repeat(size - Buffer.byteLength(text)) });
    };
    expect(Buffer.byteLength(padded(64 * 1024))).to.equal(64 * 1024);
    expect((await exchange({ headers: JSON_TYPE, body: padded(64 * 1024) })).answer.status).to.equal(200);
    expect((await exchange({ headers: JSON_TYPE, body: padded(64 * 1024 + 1) })).answer.status).to.equal(413);
    expect((await exchange({ headers: JSON_TYPE, body: padded(2 * 1024 * 1024), chunked: true })).answer.status).to.equal(413);
  });

  it('answers every other method with 405 and what to use instead', async function () {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const { answer } = await exchange({ method, headers: JSON_TYPE, body: '{}' });
      expect(answer.status, method).to.equal(405);
    }
  });
});
