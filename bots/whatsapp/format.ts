/**
 * An OutgoingMessage as WhatsApp shows it: no buttons, so command actions
 * become "type /qr 3" hints and a URL action is written out; a QR becomes a
 * PNG image with the text as its caption, so the card is one message; a
 * printable card goes as a document, so it arrives at print size. A chart is
 * an image; an export a document Baileys streams from its file.
 */
import QRCode from 'qrcode';
import type { Locale } from '../../src/domain/locale.ts';
import type { Action, OutgoingMessage } from '../../src/notify/message.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { WaOutgoing } from './socket.ts';

function hint(action: Action, text: string, locale: Locale): string | null {
  const w = wordsIn(locale).whatsapp;
  switch (action.kind) {
    case 'command':
      return w.typeHint(action.command, action.label);
    case 'url':
      return text.includes(action.url) ? null : `${action.label}: ${action.url}`;
    case 'share':
      // Telegram's inline sharing; on WhatsApp the same thing is /send.
      return w.typeHint(`/send ${action.query} ${w.phonePlaceholder}`, action.label);
  }
}

/** WhatsApp shows `*text*` bold: the headline (the first line) is wrapped so. */
function emphasised(message: OutgoingMessage): string {
  if (!message.headline) return message.text;
  const [first = '', ...rest] = message.text.split('\n');
  return [`*${first}*`, ...rest].join('\n');
}

function whatsappText(message: OutgoingMessage, locale: Locale): string {
  const text = emphasised(message);
  const hints = message.actions.map((action) => hint(action, message.text, locale)).filter((line) => line !== null);
  return hints.length === 0 ? text : `${text}\n\n${hints.join('\n')}`;
}

export async function toWhatsApp(message: OutgoingMessage, locale: Locale): Promise<WaOutgoing> {
  const text = whatsappText(message, locale);
  const { printable, photo, document } = message;
  if (printable) return { document: printable.png, fileName: printable.fileName, caption: text, mimetype: 'image/png' };
  if (photo) return { image: photo.png, caption: text, mimetype: 'image/png' };
  if (document) return { document: { url: document.path }, fileName: document.fileName, caption: text, mimetype: document.mime };
  if (message.qrUrl === undefined) return { text };
  const image = await QRCode.toBuffer(message.qrUrl, { type: 'png', errorCorrectionLevel: 'M', width: 512, margin: 2 });
  return { image, caption: text, mimetype: 'image/png' };
}
