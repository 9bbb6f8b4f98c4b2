/**
 * After Snap: the order's status as our database knows it. Snap's own query
 * string (`transaction_status=settlement`) never decides the status: anyone
 * can type it. It only turns "waiting" into "confirming" (no pay button)
 * while Midtrans is being asked, see src/web/return-check.ts.
 */
import type { Link } from '../../domain/link.ts';
import { orderLines } from '../../domain/link-offer.ts';
import { formatRupiah } from '../../domain/money.ts';
import type { Order, OrderStatus } from '../../domain/order.ts';
import { lineWords } from '../../notify/offer-words.ts';
import { wordsIn } from '../../text/catalog.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageFrame } from './layout.ts';
import { statusMark } from './parts.ts';

/** How often the waiting page reloads itself. */
const WAITING_REFRESH_SECONDS = 3;
/** How long a paid page stays before it goes on to the merchant's `kembali` URL: time to read the thank-you. */
const REDIRECT_AFTER_SECONDS = 8;

export interface DonePage {
  /** Titled with the status (`doneTitle`). */
  frame: PageFrame;
  link: Link;
  order: Order;
  /** Snap's page, while the customer can still pay there. */
  continueUrl: string | null;
  /** The link's payment page, to start again after a failed attempt. */
  linkUrl: string;
  /** A pending order whose Snap return said paid, while Midtrans is asked: no pay button, "confirming". */
  confirming: boolean;
}

const MARKS: Readonly<Record<OrderStatus, Parameters<typeof statusMark>>> = {
  pending: ['clock', 'info'],
  paid: ['check', 'ok'],
  expired: ['alert', 'bad'],
  cancelled: ['alert', 'bad'],
  failed: ['alert', 'bad'],
  refunded: ['refund', 'info'],
};

export function doneTitle(locale: PageFrame['locale'], status: OrderStatus, confirming: boolean): string {
  const done = wordsIn(locale).page.done;
  return status === 'pending' && confirming ? done.confirming.title : done[status].title;
}

export function renderDonePage(page: DonePage): string {
  const { frame, link, order } = page;
  const w = wordsIn(frame.locale);
  const t = w.page;
  const status = order.status;
  const confirming = status === 'pending' && page.confirming;
  const title = confirming ? t.done.confirming.title : t.done[status].title;
  const body = confirming ? t.done.confirming.body : status === 'paid' ? t.done.paid.body(frame.merchantName) : t.done[status].body;
  let action: SafeHtml | null = null;
  if (confirming) {
    // No way back to Snap: a customer who has just paid must not be offered to pay again.
    action = html`<p class="muted">${t.refreshing}</p>`;
  } else if (status === 'pending') {
    action = html`<p class="muted">${t.refreshing}</p>${
      page.continueUrl === null ? null : html`<a class="btn secondary" id="continue" href="${page.continueUrl}">${t.continuePayment}</a>`
    }`;
  } else if (status === 'expired' || status === 'cancelled' || status === 'failed') {
    action = html`<a class="btn" id="again" href="${page.linkUrl}">${t.tryAgain}</a>`;
  }
  // Only a paid order goes on to the merchant's page (https, checked when the link was made): the payment is
  // confirmed here first, which is why Snap's own finish callback is always this page.
  const paid = status === 'paid';
  const redirect = paid ? link.redirectUrl : null;
  if (redirect !== null) action = html`<p class="muted" id="redirecting">${w.links.pageRedirecting}</p><a class="btn" id="back-to-shop" href="${redirect}">${w.links.pageBackToShop}</a>`;
  const thanks = paid && link.thanks !== null ? html`<p class="note" id="thanks"><strong>${w.links.pageSellerNote}:</strong> ${link.thanks}</p>` : null;
  const lines = orderLines(link, order);
  const bought = lines.length === 1 ? lineWords(lines[0]!) : link.itemName;
  const pageFrame =
    status === 'pending'
      ? { ...frame, refreshSeconds: WAITING_REFRESH_SECONDS }
      : redirect !== null
        ? { ...frame, refreshSeconds: REDIRECT_AFTER_SECONDS, refreshTo: redirect }
        : frame;
  return layout(
    pageFrame,
    html`<section class="card status" id="order-status" data-status="${confirming ? 'confirming' : status}">
${statusMark(...MARKS[status])}
<h1>${title}</h1>
<p>${body}</p>
${thanks}
<table class="facts">
<tr><th scope="row">${w.common.item}</th><td id="bought">${bought}</td></tr>
<tr><th scope="row">${w.common.amount}</th><td>${formatRupiah(order.amount)}</td></tr>
<tr><th scope="row">${t.orderId}</th><td id="order-id">${order.id}</td></tr>
</table>
${action}
</section>`,
  );
}
