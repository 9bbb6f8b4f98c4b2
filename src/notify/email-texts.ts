/**
 * A notice as an email. A customer's language is rarely known, so the mail
 * carries both: the requested language first, the other below. The HTML part
 * is built from the same lines as the chat text, each escaped, so the two
 * parts never say different things.
 */
import { LOCALES, type Locale } from '../domain/locale.ts';
import { escapeHtml } from '../escape-html.ts';
import type { Notice } from './notices.ts';
import { composeNotice, type ComposedNotice } from './texts.ts';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const SAFE_HREF = /^https?:\/\//i;

function htmlSection(part: ComposedNotice, locale: Locale): string {
  const body = part.lines.map(escapeHtml).join('<br>\n');
  // Only the Pay URL becomes a button: chat commands mean nothing in a mail.
  const buttons = part.actions.flatMap((action) =>
    action.kind === 'url' && SAFE_HREF.test(action.url)
      ? [
          `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;background:#0b5fff;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>`,
        ]
      : [],
  );
  return [`<div lang="${locale}">`, `<p>${body}</p>`, ...buttons, '</div>'].join('\n');
}

export function renderEmail(notice: Notice, locale: Locale): EmailContent {
  const order = [locale, ...LOCALES.filter((l) => l !== locale)];
  const parts = order.map((l) => composeNotice(notice, l));
  const subject = parts[0]!.subject;
  const text = parts.map((part) => part.lines.join('\n')).join('\n\n----\n\n');
  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">',
    parts.map((part, i) => htmlSection(part, order[i]!)).join('\n<hr style="border:none;border-top:1px solid #dddddd">\n'),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
