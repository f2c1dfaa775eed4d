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

export function matcher(filter: HistoryFilter): (session: CachedSession) => boolean {
  const users = lower(filter.users);
  const resources = lower(filter.resources);
  const types = lower(filter.types);
  const statuses = lower(filter.statuses);
  const text = filter.text?.trim().toLowerCase() ?? '';
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  return (s) => {
    if (users && !users.has((s.userDisplayName ?? '').toLowerCase())) return false;
    if (
      resources &&
      !resources.has((s.managedResourceName ?? '').toLowerCase()) &&
      !resources.has((s.managedResourceDisplayName ?? '').toLowerCase())
    )
      return false;
    if (types && !types.has(sessionType(s).toLowerCase())) return false;
    if (statuses && !statuses.has((enumName(s.status, SESSION_SUMMARY_STATUS) ?? '').toLowerCase())) return false;
    const start = s.startDateTimeUtc ?? null;
    if (from !== null && (start === null || start < from)) return false;
    if (to !== null && (start === null || start > to)) return false;
    if (text !== '' && !searchText(s).includes(text)) return false;
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

const ORDER: Record<HistoryOrder, (s: CachedSession) => string | number> = {
  start: (s) => s.startDateTimeUtc ?? '',
  end: (s) => s.actualEndDateTimeUtc ?? '',
  duration: durationSeconds,
  user: (s) => (s.userDisplayName ?? '').toLowerCase(),
  resource: (s) => (s.managedResourceDisplayName || s.managedResourceName || '').toLowerCase(),
};

export function queryHistory(
  sessions: readonly CachedSession[],
  filter: HistoryFilter,
  page: HistoryPageRequest = {},
): HistoryPage {
  const matches = sessions.filter(matcher(filter));
  const key = ORDER[page.orderBy ?? 'start'];
  const direction = (page.descending ?? true) ? -1 : 1;
  matches.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -direction : ka > kb ? direction : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const skip = Math.max(0, page.skip ?? 0);
  const take = Math.max(0, page.take ?? matches.length);
  return { rows: matches.slice(skip, skip + take), total: matches.length };
}
