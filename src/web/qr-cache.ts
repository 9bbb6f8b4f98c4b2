/**
 * The links' QR codes as PNG, rendered once per link and kept in a bounded
 * cache. Rendering is the expensive part of `GET /p/:slug/qr.png` (about a
 * millisecond of CPU on the event loop each), and a QR never changes for a
 * slug: it encodes the link's URL.
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

export class QrCache {
  /** A Map keeps insertion order: the first key is the least recently used one. */
  private readonly images = new Map<string, QrImage>();

  constructor(private readonly capacity = QR_CACHE_ENTRIES) {}

  /** The image cached under `key`, marked as just used; undefined when not cached. */
  get(key: string): QrImage | undefined {
    const image = this.images.get(key);
    if (image !== undefined) {
      this.images.delete(key);
      this.images.set(key, image);
    }
    return image;
  }

  /** Renders the QR for `url` and keeps it under `key`, dropping the least recently used image past the capacity. */
  async render(key: string, url: string): Promise<QrImage> {
    const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 });
    const image = { png, etag: `"${createHash('sha256').update(png).digest('base64url').slice(0, 27)}"` };
    this.images.delete(key);
    this.images.set(key, image);
    for (const oldest of this.images.keys()) {
      if (this.images.size <= this.capacity) break;
      this.images.delete(oldest);
    }
    return image;
  }
}
