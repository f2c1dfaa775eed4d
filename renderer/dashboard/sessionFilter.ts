import type { SessionRow } from '../../contract';
import { formatDateTime } from '../common/formatDate';
import { statusLabel } from './statusInfo';

export interface SessionFilters {
  /** Free text over every shown field; words are ANDed. */
  text: string;
  /** Resource Name search: narrows by host. */
  resource: string;
  user: string;
  activity: string;
}

export const noFilters: SessionFilters = { text: '', resource: '', user: '', activity: '' };

// Rows are immutable (a delta brings new objects), so the lower-cased text can be cached per object.
const haystacks = new WeakMap<SessionRow, string>();

function haystackOf(row: SessionRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [
      statusLabel(row.status, row.npsStatus),
      row.host,
      row.loginAccount,
      row.activity,
      row.user,
      row.policy,
      row.ticket,
      row.note,
      formatDateTime(row.requestedAt),
      formatDateTime(row.startAt),
      formatDateTime(row.endAt),
    ]
      .join('\u0000')
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

function words(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

export function hasFilters(filters: SessionFilters): boolean {
  return Boolean(filters.text.trim() || filters.resource.trim() || filters.user.trim() || filters.activity.trim());
}

export function filterSessions(rows: readonly SessionRow[], filters: SessionFilters): SessionRow[] {
  const textWords = words(filters.text);
  const resource = filters.resource.trim().toLowerCase();
  const user = filters.user.trim().toLowerCase();
  const activity = filters.activity.trim().toLowerCase();
  if (!textWords.length && !resource && !user && !activity) return rows as SessionRow[];
  return rows.filter((row) => {
    if (resource && !row.host.toLowerCase().includes(resource)) return false;
    if (user && !row.user.toLowerCase().includes(user)) return false;
    if (activity && !row.activity.toLowerCase().includes(activity)) return false;
    if (textWords.length) {
      const haystack = haystackOf(row);
      for (const word of textWords) if (!haystack.includes(word)) return false;
    }
    return true;
  });
}

/**
 * Builds the search text of rows in idle time, a chunk at a time, so the first search over 10,000 rows
 * does not pay for 30,000 date formats. Returns a function that stops the warm-up.
 */
export function warmSearch(rows: readonly SessionRow[], chunk = 500): () => void {
  let index = 0;
  let handle: number | undefined;
  const idle = typeof requestIdleCallback === 'function';
  const step = () => {
    const end = Math.min(rows.length, index + chunk);
    for (; index < end; index++) haystackOf(rows[index]!);
    if (index < rows.length) schedule();
  };
  const schedule = () => {
    handle = idle ? requestIdleCallback(step, { timeout: 2000 }) : (setTimeout(step, 16) as unknown as number);
  };
  schedule();
  return () => {
    if (handle === undefined) return;
    if (idle) cancelIdleCallback(handle);
    else clearTimeout(handle);
  };
}
