/**
 * Filtering, ordering and paging of session summaries: one pass over the candidates in creation order,
 * counting every match and keeping only the requested page. Other orders sort the matches once.
 */
import { type SessionRecord, type SummaryStatus, summaryStatusOf } from './model';
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
  // No prototype: a client-chosen name can only ever find one of these keys.
  return Object.assign(Object.create(null) as Record<string, SortKey>, {
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
  } satisfies Record<string, SortKey>);
}

const ID_TEXT = /^[0-9a-f-]+$/;

/**
 * The per-query matcher. Directory-derived text is tested once per interned descriptor (cached in
 * `textCache`: 0 unknown, 1 match, 2 no match); only the few sessions with notes or tickets, and ids
 * when the filter looks like one, are tested individually.
 */
function matcher(query: SummaryQuery, descriptors: readonly string[]): (entry: IndexedSession) => boolean {
  const status = query.status;
  const text = query.filterText;
  const textCache = new Int8Array(descriptors.length);
  const idLike = text !== '' && ID_TEXT.test(text);
  const { startMs, endMs, where } = query;
  const resourceNames = query.resourceNames;
  const userNames = query.userNames;
  const activeCutoff = status.kind === 'active' ? status.endedAfter : 0;
  return (entry) => {
    switch (status.kind) {
      case 'any':
        break;
      case 'active':
        if (entry.ended && entry.endedAt < activeCutoff) return false;
        break;
      case 'historical':
        if (!entry.ended) return false;
        break;
      case 'pending':
        if (entry.status !== 'Pending' && entry.status !== 'ApprovalRequired') return false;
        break;
      case 'summary':
        if (entry.status !== status.status) return false;
        break;
    }
    if (startMs !== null && entry.start < startMs) return false;
    if (endMs !== null && entry.start > endMs) return false;
    if (text !== '') {
      let hit = textCache[entry.descriptor]!;
      if (hit === 0) {
        hit = descriptors[entry.descriptor]!.includes(text) ? 1 : 2;
        textCache[entry.descriptor] = hit;
      }
      if (hit !== 1 && !(entry.extra !== '' && entry.extra.includes(text)) && !(idLike && entry.rec.id.includes(text)))
        return false;
    }
    if (resourceNames.length > 0 && !entry.resourceKeys.some((key) => resourceNames.includes(key))) return false;
    if (userNames.length > 0 && !entry.userKeys.some((key) => userNames.includes(key))) return false;
    if (where && !where(entry.rec)) return false;
    return true;
  };
}

export function runQuery(
  candidates: readonly IndexedSession[],
  descriptors: readonly string[],
  query: SummaryQuery,
  keys: Record<string, SortKey>,
  collectAll = false,
): PageResult {
  const matches = matcher(query, descriptors);
  const end = query.skip + query.take;
  const page: SessionRecord[] = [];
  const all: SessionRecord[] | undefined = collectAll ? [] : undefined;
  const byCreation = query.orderBy === null || query.orderBy === 'createddatetimeutc';
  if (byCreation) {
    let total = 0;
    const count = candidates.length;
    const descending = query.orderDescending;
    for (let n = 0; n < count; n++) {
      const entry = candidates[descending ? count - 1 - n : n]!;
      if (!matches(entry)) continue;
      if (total >= query.skip && total < end) page.push(entry.rec);
      all?.push(entry.rec);
      total++;
    }
    return all ? { page, total, all } : { page, total };
  }
  const key = Object.hasOwn(keys, query.orderBy!) ? keys[query.orderBy!] : undefined;
  if (!key) throw new Error(`unknown sort key '${query.orderBy}'`);
  const direction = query.orderDescending ? -1 : 1;
  // Ties keep creation order (oldest first), as a stable sort of the candidates would.
  const compare = (a: Ranked, b: Ranked) =>
    a.key < b.key ? -direction : a.key > b.key ? direction : a.index - b.index;
  const limit = query.skip + query.take;
  if (!collectAll && limit <= TOP_K_LIMIT) {
    const { best, total } = topK(candidates, matches, key, compare, limit);
    return { page: best.slice(query.skip, limit).map((r) => r.rec), total };
  }
  const matched: Ranked[] = [];
  candidates.forEach((entry, index) => {
    if (matches(entry)) matched.push({ key: key(entry.rec), index, rec: entry.rec });
  });
  matched.sort(compare);
  const sorted = matched.map((m) => m.rec);
  const result: PageResult = { page: sorted.slice(query.skip, limit), total: sorted.length };
  if (collectAll) result.all = sorted;
  return result;
}

interface Ranked {
  key: number | string;
  index: number;
  rec: SessionRecord;
}

/** Pages up to this deep are chosen with a bounded heap instead of sorting every match. */
const TOP_K_LIMIT = 5000;

/** The first `k` matches in `compare` order, kept in a max-heap whose root is the worst kept so far. */
function topK(
  candidates: readonly IndexedSession[],
  matches: (entry: IndexedSession) => boolean,
  key: SortKey,
  compare: (a: Ranked, b: Ranked) => number,
  k: number,
): { best: Ranked[]; total: number } {
  const heap: Ranked[] = [];
  let total = 0;
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && compare(heap[left]!, heap[worst]!) > 0) worst = left;
      if (right < heap.length && compare(heap[right]!, heap[worst]!) > 0) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let index = 0; index < candidates.length; index++) {
    const entry = candidates[index]!;
    if (!matches(entry)) continue;
    total++;
    const itemKey = key(entry.rec);
    if (heap.length >= k) {
      // Most matches lose to the worst kept one: decide before allocating anything.
      const worst = heap[0];
      if (!worst || compare({ key: itemKey, index, rec: entry.rec }, worst) >= 0) continue;
    }
    const item: Ranked = { key: itemKey, index, rec: entry.rec };
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compare(heap[i]!, heap[parent]!) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else {
      heap[0] = item;
      siftDown(0);
    }
  }
  return { best: heap.sort(compare), total };
}
