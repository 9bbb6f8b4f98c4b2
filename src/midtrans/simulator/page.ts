/**
 * The simulator's stand-in for Snap's hosted page: plain server-rendered
 * HTML with a form, so it works without JavaScript and a browser test can
 * drive it by stable names (`method` radios, `action` buttons).
 */
import { formatRupiah } from '../../domain/money.ts';
import { formatWib } from '../../domain/time.ts';
import { escapeHtml } from '../../escape-html.ts';
import { acceptsAttempt, isPaid, type SimTransaction } from './ledger.ts';
import { METHODS } from './methods.ts';


const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f6fa;margin:0;padding:24px;color:#1d2433}
main{max-width:440px;margin:auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 12px #0001}
.badge{display:inline-block;background:#fff3cd;color:#7a5b00;border-radius:6px;padding:2px 8px;font-size:12px}
h1{margin:12px 0 4px}table{width:100%;border-collapse:collapse;margin:12px 0}td{padding:4px 0}
td.num{text-align:right}fieldset{border:1px solid #dde3ee;border-radius:8px;margin:16px 0}
label{display:block;padding:6px 0}button{font-size:16px;padding:10px 16px;margin-right:8px;border-radius:8px;border:0;cursor:pointer}
button[value=pay]{background:#0b7d3e;color:#fff}button[value=expire]{background:#dde3ee}button[value=deny]{background:#b3261e;color:#fff}
.error{color:#b3261e}`;

function layout(title: string, content: string): string {
  return `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<p class="badge">Midtrans simulator: no real money moves</p>
${content}
</main></body>
</html>`;
}

function itemRows(tx: SimTransaction): string {
  return (tx.request.item_details ?? [])
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.name)}</td><td class="num">${escapeHtml(item.quantity)} × ${escapeHtml(formatRupiah(item.price))}</td></tr>`,
    )
    .join('');
}

function paymentForm(tx: SimTransaction): string {
  // A pending attempt keeps its method; otherwise every method the request enabled is offered.
  const chosen = tx.payment?.status === 'pending' ? tx.payment.method : undefined;
  const methods = chosen === undefined ? tx.methods : [chosen];
  const radios = methods
    .map(
      (method, i) =>
        `<label><input type="radio" name="method" id="method-${method}" value="${method}"${i === 0 ? ' checked' : ''}> ${escapeHtml(METHODS[method].label)}</label>`,
    )
    .join('\n');
  // action="" posts back to this very URL, wherever the page is served from.
  return `<form id="snap-form" method="post" action="">
<fieldset><legend>${chosen === undefined ? 'Pilih metode pembayaran' : 'Metode pembayaran'}</legend>
${radios}
</fieldset>
<button type="submit" name="action" value="pay" id="pay">Pay</button>
<button type="submit" name="action" value="expire" id="expire">Expire</button>
<button type="submit" name="action" value="deny" id="deny">Deny</button>
</form>`;
}

export function renderPaymentPage(tx: SimTransaction, now: Date, error?: string): string {
  const payment = tx.payment;
  const customer = tx.request.customer_details;
  const who = [customer?.first_name, customer?.email, customer?.phone].filter((v): v is string => typeof v === 'string' && v !== '');
  const pending = payment?.status === 'pending';
  // A pending attempt stays payable to its own end (a VA number, a card's OTP page), past the Snap page.
  const open = pending ? now.getTime() < payment.expiresAt.getTime() : acceptsAttempt(tx, now);
  const status =
    payment === null
      ? ''
      : `<p id="status" data-status="${escapeHtml(payment.status)}">Status: <strong>${escapeHtml(payment.status)}</strong> (${escapeHtml(METHODS[payment.method].label)})</p>`;
  const closed = payment !== null && isPaid(payment) ? '' : '<p id="page-closed">Halaman ini sudah tidak bisa dipakai untuk membayar.</p>';
  const content = `
<h1 id="amount">${escapeHtml(formatRupiah(tx.grossAmount))}</h1>
<p>Order ID <code id="order-id">${escapeHtml(tx.orderId)}</code></p>
<table id="items">${itemRows(tx)}</table>
${who.length > 0 ? `<p id="customer">${who.map(escapeHtml).join(' · ')}</p>` : ''}
<p>Berlaku sampai ${escapeHtml(formatWib(tx.pageExpiresAt))}</p>
${error === undefined ? '' : `<p class="error" id="error">${escapeHtml(error)}</p>`}
${status}
${open ? paymentForm(tx) : closed}`;
  return layout(`Bayar ${formatRupiah(tx.grossAmount)}`, content);
}

export function renderMessagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p id="message">${escapeHtml(message)}</p>`);
}
