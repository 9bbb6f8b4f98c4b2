/**
 * Bahasa Indonesia: the first language, and the one that decides which
 * sentences exist (see catalog.ts). Sections follow the parts of the product.
 * Functions take the facts a sentence needs; formatting of money and time is
 * done by the domain's formatters so every language shows `Rp150.000` alike.
 */
export const id = {
  /** Rich links: open amounts, items, quantities, methods, questions, thank-you. */
  links: {},

  /** Refunds from chat. */
  refunds: {},

  /** The day's takings, the chart and the daily summary. */
  reports: {},

  /** CSV exports of orders. */
  exports: {},

  /** A shop's owner, staff and team chats. */
  team: {},
};
