/**
 * The history of the signed-in profile and user, as main's `history.*` handlers use it:
 * open the user's cache (its key from the keychain, or memory for this run), sync it (one run at a time,
 * progress events for the progress bar, "synced at"), tell its status (read-only, set-aside partitions,
 * kept for this run only), and query it with the History page's filters; beside it, the cache of session logs
 * (`logCache.ts`): on demand, ahead of time after a sync, within the user's budget. Plain Node: no electron.
 *
 * Over 300 lines: the one open history's life (open live or offline, sync, close) and the log cache that
 * shares it (same folder, key, writer and status); the cache, reader, sync and log store are their own modules.
 */
import fs from 'node:fs/promises';
import type {
  HistoryLog,
  HistoryRecording,
  HistoryRecordingList,
  Recording,
  RecordingSummary,
  SessionLogs,
} from '../../contract';
import { isPamError } from '../errors/pamError';
import type { Keychain } from '../keychain/keychain';
import type { NpsSessionApi, SummaryScope } from '../nps/npsClient';
import { openHistoryCache, type HistoryCache } from './historyCache';
import { historyFolder, historyKeyFor, storedHistoryKey } from './historyKey';
import { openLogCache, type LogCache } from './logCache';
import type { HistoryFilter, HistoryPageRequest } from './historyQuery';
import { createHistoryReader, type HistoryAnswer, type HistoryReader } from './historyReader';
import { syncHistory, type SyncProgress } from './historySync';

export interface HistoryStatus {
  open: boolean;
  profileId: string | null;
  login: string | null;
  syncing: boolean;
  progress: SyncProgress | null;
  syncedAt: string | null;
  count: number;
  /** False when the keychain cannot keep the key: history is cached for this run only (`note` says why). */
  persistent: boolean;
  note: string | null;
  readOnlyReason: string | null;
  /** Partitions set aside on open, for the banner. */
  quarantined: string[];
  /** The last sync's failure, cleared by the next success. */
  error: string | null;
  /** Opened for review without the server (`openOffline`): read-only, as of `syncedAt`. */
  offline: boolean;
  /** The cache's older months are still being read and checked: `count` and totals are not final yet. */
  loading: boolean;
  /** The session logs (`count`) and SSH recordings cached for offline review (`logCache.ts`); one budget. */
  logs: { count: number; recordings: number; usedBytes: number; budgetBytes: number; prefetching: boolean };
}

/** Fetches one session's whole log from the server (`sessionService.logs`). */
export type FetchLog = (id: string) => Promise<SessionLogs>;

/** A session's recorded SSH connections from the server (`recordings.list`/`recordings.get`, checked). */
export interface FetchRecordings {
  list(sessionId: string): Promise<RecordingSummary[]>;
  get(sessionId: string, proxySessionId: string): Promise<Recording>;
}

export const DEFAULT_LOG_BUDGET_BYTES = 50 * 1024 * 1024;
/** Logs fetched ahead of time per sync at most, however large the budget: the server is not flooded. */
export const PREFETCH_MAX = 200;

/** What the History page's User and Resource pickers offer: every name in the open cache. */
export interface HistoryFacets {
  users: string[];
  resources: string[];
  types: string[];
}

export interface HistoryServiceDeps {
  /** Where caches live: `<root>/<profile id>/<hash of login>/`. */
  root: string;
  keychain: Keychain;
  log: { info(message: string): void; warn(message: string): void };
  /** Told on every change of status (opened, progress, synced, failed). */
  onStatus?: (status: HistoryStatus) => void;
  /** How long a second instance waits for the writer before opening read-only. */
  waitForWriterMs?: number;
  /** The log cache's budget (the user's setting); 0 = no logs are cached. Default 50 MiB. */
  logBudgetBytes?: () => number;
}

