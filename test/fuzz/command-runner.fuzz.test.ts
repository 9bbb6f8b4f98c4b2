/**
 * Whatever a merchant (or anyone who reaches the bot) types, the whole
 * command path — grammar, runner, LinkService, the embedded store — answers
 * without throwing, and only a valid mutating command changes the database:
 * a /newlink that was accepted adds a link, a confirmed /delete marks one, a
 * /send queues a message, /lang and a guided /newlink keep a small state.
 * Everything else (plain chat, errors, read-only commands) leaves every
 * table exactly as it was.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { GuidedNewLink } from '../../bots/commands/guided.ts';
import { COMMAND_WORDS, parseCommand, type Command } from '../../bots/commands/parse.ts';
import { wordsIn } from '../../src/text/catalog.ts';
import { CommandRunner, type ChatTurn } from '../../bots/commands/run-command.ts';
import { LinkService } from '../../src/links/link-service.ts';
import { Preferences } from '../../bots/commands/preferences.ts';
import { changedTables, runs, openFuzzBed, TROUBLEMAKERS, type Table, type FuzzBed } from './support.ts';

const NOW = new Date('2026-11-24T03:00:00.000Z');
const MERCHANT: ChatTurn = { channel: 'telegram', merchantId: 'telegram:100', chatId: '100', notifyChatId: '100', customerChat: null, messageId: null };

const COMMANDS = Object.values(COMMAND_WORDS).flat();
const WORDS = [
  ...COMMANDS,
  ...['Kaos', 'Polos', '150000', '150rb', '1,5jt', 'Rp', '0', '-1', '2000000000', '1e3', 'NaN', 'Infinity'],
  ...['x2', 'bebas', 'exp', '31/12', '3d', 'ke', 'nama', 'email', 'budi@mail.com', 'wa', '081234567890', 'id', 'INV-1', 'slug', 'kaos-hitam'],
  ...['1', '2', '3', '#1', '#2', '999', 'all', 'semua', 'ya', 'yes', 'en', 'id', 'fr', '@TagihBot', '@OtherBot'],
  // Rich links (issue 17).
  ...['seikhlasnya', 'harga', '+', 'min', 'max', 'pilihan', '25rb,50rb', 'jumlah', '1-5', 'qty', 'stok', '20', 'metode', 'qris,va', 'bitcoin'],
  ...['tanya', '"Ukuran"', ',', 'wajib', 'nama,hp', 'pesan', '"Terima kasih"', 'kembali', 'https://tokobudi.id/ok', 'http://x.id', 'javascript:alert(1)'],
  ...TROUBLEMAKERS,
];

const wordSalad = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((words) => words.join(' '));
const commandLike = fc
  .tuple(fc.constantFrom('/', '!', '', '/newlink@TagihBot '), fc.constantFrom(...COMMANDS), wordSalad)
  .map(([prefix, word, rest]) => `${prefix}${word} ${rest}`);
/** Commands that are (mostly) well formed, with hostile values where the grammar takes free text. */
const freeText = fc.oneof(fc.constantFrom(...TROUBLEMAKERS), fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('Kaos', 'Topi Merah'));
const ref = fc.oneof(fc.integer({ min: 1, max: 6 }).map(String), fc.constantFrom(...TROUBLEMAKERS), fc.constantFrom('INV-1', 'kaos-hitam'));
const contact = fc.constantFrom('budi@mail.com', 'siti@example.co.id', '081234567890', '+6281234567891', '"<b>"@mail.com', 'a@b');
const wellFormed = fc.oneof(
  fc
    .tuple(freeText, fc.constantFrom('150000', '25rb', '1,5jt', 'Rp10.000'), fc.constantFrom('', 'x3', 'bebas', 'exp 3d', 'ke budi@mail.com', 'nama <b>Budi</b>', 'slug kaos-hitam', 'id INV-1'))
    .map(([item, price, option]) => `/newlink ${item} ${price} ${option}`),
  // Rich links (issue 17): each kind and option, with hostile values where they take free text.
  fc
    .tuple(
      freeText,
      fc.constantFrom('seikhlasnya', 'harga bebas', '150000 + Topi 50000', '150000 + "<b>x</b>" 20rb', '150000'),
      fc.constantFrom('', 'min 10rb max 5jt', 'pilihan 25rb,50rb', 'jumlah 1-5', 'stok 20', 'metode qris,va', 'metode bitcoin', 'wajib nama,hp', 'wajib nama'),
      fc.oneof(fc.constantFrom('', 'kembali https://tokobudi.id/ok', 'kembali javascript:alert(1)'), freeText.map((t) => `tanya "${t}"`), freeText.map((t) => `pesan "${t}"`)),
    )
    .map(([item, price, option, text]) => `/newlink ${item} ${price} ${option} ${text}`),
  fc.tuple(ref, contact).map(([r, to]) => `/send ${r} ${to}`),
  fc.tuple(ref, fc.constantFrom('', 'ya', 'yes')).map(([r, yes]) => `/delete ${r} ${yes}`),
  ref.map((r) => `/link ${r}`),
  ref.map((r) => `/qr ${r}`),
  fc.constantFrom('/lang en', '/lang id', '/bahasa en', '/links', '/links all', '/links 2', '/help newlink', '/start', '/cancel'),
);

