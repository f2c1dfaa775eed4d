/**
 * The history of the signed-in profile and user, as main's `history.*` handlers use it:
 * open the user's cache (its key from the keychain, or memory for this run), sync it (one run at a time,
 * progress events for the progress bar, "synced at"), tell its status (read-only, set-aside partitions,
 * kept for this run only), and query it with the History page's filters. Plain Node: no electron.
 */
import fs from 'node:fs/promises';
import type { Keychain } from '../keychain/keychain';
import type { NpsSessionApi, SummaryScope } from '../nps/npsClient';
import { openHistoryCache, type HistoryCache } from './historyCache';
import { historyFolder, historyKeyFor, storedHistoryKey } from './historyKey';
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
}

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
      quarantined: cache?.quarantined.map((q) => q.name) ?? [],
      error,
      offline: cache !== null && offline,
      loading: cache !== null && loading,
    };
  }
  const changed = () => deps.onStatus?.(status());

  async function close(): Promise<void> {
    await running?.catch(() => undefined);
    await cache?.close();
    cache = null;
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

    close,
  };
}

async function exists(folder: string): Promise<boolean> {
  try {
    return (await fs.stat(folder)).isDirectory();
  } catch {
    return false;
  }
}
