/**
 * CSV text for spreadsheets: RFC 4180 quoting, CRLF line ends, and formula injection neutralised.
 *
 * - A cell whose first visible character is = + - @, or their full-width forms ＝ ＋ － ＠ (which Excel
 *   and LibreOffice in East Asian locales read as the same operators), or that starts with a tab, CR or
 *   LF, would be run as a formula: it gets a leading apostrophe, the OWASP-recommended defence.
 * - A cell holding a separator of any locale's spreadsheet (`,` and `;`, which many European locales
 *   use, and tab), a double quote, a line break, or leading/trailing spaces is quoted, so it cannot
 *   spill into the next column and start a formula there.
 */
const formulaStart = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const needsQuotes = /[",;\t\r\n]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  if (needsQuotes.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** `pam-sessions-2026-11-26-0812.csv`: sortable, no characters that file systems dislike. */
export function csvFileName(prefix: string, at: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `${prefix}-${stamp}.csv`;
}
