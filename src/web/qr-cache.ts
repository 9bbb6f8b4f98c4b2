/**
 * The links' QR codes as PNG, rendered once per link and kept in a bounded
 * cache. Rendering is the expensive part of `GET /p/:slug/qr.png` (several
 * milliseconds of CPU on the event loop), and a QR never changes for a slug:
 * it encodes the link's URL. Requests that arrive while an image is being
 * rendered wait for that one rendering instead of starting their own.
 */
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';

export interface QrImage {
  png: Buffer;
  /** A strong validator for `ETag` / `If-None-Match`: the PNG's own hash. */
  etag: string;
}

/** 500 images of ~5 KB: a few MB at most, whatever is asked for. */
export const QR_CACHE_ENTRIES = 500;

async function renderPng(url: string): Promise<QrImage> {
  const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 });
  return { png, etag: `"${createHash('sha256').update(png).digest('base64url').slice(0, 27)}"` };
}

export class QrCache {
  /** A Map keeps insertion order: the first key is the least recently used one. */
  private readonly images = new Map<string, Promise<QrImage>>();

  constructor(private readonly capacity = QR_CACHE_ENTRIES) {}

  /** The image cached (or being rendered) under `key`, marked as just used; undefined when there is none. */
  get(key: string): Promise<QrImage> | undefined {
    const image = this.images.get(key);
    if (image !== undefined) {
      this.images.delete(key);
      this.images.set(key, image);
    }
    return image;
  }

  /** The QR for `url` under `key`: rendered unless already there; past the capacity the least recently used image goes. */
  render(key: string, url: string): Promise<QrImage> {
    const already = this.get(key);
    if (already !== undefined) return already;
    const image = renderPng(url);
    this.images.set(key, image);
    // A failed rendering is not kept: the next request tries again.
    image.catch(() => this.images.get(key) === image && this.images.delete(key));
    for (const oldest of this.images.keys()) {
      if (this.images.size <= this.capacity) break;
      this.images.delete(oldest);
    }
    return image;
  }
}
