/**
 * Inline mode: a merchant types `@<bot>` in any chat, including a private
 * chat with a customer the bot can never write to, and picks a link; the
 * card is posted there "via @bot" with a Pay button. `@<bot> Kaos 150000`
 * (the shared grammar's /newlink) offers a new link instead: Telegram posts
 * the chosen card before we hear about it, so that card carries no payment
 * URL yet ("being made…"), and the link is created when Telegram reports the
 * choice (chosen_inline_result, which needs /setinlinefeedback in
 * @BotFather); then the card is edited into the real one, by the
 * inline_message_id Telegram reports for a message with buttons. Until then
 * the offer waits as a short-lived draft in the store, which every process
 * can read. Every card's id is kept (InlineCards) so it can say "Lunas" once
 * paid.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { parseCommand } from '../commands/parse.ts';
import { customerInput, type NewLinkCommand } from '../commands/command.ts';
import { isAppError } from '../../src/domain/errors.ts';
import type { Locale } from '../../src/domain/locale.ts';
import { generatedOrderId, randomSlug, type Link } from '../../src/domain/link.ts';
import { formatRupiah } from '../../src/domain/money.ts';
import type { LinkService } from '../../src/links/link-service.ts';
import type { Preferences } from '../commands/preferences.ts';
import { linkShareNotice, type LinkSnapshot } from '../../src/notify/notices.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import type { KeyValueStore, LinkWithUsage } from '../../src/store/ports.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { BotApi, ChosenInlineResult, InlineKeyboardMarkup, InlineQuery, InlineQueryResult } from './bot-api.ts';
import type { InlineCards } from './inline-cards.ts';
import type { ChatPoster } from './post.ts';

const NAMESPACE = 'telegram-inline-drafts';
/** Drafts live one to two of these periods; the bucket is part of the key, so old ones are found and dropped. */
const DRAFT_PERIOD_MS = 15 * 60_000;
/** Short, so a link made or deleted a moment ago shows up right; per user, so nobody sees another's links. */
const CACHE_TIME_S = 5;
/** Telegram's limit of results per answer. */
const MAX_RESULTS = 50;
const NEW_PREFIX = 'new:';
const LINK_PREFIX = 'link:';

interface Draft {
  merchantId: string;
  itemName: string;
  price: number;
  usageLimit: number | null;
  expiresAt: string | null;
  customer: NewLinkCommand['customer'];
  orderId: string;
  slug: string;
  /** Plain JSON: what the merchant asked for beyond one item and a price. */
  offer: NewLinkCommand['offer'];
}

export interface InlineOptions {
  api: BotApi;
  poster: ChatPoster;
  links: LinkService;
  kv: KeyValueStore;
  cards: InlineCards;
  preferences: Preferences;
  merchantName: string;
  deepLink: (slug: string) => string;
  logger: Logger;
  clock?: () => Date;
}

export class InlineShare {
  private readonly clock: () => Date;
  private lastSweep = 0;

  private readonly options: InlineOptions;
  constructor(options: InlineOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
  }

  /** `merchantId` null: the user is not a merchant and gets no results. */
  async answer(query: InlineQuery, merchantId: string | null): Promise<void> {
    const results = merchantId === null ? [] : await this.results(query.query.trim(), merchantId);
    await this.options.api.answerInlineQuery(query.id, results.slice(0, MAX_RESULTS), { cacheTimeS: CACHE_TIME_S, isPersonal: true });
  }

