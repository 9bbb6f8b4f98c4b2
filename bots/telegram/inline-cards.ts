/**
 * Cards a merchant posted into customers' chats through inline mode. The
 * bot is not in those chats; it can only edit such a message by its
 * inline_message_id, which Telegram reports with the choice
 * (chosen_inline_result, when the message has buttons). The ids are kept per
 * link in the store, and once the link is paid up its cards are edited to
 * "✅ Lunas", so the customer's chat no longer offers a Pay button.
 *
 * The edit runs inside the outbox entry of the paid notice, before the
 * notice is sent: an edit is idempotent (Telegram answers "message is not
 * modified" when it already reads so), so a retried or restarted entry
 * edits at most to the same text and never repeats the notice.
 */
import type { Locale } from '../../src/domain/locale.ts';
import { formatRupiah } from '../../src/domain/money.ts';
import type { LinkSnapshot } from '../../src/notify/notices.ts';
import type { KeyValueStore } from '../../src/store/ports.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import { BotApiError, type BotApi } from './bot-api.ts';

const NAMESPACE = 'telegram-inline-cards';
/** A link shared into more chats than this keeps the latest ones. */
const MAX_CARDS = 20;
const WRITE_ATTEMPTS = 5;

export class InlineCards {
  private readonly kv: KeyValueStore;
  private readonly api: BotApi;
  constructor(kv: KeyValueStore, api: BotApi) {
    this.kv = kv;
    this.api = api;
  }

  async remember(linkId: string, inlineMessageId: string): Promise<void> {
    // Set-if-unchanged, so two choices reported at once both stay.
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const raw = await this.kv.get(NAMESPACE, linkId);
      const ids = raw === null ? [] : (JSON.parse(raw) as string[]);
      if (ids.includes(inlineMessageId)) return;
      const next = JSON.stringify([...ids, inlineMessageId].slice(-MAX_CARDS));
      if (raw === null ? await this.kv.setIfAbsent(NAMESPACE, linkId, next) : await this.kv.compareAndSet(NAMESPACE, linkId, raw, next)) return;
    }
    // Lost every race with other choices of the same link: this one card will not turn into "Lunas"; nothing else is at stake.
  }

  /**
   * Edits every card of a paid-up link to "✅ Lunas" without buttons. A card
   * Telegram refuses to edit (deleted, too old) is skipped; trouble reaching
   * Telegram throws, so the entry is tried again.
   */
  async markPaid(link: LinkSnapshot, merchantName: string, locale: Locale): Promise<void> {
    const raw = await this.kv.get(NAMESPACE, link.id);
    if (raw === null) return;
    const text = `${wordsIn(locale).telegram.inline.paidCard}\n${link.itemName} — ${formatRupiah(link.price)}\n${merchantName}`;
    for (const id of JSON.parse(raw) as string[]) {
      try {
        await this.api.editInlineMessageText(id, text, null);
      } catch (err) {
        if (!(err instanceof BotApiError && err.failure.kind === 'permanent')) throw err;
      }
    }
  }
}