const anyText = fc.oneof(
  { weight: 4, arbitrary: wellFormed },
  { weight: 1, arbitrary: fc.string({ maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: wordSalad },
  { weight: 5, arbitrary: commandLike },
  { weight: 1, arbitrary: fc.tuple(commandLike, fc.integer({ min: 1_990, max: 2_100 })).map(([text, n]) => text.padEnd(n, ' x')) },
);

/** The tables a command may change; anything not listed must stay as it was. */
function mayChange(command: Command): Table[] {
  switch (command.kind) {
    case 'newlink':
      // kv: the Payment Link ID chosen for the message, so a redelivery makes no second link.
      return command.guided ? ['kv'] : ['links', 'outbox', 'kv'];
    case 'delete':
      // Unconfirmed, the prompt waits in the chat's conversation for "ya".
      return command.confirmed ? ['links'] : ['kv'];
    case 'send':
      return ['links', 'outbox'];
    case 'lang':
      return ['kv'];
    default:
      return [];
  }
}

describe('fuzz: the command path, from any text to the database', function () {
  this.timeout(60_000);
  let bed: FuzzBed;
  let runner: CommandRunner;
  let links: LinkService;

  before(async function () {
    bed = openFuzzBed('commands');
    links = new LinkService({ store: bed.store, publicUrl: 'https://pay.example.com', merchantName: 'Toko Budi', paymentWindowMs: 3_600_000, clock: () => NOW });
    runner = new CommandRunner({
      links,
      outbox: bed.store.outbox,
      kv: bed.store.kv,
      guided: new GuidedNewLink(bed.store.kv, () => NOW),
      preferences: new Preferences(bed.store.kv, 'id'),
      // Every delivery on, so /send really queues: the fuzz reaches every writing path.
      delivery: { emailEnabled: true, whatsappChatFor: async (phone) => (phone.endsWith('0') ? `${phone}@s.whatsapp.net` : null), telegramDeepLink: (slug) => `https://t.me/TagihBot?start=${slug}` },
      merchantName: 'Toko Budi',
      logger: bed.log.logger,
      clock: () => NOW,
    });
    // A few links so /link 1, /delete 2 ya and /send 3 find something.
    for (const text of ['/newlink Kaos 150000', '/newlink Topi 50rb x5', '/newlink Tas 1jt bebas']) await runner.handle(text, MERCHANT);
  });

  after(async function () {
    await bed.store.close();
    bed.remove();
  });

  it('never throws, always answers in words, and writes only what a valid mutating command asks for', async function () {
    const written = new Map<Table, number>();
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        // Each message is judged on its own, outside any guided conversation.
        await bed.store.kv.deletePrefix('guided-newlink', '');
        const parsed = parseCommand(text, { now: NOW, botUsername: 'TagihBot' });
        const before = bed.reader.digest();

        const replies = await runner.handle(text, { ...MERCHANT, botUsername: 'TagihBot' });

        const changed = changedTables(before, bed.reader.digest());
        if (replies === null) {
          expect(parsed.ok === false && parsed.notACommand, 'only plain chat goes unanswered').to.equal(true);
        } else {
          expect(replies).to.have.length.greaterThan(0);
          for (const reply of replies) {
            expect(reply.text.trim()).to.not.equal('');
            expect(reply.text).to.not.equal(wordsIn('id').commands.internalError);
          }
        }
        const refused = replies !== null && replies.every((reply) => reply.text.startsWith('❌'));
        const allowed = parsed.ok && !refused ? mayChange(parsed.command) : [];
        expect(changed, `tables written for ${JSON.stringify(text.slice(0, 200))}`).to.satisfy((tables: Table[]) => tables.every((t) => allowed.includes(t)));
        expect(bed.log.atLeast(50), 'nothing failed unexpectedly').to.deep.equal([]);
        for (const table of changed) written.set(table, (written.get(table) ?? 0) + 1);
      }),
      runs(400),
    );
    if (process.env['FUZZ_VERBOSE']) console.log(written);
    // The generator reaches the writing paths, so "nothing else changed" was tested against real writes.
    expect(written.get('links') ?? 0, 'runs that wrote links').to.be.greaterThan(5);
    expect(written.get('kv') ?? 0, 'runs that wrote state').to.be.greaterThan(0);
    expect(written.get('outbox') ?? 0, 'runs that queued a message').to.be.greaterThan(0);
  });

  it('keeps a guided /newlink conversation sound whatever is answered', async function () {
    const guidedAnswer = fc.oneof(fc.string({ maxLength: 80 }), wordSalad, fc.constantFrom(...TROUBLEMAKERS));
    await fc.assert(
      fc.asyncProperty(fc.array(guidedAnswer, { minLength: 1, maxLength: 4 }), async (answers) => {
        await runner.handle('/newlink', MERCHANT);
        const linksBefore = bed.reader.count('links');
        for (const answer of answers) {
          const replies = await runner.handle(answer, MERCHANT);
          for (const reply of replies ?? []) expect(reply.text).to.not.equal(wordsIn('id').commands.internalError);
        }
        // At most one link comes out of one conversation.
        expect(bed.reader.count('links') - linksBefore).to.be.within(0, 1);
        expect(bed.log.atLeast(50)).to.deep.equal([]);
      }),
      runs(100),
    );
  });

  it('keeps the customer a /newlink names exactly as the grammar read them, whatever their country', async function () {
    const countryCode = fc.constantFrom('1', '44', '60', '62', '65', '81', '82', '84', '852', '86', '880', '971');
    const phone = fc
      .tuple(countryCode, fc.stringMatching(/^[1-9][0-9]{6,11}$/), fc.constantFrom('', ' ', '-'))
      .map(([cc, national, gap]) => `+${cc}${gap}${national}`);
    await fc.assert(
      fc.asyncProperty(phone, fc.constantFrom('wa', 'ke', 'hp'), async (typed, keyword) => {
        const parsed = parseCommand(`/newlink Kaos 150000 ${keyword} ${typed}`, { now: NOW });
        fc.pre(parsed.ok && parsed.command.kind === 'newlink' && !parsed.command.guided);
        const wanted = parsed.ok && parsed.command.kind === 'newlink' && !parsed.command.guided ? parsed.command.customer : null;
        const [reply] = (await runner.handle(`/newlink Kaos 150000 ${keyword} ${typed}`, MERCHANT)) ?? [];
        expect(reply?.text, typed).to.match(/^✅/);
        const newest = (await links.list(MERCHANT.merchantId, { page: 1, pageSize: 1, all: true })).items[0]!;
        expect(newest.link.customer?.phone, typed).to.equal(wanted?.phone);
      }),
      runs(100),
    );
  });
});
