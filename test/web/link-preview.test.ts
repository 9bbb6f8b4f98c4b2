/**
 * Forwarding a payment link in a chat: the app's crawler fetches the page,
 * reads its Open Graph tags and fetches og:image, as WhatsApp's and
 * Telegram's do (their User-Agents below are the ones they send).
 */
import { expect } from 'chai';
import type { Link } from '../../src/domain/link.ts';
import { type Harness, MINUTE, startHarness, startPayment } from './harness.ts';
import { readPngHeader } from './png.ts';

const CRAWLERS = { whatsapp: 'WhatsApp/2.23.20.0 A', telegram: 'TelegramBot (like TwitterBot)' } as const;
/** WhatsApp shows no image above this. */
const WHATSAPP_IMAGE_LIMIT = 300 * 1024;
/** What the harness's web app is told PUBLIC_URL is. */
const PUBLIC_URL = 'http://127.0.0.1';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

interface OgImage {
  url: string;
  props: Map<string, string>;
}

/**
 * A page's `<meta property|name="…" content="…">` tags, decoded, as a crawler
 * reads them: og:image is an array, each followed by its own
 * og:image:* properties (ogp.me, "Arrays"); every other tag appears once.
 */
class MetaTags {
  readonly images: OgImage[] = [];
  private readonly single = new Map<string, string>();

