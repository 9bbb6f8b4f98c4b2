/**
 * The console chat prints stored text (items, customers' names and emails)
 * into a terminal, which acts on control characters: an email holding ESC and
 * BEL could retitle the window or rewrite the screen. Everything is shown,
 * nothing is acted on.
 */
import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { ConsoleChat, forTerminal } from '../../../bots/console/console-chat.ts';
import type { CommandRunner } from '../../../bots/commands/run-command.ts';
import type { OutboxEntry } from '../../../src/store/ports.ts';
import { orderEvent } from '../../notify/fixtures.ts';

describe('console chat', function () {
  describe('stored text in the terminal', function () {
    it('shows control characters escaped, visibly, and keeps lines and tabs', function () {
      expect(forTerminal('ani\x1b]0;pwned\x07@mail.com')).to.equal('ani\\x1B]0;pwned\\x07@mail.com');
      expect(forTerminal('Kaos\x1b[2J\r\x9b31m\x7f')).to.equal('Kaos\\x1B[2J\\x0D\\x9B31m\\x7F');
      expect(forTerminal('gpj.\u202Eexe')).to.equal('gpj.\\u202Eexe');
      expect(forTerminal('Kaos Hitam\n\tRp150.000 · ✅ Ani')).to.equal('Kaos Hitam\n\tRp150.000 · ✅ Ani');
    });

    it('prints a paid notice whose customer fields hold escape sequences without a single control character', async function () {
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      // The sender never reaches the runner; the chat is built as main.ts builds it.
      const chat = new ConsoleChat({
        runner: {} as CommandRunner,
        input: new PassThrough(),
        output,
        interactive: false,
        logger: pino({ level: 'silent' }),
        localeOf: async () => 'id',
      });
      const notice = orderEvent('paid', {
        link: { itemName: 'Kaos\x1b[2J' },
        order: { customer: { name: 'Ani\x1b]0;pwned\x07', phone: '6281234567890', email: 'ani\x1b[31m@mail.com\x07' } },
      });
      const entry: OutboxEntry = {
        id: '1',
        key: 'k',
        channel: 'console',
        target: 'console',
        merchantId: 'console:owner',
        notice,
        notBefore: new Date(),
        status: 'sending',
        attempts: 0,
        lastError: null,
        createdAt: new Date(),
        sentAt: null,
      };
      await chat.sender.send(entry, 'id');
      expect(printed).to.contain('Kaos\\x1B[2J').and.contain('Ani\\x1B]0;pwned\\x07').and.contain('ani\\x1B[31m@mail.com\\x07');
      expect(printed).to.not.match(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    });
  });
});
