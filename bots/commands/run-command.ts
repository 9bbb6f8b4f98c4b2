/**
 * Runs merchant commands the same way for every chat. An adapter hands over
 * the text and who typed it where; it gets back the messages to show, in the
 * merchant's language. Telegram, WhatsApp and the console differ only in how
 * they show those messages.
 */
import type { Logger } from 'pino';
import { isAppError } from '../../src/domain/errors.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Channel, DeliveryChannel } from '../../src/domain/channel.ts';
import { randomSlug, type ChatAddress, type LinkRef } from '../../src/domain/link.ts';
import type { LinkService } from '../../src/links/link-service.ts';
import type { Preferences } from './preferences.ts';
import type { FraudReview } from '../../src/payments/fraud-review.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import type { PrintCardInput } from '../../src/web/cards/print-card.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import { linkShareKey } from '../../src/notify/outbox-keys.ts';
import { whatsappShareLink } from '../../src/notify/whatsapp-share.ts';
import type { KeyValueStore, OutboxStore } from '../../src/store/ports.ts';
import type { LinkWithUsage } from '../../src/store/ports.ts';
import { customerInput, SMALL_PRICE_BELOW, type Command, type Contact, type NewLinkCommand } from './command.ts';
import { GuidedNewLink } from './guided.ts';
import { parseCommand } from './parse.ts';
import * as reply from './replies.ts';
import { reportsUnavailable } from './report-replies.ts';
import type { ReportCommands } from './reports.ts';

/** One message from a merchant: who, where, and where payment news goes. */
export interface ChatTurn {
  channel: Channel;
  merchantId: string;
  /** The chat the merchant typed in; replies go there. */
  chatId: string;
  /** The merchant's own chat for payment notices (differs when typing inside a customer's chat). */
  notifyChatId: string;
  /** Set when the merchant typed inside a customer's chat: the link card is for that customer. */
  customerChat: ChatAddress | null;
  /** The platform's id of the message, so a redelivered message does not send twice. */
  messageId: string | null;
  /** Telegram only: `/newlink@ThisBot` is for us, `/newlink@OtherBot` is not. */
  botUsername?: string;
}

/** Ways a link can reach a customer, as far as this installation has them. */
export interface LinkDelivery {
  emailEnabled: boolean;
  /** The WhatsApp chat of a phone number, or null when it is not on WhatsApp; absent when WhatsApp is off. */
  whatsappChatFor?: (phone: string) => Promise<string | null>;
  /** `https://t.me/<bot>?start=<slug>` when the Telegram bot is on (null until it knows its name). */
  telegramDeepLink?: (slug: string) => string | null;
}

/** Draws the printable counter card (`/qr 3 cetak`, A6) as a PNG: the port the composition root wires to the card renderer. */
export type PrintableCardRenderer = (card: PrintCardInput) => Promise<Buffer>;

/** The Payment Link ID a chat message's /newlink creates, by `<channel>:<message id>`: a redelivered message finds it. */
const NEWLINK_SLUGS = 'newlink-by-message';

export interface CommandRunnerOptions {
  links: LinkService;
  outbox: OutboxStore;
  /** Remembers which link a message made, so a message delivered twice makes one. */
  kv: KeyValueStore;
  guided: GuidedNewLink;
  /** `/qr 3 cetak`; without it the command says printable cards are not available. */
  printableCard?: PrintableCardRenderer;
  /** Approve/deny of card payments held for fraud review; without it those commands say they are not available. */
  review?: FraudReview;
  preferences: Preferences;
  /** `/rekap`, `/ringkasan`, `/export`; without it those commands say they are not available. */
  reports?: ReportCommands;
  delivery: LinkDelivery;
  merchantName: string;
  logger: Logger;
  pageSize?: number;
  clock?: () => Date;
  /** Called after a notice was queued, so it goes out at once. */
  onQueued?: () => void;
}

export class CommandRunner {
  private readonly clock: () => Date;

