/**
 * The console chat: the terminal as a merchant's chat, for the first run
 * before any bot token exists. The merchant types the same commands as on
 * Telegram; replies and paid notices print here, the QR drawn in the terminal.
 * A printable card is saved as a file, and its path printed.
 */
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import QRCode from 'qrcode';
import type { Logger } from 'pino';
import type { Locale } from '../../src/domain/locale.ts';
import type { ChannelSender } from '../../src/notify/delivery.ts';
import type { Pacing } from '../../src/notify/pacing.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import type { Notice } from '../../src/notify/notices.ts';
import type { ChatAdapter } from '../chat-adapter.ts';
import type { ChatTurn, CommandRunner } from '../commands/run-command.ts';

/** The console has one merchant: whoever sits at the terminal. */
export const CONSOLE_MERCHANT_ID = 'console:owner';
export const CONSOLE_CHAT_ID = 'console';

const NO_PACING: Pacing = { perTargetGapMs: 0, channelGapMs: 0, jitterMs: 0, perMinuteCap: null };

/**
 * Characters a terminal acts on instead of showing: C0 controls but newline
 * and tab (ESC starts escape sequences that can retitle the window, rewrite
 * the screen or, in some terminals, answer back as if typed), DEL, C1
 * controls (U+009B is a one-character CSI), and the bidirectional overrides
 * that make a line read differently from what it holds (Unicode TR #9).
 * Sources: ECMA-48 (https://ecma-international.org/publications-and-standards/standards/ecma-48/),
 * https://invisible-island.net/xterm/ctlseqs/ctlseqs.html.
 */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Any stored text (an item, a customer's name or email) as the terminal should show it: control characters escaped, visibly. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

export interface ConsoleChatOptions {
  runner: CommandRunner;
  input: Readable;
  output: Writable;
  /** Show a prompt and draw QR codes: only when a person is at a terminal. */
  interactive: boolean;
  logger: Logger;
  /** Where printable cards (`/qr <ref> cetak`) are saved: DATA_DIR. */
  printsDir: string;
  /** The merchant's language (`/lang`), for the console's own words. */
  localeOf: (merchantId: string) => Promise<Locale>;
  /**
   * Ctrl-C at the prompt. The terminal is in raw mode while readline reads it,
   * so the key arrives as a character, not as SIGINT; without this, readline
   * closes the chat and leaves everything else running.
   */
  onInterrupt?: () => void;
}

export class ConsoleChat implements ChatAdapter {
  readonly channel = 'console';
  private readline: Interface | null = null;
  private queue: Promise<void> = Promise.resolve();

  /** Delivers outbox notices for console-made links to this terminal. */
  readonly sender: ChannelSender = {
    channel: 'console',
    pacing: NO_PACING,
    isReady: () => true,
    send: (_target: string, notice: Notice, locale: Locale) => this.print([renderNotice(notice, locale)]),
  };

  private readonly options: ConsoleChatOptions;
  constructor(options: ConsoleChatOptions) {
    this.options = options;
  }

  async start(): Promise<void> {
    const { input, output, interactive } = this.options;
    const readline = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    this.readline = readline;
    readline.setPrompt('tagih> ');
    // Lines are answered one after another, in the order they were typed.
    readline.on('line', (line) => {
      this.queue = this.queue.then(() => this.answer(line));
    });
    const { onInterrupt } = this.options;
    if (onInterrupt) readline.on('SIGINT', onInterrupt);
    // Input ending (a service with stdin closed) quietly ends the chat, not the server.
    readline.on('close', () => {
      this.readline = null;
    });
    this.prompt();
  }

  async stop(): Promise<void> {
    this.readline?.close();
    await this.queue;
  }

  private async answer(line: string): Promise<void> {
    const text = line.trim();
    if (text === '') {
      this.prompt();
      return;
    }
    const turn: ChatTurn = {
      channel: 'console',
      merchantId: CONSOLE_MERCHANT_ID,
      chatId: CONSOLE_CHAT_ID,
      notifyChatId: CONSOLE_CHAT_ID,
      customerChat: null,
      messageId: null,
    };
    try {
      const replies = await this.options.runner.handle(text, turn);
      await this.print(replies ?? [{ text: wordsIn(await this.options.localeOf(CONSOLE_MERCHANT_ID)).console.notACommand, actions: [] }]);
    } catch (err) {
      this.options.logger.error({ err }, 'console command failed');
    }
  }

  private async print(messages: OutgoingMessage[]): Promise<void> {
    const { output, interactive } = this.options;
    for (const message of messages) {
      const parts = [forTerminal(message.text)];
      if (message.qrUrl && interactive) parts.push(await QRCode.toString(message.qrUrl, { type: 'terminal', small: true }));
      if (message.printable) parts.push(await this.savePrintable(message.printable));
      if (message.photo) parts.push(await this.saveChart(message.photo));
      // An export is written to its file already: the terminal names it.
      if (message.document) parts.push(forTerminal(wordsIn(await this.options.localeOf(CONSOLE_MERCHANT_ID)).exports.savedAt(message.document.path)));
      const hints = message.actions.flatMap((action) => {
        if (action.kind === 'command') return [`  → ${forTerminal(action.command)}  (${forTerminal(action.label)})`];
        if (action.kind === 'url' && !message.text.includes(action.url)) return [`  → ${forTerminal(action.label)}: ${forTerminal(action.url)}`];
        return [];
      });
      if (hints.length > 0) parts.push(hints.join('\n'));
      output.write(`\n${parts.join('\n')}\n`);
    }
    this.prompt();
  }

  /** Writes the card into the prints folder; says where it is, or why it is not there. */
  private async savePrintable(printable: NonNullable<OutgoingMessage['printable']>): Promise<string> {
    const w = wordsIn(await this.options.localeOf(CONSOLE_MERCHANT_ID)).console;
    return this.savePng(printable.png, printable.fileName, 'printable card', (path, code) => (code === null ? w.printableSaved(path) : w.printableNotSaved(path, code)));
  }

  /** The takings chart (`/rekap`), saved beside the printable cards: a terminal cannot show it. */
  private async saveChart(photo: NonNullable<OutgoingMessage['photo']>): Promise<string> {
    const w = wordsIn(await this.options.localeOf(CONSOLE_MERCHANT_ID)).reports;
    return this.savePng(photo.png, photo.fileName, 'chart', (path, code) => (code === null ? w.chartSaved(path) : w.chartNotSaved(path, code)));
  }

  /** Writes a PNG into the prints folder; `says` tells where it is (code null) or why it is not there. */
  private async savePng(png: Buffer, fileName: string, what: string, says: (path: string, code: string | null) => string): Promise<string> {
    // basename: whatever the name holds, the file lands in the folder.
    const path = join(this.options.printsDir, basename(fileName));
    try {
      await writeFile(path, png);
    } catch (err) {
      this.options.logger.error({ err, path }, `console: could not save the ${what}`);
      return forTerminal(says(path, (err as NodeJS.ErrnoException).code ?? String(err)));
    }
    return forTerminal(says(path, null));
  }

  private prompt(): void {
    if (this.options.interactive) this.readline?.prompt();
  }
}
