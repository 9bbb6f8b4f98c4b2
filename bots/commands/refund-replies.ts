/** What /refund answers: the question before a refund, the choice of order, and what Midtrans said. */
import type { Link } from '../../src/domain/link.ts';
import type { Locale } from '../../src/domain/locale.ts';
import { formatRupiah } from '../../src/domain/money.ts';
import type { Order } from '../../src/domain/order.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { describePaymentMethod } from '../../src/notify/payment-method.ts';
import type { RefundPlan, Sent } from '../../src/refunds/refunds.ts';
import { wordsIn } from '../../src/text/catalog.ts';

/** What is refunded and what it costs the merchant, with a button (or `ya`) to send it and one to keep the money. */
export function confirmRefund(plan: RefundPlan, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).refunds;
  const amount = formatRupiah(plan.amount);
  const method = describePaymentMethod(plan.method, plan.channel, locale);
  const what = [`${plan.itemName} #${plan.linkNumber}`, plan.customerName, method].filter((part) => part !== null && part !== '').join(' · ');
  const lines = [
    w.confirm(amount, plan.orderId, what),
    plan.leftAfter > 0 ? w.partialNote(formatRupiah(plan.leftAfter)) : w.fullNote,
    ...(plan.reason === null ? [] : [w.reasonLine(plan.reason)]),
    w.confirmHint,
  ];
  const yes = wordsIn(locale).commands.yes;
  return {
    text: lines.join('\n'),
    actions: [
      { kind: 'command', label: w.confirmButton(amount), command: yes, data: yes },
      { kind: 'command', label: w.keepButton, command: '/cancel', data: '/cancel' },
    ],
  };
}

/** The paid orders of a link, each as the command that refunds it. */
export function chooseOrder(link: Link, orders: readonly Order[], locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).refunds;
  const lines = orders.map((order) => w.chooseLine(order.id, formatRupiah(order.payment?.amountReceived ?? order.amount), order.customer.name ?? ''));
  return {
    text: [w.choose(link.number, orders.length), ...lines].join('\n'),
    // Telegram's callback data holds 64 bytes: a Midtrans order id (≤ 50) and the command fit.
    actions: orders.slice(0, 5).map((order) => ({ kind: 'command', label: order.id, command: `/refund ${order.id}`, data: `/refund ${order.id}` })),
  };
}

export function refundSent(result: Sent, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).refunds;
  const amount = formatRupiah(result.plan.amount);
  const text = result.kind === 'sent' ? w.sent(amount, result.plan.orderId) : w.alreadySent(amount, result.plan.orderId);
  return { text, actions: [] };
}

/** What a refund question waiting for `ya` says again when something else is typed. */
export function refundReminder(amount: number, orderId: string, locale: Locale): string {
  return wordsIn(locale).refunds.reminder(formatRupiah(amount), orderId);
}
