/**
 * WhatsApp's own click-to-chat link, the one home for it: the merchant taps
 * it, WhatsApp opens with the link's message typed, and the merchant sends it
 * from their own account. No linked device and no automated sending, so there
 * is nothing for WhatsApp to ban.
 *
 * Format (WhatsApp Help Center, faq.whatsapp.com, "How to use click to
 * chat"): `https://wa.me/<number>?text=<urlencodedtext>`, the number "in
 * full international format", digits only, without "+", leading zeroes,
 * brackets or dashes; `https://wa.me/?text=<urlencodedtext>` without a number
 * lets the sender choose the chat.
 */
import type { Locale } from '../domain/locale.ts';
import type { Notice } from './notices.ts';
import { whatsappShareText } from './texts.ts';

const CLICK_TO_CHAT = 'https://wa.me/';
/** E.164: a country code never starts with 0, and a number has at most 15 digits. */
const INTERNATIONAL_DIGITS = /^[1-9]\d{6,14}$/;
/** In `u` mode a paired surrogate is one code point, so this matches only a lone half. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * `phone` is a customer's number as the domain keeps it (`6281234567890`);
 * anything else gives the link without a number rather than a broken one.
 * encodeURIComponent throws on a lone surrogate, which no chat delivers but a
 * pasted fragment might hold: it becomes U+FFFD, as a UTF-8 decoder would.
 */
export function whatsappShareUrl(text: string, phone: string | null): string {
  const number = phone !== null && INTERNATIONAL_DIGITS.test(phone) ? phone : '';
  return `${CLICK_TO_CHAT}${number}?text=${encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'))}`;
}

/** "Kirim lewat WhatsApp" for a link: to the customer's number when the link names one, else to a chat WhatsApp asks for. */
export function whatsappShareLink(notice: Extract<Notice, { kind: 'link_share' }>, phone: string | null, locale: Locale): string {
  return whatsappShareUrl(whatsappShareText(notice, locale), phone);
}
