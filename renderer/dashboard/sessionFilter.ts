import type { SessionRow } from '../../contract';
import { formatDateTime } from '../common/formatDate';
import { sessionTypeOf } from './sessionShare';
import { statusLabel } from './statusInfo';

export interface SessionFilters {
  /** Free text over every shown field; words are ANDed. */
  text: string;
  /** Resource Name search: narrows by host. */
  resource: string;
  user: string;
  activity: string;
  /** The session's Type (seed 004's filter): '' for all, else exactly one of `sessionTypeOf`'s words. */
  type: string;
}

export const noFilters: SessionFilters = { text: '', resource: '', user: '', activity: '', type: '' };

interface IndexEntry {
  /** Lower-cased searchable text of every shown field. */
  text: string;
  type: string;
}

// Rows are immutable (a delta brings new objects), so the index entry can be cached per object.
const haystacks = new WeakMap<SessionRow, IndexEntry>();
// Types on their own: the Type filter's choices need every row's type at once, not its search text.
const types = new WeakMap<SessionRow, string>();

function entryOf(row: SessionRow): IndexEntry {
  let entry = haystacks.get(row);
  if (entry === undefined) {
    const type = indexedTypeOf(row);
    entry = { text: haystackText(row, type), type };
    haystacks.set(row, entry);
  }
  return entry;
}

/** The session's Type (`sessionTypeOf`), computed once per row object. */
export function indexedTypeOf(row: SessionRow): string {
  let type = types.get(row);
  if (type === undefined) {
    type = sessionTypeOf(row);
    types.set(row, type);
  }
  return type;
}

/** The types the rows have, sorted: the Type filter's choices. */
export function typesOf(rows: readonly SessionRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) seen.add(indexedTypeOf(row));
  seen.delete('');
  return [...seen].sort();
}

function haystackText(row: SessionRow, type: string): string {
  return [
    statusLabel(row.status, row.npsStatus),
    type,
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
}

/** Whether a row's search text is built (for tests of the index warm-up). */
export function isIndexed(row: SessionRow): boolean {
  return haystacks.has(row);
}

function words(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

export function hasFilters(filters: SessionFilters): boolean {
  return Boolean(
    filters.text.trim() || filters.resource.trim() || filters.user.trim() || filters.activity.trim() || filters.type,
  );
}

export function filterSessions(rows: readonly SessionRow[], filters: SessionFilters): SessionRow[] {
  const textWords = words(filters.text);
  const resource = filters.resource.trim().toLowerCase();
  const user = filters.user.trim().toLowerCase();
  const activity = filters.activity.trim().toLowerCase();
  const type = filters.type;
  if (!textWords.length && !resource && !user && !activity && !type) return rows as SessionRow[];
  return rows.filter((row) => {
    if (type && indexedTypeOf(row) !== type) return false;
    if (resource && !row.host.toLowerCase().includes(resource)) return false;
    if (user && !row.user.toLowerCase().includes(user)) return false;
    if (activity && !row.activity.toLowerCase().includes(activity)) return false;
    if (textWords.length) {
      const haystack = entryOf(row).text;
      for (const word of textWords) if (!haystack.includes(word)) return false;
    }
    return true;
  });
}

/**
 * Builds the search index (each row's search text) once per delta: rows a delta brought are new objects,
 * rows it left alone keep their text. Runs in idle time, as much as each idle period allows, so the first
 * search over 10,000 rows does not pay for 30,000 date formats; `now()` of the returned handle finishes the
 * rest in short slices at once (the search field got focus: a search is coming). `stop()` ends it.
 */
export function warmSearch(rows: readonly SessionRow[]): { stop(): void; now(): void } {
  let index = 0;
  let idleHandle: number | undefined;
  let sliceTimer: ReturnType<typeof setTimeout> | undefined;
  const idle = typeof requestIdleCallback === 'function';
  const buildFor = (ms: number) => {
    const until = performance.now() + ms;
    while (index < rows.length) {
      const end = Math.min(rows.length, index + 200);
      for (; index < end; index++) entryOf(rows[index]!);
      if (performance.now() >= until) break;
    }
  };
  const onIdle = (deadline?: IdleDeadline) => {
    buildFor(Math.max(4, deadline?.timeRemaining() ?? 8));
    if (index < rows.length) schedule();
  };
  const schedule = () => {
    idleHandle = idle ? requestIdleCallback(onIdle, { timeout: 1000 }) : (setTimeout(onIdle, 16) as unknown as number);
  };
  const stopIdle = () => {
    if (idleHandle === undefined) return;
    if (idle) cancelIdleCallback(idleHandle);
    else clearTimeout(idleHandle);
    idleHandle = undefined;
  };
  schedule();
  return {
    stop() {
      stopIdle();
      clearTimeout(sliceTimer);
    },
    now() {
      if (index >= rows.length || sliceTimer !== undefined) return;
      stopIdle();
      // 8 ms slices, so keys typed meanwhile are handled between them.
      const slice = () => {
        buildFor(8);
        sliceTimer = index < rows.length ? setTimeout(slice, 0) : undefined;
      };
      slice();
    },
  };
}