  constructor(page: string) {
    for (const [, key, raw] of page.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)) {
      const content = raw!.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
      if (key === 'og:image') this.images.push({ url: content, props: new Map() });
      else if (key!.startsWith('og:image:')) this.images.at(-1)!.props.set(key!, content);
      else {
        expect(this.single.has(key!), `one ${key} only`).to.equal(false);
        this.single.set(key!, content);
      }
    }
  }

  get(key: string): string | undefined {
    return key === 'og:image' ? this.images[0]?.url : this.single.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

function metaTags(page: string): MetaTags {
  return new MetaTags(page);
}

async function crawl(h: Harness, path: string, agent: string) {
  const res = await fetch(`${h.url}${path}`, { headers: { 'user-agent': agent } });
  const body = await res.text();
  return { status: res.status, body, tags: metaTags(body) };
}

/** og:image names PUBLIC_URL; the harness serves it on its own port. */
function imagePath(tags: MetaTags, which = 0): string {
  const url = new URL(tags.images[which]!.url);
  expect(url.origin).to.equal(PUBLIC_URL);
  return `${url.pathname}${url.search}`;
}

async function fetchImage(h: Harness, path: string, agent: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}${path}`, { headers: { 'user-agent': agent, ...headers } });
  return { res, png: Buffer.from(await res.arrayBuffer()) };
}

describe('link previews in chat apps', function () {
  let h: Harness;

  beforeEach(async function () {
    h = await startHarness();
  });

  afterEach(async function () {
    await h.close();
  });

  for (const [app, agent] of Object.entries(CRAWLERS)) {
    it(`gives ${app}'s crawler the item, price, merchant and deadline, a 1200×630 PNG card and a 600×600 one (WhatsApp's square thumbnail, last), each under 300 KB`, async function () {
      const link = await h.createLink({ itemName: 'Kaos', price: 150_000, expiresAt: new Date('2026-12-31T16:59:00Z') });
      const { status, tags } = await crawl(h, `/p/${link.slug}`, agent);
      expect(status).to.equal(200);
      expect(tags.get('og:title')).to.equal('Kaos · Rp150.000');
      expect(tags.get('og:description')).to.equal('Bayar ke Toko Budi · berlaku sampai 31/12/2026 23:59 WIB');
      expect(tags.get('description')).to.equal(tags.get('og:description'));
      expect(tags.get('og:url')).to.equal(h.links.url(link));
      expect(tags.get('og:site_name')).to.equal('Toko Budi');
      expect(tags.get('og:type')).to.equal('website');
      expect(tags.get('twitter:card')).to.equal('summary_large_image');
      expect(tags.get('twitter:image')).to.equal(tags.images[0]!.url);
      expect(tags.images.map((i) => [i.props.get('og:image:width'), i.props.get('og:image:height')])).to.deep.equal([
        ['1200', '630'],
        ['600', '600'],
      ]);

      for (const [which, image] of tags.images.entries()) {
        expect(image.props.get('og:image:type')).to.equal('image/png');
        expect(image.props.get('og:image:alt')).to.equal('Kaos · Rp150.000 · Toko Budi');
        const { res, png } = await fetchImage(h, imagePath(tags, which), agent);
        expect(res.status).to.equal(200);
        expect(res.headers.get('content-type')).to.equal('image/png');
        const header = readPngHeader(png);
        expect([String(header.width), String(header.height)]).to.deep.equal([image.props.get('og:image:width'), image.props.get('og:image:height')]);
        expect(png.length).to.be.below(WHATSAPP_IMAGE_LIMIT);
        expect(Number(res.headers.get('content-length'))).to.equal(png.length);
      }
    });
  }

  it('serves the card with a strong ETag and a public max-age, and 304 to a crawler that has it', async function () {
    const link = await h.createLink();
    const path = imagePath((await crawl(h, `/p/${link.slug}`, CRAWLERS.whatsapp)).tags);
    const storm = await Promise.all(Array.from({ length: 12 }, () => fetchImage(h, path, CRAWLERS.whatsapp)));
    const etag = storm[0]!.res.headers.get('etag');
    expect(etag).to.match(/^"[A-Za-z0-9_-]{27}"$/);
    for (const { res, png } of storm) {
      expect(res.headers.get('etag')).to.equal(etag);
      expect(png.equals(storm[0]!.png)).to.equal(true);
      expect(res.headers.get('cache-control')).to.equal('public, max-age=300');
    }
    // As a crawler revalidates (fetch() would add "no-cache" to a conditional request of its own).
    const again = await fetchImage(h, path, CRAWLERS.whatsapp, { 'if-none-match': etag!, 'cache-control': 'max-age=0' });
    expect(again.res.status).to.equal(304);
    expect(again.png.length).to.equal(0);
  });

  it('says in title, description and card that a sold-out, expired or deleted link cannot be paid', async function () {
    const soldOut = await h.createLink({ itemName: 'Kaos', usageLimit: 1 });
    const payable = await crawl(h, `/p/${soldOut.slug}`, CRAWLERS.whatsapp);
    await startPayment(h, soldOut);
    const expired = await h.createLink({ itemName: 'Topi', expiresAt: new Date(h.now().getTime() + MINUTE) });
    const deleted = await h.createLink({ itemName: 'Tas' });
    await h.links.delete('telegram:100', { kind: 'text', value: deleted.slug });
    h.advance(2 * MINUTE);

    const cases: Array<[Link, number, string, string]> = [
      [soldOut, 409, 'Kuota sudah habis · Kaos', 'Toko Budi · Link pembayaran ini sudah mencapai batas pemakaian.'],
      [expired, 410, 'Link sudah kedaluwarsa · Topi', 'Toko Budi · Link pembayaran ini sudah kedaluwarsa.'],
      [deleted, 410, 'Link tidak tersedia lagi · Tas', 'Toko Budi · Link pembayaran ini sudah tidak tersedia.'],
    ];
    for (const [link, code, title, description] of cases) {
      const { status, tags } = await crawl(h, `/p/${link.slug}`, CRAWLERS.telegram);
      expect(status, link.itemName).to.equal(code);
      expect(tags.get('og:title'), link.itemName).to.equal(title);
      expect(tags.get('og:description'), link.itemName).to.satisfy((d: string) => d.startsWith(description));
      for (const which of [0, 1]) {
        const { res, png } = await fetchImage(h, imagePath(tags, which), CRAWLERS.telegram);
        expect(res.status, link.itemName).to.equal(200);
        expect(readPngHeader(png).width, link.itemName).to.equal(which === 0 ? 1200 : 600);
      }
    }
    // The card of the sold-out link is a new version under a new URL, and no longer the payable one.
    const soldOutTags = (await crawl(h, `/p/${soldOut.slug}`, CRAWLERS.whatsapp)).tags;
    expect(imagePath(soldOutTags)).not.to.equal(imagePath(payable.tags));
    const before = await fetchImage(h, imagePath(payable.tags), CRAWLERS.whatsapp);
    const after = await fetchImage(h, imagePath(soldOutTags), CRAWLERS.whatsapp);
    expect(after.png.equals(before.png), 'an old og:image URL shows the link as it is now').to.equal(true);
    const fresh = await h.createLink({ itemName: 'Kaos', usageLimit: 1 });
    const payableCard = await fetchImage(h, imagePath((await crawl(h, `/p/${fresh.slug}`, CRAWLERS.whatsapp)).tags), CRAWLERS.whatsapp);
    expect(payableCard.png.equals(after.png)).to.equal(false);
  });

  it('names an unknown link as such, with no image', async function () {
    const { status, tags } = await crawl(h, '/p/no-such-link-here', CRAWLERS.whatsapp);
    expect(status).to.equal(404);
    expect(tags.get('og:title')).to.equal('Link tidak ditemukan');
    expect(tags.has('og:image')).to.equal(false);
    expect(tags.get('twitter:card')).to.equal('summary');
    for (const file of ['preview.png', 'preview-square.png']) {
      expect((await fetchImage(h, `/p/no-such-link-here/${file}`, CRAWLERS.whatsapp)).res.status).to.equal(404);
    }
  });

  it('escapes what the merchant typed in every tag', async function () {
    const name = `<b>"Kaos" & 'Topi'</b>`;
    const link = await h.createLink({ itemName: name, price: 25_000 });
    const { body, tags } = await crawl(h, `/p/${link.slug}`, CRAWLERS.whatsapp);
    expect(body).not.to.contain('<b>');
    expect(tags.get('og:title')).to.equal(`${name} · Rp25.000`);
    expect(tags.images[0]!.props.get('og:image:alt')).to.equal(`${name} · Rp25.000 · Toko Budi`);
  });

  it('draws an item name with emoji as the same card without them (no empty boxes)', async function () {
    const plain = await h.createLink({ itemName: 'Kaos Hitam', price: 99_000 });
    const festive = await h.createLink({ itemName: 'Kaos 🎉 Hitam 👕', price: 99_000 });
    const cards = await Promise.all(
      [plain, festive].map(async (link) => (await fetchImage(h, imagePath((await crawl(h, `/p/${link.slug}`, CRAWLERS.whatsapp)).tags), CRAWLERS.whatsapp)).png),
    );
    expect(cards[1]!.equals(cards[0]!)).to.equal(true);
  });

  it('speaks the language the page speaks, in the tags and on the card', async function () {
    const link = await h.createLink({ itemName: 'Kaos', price: 150_000 });
    const id = await crawl(h, `/p/${link.slug}`, CRAWLERS.whatsapp);
    const en = await crawl(h, `/p/${link.slug}?lang=en`, CRAWLERS.whatsapp);
    expect(id.tags.get('og:locale')).to.equal('id_ID');
    expect(en.tags.get('og:locale')).to.equal('en_US');
    expect(en.tags.get('og:description')).to.equal('Pay Toko Budi');
    const [idCard, enCard] = await Promise.all([id, en].map(async (page) => (await fetchImage(h, imagePath(page.tags), CRAWLERS.whatsapp)).png));
    expect(enCard!.equals(idCard!)).to.equal(false);
  });
});
