/**
 * Filtering, ordering and paging of session summaries: one pass over the candidates in creation order,
 * counting every match and keeping only the requested page. Other orders sort the matches once.
 */
import { type SessionRecord, type SummaryStatus, isEnded, summaryStatusOf } from './model';
import type { IndexedSession } from './store';

export type StatusFilter =
  | { kind: 'any' }
  | { kind: 'active'; endedAfter: number }
  | { kind: 'pending' }
  | { kind: 'historical' }
  | { kind: 'summary'; status: SummaryStatus };

export interface SummaryQuery {
  status: StatusFilter;
  skip: number;
  take: number;
  /** A key of ORDER_KEYS; null = creation time. */
  orderBy: string | null;
  orderDescending: boolean;
  /** Lower-cased, trimmed; empty = no filter. */
  filterText: string;
  startMs: number | null;
  endMs: number | null;
  resourceNames: string[];
  userNames: string[];
  /** Extra restriction (role scoping, one resource, ...). */
  where?: (rec: SessionRecord) => boolean;
}

export interface PageResult {
  page: SessionRecord[];
  total: number;
  /** Every match (only collected when asked, for aggregates). */
  all?: SessionRecord[];
}

type SortKey = (rec: SessionRecord) => number | string;

/**
 * orderBy values the sandbox accepts (SessionSummary field names, case-insensitive). `lookup` gives
 * the name-based keys, which need the directory.
 */
export function orderKeys(lookup: {
  userName(rec: SessionRecord): string;
  resourceName(rec: SessionRecord): string;
  activityName(rec: SessionRecord): string;
  policyName(rec: SessionRecord): string;
  accountName(rec: SessionRecord): string;
  createdByName(rec: SessionRecord): string;
  now(): number;
}): Record<string, SortKey> {
  const time = (value: number | null) => value ?? -1;
  return {
    createddatetimeutc: (r) => r.createdAt,
    startdatetimeutc: (r) => r.scheduledStart,
    actualstartdatetimeutc: (r) => time(r.actualStart),
    enddatetimeutc: (r) => time(r.scheduledEnd),
    expirationdatetimeutc: (r) => time(r.scheduledEnd),
    actualenddatetimeutc: (r) => time(r.actualEnd),
    logindatetimeutc: (r) => time(r.loginAt),
    durationinseconds: (r) => (r.actualStart === null ? 0 : (r.actualEnd ?? lookup.now()) - r.actualStart),
    status: (r) => summaryStatusOf(r),
    sessionstatus: (r) => r.state,
    userdisplayname: (r) => lookup.userName(r),
    createdbydisplayname: (r) => lookup.createdByName(r),
    managedresourcename: (r) => lookup.resourceName(r),
    managedresourcedisplayname: (r) => lookup.resourceName(r),
    hostdisplayname: (r) => lookup.resourceName(r),
    targetname: (r) => lookup.resourceName(r),
    activityname: (r) => lookup.activityName(r),
    accesspolicyname: (r) => lookup.policyName(r),
    loginaccountname: (r) => lookup.accountName(r),
    targetuserdisplayname: (r) => lookup.accountName(r),
    id: (r) => r.id,
  };
}

function statusMatches(filter: StatusFilter, rec: SessionRecord): boolean {
  switch (filter.kind) {
    case 'any':
      return true;
    case 'active':
      return !isEnded(rec.state) || (rec.actualEnd !== null && rec.actualEnd >= filter.endedAfter);
    case 'pending':
      return rec.state === 'approval' || rec.state === 'scheduled' || rec.state === 'provisioning';
    case 'historical':
      return isEnded(rec.state);
    case 'summary':
      return summaryStatusOf(rec) === filter.status;
  }
}

function matches(query: SummaryQuery, entry: IndexedSession): boolean {
  const rec = entry.rec;
  if (!statusMatches(query.status, rec)) return false;
  if (query.startMs !== null && rec.scheduledStart < query.startMs) return false;
  if (query.endMs !== null && rec.scheduledStart > query.endMs) return false;
  if (query.where && !query.where(rec)) return false;
  if (query.resourceNames.length > 0 && !entry.resourceKeys.some((key) => query.resourceNames.includes(key))) return false;
  if (query.userNames.length > 0 && !entry.userKeys.some((key) => query.userNames.includes(key))) return false;
  if (query.filterText !== '' && !entry.search.includes(query.filterText)) return false;
  return true;
}

export function runQuery(
  candidates: readonly IndexedSession[],
  query: SummaryQuery,
  keys: Record<string, SortKey>,
  collectAll = false,
): PageResult {
  const end = query.skip + query.take;
  const page: SessionRecord[] = [];
  const all: SessionRecord[] | undefined = collectAll ? [] : undefined;
  const byCreation = query.orderBy === null || query.orderBy === 'createddatetimeutc';
  if (byCreation) {
    let total = 0;
    const count = candidates.length;
    for (let n = 0; n < count; n++) {
      const entry = candidates[query.orderDescending ? count - 1 - n : n]!;
      if (!matches(query, entry)) continue;
      if (total >= query.skip && total < end) page.push(entry.rec);
      all?.push(entry.rec);
      total++;
    }
    return all ? { page, total, all } : { page, total };
  }
  const key = keys[query.orderBy!]!;
  const matched: Array<{ key: number | string; rec: SessionRecord }> = [];
  for (const entry of candidates) if (matches(query, entry)) matched.push({ key: key(entry.rec), rec: entry.rec });
  const direction = query.orderDescending ? -1 : 1;
  // Stable sort over creation order keeps ties in a predictable order.
  matched.sort((a, b) => (a.key < b.key ? -direction : a.key > b.key ? direction : 0));
  const sorted = matched.map((m) => m.rec);
  const result: PageResult = { page: sorted.slice(query.skip, end), total: sorted.length };
  if (collectAll) result.all = sorted;
  return result;
}
