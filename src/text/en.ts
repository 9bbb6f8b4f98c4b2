/** English, sentence for sentence with id.ts. */
import type { Catalog } from './catalog.ts';

export const en: Catalog = {
  links: {},

  refunds: {},

  reports: {
    help: '/rekap [period] — takings today (or yesterday, this week, this month, 1/11-15/11) with a chart; /ringkasan 21:00 — a daily summary sent by itself, /ringkasan off to stop it',
    menuRekap: 'Takings: /rekap yesterday',
    menuRingkasan: 'Daily summary: /ringkasan 21:00',
    periodInvalid: (input) => `The period "${input}" is not understood. Examples: yesterday, this week, this month, 1/11-15/11, 2026-11-01..2026-11-15.`,
    periodInFuture: (input) => `The period "${input}" has not started yet. Choose today or earlier.`,
    periodReversed: (input) => `The period "${input}" is the wrong way round: write the first day, then the last.`,
    periodTooLong: (input, max) => `The period "${input}" is too long: at most ${max} days at a time. Split it into several periods.`,
    today: (day) => `today (${day})`,
    yesterday: (day) => `yesterday (${day})`,
    week: (first, last) => `this week (${first}–${last})`,
    month: (first, last) => `this month (${first}–${last})`,
    range: (first, last) => (first === last ? first : `${first}–${last}`),
    heading: (period) => `📊 Takings ${period}`,
    paid: (count, gross) => `Paid orders: ${count} · gross ${gross}`,
    refunded: (amount) => `Refunded: ${amount}`,
    net: (amount) => `Net: ${amount}`,
    pending: (count, amount) => `Awaiting payment: ${count} checkouts (${amount})`,
    byLink: 'By link:',
    byMethod: 'By payment method:',
    line: (name, count, net) => `• ${name}: ${count}× · ${net}`,
    moreLines: (count) => `• …and ${count} more`,
    unknownMethod: 'not named',
    nothing: 'No orders in this period yet.',
    chartTitle: (period) => `Net takings ${period}`,
    chartCaption: (period) => `📈 Net takings ${period}`,
    chartHours: 'hour (WIB)',
    chartSaved: (path) => `📈 Chart (PNG) saved: ${path}`,
    chartNotSaved: (path, code) => `The chart could not be saved to ${path} (${code}). Check that the DATA_DIR folder is writable, then try again.`,
    exportHint: 'Download every order of this period: /export',
    unavailable: 'Reports and exports are not available on this tagih.',
    dailyHeadline: (day) => `Daily summary ${day}`,
    summaryOn: (time) => `🗓 Daily summary on: sent to this chat every day at ${time} WIB. Turn it off with /ringkasan off.`,
    summaryOff: '🗓 Daily summary turned off. Turn it on again with /ringkasan 21:00.',
    summaryStatusOff: 'The daily summary is off. Turn it on with /ringkasan 21:00 (WIB).',
    summaryStatusOn: (time) => `The daily summary is sent every day at ${time} WIB. Change the time with /ringkasan 20:30, turn it off with /ringkasan off.`,
    summaryTimeInvalid: (input) => `The time "${input}" is not understood. Write a WIB time such as 21:00 or 7.30, or off to turn it off.`,
  },

  exports: {
    help: (maxDays) => `/export [period] — every order of the period as a CSV file (at most ${maxDays} days at a time)`,
    menu: 'Export orders as CSV: /export this month',
    caption: (period, rows) => `📄 ${rows} orders, ${period} (CSV, UTF-8). Open it in Excel, Google Sheets or LibreOffice.`,
    empty: (period) => `No orders ${period}, so there is no file. Try another period, e.g. /export this month.`,
    savedAt: (path) => `💾 CSV file saved: ${path}`,
  },

  team: {},
};
