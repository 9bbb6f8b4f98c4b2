/**
 * The delete prompt's buttons (Ya, hapus / Batal) are live only while the
 * prompt waits. Pressed, they edit the prompt itself; but the merchant may
 * answer by typing `ya` or /cancel, or move on to another command, and then
 * the prompt's buttons are taken off, so none stays live for a question that
 * was answered. The open prompt's message id is kept per chat in the store.
 */
import { isConfirmWord } from '../commands/vocabulary.ts';
import type { Command } from '../commands/command.ts';
import type { KeyValueStore } from '../../src/store/ports.ts';
import type { ChatPoster } from './post.ts';

const NAMESPACE = 'telegram-delete-prompts';

export class DeletePrompts {
  private readonly kv: KeyValueStore;
  private readonly poster: ChatPoster;
  constructor(kv: KeyValueStore, poster: ChatPoster) {
    this.kv = kv;
    this.poster = poster;
  }

  /**
   * After the bot answered `command` (null: plain text `text`) with a message
   * whose id is `answerId` (the one with the buttons): a new prompt is kept;
   * a command or a typed confirmation ends an open one.
   */
  async answered(chatId: string, command: Command | null, text: string, answerId: number | null): Promise<void> {
    const asks = command?.kind === 'delete' && !command.confirmed;
    const ends = command !== null || isConfirmWord(text.trim());
    if (!asks && !ends) return;
    const open = await this.kv.get(NAMESPACE, chatId);
    if (open !== null && open !== String(answerId)) await this.poster.removeButtons(chatId, Number(open));
    const next = asks && answerId !== null ? String(answerId) : null;
    if (open !== next) await this.kv.setMany(NAMESPACE, [{ key: chatId, value: next }]);
  }
}
