/**
 * Filters and search over the cached history, for the History page and offline review: User, Resource,
 * Type, Period, Status and free text, the same criteria the server's own lists take, with the same meaning
 * where the cached summary holds the field:
 * - users: the user's display name (the server also matches the login, which a summary does not carry);
 * - resources: the resource's name or display name;
 * - period: the session's start (`startDateTimeUtc`) within [from, to], as the server's startDate/endDate;
 * - statuses: SessionSummaryStatus names;
 * - text: case-insensitive substring of the user, resource (name, display name, OS), activity, policy, login
 *   account, status, note, ticket, or the session id.
 * Names compare case-insensitively. Newest start first unless asked otherwise.
 */
import { ACTIVITY_TYPE, SESSION_SUMMARY_STATUS, enumLabel, enumName } from '../nps/npsEnums';
import type { CachedSession } from './historyCache';

export interface HistoryFilter {
  users?: string[];
  resources?: string[];
  /** `RDP`, `SSH`, or another activity type (`TaskAutomation`, `CredentialRelease`, …): see `sessionType`. */
  types?: string[];
  statuses?: string[];
  /** ISO date-times; either end may be left open. */
  from?: string;
  to?: string;
  text?: string;
}

export type HistoryOrder = 'start' | 'end' | 'duration' | 'user' | 'resource';

export interface HistoryPageRequest {
  skip?: number;
  take?: number;
  orderBy?: HistoryOrder;
  descending?: boolean;
}

export interface HistoryPage {
  rows: CachedSession[];
  total: number;
}

/** The session type the History page filters by: RDP or SSH for interactive sessions, else the activity type. */
export function sessionType(session: CachedSession): string {
  const activity = enumName(session.activityType, ACTIVITY_TYPE);
  const platform = `${session.platformName ?? ''} ${session.managedResourceOs ?? ''}`.toLowerCase();
  if (activity === null || activity === 'Interactive') {
    if (platform.includes('windows')) return 'RDP';
    if (/linux|unix|ubuntu|debian|red hat|centos|bsd|macos/.test(platform)) return 'SSH';
  }
  return enumLabel(session.activityType, ACTIVITY_TYPE) || 'Other';
}

export function durationSeconds(session: CachedSession): number {
  const start = session.actualStartDateTimeUtc ? Date.parse(session.actualStartDateTimeUtc) : NaN;
  const end = session.actualEndDateTimeUtc ? Date.parse(session.actualEndDateTimeUtc) : NaN;
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? Math.floor((end - start) / 1000) : 0;
}

const lower = (values: string[] | undefined) => (values?.length ? new Set(values.map((v) => v.toLowerCase())) : null);

/** What a filter compares, worked out once per session when the index is built, not on every query. */
interface Entry {
  s: CachedSession;
  user: string;
  resourceName: string;
  resourceDisplay: string;
  type: string;
  status: string;
  start: string | null;
  text: string;
}

function entryOf(s: CachedSession): Entry {
  return {
    s,
    user: (s.userDisplayName ?? '').toLowerCase(),
    resourceName: (s.managedResourceName ?? '').toLowerCase(),
    resourceDisplay: (s.managedResourceDisplayName ?? '').toLowerCase(),
    type: sessionType(s).toLowerCase(),
    status: (enumName(s.status, SESSION_SUMMARY_STATUS) ?? '').toLowerCase(),
    start: s.startDateTimeUtc ?? null,
    text: searchText(s),
  };
}

function entryMatcher(filter: HistoryFilter): (e: Entry) => boolean {
  const users = lower(filter.users);
  const resources = lower(filter.resources);
  const types = lower(filter.types);
  const statuses = lower(filter.statuses);
  const text = filter.text?.trim().toLowerCase() ?? '';
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  return (e) => {
    if (users && !users.has(e.user)) return false;
    if (resources && !resources.has(e.resourceName) && !resources.has(e.resourceDisplay)) return false;
    if (types && !types.has(e.type)) return false;
    if (statuses && !statuses.has(e.status)) return false;
    if (from !== null && (e.start === null || e.start < from)) return false;
    if (to !== null && (e.start === null || e.start > to)) return false;
    if (text !== '' && !e.text.includes(text)) return false;
    return true;
  };
}

function searchText(s: CachedSession): string {
  return [
    s.userDisplayName,
    s.managedResourceName,
    s.managedResourceDisplayName,
    s.managedResourceOs,
    s.activityName,
    s.accessPolicyName,
    s.loginAccountName,
    enumLabel(s.status, SESSION_SUMMARY_STATUS),
    s.note,
    s.ticket,
    s.id,
  ]
    .filter(Boolean)
    .join('\u0001')
    .toLowerCase();
}

