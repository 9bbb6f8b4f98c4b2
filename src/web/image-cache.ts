/**
 * Generated PNGs (the links' QR codes, their preview cards) kept in a bounded
 * cache. Rendering is the expensive part of an image route (milliseconds of
 * CPU), and the same image is asked for again and again: a QR never changes
 * for a slug, a preview card only when the link does. Requests that arrive
 * while an image is being rendered wait for that one rendering instead of
 * starting their own, so a storm of crawlers costs one rendering.
 */
import { createHash } from 'node:crypto';
import { BoundedMap } from '../bounded-map.ts';

export interface PngImage {
  png: Buffer;
  /** A strong validator for `ETag` / `If-None-Match`: the PNG's own hash. */
  etag: string;
}

/** 500 QR images of ~5 KB: a few MB at most, whatever is asked for. */
const QR_CACHE_ENTRIES = 500;

async function withEtag(rendering: Promise<Buffer>): Promise<PngImage> {
  const png = await rendering;
  return { png, etag: `"${createHash('sha256').update(png).digest('base64url').slice(0, 27)}"` };
}

export class ImageCache {
  private readonly images: BoundedMap<string, Promise<PngImage>>;

  constructor(capacity = QR_CACHE_ENTRIES) {
    this.images = new BoundedMap(capacity);
  }

  /** The image cached (or being rendered) under `key`, marked as just used; undefined when there is none. */
  get(key: string): Promise<PngImage> | undefined {
    return this.images.get(key);
  }

  /**
   * The image under `key`: `draw` is called only when it is not already
   * there (or being drawn); past the capacity the least recently used image goes.
   */
  render(key: string, draw: () => Promise<Buffer>): Promise<PngImage> {
    const already = this.images.get(key);
    if (already !== undefined) return already;
    const image = withEtag(draw());
    this.images.set(key, image);
    // A failed rendering is not kept: the next request tries again.
    image.catch(() => this.images.get(key) === image && this.images.delete(key));
    return image;
  }
}
