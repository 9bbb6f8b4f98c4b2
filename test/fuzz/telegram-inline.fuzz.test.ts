/**
 * A link offered in Telegram inline mode (`@bot Kaos 150000 wa +852…`) and
 * then chosen is created for exactly the customer the grammar read, whatever
 * their country: the phone must not be refused, nor turned into an
 * Indonesian number by a second normalisation.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { parseCommand } from '../../bots/commands/parse.ts';
import { chosenUpdate, inlineQueryUpdate, startHarness, type Harness } from '../bots/telegram/harness.ts';
import { runs } from './support.ts';

describe('fuzz: a customer named in Telegram inline mode', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async function () {
    h = await startHarness();
  });

  after(async function () {
    await h.close();
  });

  it('keeps the phone exactly as the grammar read it, whatever the country code', async function () {
    const countryCode = fc.constantFrom('1', '44', '62', '65', '81', '82', '852', '86', '971');
    const phone = fc.tuple(countryCode, fc.stringMatching(/^[1-9][0-9]{7,10}$/)).map(([cc, national]) => `+${cc}${national}`);
    await fc.assert(
      fc.asyncProperty(phone, async (typed) => {
        const query = `Kaos 150000 wa ${typed}`;
        const parsed = parseCommand(`newlink ${query}`);
        fc.pre(parsed.ok && parsed.command.kind === 'newlink' && !parsed.command.guided);
        const wanted = parsed.ok && parsed.command.kind === 'newlink' && !parsed.command.guided ? parsed.command.customer?.phone : undefined;

        const calls = await h.callsDuring(() => h.feed(inlineQueryUpdate(query)));
        const results = (calls.find((c) => c.method === 'answerInlineQuery')?.body['results'] ?? []) as Array<{ id: string }>;
        const offer = results.find((r) => r.id.startsWith('new:'));
        expect(offer, 'an offer to create the link').to.not.equal(undefined);
        await h.feed(chosenUpdate(offer!.id, query));

        const newest = (await h.links.list('telegram:100', { page: 1, pageSize: 1, all: true })).items[0];
        expect(newest?.link.customer?.phone, typed).to.equal(wanted);
      }),
      runs(25),
    );
  });
});
