/**
 * Conversations in a chat: `/newlink` with nothing after it (the bot asks
 * for the item, then its kind: one price, an open amount or several items,
 * then the price or the items, then options), a `/delete` waiting for
 * its answer (`ya` deletes, `/cancel` keeps the link), and a link priced under
 * Rp1.000 waiting to be confirmed (`ya` creates it), and a `/refund` waiting
 * for its `ya` (which sends it; typed again after Midtrans did not answer, it
 * sends the same stored request). The conversation lives
 * in the store, so a restart in the middle carries on where it was, and it
 * lapses after a while so a forgotten one never swallows a later message.
 */
import { isAppError } from '../../src/domain/errors.ts';
import type { Locale } from '../../src/domain/locale.ts';
import { normalizeItemName } from '../../src/domain/link.ts';
import { formatRupiah, parseRupiah } from '../../src/domain/money.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import type { KeyValueStore } from '../../src/store/ports.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { LinkRef } from '../../src/domain/link.ts';
import type { LinkItem } from '../../src/domain/link-offer.ts';
import type { NewLinkCommand } from './command.ts';
import { newLinkCommand } from './newlink.ts';
import { parseNewLinkItems, parseNewLinkOptions } from './parse.ts';
import { refundReminder } from './refund-replies.ts';
import { isConfirmWord, linkKindOf } from './vocabulary.ts';

const NAMESPACE = 'guided-newlink';
const LIFETIME_MS = 30 * 60_000;
const SKIP_WORDS = new Set(['lewati', 'skip', 'tidak', 'no', 'none', '-', 'ok', 'oke', 'selesai', 'done']);

type Conversation =
  | { step: 'item'; startedAt: number }
  | { step: 'kind'; startedAt: number; itemName: string }
  | { step: 'price'; startedAt: number; itemName: string }
  | { step: 'items'; startedAt: number; itemName: string }
  /** `price` null: an open amount; `items`: several, when the merchant listed them. */
  | { step: 'options'; startedAt: number; itemName: string; price: number | null; items?: LinkItem[] | null }
  /** `/delete 3` asked "sure?"; `number` is what the merchant sees, for the reminder. */
  | { step: 'confirm_delete'; startedAt: number; ref: LinkRef; number: number }
  /** A price under Rp1.000 asked "sure?"; `messageId` is the asking message's, so a redelivered one makes one link. */
  | { step: 'confirm_price'; startedAt: number; command: StoredNewLink; messageId: string | null }
  /** `/refund` asked "sure?"; `refund` is the stored request's id (refunds/refunds.ts). */
  | { step: 'confirm_refund'; startedAt: number; refund: string; amount: number; orderId: string };

/** A NewLinkCommand as JSON keeps it: the expiry as an ISO time. */
type StoredNewLink = Omit<NewLinkCommand, 'expiresAt'> & { expiresAt: string | null };

export type GuidedStep =
  | { kind: 'reply'; message: OutgoingMessage }
  /** `confirmed`: the merchant already said yes to its price; `messageId` is the message that asked for it. */
  | { kind: 'create'; command: NewLinkCommand; confirmed: boolean; messageId?: string | null }
  | { kind: 'delete'; ref: LinkRef }
  | { kind: 'refund'; refund: string };

/** Identifies whose conversation it is: one per merchant per chat. */
export interface ConversationKey {
  channel: string;
  chatId: string;
  merchantId: string;
}

export class GuidedNewLink {
  private readonly kv: KeyValueStore;
  private readonly clock: () => Date;
  constructor(
    kv: KeyValueStore,
    clock: () => Date = () => new Date(),
  ) {
    this.kv = kv;
    this.clock = clock;
  }

  async begin(who: ConversationKey, locale: Locale): Promise<OutgoingMessage> {
    await this.save(who, { step: 'item', startedAt: this.clock().getTime() });
    return { text: wordsIn(locale).guided.item, actions: [] };
  }

  /** The delete prompt for link `number` waits for `ya` (or /cancel). */
  async awaitDeleteConfirmation(who: ConversationKey, ref: LinkRef, number: number): Promise<void> {
    await this.save(who, { step: 'confirm_delete', startedAt: this.clock().getTime(), ref, number });
  }

  /** The link `command` asks for waits for `ya`, because its price looks like a slip. */
  async awaitPriceConfirmation(who: ConversationKey, command: NewLinkCommand, messageId: string | null): Promise<void> {
    const stored: StoredNewLink = { ...command, expiresAt: command.expiresAt?.toISOString() ?? null };
    await this.save(who, { step: 'confirm_price', startedAt: this.clock().getTime(), command: stored, messageId });
  }

  /** The refund request `refund` waits for `ya` (or /cancel). */
  async awaitRefundConfirmation(who: ConversationKey, refund: { id: string; amount: number; orderId: string }): Promise<void> {
    await this.save(who, { step: 'confirm_refund', startedAt: this.clock().getTime(), refund: refund.id, amount: refund.amount, orderId: refund.orderId });
  }

  /** True when there was a conversation to end. */
  async clear(who: ConversationKey): Promise<boolean> {
    const had = (await this.load(who)) !== null;
    if (had) await this.kv.setMany(NAMESPACE, [{ key: keyOf(who), value: null }]);
    return had;
  }

  /** The next step for a plain message, or null when no conversation is going on. */
  async answer(who: ConversationKey, text: string, locale: Locale): Promise<GuidedStep | null> {
    const conversation = await this.load(who);
    if (!conversation) return null;
    try {
      return await this.advance(who, conversation, text.trim(), locale);
    } catch (err) {
      if (!isAppError(err)) throw err;
      // A wrong answer keeps the conversation where it was: say why and ask again.
      const prompt = reminderOf(conversation, locale);
      return { kind: 'reply', message: { text: `❌ ${err.say(locale)}\n\n${prompt}`, actions: [] } };
    }
  }

