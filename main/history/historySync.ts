/**
 * Fills a history cache from the server's historical session summaries.
 *
 * How "only what changed" is found with the API at hand: NPS 4.2 has no "modified since" filter, and its
 * `startDate`/`endDate` filter the *start* (a session that started months ago may end today). But a session
 * becomes historical when it ends, and a historical summary does not change afterwards. So the sync asks for
 * `Historical` ordered by `actualEndDateTimeUtc`, newest first, and pages until it reaches sessions that ended
 * before the last sync's watermark (the latest end it saw) less an overlap window (clock skew between
 * server and writes committed late). Newest-first also makes paging safe while sessions keep ending: a new
 * one pushes older rows down a place, so a page may bring a row again (an upsert, no duplicate) but never
 * skips one. A server that ignores `orderBy` still works: with no row ended before the floor, the sync reads
 * every page (a full sync). After an incremental sync the server's `recordsTotal` is compared with the cache,
 * and when the cache holds fewer, a full sync follows.
 *
 * Resumable: each page is committed with a checkpoint (`skip`, the floor, the high-water mark) in one
 * batch; a sync that failed or was killed resumes from the last checkpoint. The watermark and "synced at"
 * move only when a sync completes.
 */
import type { NpsSessionApi, SummaryScope } from '../nps/npsClient';
import type { NpsSessionSummary } from '../nps/npsSchemas';
import type { HistoryCache, SyncState } from './historyCache';

export interface SyncProgress {
  phase: 'full' | 'incremental';
  /** Rows received from the server in this run. */
  fetched: number;
  /** The server's count of historical sessions for this user, when it says (null otherwise). */
  total: number | null;
  added: number;
  updated: number;
}

export interface SyncResult extends SyncProgress {
  syncedAt: string;
  resumed: boolean;
  pages: number;
}

export interface SyncOptions {
  api: NpsSessionApi;
  cache: HistoryCache;
  /** 'mine' (MySummaryByStatus) for users; 'all' (SummaryByStatus) for administrators and helpdesk. */
  scope: SummaryScope;
  pageSize?: number;
  overlapMs?: number;
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export const HISTORICAL = 'Historical';
const ORDER_BY = 'actualEndDateTimeUtc';
const DEFAULT_PAGE = 500;
const DEFAULT_OVERLAP_MS = 15 * 60_000;
const FIRST_INCREMENTAL_PAGE = 20;

const endOf = (row: NpsSessionSummary) => row.actualEndDateTimeUtc ?? row.endDateTimeUtc ?? null;
const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

export async function syncHistory(options: SyncOptions): Promise<SyncResult> {
  const first = await syncPass(options, false);
  if (first.phase === 'incremental' && first.total !== null && options.cache.size() < first.total) {
    // Something ended out of order (or the server ignores the order): read everything once.
    const full = await syncPass(options, true);
    return { ...full, fetched: first.fetched + full.fetched, pages: first.pages + full.pages };
  }
  return first;
}

async function syncPass(options: SyncOptions, forceFull: boolean): Promise<SyncResult> {
  const { api, cache, scope, signal } = options;
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const overlap = options.overlapMs ?? DEFAULT_OVERLAP_MS;
  const now = options.now ?? Date.now;
  const start = cache.state();
  const resumed = start.checkpoint !== null && !forceFull;
  let skip = resumed ? start.checkpoint!.skip : 0;
  const floor = resumed
    ? start.checkpoint!.floor
    : forceFull || start.watermark === null
      ? null
      : new Date(Date.parse(start.watermark) - overlap).toISOString();
  let highWater = resumed ? start.checkpoint!.highWater : forceFull ? null : start.watermark;
  // An end time after our own clock (plus the overlap) is not believed: it would push the watermark past
  // sessions that are still to end.
  const latestBelievable = new Date(now() + overlap).toISOString();
  const progress: SyncProgress = {
    phase: floor === null ? 'full' : 'incremental',
    fetched: 0,
    total: null,
    added: 0,
    updated: 0,
  };
  let pages = 0;
  for (;;) {
    signal?.throwIfAborted();
    // An incremental pass usually needs a few rows: it starts with a small page and doubles it.
    const take = floor === null ? pageSize : Math.min(pageSize, FIRST_INCREMENTAL_PAGE * 2 ** pages);
    const page = await api.summariesByStatus(scope, HISTORICAL, {
      skip,
      take,
      orderBy: ORDER_BY,
      orderDescending: true,
    });
    signal?.throwIfAborted();
    pages += 1;
    progress.total = page.recordsTotal;
    const rows = page.data;
    progress.fetched += rows.length;
    skip += rows.length;
    let reachedFloor = false;
    const keep: NpsSessionSummary[] = [];
    for (const row of rows) {
      const end = endOf(row);
      if (end !== null && end <= latestBelievable) highWater = later(highWater, end);
      if (floor !== null && end !== null && end < floor) reachedFloor = true;
      else keep.push(row);
    }
    const done = rows.length === 0 || reachedFloor || (page.recordsTotal !== null && skip >= page.recordsTotal);
    const syncedAt = new Date(now()).toISOString();
    const next: SyncState = done
      ? { syncedAt, watermark: highWater, checkpoint: null }
      : { ...start, checkpoint: { skip, floor, highWater } };
    const { added, updated } = await cache.commit(keep, next);
    progress.added += added;
    progress.updated += updated;
    options.onProgress?.({ ...progress });
    if (done) return { ...progress, syncedAt, resumed, pages };
  }
}
