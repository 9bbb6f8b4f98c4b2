/**
 * What a customer (anyone who is not a merchant) gets from the bot: how to
 * pay, and in their private chat with the bot what belongs to that chat
 * alone: the link they opened by deep link (again, while it can be paid) and
 * the last receipt the bot sent them. Nothing about anyone else: both are
 * kept per chat, and a group only ever gets the general help.
 */
import type { Locale } from '../../src/domain/locale.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import type { Notice } from '../../src/notify/notices.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import type { KeyValueStore } from '../../src/store/ports.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { DeepLinks } from './deep-link.ts';

const NAMESPACE = 'telegram-customer-chats';

type Receipt = Extract<Notice, { kind: 'receipt' }>;

export class CustomerChats {
  private readonly kv: KeyValueStore;
  private readonly deepLinks: DeepLinks;
  constructor(kv: KeyValueStore, deepLinks: DeepLinks) {
    this.kv = kv;
    this.deepLinks = deepLinks;
  }

  /** The card behind a deep link's payload (null: no such link), remembered for this chat. */
  async open(chatId: string, payload: string, locale: Locale): Promise<OutgoingMessage | null> {
    const card = await this.deepLinks.open(chatId, payload, locale);
    if (card !== null) await this.kv.setMany(NAMESPACE, [{ key: `${chatId}:link`, value: payload }]);
    return card;
  }

  /** The bot is about to send this receipt into the customer's chat. */
  async receiptFor(chatId: string, receipt: Receipt): Promise<void> {
    await this.kv.setMany(NAMESPACE, [{ key: `${chatId}:receipt`, value: JSON.stringify(receipt) }]);
  }

  /** The answer to anything a customer writes. */
  async answer(chatId: string, locale: Locale, privateChat: boolean): Promise<OutgoingMessage[]> {
    const help = wordsIn(locale).telegram.customerHelp;
    if (!privateChat) return [{ text: help.howToPay, actions: [] }];
    const slug = await this.kv.get(NAMESPACE, `${chatId}:link`);
    const card = slug === null ? null : await this.deepLinks.open(chatId, slug, locale);
    const stored = await this.kv.get(NAMESPACE, `${chatId}:receipt`);
    const receipt = stored === null ? null : renderNotice(JSON.parse(stored) as Receipt, locale);
    const intro = [
      help.howToPay,
      card === null ? null : help.linkBelow,
      receipt === null ? help.receiptComes : help.receiptBelow,
    ].filter((line) => line !== null);
    const messages: OutgoingMessage[] = [{ text: intro.join('\n\n'), actions: [] }];
    if (card !== null) messages.push(card);
    if (receipt !== null) messages.push({ ...receipt, text: `${help.lastReceipt}\n${receipt.text}` });
    return messages;
  }
}
