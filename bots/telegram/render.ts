/**
 * How the chat-neutral OutgoingMessage looks on Telegram: its actions become
 * an inline keyboard, and text is cut to Telegram's limits. Pure, so the
 * rules are tested without a server.
 */
import type { Action } from '../../src/notify/message.ts';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from './bot-api.ts';

const TEXT_MAX = 4096;
export const CAPTION_MAX = 1024;
/** Telegram refuses the whole message when one button's callback_data is longer. */
const CALLBACK_DATA_MAX_BYTES = 64;

const ROW_BUTTONS = 3;
/** Labels up to this long share a row; longer ones (a link's name in /links) get a row of their own. */
const SHORT_LABEL = 12;

function button(action: Action): InlineKeyboardButton | null {
  switch (action.kind) {
    case 'url':
      return { text: action.label, url: action.url };
    case 'share':
      // Opens the chat picker with "@bot <query>" typed: the inline handler then offers that link.
      return { text: action.label, switch_inline_query: action.query };
    case 'command':
      // The message model promises ≤ 64 bytes; a button that breaks it is left out rather than losing the message.
      return Buffer.byteLength(action.data, 'utf8') <= CALLBACK_DATA_MAX_BYTES ? { text: action.label, callback_data: action.data } : null;
  }
}

export function keyboardFor(actions: readonly Action[]): InlineKeyboardMarkup | null {
  const rows: InlineKeyboardButton[][] = [];
  let row: InlineKeyboardButton[] = [];
  for (const action of actions) {
    const made = button(action);
    if (!made) continue;
    const short = [...made.text].length <= SHORT_LABEL;
    if (!short || row.length >= ROW_BUTTONS) {
      if (row.length > 0) rows.push(row);
      row = [];
    }
    row.push(made);
    if (!short) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  return rows.length > 0 ? { inline_keyboard: rows } : null;
}

/**
 * Pieces of at most `max` characters, cut at line ends where possible.
 * Telegram counts UTF-16 code units, as JavaScript's length does; a cut
 * never falls between the two halves of a surrogate pair (an emoji).
 */
export function splitText(text: string, max = TEXT_MAX): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > 0 ? cut : isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(cut > 0 ? at + 1 : at);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