  /** Creates the link an offer promised and turns its card into the real one; keeps every card's id for the "Lunas" edit. */
  async chosen(choice: ChosenInlineResult, merchantId: string | null): Promise<void> {
    if (merchantId === null) return;
    const inlineMessageId = choice.inline_message_id ?? null;
    if (choice.result_id.startsWith(LINK_PREFIX)) {
      if (inlineMessageId !== null) await this.options.cards.remember(choice.result_id.slice(LINK_PREFIX.length), inlineMessageId);
      return;
    }
    if (!choice.result_id.startsWith(NEW_PREFIX)) return;
    const draft = await this.takeDraft(choice.result_id.slice(NEW_PREFIX.length));
    if (draft === null || draft.merchantId !== merchantId) {
      this.options.logger.warn({ merchantId }, 'telegram inline: chosen offer has no draft (expired or already used)');
      return;
    }
    const notifyChatId = String(choice.from.id);
    const locale = await this.options.preferences.locale(merchantId);
    let view: LinkWithUsage;
    try {
      view = await this.options.links.create({
        merchantId,
        via: 'telegram',
        notifyChatId,
        itemName: draft.itemName,
        price: draft.price,
        usageLimit: draft.usageLimit,
        customer: customerInput(draft.customer),
        expiresAt: draft.expiresAt === null ? null : new Date(draft.expiresAt),
        orderId: draft.orderId,
        slug: draft.slug,
        // A draft from before rich links has none: one item at its price.
        offer: draft.offer ?? {},
      });
    } catch (err) {
      // The card is already in the customer's chat: the merchant must hear that its link does not exist.
      if (!isAppError(err)) this.options.logger.error({ merchantId, err }, 'telegram inline: creating the offered link failed');
      const reason = isAppError(err) ? err.say(locale) : '';
      await this.options.poster.post(notifyChatId, { text: `${wordsIn(locale).telegram.inline.createFailed} (${draft.itemName}). ${reason}`.trim(), actions: [] });
      return;
    }
    const { link } = view;
    const completed = inlineMessageId !== null && (await this.completeCard(inlineMessageId, view, locale));
    const w = wordsIn(locale);
    const lines = [`${w.telegram.inline.createdNotice}: #${link.number} ${link.itemName} — ${formatRupiah(link.price)}`, this.options.links.url(link)];
    if (!completed) lines.push(w.telegram.inline.cardNotCompleted);
    await this.options.poster.post(notifyChatId, {
      text: lines.join('\n'),
      actions: [{ kind: 'command', label: w.commands.buttons.details, command: `/link ${link.number}`, data: `/link ${link.number}` }],
    });
  }

  /** Turns the "being made…" card into the link's card; false when Telegram would not have it (the merchant is told). */
  private async completeCard(inlineMessageId: string, { link }: LinkWithUsage, locale: Locale): Promise<boolean> {
    const card = this.card({ snapshot: this.options.links.snapshotLink(link), customerName: link.customer?.name ?? null, locale });
    try {
      await this.options.api.editInlineMessageText(inlineMessageId, card.text, card.keyboard);
      await this.options.cards.remember(link.id, inlineMessageId);
      return true;
    } catch (err) {
      this.options.logger.warn({ linkId: link.id, err }, 'telegram inline: the new link’s card could not be completed');
      return false;
    }
  }

  private async results(text: string, merchantId: string): Promise<InlineQueryResult[]> {
    const locale = await this.options.preferences.locale(merchantId);
    const results: InlineQueryResult[] = [];
    const offer = text === '' ? null : parseCommand(`newlink ${text}`, { now: this.clock() });
    if (offer?.ok && offer.command.kind === 'newlink' && !offer.command.guided) {
      results.push(await this.newLinkOffer(offer.command, merchantId, locale));
    }
    const page = await this.options.links.list(merchantId, { page: 1, pageSize: MAX_RESULTS, all: false });
    for (const view of page.items) if (matches(view.link, text)) results.push(this.linkResult(view, locale));
    return results;
  }

  private linkResult({ link, usage }: LinkWithUsage, locale: Locale): InlineQueryResult {
    const w = wordsIn(locale);
    const limit = link.usageLimit === null ? w.commands.unlimited : String(link.usageLimit);
    return this.article(`${LINK_PREFIX}${link.id}`, `${link.itemName} — ${formatRupiah(link.price)}`, `#${link.number} · ${w.commands.listPaid} ${usage.paid}/${limit}`, {
      snapshot: this.options.links.snapshotLink(link),
      customerName: link.customer?.name ?? null,
      locale,
    });
  }

