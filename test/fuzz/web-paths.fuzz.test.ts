/**
 * Any URL a customer, a crawler or an attacker can type against the web
 * app: random path segments under /p/ (percent-escapes valid or not, JSON
 * operators, traversal, control characters), random query strings, every
 * method. The app answers each with a page of its own (404 for what it does
 * not know), never a 5xx or a redirect, writes nothing, and every link on
 * the page it answers with stays on this site: a path like `//evil.example`
 * must not become `<a href="//evil.example…">`.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { request } from 'node:http';
import type { Link } from '../../src/domain/link.ts';
import { startHarness, type Harness } from '../web/harness.ts';
import { changedTables, runs, openFuzzBed, TROUBLEMAKERS, type FuzzBed } from './support.ts';

interface Answer {
  status: number;
  contentType: string;
  location: string | undefined;
  body: string;
}

/** GET with the request target exactly as given (fetch and URL would normalise it). */
function get(base: string, target: string, method = 'GET'): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: target, method, headers: { 'accept-language': 'id' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every href, src and form action on a page. */
function destinations(page: string): string[] {
  return [...page.matchAll(/\b(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** On this site: a path that a browser resolves against our own origin. */
function staysOnSite(url: string): boolean {
  return url.startsWith('/') && !/^\/[/\\]/.test(url) && !/[\t\n\r]/.test(url);
}

const encodeByte = (b: number) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
/** Every UTF-8 byte escaped; unlike encodeURIComponent it takes lone surrogates too (as U+FFFD). */
const escapeAll = (text: string) => [...Buffer.from(text, 'utf8')].map(encodeByte).join('');
const segment = fc.oneof(
  fc.stringMatching(/^[a-z0-9-]{1,60}$/),
  fc.constantFrom(...TROUBLEMAKERS).map(escapeAll),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => [...bytes].map(encodeByte).join('')),
  fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%C0%AF', '%00', '..', '.', '%2e%2e', '%2F', '%5C', '~', '%7B%22%24gt%22%3A%22%22%7D', 'a'.repeat(3_000)),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?lang=en', '?lang=xx', '?lang[]=en', '?order=%ZZ', '?order[$gt]=', '?order=a&order=b', '?ref=%00', `?order=${'x'.repeat(100)}`, '?lang=en&lang=id'),
  fc.string({ maxLength: 30 }).map((s) => `?${escapeAll(s)}=${escapeAll(s)}`),
);
const path = fc.oneof(
  fc.tuple(segment, fc.constantFrom('', '/done', '/qr.png', '/', '/x/y'), query).map(([s, tail, q]) => `/p/${s}${tail}${q}`),
  fc.tuple(fc.constantFrom('//evil.example', '/\\evil.example', '//', '///evil.example/p', '/%2F%2Fevil.example', '/\\/evil.example'), segment, query).map(([head, s, q]) => `${head}/${s}${q}`),
  fc.tuple(segment, query).map(([s, q]) => `/${s}${q}`),
);

describe('fuzz: any URL against the web app', function () {
  this.timeout(60_000);
  let bed: FuzzBed;
  let h: Harness;
  let link: Link;

  before(async function () {
    bed = openFuzzBed('paths');
    h = await startHarness({ store: bed.store, logger: bed.log.logger });
    link = await h.createLink({ usageLimit: null });
  });

  after(async function () {
    await h.close();
    bed.remove();
  });

  it('answers every path with its own page, never a 5xx or a redirect, writes nothing, and links only within the site', async function () {
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE'), async (target, method) => {
        const before = bed.reader.digest();
        const answer = await get(h.url, target, method);
        expect(answer.status, `${method} ${target}`).to.be.within(200, 499);
        expect(answer.status, `${method} ${target}`).to.not.be.within(300, 399);
        expect(changedTables(before, bed.reader.digest()), `${method} ${target}`).to.deep.equal([]);
        for (const url of destinations(answer.body)) expect(staysOnSite(url), `${target} links to ${url}`).to.equal(true);
        expect(bed.log.atLeast(50), `${method} ${target}`).to.deep.equal([]);
      }),
      runs(300),
    );
  });

  it('shows a real link the same way whatever the query says', async function () {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const answer = await get(h.url, `/p/${link.slug}${q}`);
        expect(answer.status).to.equal(200);
        expect(answer.body).to.contain('id="pay-form"');
        for (const url of destinations(answer.body)) expect(staysOnSite(url), url).to.equal(true);
      }),
      runs(60),
    );
  });

  it('answers a path that cannot be decoded with 400 or 404, not 500', async function () {
    for (const target of ['/p/%ZZ', '/p/%E0%A4%A', '/p/%E0%A4%A/done', '/p/%/qr.png', `/p/${link.slug}/done?order=%ZZ`]) {
      const answer = await get(h.url, target);
      expect([400, 404], target).to.include(answer.status);
      expect(answer.contentType, target).to.match(/^text\/html/);
    }
  });
});
