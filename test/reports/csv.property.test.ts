import { expect } from 'chai';
import fc from 'fast-check';
import { csvCell, csvRecord } from '../../src/reports/csv.ts';

/**
 * A reader written from RFC 4180 section 2 alone (not from the writer): fields
 * split by commas, records by CRLF, a quoted field runs to the next lone
 * quote and "" inside it is one quote. It throws on anything the grammar
 * does not allow, so a writer slip fails the property instead of being read
 * leniently.
 */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unclosed quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field`);
        field += text[i];
        i += 1;
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
}

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];

// Cells a customer might type, weighted towards what breaks CSV: quotes, commas, line breaks, formula starts.
const tricky = fc.constantFrom('"', ',', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', "'", ' ', 'a', 'é', '😀', '=HYPERLINK("x")');
const cellText = fc.oneof(fc.string({ unit: 'grapheme' }), fc.array(tricky, { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ unit: 'binary' }));

describe('reports: CSV cells (property)', function () {
  it('round-trips any cell text through an RFC 4180 reader, a formula start prefixed with one quote', function () {
    fc.assert(
      fc.property(fc.array(cellText, { minLength: 1, maxLength: 6 }), (cells) => {
        const [read] = readCsv(csvRecord(cells));
        const expected = cells.map((cell) => (FORMULA_START.includes(cell[0] ?? '') ? `'${cell}` : cell));
        expect(read).to.deep.equal(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a cell begin with a formula character, quoted or not', function () {
    fc.assert(
      fc.property(cellText, (cell) => {
        const written = csvCell(cell);
        const content = written.startsWith('"') ? written.slice(1) : written;
        expect(FORMULA_START).not.to.include(content[0]);
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes exactly the cells that need it', function () {
    expect(csvCell('Kaos Polos')).to.equal('Kaos Polos');
    expect(csvCell('Jl. Merdeka, No. 5')).to.equal('"Jl. Merdeka, No. 5"');
    expect(csvCell('kata "bagus"')).to.equal('"kata ""bagus"""');
    expect(csvCell('baris\nbaru')).to.equal('"baris\nbaru"');
    expect(csvCell('=1+1')).to.equal("'=1+1");
    expect(csvCell('-5')).to.equal("'-5");
    expect(csvCell('\r=x')).to.equal('"\'\r=x"');
    expect(csvRecord(['a', 'b'])).to.equal('a,b\r\n');
  });
});
