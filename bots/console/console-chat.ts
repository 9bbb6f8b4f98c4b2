/**
 * The console chat: the terminal as a merchant's chat, for the first run
 * before any bot token exists. The merchant types the same commands as on
 * Telegram; replies and paid notices print here, the QR drawn in the terminal.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import QRCode from 'qrcode';
import type { Logger } from 'pino';
import type { Locale } from '../../src/domain/errors.ts';
import type { ChannelSender, Pacing } from '../../src/notify/delivery.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import { renderNotice } from '../../src/notify/texts.ts';
import type { OutboxEntry } from '../../src/store/ports.ts';
import type { ChatTurn, CommandRunner } from '../commands/run-command.ts';

/** The console has one merchant: whoever sits at the terminal. */
export const CONSOLE_MERCHANT_ID = 'console:owner';
export const CONSOLE_CHAT_ID = 'console';

const NO_PACING: Pacing = { perTargetGapMs: 0, channelGapMs: 0, jitterMs: 0, perMinuteCap: null };

export interface ConsoleChatOptions {
  runner: CommandRunner;
  input: Readable;
  output: Writable;
  /** Show a prompt and draw QR codes: only when a person is at a terminal. */
  interactive: boolean;
  logger: Logger;
}

export class ConsoleChat {
  private readline: Interface | null = null;
  private queue: Promise<void> = Promise.resolve();

  /** Delivers outbox notices for console-made links to this terminal. */
  readonly sender: ChannelSender = {
    channel: 'console',
    pacing: NO_PACING,
    isReady: () => true,
    send: (entry: OutboxEntry, locale: Locale) => this.print([renderNotice(entry.notice, locale)]),
  };

  constructor(private readonly options: ConsoleChatOptions) {}

  start(): void {
    const { input, output, interactive } = this.options;
    const readline = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    this.readline = readline;
    readline.setPrompt('tagih> ');
    // Lines are answered one after another, in the order they were typed.
    readline.on('line', (line) => {
      this.queue = this.queue.then(() => this.answer(line));
    });
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
      await this.print(
        replies ?? [{ text: 'Ketik /help untuk daftar perintah. · Type /help for the commands.', actions: [] }],
      );
    } catch (err) {
      this.options.logger.error({ err }, 'console command failed');
    }
  }

  private async print(messages: OutgoingMessage[]): Promise<void> {
    const { output, interactive } = this.options;
    for (const message of messages) {
      const parts = [message.text];
      if (message.qrUrl && interactive) parts.push(await QRCode.toString(message.qrUrl, { type: 'terminal', small: true }));
      const hints = message.actions.flatMap((action) => {
        if (action.kind === 'command') return [`  → ${action.command}  (${action.label})`];
        if (action.kind === 'url' && !message.text.includes(action.url)) return [`  → ${action.label}: ${action.url}`];
        return [];
      });
      if (hints.length > 0) parts.push(hints.join('\n'));
      output.write(`\n${parts.join('\n')}\n`);
    }
    this.prompt();
  }

  private prompt(): void {
    if (this.options.interactive) this.readline?.prompt();
  }
}
