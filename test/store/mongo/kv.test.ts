import { expect } from 'chai';
import fc from 'fast-check';
import { escapeRegex, prefixPattern } from '../../../src/store/mongo/kv.ts';

describe('MongoDB store: key prefixes', function () {
  it('takes every regular-expression metacharacter in a prefix literally', function () {
    for (const meta of ['.', '*', '+', '?', '^', '$', '{', '}', '(', ')', '|', '[', ']', '\\', '/', '-', '%', '_']) {
      const pattern = prefixPattern(`acc${meta}`);
      expect(pattern.test(`acc${meta}1`), meta).to.equal(true);
      expect(pattern.test('accX1'), meta).to.equal(false);
      expect(pattern.test(`x-acc${meta}1`), meta).to.equal(false);
    }
    expect(escapeRegex('a.b*c')).to.equal('a\\.b\\*c');
  });

  it('matches exactly the keys that start with the prefix, whatever the text', function () {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, key) => {
        expect(prefixPattern(prefix).test(key)).to.equal(key.startsWith(prefix));
        expect(prefixPattern(prefix).test(prefix + key)).to.equal(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches every key for an empty prefix', function () {
    expect(['', 'a', '\n'].every((key) => prefixPattern('').test(key))).to.equal(true);
  });
});
