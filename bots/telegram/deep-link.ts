/**
 * Deep links: `https://t.me/<bot>?start=<slug>`. A customer who opens one
 * starts the bot, which answers with the link's card and QR. The payment URL
 * in it carries `?ref=`, an opaque receipt reference for this chat, so the
 * receipt later arrives in the same chat (a bot may message a user who
 * started it, never one who did not).
 */
import type { Locale } from '../../src/domain/locale.ts';
import { LinkUnavailableError, type LinkService } from '../../src/links/link-service.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { linkShareNotice } from '../../src/notify/notices.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import { createReceiptRef } from '../../src/payments/receipt-refs.ts';
import type { Store } from '../../src/store/ports.ts';

/** One receipt reference per customer chat, reused, so references do not pile up with every visit. */
const NAMESPACE = 'telegram-receipt-refs';

export interface DeepLinkOptions {
  links: LinkService;
  store: Pick<Store, 'kv'>;
  merchantName: string;
}

export class DeepLinks {
  private username: string | null = null;

  private readonly options: DeepLinkOptions;
  constructor(options: DeepLinkOptions) {
    this.options = options;
  }

  /** Set by the bot once it knows who it is (getMe). */
  setBotUsername(username: string): void {
    this.username = username;
  }

  /**
   * The link, or null while the bot has not yet learned its name: what the
   * command runner's /link and team invites ask for, since they answer from
   * any chat, even while Telegram is still unreachable.
   */
  urlOnceKnown(slug: string): string | null {
    return this.username === null ? null : this.url(slug);
  }

  url(slug: string): string {
    if (this.username === null) throw new Error('the Telegram bot has not started yet, so its username is unknown');
    return `https://t.me/${this.username}?start=${encodeURIComponent(slug)}`;
  }

  /** The card for the link behind a `/start` payload, or null when no link has that slug. */
  async open(chatId: string, payload: string, locale: Locale): Promise<OutgoingMessage | null> {
    const { links, merchantName } = this.options;
    const view = await links.publicLink(payload);
    if (view === null) return null;
    if (view.state !== 'active') return { text: new LinkUnavailableError(view.state).say(locale), actions: [] };
    const url = `${links.url(view.link)}?ref=${await this.receiptRef(chatId)}`;
    return renderNotice(linkShareNotice({ ...links.snapshotLink(view.link), url }, view.link.customer?.name ?? null, merchantName), locale);
  }

  private async receiptRef(chatId: string): Promise<string> {
    const { kv } = this.options.store;
    const known = await kv.get(NAMESPACE, chatId);
    if (known !== null) return known;
    const ref = await createReceiptRef(this.options.store, { channel: 'telegram', chatId });
    // Two first visits at once: keep whichever was stored first (both refs work).
    await kv.setIfAbsent(NAMESPACE, chatId, ref);
    return (await kv.get(NAMESPACE, chatId)) ?? ref;
  }
}