  private readonly options: CommandRunnerOptions;
  constructor(options: CommandRunnerOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Answers one message. Null means it was not meant for the bot (plain chat,
   * another bot's command): adapters stay silent then.
   */
  async handle(text: string, turn: ChatTurn): Promise<OutgoingMessage[] | null> {
    const locale = await this.options.preferences.locale(turn.merchantId);
    try {
      const parsed = parseCommand(text, { now: this.clock(), ...(turn.botUsername ? { botUsername: turn.botUsername } : {}) });
      if (!parsed.ok && parsed.notACommand) {
        const step = await this.options.guided.answer(turn, text, locale);
        if (step === null) return null;
        if (step.kind === 'delete') return [reply.linkDeleted(await this.options.links.delete(turn.merchantId, step.ref), locale)];
        if (step.kind === 'reply') return [step.message];
        // A confirmed link is made once per message that asked for it, however often "ya" is pressed.
        const asked = step.messageId === undefined ? turn : { ...turn, messageId: step.messageId };
        return step.confirmed ? await this.createLink(step.command, asked, locale) : await this.confirmOrCreate(step.command, turn, locale);
      }
      if (!parsed.ok) return [reply.say(prefixed(parsed.error.text), locale)];
      // Any other command ends a guided conversation; /cancel ends it itself and says so.
      const { command } = parsed;
      if (command.kind !== 'cancel' && !(command.kind === 'newlink' && command.guided)) await this.options.guided.clear(turn);
      return await this.run(command, turn, locale);
    } catch (err) {
      if (isAppError(err)) return [reply.say(prefixed(err.text), locale)];
      this.options.logger.error({ err, channel: turn.channel, merchantId: turn.merchantId }, 'command failed');
      return [reply.say(reply.INTERNAL_ERROR, locale)];
    }
  }

  private async run(command: Command, turn: ChatTurn, locale: Locale): Promise<OutgoingMessage[]> {
    const { links } = this.options;
    switch (command.kind) {
      case 'newlink':
        if (command.guided) return [await this.options.guided.begin(turn, locale)];
        return this.confirmOrCreate(command, turn, locale);
      case 'links': {
        const page = await links.list(turn.merchantId, {
          page: command.page,
          pageSize: this.options.pageSize ?? 10,
          all: command.includeInactive,
        });
        return [reply.linkList(page, command.includeInactive, locale)];
      }
      case 'link': {
        const details = await links.details(turn.merchantId, command.ref);
        const deepLink = this.options.delivery.telegramDeepLink?.(details.link.slug) ?? null;
        return [reply.linkDetails(details, links.url(details.link), deepLink, this.whatsappShare(details, locale), locale)];
      }
      case 'delete': {
        if (!command.confirmed) {
          const view = await links.find(turn.merchantId, command.ref);
          await this.options.guided.awaitDeleteConfirmation(turn, command.ref, view.link.number);
          return [reply.confirmDelete(view, locale)];
        }
        return [reply.linkDeleted(await links.delete(turn.merchantId, command.ref), locale)];
      }
      case 'qr': {
        const view = await links.find(turn.merchantId, command.ref);
        const url = links.url(view.link);
        return [command.print ? await this.printableCard(view, url, locale) : reply.qrCode(view, url, this.options.merchantName, locale)];
      }
      case 'send':
        return [await this.send(command.ref, command.to, turn, locale)];
      case 'help':
      case 'start':
        return [reply.help(command.kind === 'help' ? command.topic : null, locale)];
      case 'lang':
        await this.options.preferences.setLocale(turn.merchantId, command.locale);
        return [{ text: reply.LANGUAGE_SET[command.locale], actions: [] }];
      case 'cancel': {
        const cancelled = await this.options.guided.clear(turn);
        return [reply.say(cancelled ? reply.GUIDED_PROMPTS.cancelled : reply.GUIDED_PROMPTS.nothingToCancel, locale)];
      }
      case 'approve':
      case 'deny': {
        const review = this.options.review;
        if (!review) return [reply.say(reply.REVIEW_UNAVAILABLE, locale)];
        const order = await review.decide(turn.merchantId, command.orderId, command.kind);
        return [reply.reviewSent(order.id, command.kind, locale)];
      }
      case 'report':
      case 'dailySummary':
      case 'export': {
        const reports = this.options.reports;
        if (!reports) return [reportsUnavailable(locale)];
        if (command.kind === 'report') return reports.report(turn, command.period, locale);
        if (command.kind === 'dailySummary') return reports.dailySummary(turn, command.set, locale);
        return reports.export(turn, command.period, this.clock(), locale);
      }
    }
  }

  /** The counter card of a link that can be paid; a card for one that cannot would mislead whoever scans it. */
  private async printableCard(view: LinkWithUsage, url: string, locale: Locale): Promise<OutgoingMessage> {
    const render = this.options.printableCard;
    if (!render) return reply.say(reply.PRINTABLE_UNAVAILABLE, locale);
    if (view.state !== 'active') return reply.printRefused(view, locale);
    const { merchantName } = this.options;
    const png = await render({ merchantName, itemName: view.link.itemName, price: view.link.price, url, locale });
    return reply.printableCard(view, url, merchantName, png, locale);
  }

  /** A price under Rp1.000 is asked about first (one tap or `ya`); any other link is made at once. */
  private async confirmOrCreate(command: NewLinkCommand, turn: ChatTurn, locale: Locale): Promise<OutgoingMessage[]> {
    if (command.price >= SMALL_PRICE_BELOW) return this.createLink(command, turn, locale);
    await this.options.guided.awaitPriceConfirmation(turn, command, turn.messageId);
    return [reply.confirmSmallPrice(command, locale)];
  }

  private async createLink(command: NewLinkCommand, turn: ChatTurn, locale: Locale): Promise<OutgoingMessage[]> {
    const view = await this.createOnce(command, turn);
    // Inside a customer's chat the card is for the customer, not the merchant's summary.
    if (turn.customerChat) return [renderNotice(this.shareNotice(view), locale)];

    let note: string | null = null;
    const email = view.link.customer?.email;
    if (email) {
      note = this.options.delivery.emailEnabled
        ? await this.queueShare(view, 'email', email, `created:${view.link.id}`, locale)
        : emailDisabled(locale);
    }
    return [reply.linkCreated(view, this.options.links.url(view.link), this.whatsappShare(view, locale), locale, note)];
  }

  /**
   * Creates the link a message asks for, once per message however often it
   * is delivered (Telegram redelivers what a stopped poller did not confirm,
   * and in webhook mode another instance may get it): the Payment Link ID is
   * chosen and stored under the message's id before the link is made, and
   * the store refuses a second link with that ID. A redelivery gets the
   * first one's link back. A turn without a message id is always new.
   */
  private async createOnce(command: NewLinkCommand, turn: ChatTurn): Promise<LinkWithUsage> {
    const { links, kv } = this.options;
    let slug = command.slug ?? null;
    let redelivered = false;
    if (turn.messageId !== null) {
      const key = `${turn.channel}:${turn.messageId}`;
      redelivered = !(await kv.setIfAbsent(NEWLINK_SLUGS, key, slug ?? randomSlug()));
      slug = await kv.get(NEWLINK_SLUGS, key);
    }
    try {
      return await links.create({
        merchantId: turn.merchantId,
        via: turn.channel,
        notifyChatId: turn.notifyChatId,
        itemName: command.itemName,
        price: command.price,
        usageLimit: command.usageLimit,
        customer: customerInput(command.customer),
        expiresAt: command.expiresAt,
        orderId: command.orderId ?? null,
        slug,
        recipient: turn.customerChat,
      });
    } catch (err) {
      if (!redelivered || slug === null || !isAppError(err, 'SLUG_TAKEN')) throw err;
      return links.find(turn.merchantId, { kind: 'text', value: slug });
    }
  }

  private async send(ref: LinkRef, to: Contact, turn: ChatTurn, locale: Locale): Promise<OutgoingMessage> {
    const view = await this.options.links.find(turn.merchantId, ref);
    if (view.state !== 'active') {
      return reply.say(
        {
          id: `Link #${view.link.number} tidak aktif lagi, jadi tidak dikirim. Buat link baru dengan /newlink.`,
          en: `Link #${view.link.number} is no longer active, so it was not sent. Create a new one with /newlink.`,
        },
        locale,
      );
    }
    const intent = turn.messageId ?? String(this.clock().getTime());
    if (to.kind === 'email') {
      if (!this.options.delivery.emailEnabled) return { text: emailDisabled(locale), actions: [] };
      return { text: await this.queueShare(view, 'email', to.value, intent, locale), actions: [] };
    }
    const chatFor = this.options.delivery.whatsappChatFor;
    if (!chatFor) {
      return reply.say(
        {
          id: `WhatsApp belum aktif di tagih ini. Teruskan link ini ke +${to.value} secara manual, atau aktifkan dengan WHATSAPP_ENABLED=true.\n${this.options.links.url(view.link)}`,
          en: `WhatsApp is not enabled on this tagih. Forward the link to +${to.value} yourself, or enable it with WHATSAPP_ENABLED=true.\n${this.options.links.url(view.link)}`,
        },
        locale,
      );
    }
    const jid = await chatFor(to.value);
    if (jid === null) {
      return reply.say(
        {
          id: `Nomor +${to.value} tidak terdaftar di WhatsApp. Periksa nomornya, atau kirim lewat email: /send ${view.link.number} nama@email.com`,
          en: `+${to.value} is not on WhatsApp. Check the number, or send by email: /send ${view.link.number} name@email.com`,
        },
        locale,
      );
    }
    await this.options.links.setRecipient(view.link.id, { channel: 'whatsapp', chatId: jid });
    return { text: await this.queueShare(view, 'whatsapp', jid, intent, locale, `+${to.value}`), actions: [] };
  }

  private shareNotice(view: LinkWithUsage) {
    return {
      kind: 'link_share' as const,
      link: this.options.links.snapshotLink(view.link),
      customerName: view.link.customer?.name ?? null,
      merchantName: this.options.merchantName,
    };
  }

  /** The link's click-to-chat URL: to the customer's number when the link names one. */
  private whatsappShare(view: LinkWithUsage, locale: Locale): string {
    return whatsappShareLink(this.shareNotice(view), view.link.customer?.phone ?? null, locale);
  }

  /** Queues the link for a customer through the outbox, which retries and paces it. */
  private async queueShare(
    view: LinkWithUsage,
    channel: Extract<DeliveryChannel, 'email' | 'whatsapp'>,
    target: string,
    intent: string,
    locale: Locale,
    shownTarget = target,
  ): Promise<string> {
    const now = this.clock();
    await this.options.outbox.enqueue(
      [{ key: linkShareKey(view.link.id, channel, target, intent), channel, target, merchantId: null, notice: this.shareNotice(view), notBefore: now }],
      now,
    );
    this.options.onQueued?.();
    const via = channel === 'email' ? 'email' : 'WhatsApp';
    return locale === 'id'
      ? `📨 Link #${view.link.number} dikirim lewat ${via} ke ${shownTarget}.`
      : `📨 Link #${view.link.number} is on its way by ${via} to ${shownTarget}.`;
  }
}

function prefixed(text: { id: string; en: string }): { id: string; en: string } {
  return { id: `❌ ${text.id}`, en: `❌ ${text.en}` };
}

function emailDisabled(locale: Locale): string {
  return locale === 'id'
    ? '✉️ Email belum aktif, jadi link tidak dikirim ke email pelanggan. Aktifkan dengan SMTP_URL dan MAIL_FROM.'
    : '✉️ Email is not set up, so the link was not emailed to the customer. Enable it with SMTP_URL and MAIL_FROM.';
}
