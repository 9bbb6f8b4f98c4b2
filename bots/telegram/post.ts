/**
 * Puts one OutgoingMessage into a Telegram chat: the QR as a photo with the
 * text as its caption when it fits (else the photo, then the text), buttons
 * on the last piece. Command replies and outbox notices both go out here.
 */
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { BotApiError, type BotApi, type InlineKeyboardMarkup } from './bot-api.ts';
import type { QrPhotos } from './qr.ts';
import { CAPTION_MAX, keyboardFor, splitText } from './render.ts';

export class ChatPoster {
  private readonly api: BotApi;
  private readonly qr: QrPhotos;
  constructor(
    api: BotApi,
    qr: QrPhotos,
  ) {
    this.api = api;
    this.qr = qr;
  }

  async post(chatId: string, message: OutgoingMessage): Promise<void> {
    const keyboard = keyboardFor(message.actions);
    if (message.qrUrl !== undefined) {
      if (message.text.length <= CAPTION_MAX) {
        await this.photo(chatId, message.qrUrl, message.text, keyboard);
        return;
      }
      await this.photo(chatId, message.qrUrl, null, null);
    }
    const pieces = splitText(message.text);
    for (const [i, piece] of pieces.entries()) {
      await this.api.sendMessage(chatId, piece, i === pieces.length - 1 ? keyboard : null);
    }
  }

  private async photo(chatId: string, url: string, caption: string | null, keyboard: InlineKeyboardMarkup | null): Promise<void> {
    const known = this.qr.fileIdFor(url);
    if (known !== undefined) {
      try {
        await this.api.sendPhoto(chatId, known, caption, keyboard);
        return;
      } catch (err) {
        // A file_id Telegram no longer accepts is a 400; anything else is not about the picture.
        if (!(err instanceof BotApiError && err.failure.kind === 'permanent')) throw err;
        this.qr.forget(url);
      }
    }
    const sent = await this.api.sendPhoto(chatId, this.qr.png(url), caption, keyboard);
    if (sent.fileId !== null) this.qr.remember(url, sent.fileId);
  }
}