  private async advance(who: ConversationKey, conversation: Conversation, text: string, locale: Locale): Promise<GuidedStep> {
    const { startedAt } = conversation;
    switch (conversation.step) {
      case 'confirm_delete': {
        if (!isConfirmWord(text)) return { kind: 'reply', message: { text: reminderOf(conversation, locale), actions: [] } };
        await this.clear(who);
        return { kind: 'delete', ref: conversation.ref };
      }
      case 'confirm_refund': {
        if (!isConfirmWord(text)) return { kind: 'reply', message: { text: reminderOf(conversation, locale), actions: [] } };
        await this.clear(who);
        return { kind: 'refund', refund: conversation.refund };
      }
      case 'confirm_price': {
        if (!isConfirmWord(text)) return { kind: 'reply', message: { text: reminderOf(conversation, locale), actions: [] } };
        await this.clear(who);
        const { expiresAt, ...command } = conversation.command;
        return { kind: 'create', command: { ...command, expiresAt: expiresAt === null ? null : new Date(expiresAt) }, confirmed: true, messageId: conversation.messageId };
      }
      case 'item': {
        const itemName = normalizeItemName(text);
        await this.save(who, { step: 'kind', startedAt, itemName });
        return { kind: 'reply', message: { text: `${itemName}\n${promptOf('kind', locale)}`, actions: [] } };
      }
      case 'kind': {
        const kind = linkKindOf(text);
        if (kind === null) return { kind: 'reply', message: { text: promptOf('kind', locale), actions: [] } };
        const { itemName } = conversation;
        if (kind === 'open') {
          await this.save(who, { step: 'options', startedAt, itemName, price: null });
          return { kind: 'reply', message: { text: promptOf('openOptions', locale), actions: [] } };
        }
        const step = kind === 'items' ? 'items' : 'price';
        await this.save(who, { step, startedAt, itemName });
        return { kind: 'reply', message: { text: promptOf(step, locale), actions: [] } };
      }
      case 'items': {
        const parsed = parseNewLinkItems(text, { now: this.clock() });
        if (!parsed.ok) throw parsed.error;
        const { items } = parsed;
        await this.save(who, { step: 'options', startedAt, itemName: conversation.itemName, price: null, items });
        const total = formatRupiah(items.reduce((sum, item) => sum + item.price, 0));
        return { kind: 'reply', message: { text: `${total}\n${promptOf('options', locale)}`, actions: [] } };
      }
      case 'price': {
        const price = parseRupiah(text);
        await this.save(who, { step: 'options', startedAt, itemName: conversation.itemName, price });
        return { kind: 'reply', message: { text: `${formatRupiah(price)}\n${promptOf('options', locale)}`, actions: [] } };
      }
      case 'options': {
        const options = SKIP_WORDS.has(text.toLowerCase()) ? '' : text;
        const items = conversation.items ?? null;
        const open = conversation.price === null && items === null;
        const parsed = parseNewLinkOptions(options, { now: this.clock(), open });
        if (!parsed.ok) throw parsed.error;
        const price = items ? items.reduce((sum, item) => sum + item.price, 0) : conversation.price;
        const command = newLinkCommand(conversation.itemName, price, parsed.settings, items);
        if (!command.ok) throw command.error;
        await this.clear(who);
        return { kind: 'create', command: command.value, confirmed: false };
      }
    }
  }

  private async load(who: ConversationKey): Promise<Conversation | null> {
    const raw = await this.kv.get(NAMESPACE, keyOf(who));
    if (raw === null) return null;
    const conversation = JSON.parse(raw) as Conversation;
    return this.clock().getTime() - conversation.startedAt > LIFETIME_MS ? null : conversation;
  }

  private async save(who: ConversationKey, conversation: Conversation): Promise<void> {
    await this.kv.setMany(NAMESPACE, [{ key: keyOf(who), value: JSON.stringify(conversation) }]);
  }
}

/** What to answer, and what to ask again, when the merchant typed something else. */
function reminderOf(conversation: Conversation, locale: Locale): string {
  const w = wordsIn(locale);
  switch (conversation.step) {
    case 'confirm_delete':
      return w.commands.deleteReminder(conversation.number);
    case 'confirm_price':
      return w.commands.smallPriceReminder(conversation.command.itemName, conversation.command.price);
    case 'confirm_refund':
      return refundReminder(conversation.amount, conversation.orderId, locale);
    case 'options':
      return promptOf(conversation.price === null && !conversation.items ? 'openOptions' : 'options', locale);
    default:
      return promptOf(conversation.step, locale);
  }
}

type Prompt = 'item' | 'kind' | 'price' | 'items' | 'options' | 'openOptions';

/** The question each step asks; the options prompt names the rich-link options too. */
function promptOf(prompt: Prompt, locale: Locale): string {
  const w = wordsIn(locale);
  const words = w.links;
  switch (prompt) {
    case 'item':
    case 'price':
      return w.guided[prompt];
    case 'options':
      return `${w.guided.options}\n${words.guidedExtras}`;
    case 'kind':
      return words.guidedKind;
    case 'items':
      return words.guidedItems;
    case 'openOptions':
      return `${words.guidedOpenOptions}\n${words.guidedExtras}`;
  }
}

function keyOf(who: ConversationKey): string {
  return `${who.channel}:${who.chatId}:${who.merchantId}`;
}
