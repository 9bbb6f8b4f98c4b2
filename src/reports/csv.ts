/**
 * CSV as spreadsheet apps read it: RFC 4180 (fields separated by commas,
 * records by CRLF; a field holding a comma, a double quote, CR or LF is
 * quoted, with its quotes doubled: https://www.rfc-editor.org/rfc/rfc4180
 * section 2), UTF-8 with a byte order mark so Excel does not read it as the
 * local code page.
 *
 * Safe against formula injection: a cell that starts with `=`, `+`, `-`, `@`,
 * a tab or a CR is read as a formula by Excel, LibreOffice and Google Sheets,
 * so such a cell gets a leading `'` (OWASP, "CSV Injection":
 * https://owasp.org/www-community/attacks/CSV_Injection). Customers type
 * their own names and answers, so every cell is treated as untrusted.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** U+FEFF, encoded as UTF-8 (EF BB BF) at the start of the file. */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised and quoted as needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, with its CRLF. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Writes text, waiting while the stream's buffer is full, so a large export never piles up in memory. */
export async function writeRespectingBackpressure(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
