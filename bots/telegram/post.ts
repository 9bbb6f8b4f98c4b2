/**
 * Puts one OutgoingMessage into a Telegram chat: the QR as a photo (the
 * printable card as a document; a chart as a photo, an export as a document
 * read from its file) with the text as its caption when it fits
 * (else the picture with what fits of it and the link, then the whole
 * text), buttons on the last piece. Command replies and outbox notices both
 * go out here.
 */
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { BotApiError, type BotApi, type InlineKeyboardMarkup } from './bot-api.ts';
import type { QrPhotos } from './qr.ts';
import { CAPTION_MAX, keyboardFor, splitText } from './render.ts';

/**
 * How a reply waits out a 429: Telegram says how long (retry_after), and the
 * call is made again after that, a bounded number of times. The outbox has
 * its own, durable way (it reschedules the entry), so its poster has none.
 */
export interface FloodWait {
  /** Calls in all, the first included. */
  attempts: number;
  /** A longer wait than this is not worth it for an answer someone is looking at: the reply is given up. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** How many Telegram messages `post` makes of `message`. */
export function messagesOf(message: OutgoingMessage): number {
  const attached = attachedUrl(message) === undefined && !message.photo && !message.document ? 0 : 1;
  if (attached === 1 && message.text.length <= CAPTION_MAX) return 1;
  return attached + splitText(message.text).length;
}

/** The link a message's QR photo or printable card leads to: what its caption must keep. */
function attachedUrl(message: OutgoingMessage): string | undefined {
  return message.qrUrl ?? message.printable?.url;
}

/**
 * A QR photo is forwarded on its own, without the messages after it, so its
 * caption says what it is for and where it leads even when the whole text is
 * too long for a caption: the lines that fit, in order (the texts hold one
 * fact per line; a line too long is left to the text that follows), and the
 * QR's URL unless a kept line already shows it.
 */
export function photoCaption(text: string, url: string): string {
  const link = url.slice(0, CAPTION_MAX);
  const kept: string[] = [];
  let used = 0;
  let showsLink = false;
  for (const line of text.split('\n')) {
    const carriesLink = line.includes(link);
    const reserve = showsLink || carriesLink ? 0 : link.length + 1;
    const cost = line.length + (kept.length > 0 ? 1 : 0);
    if (used + cost + reserve > CAPTION_MAX) continue;
    kept.push(line);
    used += cost;
    showsLink ||= carriesLink;
  }
  if (!showsLink) kept.push(link);
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

export class ChatPoster {
  private readonly api: BotApi;
  private readonly qr: QrPhotos;
  private readonly floodWait: FloodWait | null;
  constructor(api: BotApi, qr: QrPhotos, floodWait: FloodWait | null = null) {
    this.api = api;
    this.qr = qr;
    this.floodWait = floodWait;
  }

  /** Returns the id of the message that carries the buttons (the last one sent). */
  async post(chatId: string, message: OutgoingMessage): Promise<number> {
    const keyboard = keyboardFor(message.actions);
    // The headline is the first line, bold; JavaScript's length is in UTF-16 code units, as entity offsets are.
    const bold = message.headline ? message.text.split('\n', 1)[0]!.length : 0;
    const url = attachedUrl(message);
    if (url !== undefined) {
      // The printable card goes as a document, so it arrives at print size; the QR as a photo.
      const { printable } = message;
      const attach = (caption: string, buttons: InlineKeyboardMarkup | null, boldLength: number) =>
        printable === undefined
          ? this.photo(chatId, url, caption, buttons, boldLength)
          : this.call(() => this.api.sendDocument(chatId, printable.png, printable.fileName, caption, buttons, boldLength)).then((sent) => sent.messageId);
      if (message.text.length <= CAPTION_MAX) return attach(message.text, keyboard, bold);
      const caption = photoCaption(message.text, url);
      const firstLine = message.text.slice(0, bold);
      await attach(caption, null, bold > 0 && caption.startsWith(`${firstLine}\n`) ? bold : 0);
    } else if (message.photo || message.document) {
      // A chart goes as a photo, an export as a document; text too long for a caption follows as messages.
      const { photo, document } = message;
      const attach = (caption: string | null, buttons: InlineKeyboardMarkup | null, boldLength: number) =>
        photo
          ? this.call(() => this.api.sendPhoto(chatId, photo.png, caption, buttons, boldLength)).then((sent) => sent.messageId)
          : this.call(() => this.api.sendDocument(chatId, { path: document!.path }, document!.fileName, caption, buttons, boldLength)).then((sent) => sent.messageId);
      if (message.text.length <= CAPTION_MAX) return attach(message.text, keyboard, bold);
      await attach(null, null, 0);
    }
    const pieces = splitText(message.text);
    let last = 0;
    for (const [i, piece] of pieces.entries()) {
      const sent = await this.call(() => this.api.sendMessage(chatId, piece, i === pieces.length - 1 ? keyboard : null, i === 0 ? Math.min(bold, piece.length) : 0));
      last = sent.messageId;
    }
    return last;
  }

  /** Takes the buttons off a message the bot sent (a question answered by typing); a message Telegram no longer has is left be. */
  async removeButtons(chatId: string, messageId: number): Promise<void> {
    try {
      await this.call(() => this.api.removeButtons(chatId, messageId));
    } catch (err) {
      if (!(err instanceof BotApiError && err.failure.kind === 'permanent')) throw err;
    }
  }

  /**
   * Replaces a text message the bot sent with `message` (text and buttons).
   * False when it cannot be edited (too long for one message, too old, gone):
   * the caller posts it instead. Telegram's "message is not modified" means
   * it already reads so.
   */
  async edit(chatId: string, messageId: number, message: OutgoingMessage): Promise<boolean> {
    if (attachedUrl(message) !== undefined || message.photo || message.document || splitText(message.text).length > 1) return false;
    try {
      await this.call(() => this.api.editMessageText(chatId, messageId, message.text, keyboardFor(message.actions)));
      return true;
    } catch (err) {
      if (err instanceof BotApiError && /message is not modified/i.test(err.message)) return true;
      if (err instanceof BotApiError && (err.failure.kind === 'permanent' || err.failure.kind === 'wrong_file')) return false;
      throw err;
    }
  }

  private async photo(chatId: string, url: string, caption: string | null, keyboard: InlineKeyboardMarkup | null, bold: number): Promise<number> {
    const known = this.qr.fileIdFor(url);
    if (known !== undefined) {
      try {
        return (await this.call(() => this.api.sendPhoto(chatId, known, caption, keyboard, bold))).messageId;
      } catch (err) {
        // Only Telegram saying the id is wrong is about the picture; a blocked bot or a flood wait is not, and the id stays good.
        if (!(err instanceof BotApiError && err.failure.kind === 'wrong_file')) throw err;
        this.qr.forget(url);
      }
    }
    const sent = await this.call(() => this.api.sendPhoto(chatId, this.qr.png(url), caption, keyboard, bold));
    if (sent.fileId !== null) this.qr.remember(url, sent.fileId);
    return sent.messageId;
  }

  /** One Bot API call, made again after a 429's retry_after when this poster waits out floods. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        const wait = this.floodWait;
        if (wait === null || !(err instanceof BotApiError) || err.failure.kind !== 'rate_limited') throw err;
        if (attempt >= wait.attempts || err.failure.retryAfterMs > wait.maxWaitMs) throw err;
        await wait.sleep(err.failure.retryAfterMs);
      }
    }
  }
}
