/**
 * The history of the signed-in profile and user, as main's handlers (a future `history.*` channel) use it:
 * open the user's cache (its key from the keychain, or memory for this run), sync it (one run at a time,
 * progress events for the progress bar, "synced at"), tell its status (read-only, set-aside partitions,
 * kept for this run only), and query it with the History page's filters. Plain Node: no electron.
 */
import type { Keychain } from '../keychain/keychain';
import type { NpsSessionApi, SummaryScope } from '../nps/npsClient';
import { openHistoryCache, type HistoryCache } from './historyCache';
import { historyFolder, historyKeyFor } from './historyKey';
import {
  createHistoryIndex,
  type HistoryFilter,
  type HistoryIndex,
  type HistoryPage,
  type HistoryPageRequest,
} from './historyQuery';
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
  /** Syncs the open cache; a call while a sync runs joins it. Rejects with the sync's error (status keeps it). */
  sync(api: NpsSessionApi, scope: SummaryScope): Promise<HistoryStatus>;
  status(): HistoryStatus;
  query(filter: HistoryFilter, page?: HistoryPageRequest): HistoryPage;
  close(): Promise<void>;
}

export class HistoryNotOpenError extends Error {
  constructor() {
    super('no history is open: sign in first');
    this.name = 'HistoryNotOpenError';
  }
}

export function createHistoryService(deps: HistoryServiceDeps): HistoryService {
  let cache: HistoryCache | null = null;
  let who: { profileId: string; login: string } | null = null;
  let note: string | null = null;
  let running: Promise<HistoryStatus> | null = null;
  let progress: SyncProgress | null = null;
  let error: string | null = null;
  // Built at the first query after a change (open, or a sync's commit), reused by the queries that follow.
  let index: HistoryIndex | null = null;

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
    };
  }
  const changed = () => deps.onStatus?.(status());

  async function close(): Promise<void> {
    await running?.catch(() => undefined);
    await cache?.close();
    cache = null;
    index = null;
    who = null;
    note = null;
    progress = null;
    error = null;
  }

  return {
    async open(profileId, login) {
      if (who?.profileId === profileId && who.login === login && cache) return status();
      await close();
      const key = await historyKeyFor(deps.keychain, profileId, login);
      cache = await openHistoryCache({
        folder: key.persistent ? historyFolder(deps.root, profileId, login) : null,
        key: key.key,
        waitForWriterMs: deps.waitForWriterMs ?? 0,
        log: deps.log,
      });
      who = { profileId, login };
      note = key.reason;
      if (note) deps.log.warn(`[history] ${note}`);
      if (cache.quarantined.length)
        deps.log.warn(`[history] set aside: ${cache.quarantined.map((q) => q.name).join(', ')}`);
      changed();
      return status();
    },

    sync(api, scope) {
      if (!cache) return Promise.reject(new HistoryNotOpenError());
      if (running) return running;
      const target = cache;
      const work = (async () => {
        try {
          const result = await syncHistory({
            api,
            cache: target,
            scope,
            onProgress: (p) => {
              index = null;
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
          index = null;
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

    query(filter, page) {
      if (!cache) throw new HistoryNotOpenError();
      index ??= createHistoryIndex(cache.all());
      return index.query(filter, page);
    },

    close,
  };
}
