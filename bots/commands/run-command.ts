/**
 * Runs merchant commands the same way for every chat. An adapter hands over
 * the text and who typed it where; it gets back the messages to show, in the
 * merchant's language. Telegram, WhatsApp and the console differ only in how
 * they show those messages.
 */
import type { Logger } from 'pino';
import { isAppError, type AppError } from '../../src/domain/errors.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Channel, DeliveryChannel } from '../../src/domain/channel.ts';
import { randomSlug, type ChatAddress, type LinkRef } from '../../src/domain/link.ts';
import type { LinkService } from '../../src/links/link-service.ts';
import type { Preferences } from './preferences.ts';
import type { FraudReview } from '../../src/payments/fraud-review.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import type { PrintCardInput } from '../../src/web/cards/print-card.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import { linkShareNotice, type LinkShareNotice } from '../../src/notify/notices.ts';
import { linkShareKey } from '../../src/notify/outbox-keys.ts';
import { whatsappShareLink } from '../../src/notify/whatsapp-share.ts';
import type { KeyValueStore, OutboxStore } from '../../src/store/ports.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { LinkWithUsage } from '../../src/store/ports.ts';
import { customerInput, hasSmallPrice, type Command, type Contact, type NewLinkCommand } from './command.ts';
import { GuidedNewLink, type ConversationKey } from './guided.ts';
import { priceWords } from '../../src/notify/offer-words.ts';
import { parseCommand, type ParseResult } from './parse.ts';
import type { Refunds } from '../../src/refunds/refunds.ts';
import { chooseOrder, confirmRefund, refundSent } from './refund-replies.ts';
import { isInviteCode, type Actor, type Team } from '../../src/team/team.ts';
import { mayRun } from './permissions.ts';
import * as teamReply from './team-replies.ts';
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
  /** The person's name as the chat shows it, for the team ("dibuat oleh Sari"); the user id when absent. */
  userName?: string;
}

/**
 * A turn once its speaker is known: `merchantId` is their shop's id (where
 * links and orders live), `actor` who they are. Resolved once, before any
 * link or order is touched.
 */
type ShopTurn = ChatTurn & { actor: Actor };

