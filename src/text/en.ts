/** English, sentence for sentence with id.ts. */
import type { Catalog } from './catalog.ts';
import { formatRupiah } from '../domain/money.ts';

export const en: Catalog = {
  rules: {
    priceInvalid: (shown, examples) => `The price "${shown}" is not a number of rupiah. Write it like ${examples}.`,
    priceFractional: (shown) => `The price "${shown}" has cents. Rupiah amounts are whole numbers, e.g. 150000.`,
    priceTooLow: (shown, min) => `The price "${shown}" is too low. The minimum is ${formatRupiah(min)}.`,
    priceTooHigh: (shown, max) => `The price "${shown}" is too high. The maximum is ${formatRupiah(max)}.`,
    expiryInvalid: (shown) => `The expiry "${shown}" is not understood. Examples: 2026-12-31, 31/12, 3d, 12h, 7 days.`,
    expiryInPast: (shown) => `The expiry "${shown}" is in the past. Choose today or a later date.`,
    expiryTooFar: (shown) => `The expiry "${shown}" is too far away. The limit is one year from now.`,
    expiryOutOfRange: 'The expiry must be in the future, at most one year ahead.',
    orderIdTaken: (orderId) => `The Order ID "${orderId}" is already used by another link. Pick another, or leave it out to get one generated.`,
    slugTaken: (slug) => `The Payment Link ID "${slug}" is already taken. Pick another, or leave it out to get a random one.`,
    linkNotFound: (ref) => `No link "${ref}" was found. See your links with /links.`,
    itemNameInvalid: (max, length) => `The item name must be 1–${max} characters (it has ${length}). Example: Black T-shirt.`,
    usageLimitInvalid: (max) => `The usage limit must be a whole number from 1 to ${max.toLocaleString('en-US')}, or "unlimited".`,
    orderIdInvalid: (shown, max) => `The Order ID "${shown}" is not valid: 1–${max} letters, digits, - _ . ~ only. Example: INV-001.`,
    slugInvalid: (shown, min, max) => `The Payment Link ID "${shown}" is not valid: ${min}–${max} lower-case letters, digits and - only. Example: kaos-hitam.`,
    field: { name: 'The name', phone: 'The phone number', email: 'The email address' },
    controlCharacter: (field) => `${field} contains an invisible control character (such as a tab, a line break or ESC). Type it again without pasting.`,
    phoneInvalid: (shown) => `The phone number "${shown}" is not valid. Example: 081234567890 or +6281234567890.`,
    emailInvalid: (shown) => `The email address "${shown}" is not valid. Example: budi@mail.com.`,
    customerNameInvalid: (max) => `The customer's name must be 1–${max} characters.`,
  },

  payments: {
    linkUnavailable: {
      expired: 'This payment link has expired.',
      sold_out: 'This payment link has reached its usage limit.',
      deleted: 'This payment link is no longer available.',
      unknown: 'This payment link does not exist.',
    },
    askSeller: 'Ask the seller for a new link.',
    startFailed: 'The payment service is busy right now. You have not been charged. Please try again.',
    tooManyCheckouts: (time) => `You still have several payments that are not finished. Finish one of them, or try again after ${time}.`,
    ownCheckoutOpen: (time) => `You have already started a payment for this link. Continue that payment, or wait until ${time} to start a new one.`,
    checkoutInProgress: (time) => `A payment for this link is already under way from your network or device. Try again after ${time}.`,
    receiptRefFailed: 'Could not make a receipt reference. Please try again.',
    orderNotFound: (orderId) => `No order "${orderId}" was found. See a link's orders with /link <number>.`,
    reviewNotPending: (orderId) => `Order ${orderId} is not waiting for a review, so there is nothing to approve or deny.`,
  },

  midtrans: {
    timeout: 'Midtrans did not answer in time. Please try again shortly.',
    unreachable: 'Midtrans cannot be reached. Check the server’s internet connection, then try again.',
    unauthorized: 'Midtrans refused the server key. Check MIDTRANS_SERVER_KEY and MIDTRANS_ENV.',
    notFound: 'Midtrans does not know this transaction.',
    unavailable: 'Midtrans is having trouble right now. Please try again shortly.',
    rejected: 'Midtrans refused the request.',
    rejectedSaying: (said) => `Midtrans refused the request: ${said}`,
    statusUntrusted: (orderId, reason) => `Midtrans's Get Status answer for ${orderId} cannot be trusted (${reason}).`,
    sandboxKeyInProduction:
      'MIDTRANS_SERVER_KEY is a sandbox key (it starts with "SB-Mid-") but MIDTRANS_ENV=production. Use the production key from the Midtrans dashboard, or set MIDTRANS_ENV=sandbox.',
    productionKeyInSandbox:
      'MIDTRANS_SERVER_KEY is not a sandbox key (it does not start with "SB-Mid-") but MIDTRANS_ENV=sandbox. Use the sandbox key, or set MIDTRANS_ENV=production.',
    orderIdInvalid: 'The order id is empty or not usable.',
    timeoutInvalid: 'The Midtrans call timeout must be more than 0 ms.',
    windowInvalid: 'The payment deadline must be after its start.',
    amountMismatch: 'The amount is not the item price times its quantity.',
  },

  store: {
    unavailable: 'The data store is unavailable right now. Please try again shortly.',
    mongoReplicaSetUninitiated:
      'The MongoDB server in MONGODB_URI was started with --replSet but its replica set is not initiated. Run `rs.initiate()` once in mongosh, then start tagih again.',
    mongoStandalone:
      'The MongoDB server in MONGODB_URI is a standalone, but tagih needs transactions, which only a replica set has. Use a MongoDB Atlas cluster (every cluster is a replica set), or start mongod with `mongod --replSet rs0` and run `rs.initiate()` once in mongosh. Without MONGODB_URI, tagih uses its embedded SQLite store.',
  },

  config: {
    invalid: (variable, value, allowed) => `${variable} is not valid${value ? ` (got ${value})` : ''}: ${allowed}.`,
    wholeNumber: (min, max) => `a whole number from ${min} to ${max}`,
    oneOf: (allowed) => `one of ${allowed.join(', ')}`,
    boolean: 'true or false',
    url: (schemes) => `a URL starting with ${schemes.join(' or ')}`,
    trustProxy:
      'off, the number of proxies in front of tagih (1 to 10), or their addresses and subnets, comma-separated ' +
      '(e.g. 127.0.0.1, 10.0.0.0/8, loopback, uniquelocal); not true, which would let any client choose its own address',
    webhookSecret: 'required in webhook mode: 1-256 characters of A-Z a-z 0-9 _ -',
    telegramIds: 'comma-separated numeric Telegram user ids',
    mailFrom: 'required with SMTP_URL, e.g. "Toko Budi <toko@example.com>"',
    phones: 'comma-separated phone numbers such as 6281234567890',
    webVersion: 'three comma-separated numbers such as 2,3000,1027934701',
    simulatorWithKey: 'true only without MIDTRANS_SERVER_KEY; remove one of the two',
    keyForRealMidtrans: 'required because MIDTRANS_SIMULATOR=false',
    keyForPublicUrl: (host) =>
      `required because PUBLIC_URL (${host}) faces the internet; without a key every payment is simulated. To try with the simulator, set MIDTRANS_SIMULATOR=true`,
  },

  startup: {
    couldNotStart: 'tagih could not start',
    stopping: 'Stopping tagih… (Ctrl-C again to force it)',
    portInUse: (port, variable) => `Port ${port} is already in use (perhaps by a tagih still running): stop that program, or set ${variable} to another port.`,
    portNeedsAdmin: (port, variable) => `Port ${port} needs administrator rights: set ${variable} to 1024 or higher.`,
    hostNotHere: (host, variable) => `${host} is not an address of this machine: set ${variable} to 127.0.0.1 (this machine only) or 0.0.0.0 (every network).`,
    dataDirUnwritable: (dir, code) =>
      `The data folder ${dir} cannot be written (${code}): check its permissions and free space, or set DATA_DIR to another folder.`,
  },

  common: {
    item: 'Item',
    amount: 'Amount',
    pay: 'Pay',
    simulated: 'SIMULATION — no money moved',
  },

  notices: {
    orderId: 'Order ID',
    customer: 'Customer',
    contact: 'Contact',
    method: 'Method',
    usage: 'Link usage',
    time: 'Time',
    seller: 'Seller',
    price: 'Price',
    payHere: 'Pay here',
    validUntil: 'Valid until',
    detail: 'Detail',
    approve: 'Approve',
    deny: 'Deny',
    unlimited: (paid) => `${paid} (no limit)`,
    received: (received, price) => `Received: ${formatRupiah(received)} (differs from the price ${formatRupiah(price)})`,
    receivedUnknown: (price) => `Received: unknown amount (price ${formatRupiah(price)})`,
    underpaid: (received, price) => `Received: ${formatRupiah(received)}, less than the price ${formatRupiah(price)}`,
    partlyBack: (back, price) => `${formatRupiah(back)} of ${formatRupiah(price)} returned`,
    overLimit: (paid, limit) =>
      `⚠️ This link is now past its usage limit (${paid}/${limit}): Midtrans took the money anyway. Ship the item, or refund it from the Midtrans dashboard.`,
    thanks: (name) => `✅ Thank you${name === null ? '' : `, ${name}`}! Your payment was received.`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    sentYou: (merchant) => `${merchant} sent you a payment link.`,
    receiptSubject: (item) => `Payment received: ${item}`,
    shareSubject: (merchant, item) => `Payment link from ${merchant}: ${item}`,
    eventTitle: {
      paid: 'Payment received',
      paid_late: 'Payment received for an order already closed',
      expired: 'Order expired',
      cancelled: 'Order cancelled',
      failed: 'Payment failed',
      reversed: 'Payment reversed by the bank',
      voided: 'Card payment voided',
      refunded: 'Payment refunded',
      partially_refunded: 'Part of the payment refunded',
      charged_back: 'Chargeback',
      partially_charged_back: 'Partial chargeback',
      challenge: 'Card payment needs review',
      underpaid: 'Underpaid',
    },
    eventNote: {
      paid_late: 'This order had been marked expired, cancelled or failed, and then Midtrans took the money anyway. It is now PAID.',
      expired: 'Never paid. The link slot is free again for another customer.',
      cancelled: 'Not paid. The link slot is free again.',
      failed: 'The payment was declined or failed; the order is not paid. The link slot is free again.',
      reversed: 'The bank reversed the payment after settlement: this order is NOT paid any more. Check the Midtrans dashboard before shipping.',
      voided: 'The card charge was cancelled before settlement: this order is NOT paid any more and the link slot is free again. Do not ship.',
      refunded: 'The whole payment was returned to the customer (refund); the order no longer counts as paid.',
      partially_refunded: 'The order stays paid; the link total counts the money kept.',
      charged_back: 'The card issuer took the whole payment back (chargeback): this order is NOT paid any more. Check the Midtrans dashboard.',
      partially_charged_back: 'The card issuer took part of the payment back. The order stays paid. Check the Midtrans dashboard.',
      challenge: 'Midtrans is holding this payment for a fraud review. Approve or deny it; without a decision Midtrans cancels it at settlement.',
      underpaid: 'Less money arrived than the price, so the order was NOT marked paid. Check the Midtrans dashboard.',
    },
    creditCard: 'Credit card',
    convenienceStore: 'Convenience store',
  },

  links: {},

  refunds: {},

  reports: {},

  exports: {},

  team: {},
};
