/**
 * QR images of payment URLs. Drawing is cheap but uploading is not: once
 * Telegram has a picture it gives back a file_id, and sending that id again
 * costs no upload, so ids are kept per URL (in memory; a restart only costs
 * one upload per URL).
 */
import QRCode from 'qrcode';
import { BoundedMap } from './bounded-map.ts';

const CACHED_URLS = 1000;

export class QrPhotos {
  private readonly fileIds = new BoundedMap<string, string>(CACHED_URLS);

  /** A 512 px PNG; level M survives a little screen glare when a customer scans it off a phone. */
  png(url: string): Promise<Buffer> {
    return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', width: 512, margin: 2 });
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
