/**
 * Message text as chat apps deliver it, made plain before it is parsed: phone
 * keyboards insert no-break and other Unicode spaces, copy-paste brings
 * invisible format marks, and WhatsApp sends its formatting markers literally.
 */

// Zero-width characters, bidi controls and the soft hyphen: invisible, yet they split or glue words.
const FORMAT_MARKS = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// JavaScript's \s already covers NBSP, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F and U+3000.
const SPACES = /[\s\u0085\u180E]+/g;

/** Longest first: ``` must be removed before the single ` of inline code. */
const WHATSAPP_MARKERS = ['```', '*', '_', '~', '`'];

/**
 * WhatsApp's own rule for a formatted span: the marker opens at the start of a
 * word, closes at the end of one, and the text inside neither starts nor ends
 * with a space. So `INV_01~a` or `a_b` are left alone, while `*Kaos Polos*` and
 * `_150rb_,` lose their markers.
 */
function wrappedSpan(marker: string): RegExp {
  const m = marker.replace(/[*`~]/g, '\\$&');
  return new RegExp(`(^| )${m}(?! )(.+?)(?<! )${m}(?=[ .,!?:;)]|$)`, 'g');
}
const WRAPPED_SPANS = WHATSAPP_MARKERS.map(wrappedSpan);

/** `*_Kaos_*` is bold italic: unwrap a few times for nested markers, but boundedly. */
const MAX_MARKER_NESTING = 3;

function stripWhatsAppMarkers(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_MARKER_NESTING; round += 1) {
    const unwrapped = WRAPPED_SPANS.reduce((acc, span) => acc.replace(span, '$1$2'), current);
    if (unwrapped === current) break;
    current = unwrapped;
  }
  return current;
}

/** Single spaces, no invisible marks, no WhatsApp markers; newlines count as spaces. */
export function normalizeMessageText(text: string): string {
  const plain = text.normalize('NFKC').replace(FORMAT_MARKS, '').replace(SPACES, ' ').trim();
  return stripWhatsAppMarkers(plain).trim();
}
