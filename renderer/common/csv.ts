/**
 * CSV text for spreadsheets: RFC 4180 quoting, CRLF line ends, and formula injection neutralised
 * (a cell that starts with = + - @ or a tab/CR would be run as a formula by Excel/LibreOffice,
 * so it gets a leading apostrophe, the OWASP-recommended defence).
 */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
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