/** A conversation (guided /newlink, a question waiting for `ya`) is the person's, not the shop's: two of a team in one group each have their own. */
function conversationOf(turn: ShopTurn): ConversationKey {
  return { channel: turn.channel, chatId: turn.chatId, merchantId: turn.actor.userId };
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
  /** `/refund`; without it the command says refunds are not available. */
  refunds?: Refunds;
  /** Shops with owner and staff; without it every merchant is the owner of a shop of their own, as before teams. */
  team?: Team;
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
   * Reads a message as handle() does. An adapter that must know the command
   * too (a deep link's payload, whether a button answers in place) reads it
   * here and hands the result to handle(), so each message is parsed once.
   */
  parse(text: string, turn: Pick<ChatTurn, 'botUsername'>): ParseResult {
    return parseCommand(text, { now: this.clock(), ...(turn.botUsername ? { botUsername: turn.botUsername } : {}) });
  }

  /**
   * Answers one message. Null means it was not meant for the bot (plain chat,
   * another bot's command): adapters stay silent then.
   */
  async handle(text: string, user: ChatTurn, parsed: ParseResult = this.parse(text, user)): Promise<OutgoingMessage[] | null> {
    const locale = await this.options.preferences.locale(user.merchantId);
    try {
      const turn = await this.shopTurn(user);
      if (!parsed.ok && parsed.notACommand) {
        const step = await this.options.guided.answer(conversationOf(turn), text, locale);
        if (step === null) return null;
        if (step.kind === 'delete') return [reply.linkDeleted(await this.options.links.delete(turn.merchantId, step.ref), locale)];
        if (step.kind === 'reply') return [step.message];
        if (step.kind === 'refund') return [await this.sendRefund(step.refund, turn, locale)];
        // A confirmed link is made once per message that asked for it, however often "ya" is pressed.
        const asked = step.messageId === undefined ? turn : { ...turn, messageId: step.messageId };
        return step.confirmed ? await this.createLink(step.command, asked, locale) : await this.confirmOrCreate(step.command, turn, locale);
      }
      if (!parsed.ok) return [failed(parsed.error, locale)];
      // Any other command ends a guided conversation; /cancel ends it itself and says so.
      const { command } = parsed;
      if (command.kind !== 'cancel' && !(command.kind === 'newlink' && command.guided)) await this.options.guided.clear(conversationOf(turn));
      if (!mayRun(command, turn.actor.role, turn.actor.shop)) return [teamReply.notAllowed(locale)];
      return await this.run(command, turn, locale);
    } catch (err) {
      if (isAppError(err)) return [failed(err, locale)];
      this.options.logger.error({ err, channel: user.channel, merchantId: user.merchantId }, 'command failed');
      return [reply.say((w) => w.commands.internalError, locale)];
    }
  }

  /**
   * `/start <invite code>` from someone who is not a merchant yet (the chat
   * adapter lets them this far only for a code): joins them to the shop.
   */
  async join(code: string, user: ChatTurn): Promise<OutgoingMessage> {
    const locale = await this.options.preferences.locale(user.merchantId);
    const team = this.options.team;
    if (!team) return teamReply.joined({ kind: 'invalid' }, locale);
    return teamReply.joined(await team.join(user.merchantId, user.userName ?? user.merchantId, code), locale);
  }

  private async shopTurn(user: ChatTurn): Promise<ShopTurn> {
    const name = user.userName ?? user.merchantId;
    const actor: Actor = this.options.team
      ? await this.options.team.actor(user.merchantId, name)
      : {
          userId: user.merchantId,
          shopId: user.merchantId,
          role: 'owner',
          name,
          shop: { id: user.merchantId, ownerId: user.merchantId, staffMayRefund: false, notices: null, createdAt: new Date(0) },
        };
    return { ...user, merchantId: actor.shopId, actor };
  }

  private async runStaff(command: Extract<Command, { kind: 'staff' }>, turn: ShopTurn, locale: Locale): Promise<OutgoingMessage> {
    const team = this.options.team;
    if (!team) return teamReply.notAllowed(locale);
    const { actor } = turn;
    switch (command.action) {
      case 'list':
        return teamReply.staffList(actor.shop, await team.staff(actor), locale);
      case 'add': {
        const invite = await team.invite(actor);
        return teamReply.inviteMade(invite, this.options.delivery.telegramDeepLink?.(invite.code) ?? null, locale);
      }
      case 'remove':
        if (command.name.trim() === '') return teamReply.nameMissing(locale);
        return teamReply.staffRemoved(await team.remove(actor, command.name), locale);
      case 'allowRefunds':
        await team.allowRefunds(actor, command.allowed);
        return teamReply.refundsAllowed(command.allowed, locale);
    }
  }

  private async run(command: Command, turn: ShopTurn, locale: Locale): Promise<OutgoingMessage[]> {
    const { links } = this.options;
    switch (command.kind) {
      case 'newlink':
        if (command.guided) return [await this.options.guided.begin(conversationOf(turn), locale)];
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
          await this.options.guided.awaitDeleteConfirmation(conversationOf(turn), command.ref, view.link.number);
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
      case 'start':
        if (command.payload !== null && isInviteCode(command.payload)) return [await this.join(command.payload, { ...turn, merchantId: turn.actor.userId })];
        return [reply.help(null, locale)];
      case 'help':
        return [reply.help(command.topic, locale)];
      case 'lang':
        await this.options.preferences.setLocale(turn.actor.userId, command.locale);
        // Said in the language just chosen.
        return [reply.say((w) => w.commands.languageSet, command.locale)];
      case 'cancel': {
        const cancelled = await this.options.guided.clear(conversationOf(turn));
        return [reply.say((w) => (cancelled ? w.guided.cancelled : w.guided.nothingToCancel), locale)];
      }
      case 'approve':
      case 'deny': {
        const review = this.options.review;
        if (!review) return [reply.say((w) => w.commands.reviewUnavailable, locale)];
        const order = await review.decide(turn.merchantId, command.orderId, command.kind);
        return [reply.reviewSent(order.id, command.kind, locale)];
      }
      case 'refund': {
        const refunds = this.options.refunds;
        if (!refunds) return [{ text: wordsIn(locale).refunds.unavailable, actions: [] }];
        const prepared = await refunds.prepare(turn.merchantId, command.ref, command.amount, command.reason);
        if (prepared.kind === 'choose') return [chooseOrder(prepared.link, prepared.orders, locale)];
        await this.options.guided.awaitRefundConfirmation(conversationOf(turn), prepared.plan);
        return [confirmRefund(prepared.plan, locale)];
      }
      case 'staff':
        return [await this.runStaff(command, turn, locale)];
      case 'notif': {
        const team = this.options.team;
        if (!team) return [teamReply.notAllowed(locale)];
        if (command.mode === 'off') await team.setNotices(turn.actor, null);
        else if (turn.channel === 'console') return [teamReply.noticesNotHere(locale)];
        else await team.setNotices(turn.actor, { chat: { channel: turn.channel, chatId: turn.chatId }, mode: command.mode });
        return [teamReply.noticesSet(command.mode, locale)];
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

  /**
   * The merchant said yes to a refund. When Midtrans could not be reached the
   * question stays open, so `ya` again sends the same stored request (same
   * refund_key) instead of a new one.
   */
  private async sendRefund(id: string, turn: ShopTurn, locale: Locale): Promise<OutgoingMessage> {
    const refunds = this.options.refunds;
    if (!refunds) return { text: wordsIn(locale).refunds.unavailable, actions: [] };
    try {
      return refundSent(await refunds.send(turn.merchantId, id), locale);
    } catch (err) {
      const plan = isAppError(err, 'REFUND_NO_ANSWER') ? await refunds.load(turn.merchantId, id) : null;
      if (plan !== null) await this.options.guided.awaitRefundConfirmation(conversationOf(turn), plan);
      throw err;
    }
  }

  /** The counter card of a link that can be paid; a card for one that cannot would mislead whoever scans it. */
  private async printableCard(view: LinkWithUsage, url: string, locale: Locale): Promise<OutgoingMessage> {
    const render = this.options.printableCard;
    if (!render) return reply.say((w) => w.commands.printableUnavailable, locale);
    if (view.state !== 'active') return reply.printRefused(view, locale);
    const { merchantName } = this.options;
    // An open amount's card says so rather than Rp0; a quantity link's says "per item".
    const priceText = priceWords(view.link, wordsIn(locale));
    const png = await render({ merchantName, itemName: view.link.itemName, price: view.link.price, priceText, url, locale });
    return reply.printableCard(view, url, merchantName, png, locale);
  }

  /** A price under Rp1.000 is asked about first (one tap or `ya`); any other link is made at once. */
  private async confirmOrCreate(command: NewLinkCommand, turn: ShopTurn, locale: Locale): Promise<OutgoingMessage[]> {
    if (!hasSmallPrice(command)) return this.createLink(command, turn, locale);
    await this.options.guided.awaitPriceConfirmation(conversationOf(turn), command, turn.messageId);
    return [reply.confirmSmallPrice(command, locale)];
  }

  private async createLink(command: NewLinkCommand, turn: ShopTurn, locale: Locale): Promise<OutgoingMessage[]> {
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
  private async createOnce(command: NewLinkCommand, turn: ShopTurn): Promise<LinkWithUsage> {
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
        offer: command.offer,
        usageLimit: command.usageLimit,
        customer: customerInput(command.customer),
        expiresAt: command.expiresAt,
        orderId: command.orderId ?? null,
        slug,
        recipient: turn.customerChat,
        createdBy: { userId: turn.actor.userId, name: turn.actor.name },
      });
    } catch (err) {
      if (!redelivered || slug === null || !isAppError(err, 'SLUG_TAKEN')) throw err;
      return links.find(turn.merchantId, { kind: 'text', value: slug });
    }
  }

  private async send(ref: LinkRef, to: Contact, turn: ShopTurn, locale: Locale): Promise<OutgoingMessage> {
    const view = await this.options.links.find(turn.merchantId, ref);
    if (view.state !== 'active') {
      return reply.say((w) => w.commands.sendInactive(view.link.number), locale);
    }
    const intent = turn.messageId ?? String(this.clock().getTime());
    if (to.kind === 'email') {
      if (!this.options.delivery.emailEnabled) return { text: emailDisabled(locale), actions: [] };
      return { text: await this.queueShare(view, 'email', to.value, intent, locale), actions: [] };
    }
    const chatFor = this.options.delivery.whatsappChatFor;
    if (!chatFor) {
      const url = this.options.links.url(view.link);
      return reply.say((w) => w.commands.whatsappOff(to.value, url), locale);
    }
    const jid = await chatFor(to.value);
    if (jid === null) {
      return reply.say((w) => w.commands.notOnWhatsapp(to.value, view.link.number), locale);
    }
    await this.options.links.setRecipient(view.link.id, { channel: 'whatsapp', chatId: jid });
    return { text: await this.queueShare(view, 'whatsapp', jid, intent, locale, `+${to.value}`), actions: [] };
  }

  private shareNotice(view: LinkWithUsage): LinkShareNotice {
    return linkShareNotice(this.options.links.snapshotLink(view.link), view.link.customer?.name ?? null, this.options.merchantName);
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
    return wordsIn(locale).commands.queued(view.link.number, via, shownTarget);
  }
}

function failed(err: AppError, locale: Locale): OutgoingMessage {
  return { text: `❌ ${err.say(locale)}`, actions: [] };
}

function emailDisabled(locale: Locale): string {
  return wordsIn(locale).commands.emailOff;
}