  private async newLinkOffer(command: NewLinkCommand, merchantId: string, locale: Locale): Promise<InlineQueryResult> {
    const now = this.clock();
    const slug = command.slug ?? randomSlug();
    const orderId = command.orderId ?? generatedOrderId(now);
    const draft: Draft = {
      merchantId,
      itemName: command.itemName,
      price: command.price,
      usageLimit: command.usageLimit,
      expiresAt: command.expiresAt?.toISOString() ?? null,
      customer: command.customer,
      orderId,
      slug,
      offer: command.offer,
    };
    const key = await this.saveDraft(draft, now);
    // No payment URL until the link exists: a customer tapping at once would find nothing. The button makes Telegram report the message's id.
    const words = wordsIn(locale).telegram.inline;
    const text = [words.preparing, `${command.itemName} — ${formatRupiah(command.price)}`, this.options.merchantName].join('\n');
    return {
      type: 'article',
      id: `${NEW_PREFIX}${key}`,
      title: `${words.newLinkTitle}: ${command.itemName} — ${formatRupiah(command.price)}`,
      description: words.newLinkDescription,
      input_message_content: { message_text: text, link_preview_options: { is_disabled: true } },
      reply_markup: { inline_keyboard: [[this.receiptButton(slug, locale)]] },
    };
  }

  /** A result whose message is the customer's card. */
  private article(id: string, title: string, description: string, card: { snapshot: LinkSnapshot; customerName: string | null; locale: Locale }): InlineQueryResult {
    const { text, keyboard } = this.card(card);
    return {
      type: 'article',
      id,
      title,
      description,
      input_message_content: { message_text: text, link_preview_options: { is_disabled: true } },
      reply_markup: keyboard,
    };
  }

  /** The customer's card: the link's text, with Pay and "receipt on Telegram" buttons. */
  private card(card: { snapshot: LinkSnapshot; customerName: string | null; locale: Locale }): { text: string; keyboard: InlineKeyboardMarkup } {
    const message = renderNotice(linkShareNotice(card.snapshot, card.customerName, this.options.merchantName), card.locale);
    const pay = message.actions.flatMap((action) => (action.kind === 'url' ? [{ text: action.label, url: action.url }] : []));
    return { text: message.text, keyboard: { inline_keyboard: [[...pay, this.receiptButton(card.snapshot.slug, card.locale)]] } };
  }

  /** Opens the bot, which then sends the receipt into that chat. */
  private receiptButton(slug: string, locale: Locale): { text: string; url: string } {
    return { text: wordsIn(locale).telegram.inline.receiptOnTelegram, url: this.options.deepLink(slug) };
  }

  private async saveDraft(draft: Draft, now: Date): Promise<string> {
    const bucket = Math.floor(now.getTime() / DRAFT_PERIOD_MS);
    const key = `${bucket}:${randomBytes(12).toString('base64url')}`;
    await this.options.kv.setMany(NAMESPACE, [{ key, value: JSON.stringify(draft) }]);
    await this.sweep(bucket, now);
    return key;
  }

  /** Takes a draft once: of two reports of the same choice, only one gets it. */
  private async takeDraft(key: string): Promise<Draft | null> {
    const bucket = Number(key.split(':')[0]);
    if (!Number.isInteger(bucket) || bucket < this.currentBucket() - 1) return null;
    const raw = await this.options.kv.get(NAMESPACE, key);
    if (raw === null || !(await this.options.kv.compareAndSet(NAMESPACE, key, raw, null))) return null;
    return JSON.parse(raw) as Draft;
  }

  /** Drops drafts of older periods, at most once a period. */
  private async sweep(bucket: number, now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < DRAFT_PERIOD_MS) return;
    this.lastSweep = now.getTime();
    const stale = (await this.options.kv.keys(NAMESPACE, '')).filter((key) => Number(key.split(':')[0]) < bucket - 1);
    if (stale.length > 0) await this.options.kv.setMany(NAMESPACE, stale.map((key) => ({ key, value: null })));
  }

  private currentBucket(): number {
    return Math.floor(this.clock().getTime() / DRAFT_PERIOD_MS);
  }
}

/** Empty text shows every active link; otherwise the slug (the Share button types it), the number or part of the name. */
function matches(link: Link, text: string): boolean {
  if (text === '') return true;
  const wanted = text.toLowerCase().replace(/^#/, '');
  return link.slug === wanted || String(link.number) === wanted || link.itemName.toLowerCase().includes(wanted);
}