export interface HistoryService {
  open(profileId: string, login: string): Promise<HistoryStatus>;
  /**
   * Opens a profile/user's cache for review with no server: the key from the OS keychain, never a new one.
   * Rejects with `NoCachedHistoryError` when there is no key or no cache folder. Syncing is refused until
   * `open` (a live sign-in) takes over.
   */
  openOffline(profileId: string, login: string): Promise<HistoryStatus>;
  /** Closes that profile/user's cache if open, deletes its folder and its key. */
  forget(profileId: string, login: string): Promise<void>;
  /** Every name in the cache: waits for the whole cache to be loaded. */
  facets(): Promise<HistoryFacets>;
  /** Syncs the open cache; a call while a sync runs joins it. Rejects with the sync's error (status keeps it). */
  sync(api: NpsSessionApi, scope: SummaryScope): Promise<HistoryStatus>;
  status(): HistoryStatus;
  /** The status once the open cache is wholly loaded (`loading` false, `count` final). */
  loaded(): Promise<HistoryStatus>;
  /**
   * A page of the cache. While the cache loads (newest months first), a page already known to be exact is
   * answered at once with `counting` set (its total is the loaded part's); others wait (`historyReader.ts`).
   */
  query(filter: HistoryFilter, page?: HistoryPageRequest): Promise<HistoryAnswer>;
  /**
   * A session's log. With `fetch` (live): from the server, then kept in the log cache when the session is
   * in the history (ended) and the budget allows; if the server fails, the cached copy when there is one.
   * Without `fetch` (offline): the cached copy, or `source: 'none'` saying it was not cached.
   */
  log(id: string, fetch?: FetchLog): Promise<HistoryLog>;
  /** Whether a session's log is cached (no decryption; once the log cache is listed). */
  logCached(id: string): Promise<boolean>;
  /**
   * Ahead of time: the logs of the most recently ended sessions not cached yet, newest first, until the
   * budget is used (the next would only evict a newer one) or `PREFETCH_MAX`. One run at a time; resolves
   * with how many were fetched.
   */
  prefetchLogs(fetch: FetchLog): Promise<number>;
  /**
   * A session's recorded connections. Live (`fetch`): the server's list, each marked `cached` or not (the
   * server failing, the cached ones). Offline: the cached ones, or `source: 'none'` saying none was cached.
   */
  recordings(sessionId: string, fetch?: FetchRecordings): Promise<HistoryRecordingList>;
  /**
   * One recording. Live: from the server, then kept in the cache (same budget as logs) when the session is in
   * the history and the connection closed; the server failing, the cached copy. Offline: the cached copy, or
   * `source: 'none'` saying it was not cached.
   */
  recording(sessionId: string, proxySessionId: string, fetch?: FetchRecordings): Promise<HistoryRecording>;
  /**
   * Ahead of time, after the logs (logs first: they are small): the closed recordings of the most recently
   * ended sessions that have any, newest first, while they fit in what the budget has left (a prefetched
   * recording never evicts anything). One prefetch run at a time; resolves with how many were fetched.
   */
  prefetchRecordings(fetch: FetchRecordings): Promise<number>;
  /** Evicts down to the budget (after the user lowered it). */
  enforceLogBudget(): Promise<void>;
  close(): Promise<void>;
}

export class HistoryNotOpenError extends Error {
  constructor() {
    super('no history is open: sign in first');
    this.name = 'HistoryNotOpenError';
  }
}

export class NoCachedHistoryError extends Error {
  constructor() {
    super('there is no cached history of this server and user on this computer');
    this.name = 'NoCachedHistoryError';
  }
}

export class HistoryOfflineError extends Error {
  constructor() {
    super('history is open offline (read-only): sign in to sync it');
    this.name = 'HistoryOfflineError';
  }
}

