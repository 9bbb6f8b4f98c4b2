/**
 * The catalog: every language says every sentence Indonesian says, and the
 * type-check refuses a language that leaves one out.
 */
import { expect } from 'chai';
import { LOCALES } from '../../src/domain/locale.ts';
import { say, wordsIn, type Catalog } from '../../src/text/catalog.ts';
import { id } from '../../src/text/id.ts';

/** Sample facts for a sentence: numbers suit most; lists (`oneOf`, `url`) need words. */
const SAMPLES: readonly (readonly unknown[])[] = [[7, 3, 2], [['a', 'b'], ['c'], ['d']]];

/** What a sentence says with sample facts, or null when no sample suits it. */
function sample(fn: (...args: unknown[]) => unknown): unknown {
  for (const args of SAMPLES) {
    try {
      return fn(...args.slice(0, fn.length));
    } catch {
      // Try the next kind of fact.
    }
  }
  return null;
}

/** Where `other` differs in shape from `source`: keys missing, of another kind, or saying nothing. */
function faults(source: object, other: unknown, path = ''): string[] {
  if (typeof other !== 'object' || other === null) return [`${path || '(root)'}: missing`];
  const found: string[] = [];
  for (const [key, expected] of Object.entries(source)) {
    const at = path ? `${path}.${key}` : key;
    const actual: unknown = (other as Record<string, unknown>)[key];
    if (actual === undefined) found.push(`${at}: missing`);
    else if (typeof expected === 'object' && expected !== null) found.push(...faults(expected, actual, at));
    else if (typeof actual !== typeof expected) found.push(`${at}: a ${typeof actual}, not a ${typeof expected}`);
    else if (typeof actual === 'string' && actual.trim() === '') found.push(`${at}: empty`);
    else if (typeof actual === 'function') {
      if (actual.length !== (expected as (...args: unknown[]) => unknown).length) found.push(`${at}: takes other facts`);
      const said = sample(actual as (...args: unknown[]) => unknown);
      if (typeof said !== 'string' || said.trim() === '') found.push(`${at}: says nothing with sample facts`);
    }
  }
  for (const key of Object.keys(other)) {
    if (!(key in source)) found.push(`${path ? `${path}.` : ''}${key}: not in id.ts`);
  }
  return found;
}

describe('the text catalog', function () {
  it('has, in every language, every sentence of id.ts, of the same kind, none empty', function () {
    for (const locale of LOCALES) {
      expect(faults(id, wordsIn(locale)), locale).to.deep.equal([]);
    }
  });

  it('finds a sentence a language leaves out, which the type-check refuses before any test runs', function () {
    const { simulated, ...withoutSimulated } = id.common;
    expect(simulated).to.be.a('string');
    // @ts-expect-error a catalog missing common.simulated is not a Catalog
    const partial: Catalog = { ...id, common: withoutSimulated };
    expect(faults(id, partial)).to.deep.equal(['common.simulated: missing']);
  });

  it('finds an empty sentence and one that takes other facts', function () {
    const broken: Catalog = {
      ...id,
      common: { ...id.common, pay: ' ' },
      notices: { ...id.notices, unlimited: () => 'tanpa batas' },
    };
    expect(faults(id, broken)).to.deep.equal(['common.pay: empty', 'notices.unlimited: takes other facts']);
  });

  it('says a phrase in the language asked for', function () {
    expect(say((w) => w.common.simulated, 'id')).to.equal('SIMULASI — tidak ada uang masuk');
    expect(say((w) => w.common.simulated, 'en')).to.equal('SIMULATION — no money moved');
    expect(say((w) => w.rules.priceTooLow('0', 1), 'id')).to.equal('Harga "0" terlalu kecil. Minimal Rp1.');
  });
});
