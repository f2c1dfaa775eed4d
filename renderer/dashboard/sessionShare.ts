/**
 * What seeds 003 and 004 add to a session: its type (RDP, SSH, …), duration, connection attributes, and a
 * summary to share with a `pam-desk://` link to it. Pure functions of a row, so the table, the details
 * panel, CSV and the tests read the same words.
 */
import type { SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { formatDateTime } from '../common/formatDate';
import { enumWords } from '../common/serverText';
import { isSshSession } from '../terminal/sshSessions';
import { statusLabel } from './statusInfo';

/**
 * The session's type: the protocol the server names (its latest proxy connection or connection URI);
 * else what the activity and host say (SSH to Linux/Unix, RDP to Windows hosts); else the kind of resource
 * (Database, Website, …); '' when nothing says.
 */
export function sessionTypeOf(row: SessionRow): string {
  if (row.protocol) return row.protocol;
  const named = `${row.activity} ${row.activityType}`;
  if (/\brdp\b|remote desktop/i.test(named)) return 'RDP';
  if (isSshSession(row)) return 'SSH';
  if ((!row.resourceType || row.resourceType === 'Host') && /windows/i.test(row.hostOs)) return 'RDP';
  return row.resourceType && row.resourceType !== 'Host' ? enumWords(row.resourceType) : '';
}

/** Milliseconds the session has run: actual start to actual end, or to `now` while it runs; null before. */
export function durationMs(row: SessionRow, now: number): number | null {
  const start = row.actualStartAt ? Date.parse(row.actualStartAt) : NaN;
  if (Number.isNaN(start)) return null;
  const end = row.actualEndAt ? Date.parse(row.actualEndAt) : now;
  return Number.isNaN(end) ? null : Math.max(0, end - start);
}

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h": short enough for a column, exact enough to compare. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.floor(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export interface ConnectionTarget {
  address: string;
  port: string;
}

/** Address and port of the connection URI (`ssh://user@proxy:4422`), or null when it has none or is not a URL. */
export function connectionTarget(uri: string | undefined): ConnectionTarget | null {
  if (!uri) return null;
  try {
    const url = new URL(uri);
    if (!url.hostname) return null;
    return { address: url.hostname, port: url.port };
  } catch {
    return null;
  }
}

/** The link another PAM Desk opens at this session (the deep-link handler parses and checks it). */
export function sessionLink(serverUrl: string, sessionId: string): string {
  return `pam-desk://session?server=${encodeURIComponent(serverUrl)}&session=${encodeURIComponent(sessionId)}`;
}

/** Plain text to paste into a ticket or chat: what a reviewer needs to find the session, never a secret. */
export function sessionSummary(row: SessionRow, serverUrl: string, now: number): string {
  const lines: Array<[string, string]> = [
    ['Session', `${row.host || '—'} as ${row.loginAccount || '—'}`],
    ['Status', statusLabel(row.status, row.npsStatus)],
    ['Type', sessionTypeOf(row)],
    ['Activity', row.activity],
    ['User', row.user],
    ['Requested', formatDateTime(row.requestedAt)],
    ['Start', formatDateTime(row.actualStartAt ?? row.startAt)],
    ['End', formatDateTime(row.actualEndAt ?? row.endAt)],
    ['Duration', formatDuration(durationMs(row, now))],
    ['Ticket', row.ticket],
    ['Server', serverUrl],
    ['Session ID', row.id],
    ['Open in PAM Desk', sessionLink(serverUrl, row.id)],
  ];
  return (
    lines
      .filter(([, value]) => value.trim())
      // One line per field whatever the server put in a name, its bidi controls shown (see bidiControls.ts).
      .map(([label, value]) => `${label}: ${revealBidiControls(value.replace(/[\r\n]+/g, ' '))}`)
      .join('\n')
  );
}
