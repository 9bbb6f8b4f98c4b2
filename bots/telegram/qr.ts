/**
 * The file_ids Telegram gives the QR photos it has been sent.
 *
 * Uploading costs more than drawing: once Telegram has a picture it answers
 * with a file_id, and sending that id again needs no upload, so ids are kept
 * per URL (in memory; a restart only costs one upload per URL).
 */
import { BoundedMap } from '../../src/bounded-map.ts';
import { qrPng, type QrLayout } from '../../src/web/cards/qr.ts';

const CACHED_URLS = 1000;
/** Whole 12 px modules keep the edges sharp through Telegram's recompression; the standard's four-module quiet zone. */
export const TELEGRAM_QR: QrLayout = { margin: 4, size: { modulePx: 12 } };

export class QrPhotos {
  private readonly fileIds = new BoundedMap<string, string>(CACHED_URLS);

  png(url: string): Buffer {
    return qrPng(url, TELEGRAM_QR);
  }

  fileIdFor(url: string): string | undefined {
    return this.fileIds.get(url);
  }

  remember(url: string, fileId: string): void {
    this.fileIds.set(url, fileId);
  }

  forget(url: string): void {
    this.fileIds.delete(url);
  }
}
