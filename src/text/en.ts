/** English, sentence for sentence with id.ts. */
import type { Catalog } from './catalog.ts';

export const en: Catalog = {
  links: {},

  refunds: {
    helpLine:
      '/refund <order or ref> [amount] [reason] — give a payment back through Midtrans: all that is left, or part of it when you write an amount (/refund 3 50k damaged item)',
    orderNotFound: (ref: string) => `No order or link "${ref}" was found. See a link's orders with /link <number>.`,
    noPaidOrder: (linkNumber: number) => `Link #${linkNumber} has no paid order yet, so there is nothing to refund.`,
    notPaid: (orderId: string) => `Order ${orderId} is not paid, so there is no money to give back.`,
    notSettled: (orderId: string) =>
      `The card payment of order ${orderId} is not settled by the bank yet (usually tomorrow at 16:00 WIB). It can be refunded after that.`,
    methodUnsupported: (orderId: string, method: string) =>
      `Order ${orderId} was paid with ${method}, which Midtrans cannot refund through its API. Give the money back yourself by bank transfer to the customer, or see the options in the Midtrans dashboard (Transactions).`,
    nothingLeft: (orderId: string) => `The money of order ${orderId} has already been given back in full (or is being given back).`,
    tooMuch: (left: string) => `That is more than can be refunded. At most ${left}.`,
    choose: (linkNumber: number, count: number) => `Link #${linkNumber} has ${count} paid orders. Which one do you want to refund?`,
    chooseLine: (orderId: string, amount: string, who: string) => `• /refund ${orderId} — ${amount}${who === '' ? '' : ` · ${who}`}`,
    confirm: (amount: string, orderId: string, what: string) => `Give back ${amount} of order ${orderId} (${what})?`,
    partialNote: (left: string) => `Partial refund: the order stays paid, and the other ${left} is yours.`,
    fullNote: 'Full refund: the order no longer counts as paid.',
    reasonLine: (reason: string) => `Reason: ${reason}`,
    confirmHint: 'Type yes to ask Midtrans for the refund, or /cancel.',
    confirmButton: (amount: string) => `Yes, refund ${amount}`,
    keepButton: 'Keep it',
    reminder: (amount: string, orderId: string) => `Type yes to refund ${amount} of order ${orderId}, or /cancel.`,
    sent: (amount: string, orderId: string) =>
      `↩️ Midtrans took the request to refund ${amount} of order ${orderId}. You will hear here as soon as Midtrans reports the money given back.`,
    alreadySent: (amount: string, orderId: string) => `The refund of ${amount} for order ${orderId} was already asked of Midtrans; it is not sent again.`,
    noAnswer:
      'Midtrans has not answered the refund request. Type yes to try again: the same request is sent again, so the money cannot be refunded twice.',
    requestUnknown: 'This refund request is unknown or has lapsed. Write /refund again.',
    unavailable: 'Refunds are not available on this tagih.',
  },

  reports: {},

  exports: {},

  team: {
    helpStaff:
      '/staff — your shop’s team; /staff add — an invite code for new staff; /staff remove <name> — take someone off the team; /staff allow refund (or off) — staff may refund',
    helpNotif: '/notif here — payment news to this group as well; /notif here only — to this group only; /notif off — back to the chat of whoever made the link',
    notAllowed: 'Only the shop’s owner can do this. Ask the owner, or for refunds ask them for /staff allow refund.',
    inviteMade: (code: string, hours: number) =>
      `Staff invite code (one use, valid ${hours} hours):
/start ${code}
Whoever sends this to the bot joins your shop as staff: they can create and share links and see orders.`,
    inviteLink: (url: string) => `Or open this link in Telegram: ${url}`,
    staffList: (count: number) => `Your shop’s team (${count} staff):`,
    staffLine: (name: string) => `• ${name}`,
    noStaff: 'No staff yet. Invite someone with /staff add.',
    refundsByStaff: (allowed: boolean) => (allowed ? 'Staff may refund.' : 'Only the owner may refund.'),
    nameMissing: 'Write the name of the staff member to remove, e.g. /staff remove Sari.',
    staffNotFound: (name: string) => `No staff member is called "${name}". See the team with /staff.`,
    staffAmbiguous: (name: string) => `More than one staff member is called "${name}". Ask one of them to change their chat name, then try again.`,
    removed: (name: string) => `${name} is no longer on the shop’s team.`,
    refundsAllowed: 'Staff may refund now. Take it back with /staff allow refund off.',
    refundsDisallowed: 'Only the shop’s owner may refund now.',
    joined: (name: string) => `Welcome, ${name}! You are on this shop’s team now: create links with /newlink, see them with /links.`,
    joinInvalid: 'This invite code is unknown, used or expired. Ask the shop’s owner for a new one (/staff add).',
    joinMember: 'You are already on a shop’s team, so this code was not used.',
    noticesAlso: 'The shop’s payment news now comes to this chat too, as well as to the chat of whoever made the link.',
    noticesInstead: 'The shop’s payment news now comes to this chat only.',
    noticesOff: 'Payment news goes only to the chat of whoever made the link again.',
    noticesNotHere: 'Payment news can only be sent to a Telegram or WhatsApp chat. Send /notif here from the team’s group.',
    createdBy: (name: string) => `Made by ${name}`,
  },
};
