/**
 * One message model for every chat: plain text (no markup, so nothing a
 * merchant or customer typed can be read as formatting), an optional QR
 * image of a URL, and actions. Each adapter shows actions its own way:
 * Telegram as buttons, WhatsApp and the console as "type this" hints.
 */
export type Action =
  /** Opens a URL (the Pay button). */
  | { kind: 'url'; label: string; url: string }
  /** Lets the merchant post the link into another chat (Telegram inline mode). */
  | { kind: 'share'; label: string; query: string }
  /**
   * Runs a merchant command, e.g. `/qr 3` or `/link 3`. On Telegram it becomes a
   * callback button carrying `data` (≤ 64 bytes); elsewhere the command is shown.
   */
  | { kind: 'command'; label: string; command: string; data: string };

export interface OutgoingMessage {
  text: string;
  /**
   * The first line is a headline, the part a phone's lock screen shows: bold
   * where the chat can mark it without reading the text as markup (Telegram
   * entities, WhatsApp `*…*`); the text itself stays plain.
   */
  headline?: boolean;
  /** A URL to draw as a QR image under or beside the text. */
  qrUrl?: string;
  /**
   * A picture to hand over as a file, at full size, for printing (`/qr 3
   * cetak`): a chat recompresses what it gets as a photo. `url` is the link
   * it leads to, kept in a caption that has to be shortened.
   */
  printable?: { png: Buffer; fileName: string; url: string };
  /**
   * A picture to show in the chat (the takings chart): a photo on Telegram,
   * an image on WhatsApp, a saved file on the console. `text` is its caption.
   */
  photo?: { png: Buffer; fileName: string };
  /**
   * A file to hand over (a CSV export), read from `path` while it is sent so
   * a large one is never held in memory; `text` is its caption.
   */
  document?: { path: string; fileName: string; mime: string };
  actions: Action[];
}
