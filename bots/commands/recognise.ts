/**
 * Whether a word is written like a price or like an expiry, as the domain rules
 * see it, so the grammar keeps no second copy of those formats. The rules throw
 * on a non-match and each thrown error records a stack trace, which is slow; the
 * grammar asks about the same words many times while it looks for the price, so
 * the answers are remembered per text for one message.
 */
import { parseRupiah } from '../../src/domain/money.ts';
import { parseExpiry } from '../../src/domain/time.ts';
import { attempt } from './parse-error.ts';

export class Recogniser {
  private readonly prices = new Map<string, boolean>();
  private readonly expiries = new Map<string, boolean>();

  private readonly now: Date;
  constructor(now: Date) {
    this.now = now;
  }

  /**
   * Written like a price, even if out of range: "0", "-5000" and "150.000,50"
   * are meant as prices and deserve the domain's message about them.
   */
  looksLikePrice(text: string): boolean {
    return remember(this.prices, text, () => {
      if (!/\d/.test(text)) return false;
      const read = attempt(() => parseRupiah(text));
      return read.ok || read.error.code !== 'PRICE_INVALID';
    });
  }

  /** A past or too-far date is still written like an expiry. */
  looksLikeExpiry(text: string): boolean {
    return remember(this.expiries, text, () => {
      const read = attempt(() => parseExpiry(text, this.now));
      return read.ok || read.error.code !== 'EXPIRY_INVALID';
    });
  }
}

function remember(answers: Map<string, boolean>, text: string, decide: () => boolean): boolean {
  let answer = answers.get(text);
  if (answer === undefined) {
    answer = decide();
    answers.set(text, answer);
  }
  return answer;
}
