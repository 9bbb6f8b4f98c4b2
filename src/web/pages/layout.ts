/**
 * The frame every customer page shares: one small inline stylesheet (allowed
 * by its hash in the CSP, so no inline script or style attribute is ever
 * needed), the merchant's name on top, and a footer with the language switch.
 * Mobile first: one column, large touch targets, 16px inputs so phones do
 * not zoom.
 */
import { createHash } from 'node:crypto';
import { otherLocale, type Locale } from '../../domain/locale.ts';
import { html, trusted, type SafeHtml } from '../html.ts';
import { icon } from './parts.ts';
import { wordsIn } from '../../text/catalog.ts';

const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef1f6;color:#172033;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:460px;margin:0 auto;padding:20px 16px 32px}
.top{display:flex;align-items:center;gap:12px;margin:4px 4px 16px}
.avatar{flex:none;width:40px;height:40px;border-radius:50%;background:#1d4ed8;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700;font-size:18px}
.top small{display:block;color:#5b6678;font-size:13px;line-height:1.2}
.top strong{display:block;font-size:17px;line-height:1.3;overflow-wrap:anywhere}
.card{background:#fff;border-radius:16px;padding:20px;box-shadow:0 1px 2px #1720330f,0 8px 24px #1720330d;margin-bottom:16px}
.item{margin:0;font-size:17px;font-weight:600;overflow-wrap:anywhere}
.price{margin:4px 0 0;font-size:32px;font-weight:800;letter-spacing:-.5px}
.meta{margin:10px 0 0;padding:0;list-style:none;color:#5b6678;font-size:14px}
.meta li{margin-top:2px}
h1{font-size:22px;line-height:1.3;margin:8px 0}
h2{font-size:16px;margin:0 0 12px}
p{margin:8px 0}
label{display:block;font-weight:600;font-size:14px;margin:14px 0 6px}
input[type=text],input[type=tel],input[type=email],input[type=number]{display:block;width:100%;height:48px;padding:0 14px;font:inherit;font-size:16px;color:inherit;background:#fff;border:1px solid #c6cedb;border-radius:10px}
input:focus{outline:3px solid #bfd3ff;border-color:#1d4ed8}
input[aria-invalid=true]{border-color:#c2281d;background:#fff8f7}
.hint{display:block;color:#5b6678;font-size:13px;margin-top:4px}
.field-error{display:block;color:#b3261e;font-size:13px;font-weight:600;margin-top:4px}
.alert{background:#fdecea;color:#8c1d18;border-radius:10px;padding:10px 14px;font-size:14px;margin:0 0 4px}
.btn{display:block;width:100%;margin-top:20px;padding:14px 16px;border:0;border-radius:12px;background:#1d4ed8;color:#fff;font:inherit;font-size:17px;font-weight:700;text-align:center;text-decoration:none;cursor:pointer}
.btn:hover,.btn:focus{background:#1a44bd}
.btn.secondary{background:#e6ebf5;color:#172033}
.who{margin:0;padding:0;list-style:none}
.who li{padding:8px 0;border-top:1px solid #edf0f5;overflow-wrap:anywhere}
.who li:first-child{border-top:0}
.who span{display:block;color:#5b6678;font-size:13px}
.status{text-align:center}
.icon{width:64px;height:64px;margin:4px auto 8px;border-radius:50%;display:flex;align-items:center;justify-content:center;background:#e6ebf5;color:#1d4ed8}
.icon.ok{background:#e3f4ea;color:#137a43}
.icon.bad{background:#fdecea;color:#b3261e}
.mark{width:34px;height:34px}
.lock{width:14px;height:14px;vertical-align:-2px;margin-right:4px}
.facts{width:100%;border-collapse:collapse;margin-top:12px;text-align:left;font-size:15px}
.facts th{color:#5b6678;font-weight:400;padding:6px 0}
.facts td{text-align:right;font-weight:600;padding:6px 0;overflow-wrap:anywhere}
.muted{color:#5b6678;font-size:14px}
.presets{display:flex;flex-wrap:wrap;gap:8px;margin:6px 0 0}
.presets .btn{display:inline-block;width:auto;margin:0;padding:8px 14px;font-size:15px}
.total{margin:12px 0 0;font-size:20px;font-weight:800}
.note{background:#eef4ff;border-radius:10px;padding:10px 14px;text-align:left;overflow-wrap:anywhere}
footer{text-align:center;color:#5b6678;font-size:13px}
footer a{color:#1d4ed8}
`;

/** The CSP source that allows exactly this stylesheet and nothing else inline. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export interface PageFrame {
  locale: Locale;
  title: string;
  merchantName: string;
  /** Where "the other language" leads; null hides the switch. */
  switchHref: string | null;
  /** Reload the page after this many seconds (the waiting page, without JavaScript). */
  refreshSeconds?: number;
  /** Go on to this URL after that many seconds instead (a paid order's `kembali` link). */
  refreshTo?: string;
  /** What a chat app shows for the page's link (Open Graph and Twitter card tags). */
  preview?: PreviewTags;
  /** The built-in simulator plays Midtrans: said on top of the page. */
  simulated?: boolean;
}

export interface PreviewTags {
  title: string;
  description: string;
  /** The link's own URL (absolute). */
  url: string;
  /** The preview cards by absolute URL, the one for apps that take the first image first; none when there is no link to show. */
  images: ReadonlyArray<{ url: string; width: number; height: number; type: string; alt: string }>;
}

/**
 * Open Graph (https://ogp.me) and Twitter card tags: WhatsApp, Telegram and
 * most chat apps build a forwarded link's preview from og:*, X from twitter:*.
 * Each og:image is followed by its own width, height, type and alt (ogp.me,
 * "Arrays"); most apps take the first image, WhatsApp the last.
 */
function previewTags(frame: PageFrame): SafeHtml | null {
  const p = frame.preview;
  if (p === undefined) return null;
  const image = p.images[0] ?? null;
  return html`<meta name="description" content="${p.description}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${frame.merchantName}">
<meta property="og:locale" content="${wordsIn(frame.locale).page.ogLocale}">
<meta property="og:title" content="${p.title}">
<meta property="og:description" content="${p.description}">
<meta property="og:url" content="${p.url}">
${
  image === null
    ? html`<meta name="twitter:card" content="summary">`
    : html`${p.images.map(
        (each) => html`<meta property="og:image" content="${each.url}">
<meta property="og:image:type" content="${each.type}">
<meta property="og:image:width" content="${each.width}">
<meta property="og:image:height" content="${each.height}">
<meta property="og:image:alt" content="${each.alt}">
`,
      )}<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="${image.url}">
<meta name="twitter:image:alt" content="${image.alt}">`
}
<meta name="twitter:title" content="${p.title}">
<meta name="twitter:description" content="${p.description}">`;
}

export function layout(frame: PageFrame, body: SafeHtml): string {
  const w = wordsIn(frame.locale);
  const t = w.page;
  const other = otherLocale(frame.locale);
  const initial = Array.from(frame.merchantName.trim())[0]?.toUpperCase() ?? '?';
  const refresh =
    frame.refreshSeconds === undefined
      ? null
      : html`<meta http-equiv="refresh" content="${frame.refreshTo === undefined ? String(frame.refreshSeconds) : `${frame.refreshSeconds};url=${frame.refreshTo}`}">`;
  const page = html`<!doctype html>
<html lang="${frame.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="same-origin">
${refresh}
${previewTags(frame)}
<title>${frame.title} · ${frame.merchantName}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<div class="wrap">
<header class="top"><span class="avatar" aria-hidden="true">${initial}</span><span><small>${t.payTo}</small><strong id="merchant">${frame.merchantName}</strong></span></header>
<main>
${frame.simulated ? html`<p class="alert" role="alert" id="simulated"><strong>${w.common.simulated}</strong></p>` : null}
${body}
</main>
<footer>
<p>${icon('lock', 'lock')}${t.securedBy}</p>
${frame.switchHref === null ? null : html`<p><a href="${frame.switchHref}" hreflang="${other}" lang="${other}">${wordsIn(other).page.languageName}</a></p>`}
</footer>
</div>
</body>
</html>
`;
  return page.value;
}
