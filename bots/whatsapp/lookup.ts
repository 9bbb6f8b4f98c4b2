/**
 * Which WhatsApp chat a phone number is, for /send: asks WhatsApp
 * (`onWhatsApp`, a USync query that WhatsApp rate-limits) and remembers the
 * answer for a while, so sending a second link to the same customer does
 * not ask again.
 */
import { AppError } from '../../src/domain/errors.ts';
import { BoundedMap } from '../../src/bounded-map.ts';
import { normalizeJid, phoneJid } from './jids.ts';
import type { Timers } from './scheduler.ts';
import type { WaSocket } from './socket.ts';

const FOUND_TTL_MS = 30 * 60_000;
/** A number may join WhatsApp (or a typo get fixed on the phone): forget "not found" sooner. */
const NOT_FOUND_TTL_MS = 2 * 60_000;
const CACHED_NUMBERS = 1_000;

/** WhatsApp cannot be asked right now; the merchant reads this, so it says what to do. */
export class WhatsAppUnavailableError extends AppError<'WHATSAPP_UNAVAILABLE'> {
  constructor() {
    super('WHATSAPP_UNAVAILABLE', (w) => w.whatsapp.unavailable);
  }
}

export class NumberLookup {
  private readonly cache = new BoundedMap<string, { jid: string | null; until: number }>(CACHED_NUMBERS);

  private readonly options: { socket: () => WaSocket | null; timers: Timers; timeoutMs: number };
  constructor(
    options: { socket: () => WaSocket | null; timers: Timers; timeoutMs: number },
  ) {
    this.options = options;
  }

  /** The chat of `phone` (digits with country code), or null when the number is not on WhatsApp. */
  async chatFor(phone: string): Promise<string | null> {
    const { socket, timers, timeoutMs } = this.options;
    const now = timers.now();
    const cached = this.cache.get(phone);
    if (cached && cached.until > now) return cached.jid;
    const sock = socket();
    if (!sock) throw new WhatsAppUnavailableError();
    let results: Array<{ jid: string; exists: boolean }> | undefined;
    try {
      results = await timers.timeout(timeoutMs, 'onWhatsApp', sock.onWhatsApp(phoneJid(phone)));
    } catch {
      throw new WhatsAppUnavailableError();
    }
    // WhatsApp may answer with a rewritten number (some countries add or drop a digit): trust its JID.
    const found = results?.find((r) => r.exists);
    const jid = found ? normalizeJid(found.jid) : null;
    this.cache.set(phone, { jid, until: timers.now() + (jid === null ? NOT_FOUND_TTL_MS : FOUND_TTL_MS) });
    return jid;
  }
}
