/**
 * The live session list: a snapshot on `watch` (a long list's first page, the rest right after), then a poll every interval that emits only what
 * changed. Polling stops while the window is hidden and resumes with an immediate poll; while the server
 * is unreachable it backs off, and the first successful poll reports `live` again.
 */
import type { FeedStatus, SessionDelta, SessionRow, SessionScope, SessionSnapshot } from '../../contract';
import type { NpsSessionApi } from '../nps/npsClient';
import { isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import { diffRows, indexRows } from './sessionDiff';
import { toSessionRow } from './sessionRow';

/** The path segment of `MySummaryByStatus/{status}` for the Active Dashboard. */
export const ACTIVE_STATUS = 'Active';
const PAGE_SIZE = 1000;
const OFFLINE_CODES = new Set(['unreachable', 'timeout', 'server_error']);

export interface SessionFeedDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  emitDelta(delta: SessionDelta): void;
  emitStatus(status: FeedStatus): void;
  intervalMs(): number;
  log: Logger;
  /** First retry delay while offline; doubles up to `offlineMaxMs`. */
  offlineBaseMs?: number;
  offlineMaxMs?: number;
  now?: () => number;
}

export interface SessionFeed {
  /**
   * Resolves with the first page of sessions (all of them when they fit in one) and starts polling; a longer
   * list's remaining rows follow at once as a delta. Rejects (and does not poll) when the first fetch fails.
   */
  watch(scope: SessionScope): Promise<SessionSnapshot>;
  unwatch(): void;
  /** Polls now (after any poll in flight); resolves when done. Failures are reported as feed status. */
  refresh(): Promise<void>;
  setVisible(visible: boolean): void;
  /** Call after the poll interval preference changed. */
  reschedule(): void;
  status(): FeedStatus;
}

export function createSessionFeed(deps: SessionFeedDeps): SessionFeed {
  const now = deps.now ?? Date.now;
  const offlineBaseMs = deps.offlineBaseMs ?? 1_000;
  const offlineMaxMs = deps.offlineMaxMs ?? 30_000;

  let scope: SessionScope | null = null;
  let previousRows = new Map<string, SessionRow>();
  let visible = true;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let again = false;
  let offlineStreak = 0;
  // Bumped by watch/unwatch so a poll started for an old scope drops its result.
  let epoch = 0;
  let status: FeedStatus = { state: 'idle', message: '', code: null, lastSuccessAt: null };

  /**
   * Every successful poll is reported, even one that found no change: the UI shows when the list was last
   * checked, and a page that was reloaded meanwhile learns the state from the next poll. Failures are
   * reported once per change, not per retry.
   */
  function setStatus(next: Omit<FeedStatus, 'lastSuccessAt'>, success = false): void {
    const lastSuccessAt = success ? new Date(now()).toISOString() : status.lastSuccessAt;
    const changed = next.state !== status.state || next.message !== status.message || next.code !== status.code;
    status = { ...next, lastSuccessAt };
    if (changed || success) deps.emitStatus(status);
  }

  /**
   * The first page only (newest first, as the table sorts by default) and whether it is the whole list.
   * A large list is shown from its first page at once; the first poll, right after, brings the rest as a delta.
   */
  async function fetchFirstPage(forScope: SessionScope): Promise<{ rows: SessionRow[]; complete: boolean }> {
    const page = await deps.call((api) => api.summariesByStatus(forScope, ACTIVE_STATUS, { skip: 0, take: PAGE_SIZE }));
    const at = now();
    return {
      rows: page.data.map((summary) => toSessionRow(summary, at)),
      // Without a total, only an empty page is surely the whole list (a short one may be a server's cap).
      complete: page.recordsTotal === null ? page.data.length === 0 : page.data.length >= page.recordsTotal,
    };
  }

  async function fetchRows(forScope: SessionScope): Promise<SessionRow[]> {
    const summaries = await deps.call((api) => api.allSummariesByStatus(forScope, ACTIVE_STATUS, {}, PAGE_SIZE));
    const at = now();
    return summaries.map((summary) => toSessionRow(summary, at));
  }

  function clearTimer(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function schedule(delayMs: number): void {
    clearTimer();
    if (scope === null || !visible) return;
    timer = setTimeout(() => void runPoll(), delayMs);
    timer.unref?.();
  }

  async function poll(): Promise<void> {
    const forScope = scope;
    const forEpoch = epoch;
    if (forScope === null) return;
    try {
      const rows = await fetchRows(forScope);
      if (forEpoch !== epoch) return;
      const diff = diffRows(previousRows, rows);
      previousRows = diff.rows;
      offlineStreak = 0;
      if (diff.upserted.length || diff.removed.length) {
        deps.emitDelta({
          scope: forScope,
          upserted: diff.upserted,
          removed: diff.removed,
          fetchedAt: new Date(now()).toISOString(),
        });
      }
      setStatus({ state: 'live', message: '', code: null }, true);
      schedule(deps.intervalMs());
    } catch (error) {
      if (forEpoch !== epoch) return;
      const code = isPamError(error) ? error.code : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      if (code === 'unauthorized') {
        // Polling again would only repeat the 401. The scope and rows are kept: after signing in again in
        // place, `refresh` resumes where the view left off (a sign-out unwatches).
        setStatus({ state: 'error', message: 'Your session has expired. Sign in again.', code });
        clearTimer();
        return;
      }
      if (OFFLINE_CODES.has(code)) {
        offlineStreak += 1;
        setStatus({ state: 'offline', message: "Can't reach the server — retrying", code });
        schedule(Math.min(offlineBaseMs * 2 ** (offlineStreak - 1), Math.max(offlineMaxMs, offlineBaseMs)));
        return;
      }
      deps.log.warn(`[sessions] poll failed: ${code}: ${message}`);
      setStatus({ state: 'error', message, code: isPamError(error) ? error.code : 'internal' });
      schedule(deps.intervalMs());
    }
  }

  /** Serialises polls: a request during a poll runs one more poll right after it. */
  function runPoll(): Promise<void> {
    clearTimer();
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await poll();
      } while (again && scope !== null);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function stopPolling(): void {
    scope = null;
    epoch += 1;
    clearTimer();
    previousRows = new Map();
  }

  return {
    async watch(nextScope) {
      stopPolling();
      const forEpoch = epoch;
      const { rows, complete } = await fetchFirstPage(nextScope);
      if (forEpoch !== epoch) {
        // Another watch or an unwatch happened meanwhile; still answer this caller with what it asked for.
        return { scope: nextScope, rows, fetchedAt: new Date(now()).toISOString() };
      }
      scope = nextScope;
      previousRows = indexRows(rows);
      offlineStreak = 0;
      setStatus({ state: 'live', message: '', code: null }, true);
      schedule(complete ? deps.intervalMs() : 0);
      deps.log.info(
        `[sessions] watching ${nextScope}: ${rows.length} active sessions${complete ? '' : ' in the first page, the rest follows'}`,
      );
      return { scope: nextScope, rows, fetchedAt: new Date(now()).toISOString() };
    },
    unwatch() {
      stopPolling();
      setStatus({ state: 'idle', message: '', code: null });
    },
    refresh() {
      return scope === null ? Promise.resolve() : runPoll();
    },
    setVisible(nextVisible) {
      if (visible === nextVisible) return;
      visible = nextVisible;
      if (!visible) clearTimer();
      else if (scope !== null) void runPoll();
    },
    reschedule() {
      if (scope !== null && visible && !inFlight && status.state !== 'offline') schedule(deps.intervalMs());
    },
    status: () => status,
  };
}