export function createHistoryService(deps: HistoryServiceDeps): HistoryService {
  let cache: HistoryCache | null = null;
  let who: { profileId: string; login: string } | null = null;
  let note: string | null = null;
  let running: Promise<HistoryStatus> | null = null;
  let progress: SyncProgress | null = null;
  let error: string | null = null;
  let offline = false;
  // Its index is built at the first query after a change (open, or a sync's commit), then reused.
  let reader: HistoryReader | null = null;
  let loading = false;
  let logs: LogCache | null = null;
  let prefetching: Promise<number> | null = null;
  let stopPrefetch = false;
  const budget = () => Math.max(0, Math.floor(deps.logBudgetBytes?.() ?? DEFAULT_LOG_BUDGET_BYTES));
  /** A prefetch (logs or recordings) under way: shown in the status, awaited by close, one at a time. */
  function track(run: Promise<number>): Promise<number> {
    prefetching = run.finally(() => {
      prefetching = null;
      changed();
    });
    changed();
    return prefetching;
  }

  function status(): HistoryStatus {
    return {
      open: cache !== null,
      profileId: who?.profileId ?? null,
      login: who?.login ?? null,
      syncing: running !== null,
      progress,
      syncedAt: cache?.state().syncedAt ?? null,
      count: cache?.size() ?? 0,
      persistent: cache?.persistent ?? false,
      note,
      readOnlyReason: cache?.readOnlyReason ?? null,
      quarantined: [...(cache?.quarantined.map((q) => q.name) ?? []), ...(logs?.quarantined ?? [])],
      error,
      offline: cache !== null && offline,
      loading: cache !== null && loading,
      logs: {
        count: logs?.countOf('log') ?? 0,
        recordings: logs?.countOf('recording') ?? 0,
        usedBytes: logs?.usage().usedBytes ?? 0,
        budgetBytes: budget(),
        prefetching: !!prefetching,
      },
    };
  }
  const changed = () => deps.onStatus?.(status());

  async function close(): Promise<void> {
    await running?.catch(() => undefined);
    stopPrefetch = true;
    await prefetching;
    stopPrefetch = false;
    await cache?.close();
    cache = null;
    logs = null;
    reader = null;
    loading = false;
    who = null;
    note = null;
    progress = null;
    error = null;
    offline = false;
  }

  /** Opened progressive: the status says `loading` until the older months are in, then tells again. */
  function watchLoad(opened: HistoryCache): void {
    reader = createHistoryReader(opened);
    loading = opened.loadedSince() !== '';
    void opened.loaded.then(() => {
      if (cache !== opened) return;
      loading = false;
      if (opened.quarantined.length)
        deps.log.warn(`[history] set aside: ${opened.quarantined.map((q) => q.name).join(', ')}`);
      changed();
    });
  }

  /** The log cache is listed in the background: its usage is told once it is. */
  function watchLogs(opened: LogCache): void {
    void opened.ready.then(() => {
      if (logs === opened) changed();
    });
  }

  return {
    async open(profileId, login) {
      if (who?.profileId === profileId && who.login === login && cache && !offline) return status();
      await close();
      const key = await historyKeyFor(deps.keychain, profileId, login);
      cache = await openHistoryCache({
        folder: key.persistent ? historyFolder(deps.root, profileId, login) : null,
        key: key.key,
        waitForWriterMs: deps.waitForWriterMs ?? 0,
        log: deps.log,
        progressive: true,
      });
      logs = await openLogCache({
        folder: key.persistent ? historyFolder(deps.root, profileId, login) : null,
        key: key.key,
        writable: !cache.readOnly,
        log: deps.log,
      });
      watchLogs(logs);
      who = { profileId, login };
      note = key.reason;
      if (note) deps.log.warn(`[history] ${note}`);
      watchLoad(cache);
      changed();
      return status();
    },

    async openOffline(profileId, login) {
      if (who?.profileId === profileId && who.login === login && cache && offline) return status();
      const folder = historyFolder(deps.root, profileId, login);
      const key = await storedHistoryKey(deps.keychain, profileId, login);
      if (!key || !(await exists(folder))) throw new NoCachedHistoryError();
      await close();
      cache = await openHistoryCache({ folder, key, waitForWriterMs: 0, log: deps.log, progressive: true });
      logs = await openLogCache({ folder, key, writable: !cache.readOnly, log: deps.log });
      watchLogs(logs);
      who = { profileId, login };
      offline = true;
      watchLoad(cache);
      deps.log.info(`[history] opened offline, as of ${cache.state().syncedAt ?? 'no completed sync'}`);
      changed();
      return status();
    },

    async forget(profileId, login) {
      if (who?.profileId === profileId && who.login === login) {
        await close();
        changed();
      }
      await fs.rm(historyFolder(deps.root, profileId, login), { recursive: true, force: true });
      await deps.keychain.delete({ profileId, login, kind: 'history-key' }).catch((failure: unknown) => {
        deps.log.warn(`[history] could not delete the history key: ${(failure as Error).message}`);
      });
      deps.log.info('[history] deleted a cached history');
    },

    async facets() {
      if (!reader) throw new HistoryNotOpenError();
      return (await reader.index()).facets();
    },

    sync(api, scope) {
      if (!cache) return Promise.reject(new HistoryNotOpenError());
      if (offline) return Promise.reject(new HistoryOfflineError());
      if (running) return running;
      const target = cache;
      const work = (async () => {
        try {
          // The sync starts from the state the whole cache says (a partition set aside resets it).
          await target.loaded;
          const result = await syncHistory({
            api,
            cache: target,
            scope,
            onProgress: (p) => {
              reader?.invalidate();
              progress = p;
              changed();
            },
          });
          error = null;
          deps.log.info(`[history] synced: ${result.fetched} fetched, ${result.added} new, ${result.updated} changed`);
        } catch (failure) {
          error = (failure as Error).message;
          deps.log.warn(`[history] sync failed: ${error}`);
          throw failure;
        } finally {
          reader?.invalidate();
          running = null;
          progress = null;
          changed();
        }
      })();
      // Settles after `finally` above, so the status it resolves with says the sync is over.
      const run = work.then(() => status());
      running = run;
      changed();
      return run;
    },

    status,

    async loaded() {
      await cache?.loaded;
      return status();
    },

    async query(filter, page) {
      if (!reader) throw new HistoryNotOpenError();
      return reader.query(filter, page);
    },

    async log(id, fetch) {
      const store = logs;
      const target = cache;
      if (!store || !target) throw new HistoryNotOpenError();
      const fromCache = async (why: string | null): Promise<HistoryLog> => {
        const before = store.quarantined.length;
        const cached = await store.get(id);
        if (store.quarantined.length !== before) changed();
        if (cached) return { id, source: 'cache', fetchedAt: cached.fetchedAt, lines: cached.lines, note: why };
        const setAside = store.quarantined.length !== before;
        return {
          id,
          source: 'none',
          fetchedAt: null,
          lines: [],
          note: setAside
            ? 'The cached log of this session failed its integrity check and was set aside.'
            : "This session's log was not cached on this computer before going offline.",
        };
      };
      if (!fetch || offline) return fromCache(null);
      await store.ready;
      let fresh: SessionLogs;
      try {
        fresh = await fetch(id);
      } catch (failure) {
        if (store.has(id))
          return fromCache(`The server could not be reached (${(failure as Error).message}): this is the cached copy.`);
        // The server went away while signed in, and this log was never kept: say so, as offline.
        if (unreachable(failure))
          return {
            id,
            source: 'none',
            fetchedAt: null,
            lines: [],
            note: "The server cannot be reached, and this session's log was not cached on this computer.",
          };
        throw failure;
      }
      const fetchedAt = new Date().toISOString();
      // Only an ended session's log (one in the history) is final enough to keep.
      if (target.get(id) && budget() > 0) {
        try {
          await store.put({ id, fetchedAt, lines: fresh.lines }, Date.now(), budget());
          changed();
        } catch (failure) {
          deps.log.warn(`[history] could not cache a log: ${(failure as Error).message}`);
        }
      }
      return { id, source: 'server', fetchedAt, lines: fresh.lines, note: null };
    },

    async logCached(id) {
      const store = logs;
      if (!store) return false;
      await store.ready;
      return store.has(id);
    },

    prefetchLogs(fetch) {
      const store = logs;
      const target = cache;
      if (!store || !target || offline) return Promise.resolve(0);
      if (prefetching) return prefetching;
      const run = (async () => {
        let fetched = 0;
        await target.loaded;
        await store.ready;
        if (budget() === 0) {
          await store.evictTo(0);
          return 0;
        }
        const newest = target
          .all()
          .map((s) => ({ id: s.id, end: endOf(s) }))
          .sort((a, b) => b.end - a.end);
        for (const { id, end } of newest) {
          if (stopPrefetch || cache !== target || fetched >= PREFETCH_MAX) break;
          if (store.has(id)) continue;
          let fresh: SessionLogs;
          try {
            fresh = await fetch(id);
          } catch (failure) {
            deps.log.warn(`[history] prefetching logs stopped: ${(failure as Error).message}`);
            break;
          }
          fetched += 1;
          // The budget as it is now: the user may lower it (or turn it off) while this runs.
          const limit = budget();
          if (limit === 0) break;
          await store.put({ id, fetchedAt: new Date().toISOString(), lines: fresh.lines }, end, limit);
          changed();
          // Evicted at once: it ranks below everything kept, so every older one would be too.
          if (!store.has(id)) break;
        }
        return fetched;
      })();
      return track(run);
    },

    async recordings(sessionId, fetch) {
      const store = logs;
      const target = cache;
      if (!store || !target) throw new HistoryNotOpenError();
      await store.ready;
      const fromCache = async (why: string | null): Promise<HistoryRecordingList> => {
        const before = store.quarantined.length;
        const kept: HistoryRecordingList['recordings'] = [];
        for (const proxySessionId of store.recordingsOf(sessionId)) {
          const cached = await store.getRecording(sessionId, proxySessionId);
          if (cached) kept.push({ ...cached.summary, cached: true });
        }
        if (store.quarantined.length !== before) changed();
        if (kept.length) return { sessionId, source: 'cache', recordings: kept, note: why };
        const setAside = store.quarantined.length !== before;
        // The history's summary lists the session's connections: no SSH one means nothing was ever recorded.
        const summary = target.get(sessionId);
        if (!setAside && summary && !hasSshConnections(summary))
          return { sessionId, source: 'none', recordings: [], note: 'This session has no recorded SSH connections.' };
        return {
          sessionId,
          source: 'none',
          recordings: [],
          note: setAside
            ? 'The cached recordings of this session failed their integrity check and were set aside.'
            : why
              ? `${why} No recording of this session was cached on this computer.`
              : 'No recording of this session was cached on this computer before going offline.',
        };
      };
      if (!fetch || offline) return fromCache(null);
      let listed: RecordingSummary[];
      try {
        listed = await fetch.list(sessionId);
      } catch (failure) {
        if (store.recordingsOf(sessionId).length || unreachable(failure))
          return fromCache(`The server could not be reached (${(failure as Error).message}).`);
        throw failure;
      }
      return {
        sessionId,
        source: 'server',
        recordings: listed.map((r) => ({ ...r, cached: store.hasRecording(sessionId, r.proxySessionId) })),
        note: null,
      };
    },

    async recording(sessionId, proxySessionId, fetch) {
      const store = logs;
      const target = cache;
      if (!store || !target) throw new HistoryNotOpenError();
      await store.ready;
      const fromCache = async (why: string | null): Promise<HistoryRecording> => {
        const before = store.quarantined.length;
        const cached = await store.getRecording(sessionId, proxySessionId);
        if (store.quarantined.length !== before) changed();
        if (cached) return { source: 'cache', fetchedAt: cached.fetchedAt, recording: cached.recording, note: why };
        return {
          source: 'none',
          fetchedAt: null,
          recording: null,
          note:
            store.quarantined.length !== before
              ? 'The cached recording failed its integrity check and was set aside.'
              : 'This recording was not cached on this computer.',
        };
      };
      if (!fetch || offline) return fromCache(null);
      let summary: RecordingSummary | undefined;
      let fresh: Recording;
      try {
        // The summary (its times, whether it is closed) comes with the list; the recording itself after it.
        summary = (await fetch.list(sessionId)).find((r) => r.proxySessionId === proxySessionId);
        fresh = await fetch.get(sessionId, proxySessionId);
      } catch (failure) {
        if (store.hasRecording(sessionId, proxySessionId) || unreachable(failure))
          return fromCache(`The server could not be reached (${(failure as Error).message}): this is the cached copy.`);
        throw failure;
      }
      const fetchedAt = new Date().toISOString();
      // Only a closed connection of an ended session (one in the history) is final enough to keep.
      if (summary && !summary.active && target.get(sessionId) && budget() > 0) {
        try {
          if (await store.putRecording({ sessionId, fetchedAt, summary, recording: fresh }, Date.now(), budget()))
            changed();
        } catch (failure) {
          deps.log.warn(`[history] could not cache a recording: ${(failure as Error).message}`);
        }
      }
      return { source: 'server', fetchedAt, recording: fresh, note: null };
    },

    async prefetchRecordings(fetch) {
      // After a prefetch of logs under way (logs first), never beside one.
      while (prefetching) await prefetching.catch(() => undefined);
      const store = logs;
      const target = cache;
      if (!store || !target || offline) return 0;
      const run = (async () => {
        let fetched = 0;
        await target.loaded;
        await store.ready;
        const newest = target
          .all()
          .filter(hasSshConnections)
          .map((s) => ({ id: s.id, end: endOf(s) }))
          .sort((a, b) => b.end - a.end)
          .slice(0, PREFETCH_MAX);
        outer: for (const { id, end } of newest) {
          if (stopPrefetch || cache !== target) break;
          let listed: RecordingSummary[];
          try {
            listed = await fetch.list(id);
          } catch (failure) {
            deps.log.warn(`[history] prefetching recordings stopped: ${(failure as Error).message}`);
            break;
          }
          for (const summary of listed) {
            if (summary.active || store.hasRecording(id, summary.proxySessionId)) continue;
            if (stopPrefetch || cache !== target || fetched >= PREFETCH_MAX) break outer;
            let fresh: Recording;
            try {
              fresh = await fetch.get(id, summary.proxySessionId);
            } catch (failure) {
              deps.log.warn(`[history] prefetching recordings stopped: ${(failure as Error).message}`);
              break outer;
            }
            fetched += 1;
            const limit = budget();
            const entry = { sessionId: id, fetchedAt: new Date().toISOString(), summary, recording: fresh };
            // While the budget allows: a recording that does not fit in what is left ends the run.
            if (limit === 0 || !(await store.putRecording(entry, end, limit, true))) break outer;
            changed();
          }
        }
        return fetched;
      })();
      return track(run);
    },

    async enforceLogBudget() {
      if (!logs) return;
      await logs.evictTo(budget());
      changed(); // the new budget, and what is left
    },

    close,
  };
}

/** When a session ended (ms), the rank of what is fetched of it ahead of time. */
function endOf(s: { actualEndDateTimeUtc?: string | null; endDateTimeUtc?: string | null }): number {
  const when = Date.parse(s.actualEndDateTimeUtc ?? s.endDateTimeUtc ?? '');
  return Number.isFinite(when) ? when : 0;
}

/** Whether a session's summary lists an SSH connection (or one of no stated type): only those are recorded. */
function hasSshConnections(s: { proxySessions?: Array<{ type?: string | null } | null | undefined> | null }): boolean {
  return (s.proxySessions ?? []).some((p) => p != null && (p.type == null || /ssh/i.test(p.type)));
}

/** The server went away (not: it answered no). */
function unreachable(failure: unknown): boolean {
  return isPamError(failure) && (failure.code === 'unreachable' || failure.code === 'timeout');
}

async function exists(folder: string): Promise<boolean> {
  try {
    return (await fs.stat(folder)).isDirectory();
  } catch {
    return false;
  }
}