const ORDER: Record<HistoryOrder, (e: Entry) => string | number> = {
  start: (e) => e.start ?? '',
  end: (e) => e.s.actualEndDateTimeUtc ?? '',
  duration: (e) => durationSeconds(e.s),
  user: (e) => e.user,
  resource: (e) => e.resourceDisplay || e.resourceName,
};

function compareBy(key: (e: Entry) => string | number, descending: boolean) {
  const direction = descending ? -1 : 1;
  return (a: Entry, b: Entry) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -direction : ka > kb ? direction : a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0;
  };
}

/**
 * The cached sessions ready to query many times: each session's compared fields worked out once, and the
 * whole kept in the default order (newest start first), so the default order needs no sort per query and
 * another order sorts only the matches, by keys already made. Build a new one when the cache changed.
 */
export interface HistoryIndex {
  readonly size: number;
  /** Every user, resource and type name in the cache, sorted (what the page's pickers offer). */
  facets(): { users: string[]; resources: string[]; types: string[] };
  query(filter: HistoryFilter, page?: HistoryPageRequest): HistoryPage;
  /**
   * The same query on an index of part of the cache, where every session starting at or after `loadedSince`
   * is in it (the cache loads months newest first): the page when it is known to be exact, else null (wait
   * for more). `complete` says the total is final too; otherwise it counts the loaded part only.
   */
  queryLoaded(filter: HistoryFilter, page: HistoryPageRequest, loadedSince: string): LoadedPage | null;
}

export interface LoadedPage extends HistoryPage {
  complete: boolean;
}

export function createHistoryIndex(sessions: readonly CachedSession[]): HistoryIndex {
  const newestFirst = sessions.map(entryOf).sort(compareBy(ORDER.start, true));
  let facets: ReturnType<HistoryIndex['facets']> | null = null;
  const names = (pick: (s: CachedSession) => string | null | undefined) =>
    [...new Set(newestFirst.map((e) => pick(e.s) ?? '').filter(Boolean))].sort((a, b) => a.localeCompare(b));
  return {
    size: newestFirst.length,
    facets() {
      facets ??= {
        users: names((s) => s.userDisplayName),
        resources: names((s) => s.managedResourceDisplayName || s.managedResourceName),
        types: names(sessionType),
      };
      return facets;
    },
    queryLoaded(filter, page, loadedSince) {
      // Every match starts at or after `from`: none can be in the months not loaded yet.
      if (loadedSince === '' || (filter.from !== undefined && filter.from >= loadedSince))
        return { ...this.query(filter, page), complete: true };
      if ((page.orderBy ?? 'start') !== 'start' || page.descending === false || page.take === undefined) return null;
      const first = filter.to ? firstStartingBy(newestFirst, filter.to, true) : 0;
      const matches = newestFirst.slice(first).filter(entryMatcher(filter));
      const skip = Math.max(0, page.skip ?? 0);
      const end = skip + Math.max(0, page.take);
      // Exact when the page's last row starts in a loaded month: a session not loaded starts before it.
      if (end > 0 && (matches.length < end || (matches[end - 1]!.start ?? '') < loadedSince)) return null;
      return { rows: matches.slice(skip, end).map((e) => e.s), total: matches.length, complete: false };
    },
    query(filter, page = {}) {
      // The period is on the start, the index's own order: only the slice within it is looked at.
      const first = filter.to ? firstStartingBy(newestFirst, filter.to, true) : 0;
      const end = filter.from ? firstStartingBy(newestFirst, filter.from, false) : newestFirst.length;
      const matches = newestFirst.slice(first, Math.max(first, end)).filter(entryMatcher(filter));
      const orderBy = page.orderBy ?? 'start';
      const descending = page.descending ?? true;
      if (orderBy !== 'start' || !descending) {
        // Keys worked out once per match, not once per comparison.
        const key = ORDER[orderBy];
        const keys = new Map(matches.map((e) => [e, key(e)]));
        matches.sort(compareBy((e) => keys.get(e)!, descending));
      }
      const skip = Math.max(0, page.skip ?? 0);
      const take = Math.max(0, page.take ?? matches.length);
      return { rows: matches.slice(skip, skip + take).map((e) => e.s), total: matches.length };
    },
  };
}

/**
 * In entries sorted newest start first (no start last): the index of the first entry that starts at or
 * before `at` (`inclusive`), or strictly before it.
 */
function firstStartingBy(entries: readonly Entry[], at: string, inclusive: boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const start = entries[mid]!.start ?? '';
    if (inclusive ? start > at : start >= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function queryHistory(
  sessions: readonly CachedSession[],
  filter: HistoryFilter,
  page: HistoryPageRequest = {},
): HistoryPage {
  return createHistoryIndex(sessions).query(filter, page);
}
