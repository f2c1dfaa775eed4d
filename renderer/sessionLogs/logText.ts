/**
 * A session's log as the user reads it, on screen and in the downloaded text file: statuses in words,
 * messages as sentences (`serverText.ts`), times in the user's locale and time zone, seconds included.
 */
import type { LogLine } from '../../contract';
import { formatDateTimeSeconds } from '../common/formatDate';
import { enumWords, serverSentence } from '../common/serverText';

/** One log line in the dialog's words. */
export function readableLine(line: LogLine): LogLine {
  return { ...line, status: enumWords(line.status), message: serverSentence(line.message) };
}

export interface LogTextHeader {
  id: string;
  host: string;
  loginAccount: string;
  activity: string;
  user: string | null;
  /** When the lines come from the offline cache: as of when they were fetched. */
  cachedAt?: string | null;
}

/** `session-<id>-log.txt`: the id names the session (the file has no other place for it). */
export function logFileName(id: string): string {
  return `session-${id.replace(/[^\w-]+/g, '_')}-log.txt`;
}

/**
 * The text file: a heading naming the session, then one line per log line,
 * `<local time>  <status>  <message>`; a message's own line breaks are folded so each entry stays one line.
 */
export function logText(header: LogTextHeader, lines: readonly LogLine[]): string {
  const fold = (text: string) => text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ⏎ ');
  const who = [header.activity, header.user].filter(Boolean).join(' · ');
  const out = [
    fold(`Session Logs — ${header.host} — ${header.loginAccount}${who ? ` · ${who}` : ''}`),
    `Session ID: ${header.id}`,
  ];
  if (header.cachedAt) out.push(`Cached copy as of ${formatDateTimeSeconds(header.cachedAt)}`);
  out.push(`${lines.length} ${lines.length === 1 ? 'line' : 'lines'}`, '');
  for (const raw of lines) {
    const line = readableLine(raw);
    out.push(fold(`${formatDateTimeSeconds(line.timestamp)}  ${line.status}  ${line.message}`));
  }
  return `${out.join('\r\n')}\r\n`;
}
