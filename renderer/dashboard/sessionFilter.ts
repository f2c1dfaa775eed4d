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

/** Whether a row's search text is built (for tests of the index warm-up). */
export function isIndexed(row: SessionRow): boolean {
  return haystacks.has(row);
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
      for (; index < end; index++) haystackOf(rows[index]!);
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
