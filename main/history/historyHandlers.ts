/**
 * The `history.*` channel's handlers, and what sign-in and sign-out do to the open history: signing in opens
 * that profile/user's cache (readable offline later), signing out closes it (the cache stays on disk).
 * Syncing goes through `auth.call`, so an expired token asks to sign in again like every other call.
 * Without a server, `history.cached` lists the histories kept here and `history.openOffline` opens one
 * read-only; the next live sign-in takes over. Removing a profile deletes its cache folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ActionInput, ActionOutput, AuthState, CachedHistory } from '../../contract';
import type { Keychain } from '../keychain/keychain';
import type { NpsSessionApi, SummaryScope } from '../nps/npsClient';
import { PamError } from '../errors/pamError';
import { toSessionRow } from '../sessions/sessionRow';
import { HistoryCacheReadOnlyError } from './historyCache';
import { sessionType, durationSeconds } from './historyQuery';
import { historyFolder } from './historyKey';
import { toRecording, toRecordingSummary } from '../launch/ssh/recordingSchemas';
import {
  HistoryOfflineError,
  NoCachedHistoryError,
  type FetchLog,
  type FetchRecordings,
  type HistoryService,
} from './historyService';
import type { NpsSessionSummary } from '../nps/npsSchemas';

export interface HistoryHandlerDeps {
  history: HistoryService;
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  currentProfileId(): string | null;
  /** The remembered profiles, and where caches live (`history.cached` looks for them without a server). */
  profiles(): Array<{ id: string; name: string; url: string; kind: 'server' | 'sandbox' }>;
  keychain: Keychain;
  root: string;
  log: { warn(message: string): void };
  /** A session's whole log from the server (`sessionService.logs`): on demand and ahead of time. */
  fetchLog?: FetchLog;
}

/** A session's recordings from the server through `call` (so an expired token asks to sign in again). */
export function recordingsThrough(call: HistoryHandlerDeps['call']): FetchRecordings {
  return {
    list: async (id) => (await call((api) => api.recordings(id))).map(toRecordingSummary),
    get: async (id, proxySessionId) => toRecording(await call((api) => api.recording(id, proxySessionId))),
  };
}

export function toHistoryRow(summary: NpsSessionSummary) {
  return { ...toSessionRow(summary), type: sessionType(summary), durationSeconds: durationSeconds(summary) };
}

/** Administrators and helpdesk see everyone's sessions (SummaryByStatus); others their own. */
export function historyScope(state: AuthState): SummaryScope {
  if (state.status !== 'signedIn' && state.status !== 'reauthRequired') return 'mine';
  return state.user.isAdmin || state.user.roles.some((r) => r === 'admin' || r === 'helpdesk') ? 'all' : 'mine';
}

export function createHistoryHandlers(deps: HistoryHandlerDeps) {
  const { history } = deps;
  const fetchRecordings = recordingsThrough(deps.call);
  let scope: SummaryScope = 'mine';
  let opening: Promise<unknown> = Promise.resolve();

  function authChanged(state: AuthState): void {
    if (state.status === 'signedIn') {
      scope = historyScope(state);
      const profileId = deps.currentProfileId();
      if (!profileId) return;
      opening = opening
        .then(() => history.open(profileId, state.user.login))
        .catch((error: unknown) => deps.log.warn(`[history] could not open: ${(error as Error).message}`));
    } else if (state.status === 'signedOut') {
      opening = opening.then(() => history.close()).catch(() => undefined);
    }
  }

  const notOpen = () => new PamError('unauthorized', 'Sign in to open your session history.');

  const handlers = {
    'history.status': async (): Promise<ActionOutput<'history.status'>> => {
      await opening;
      return history.status();
    },
    'history.sync': async (): Promise<ActionOutput<'history.sync'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      if (history.status().offline)
        throw new PamError('conflict', 'This history is open offline, read-only: sign in to sync it.');
      try {
        const synced = await deps.call((api) => history.sync(api, scope));
        // Then the newest sessions' logs, ahead of time, in the background (the status tells); then their
        // recordings, in what the budget has left (logs first: they are small).
        const fetchLog = deps.fetchLog;
        if (fetchLog)
          void history
            .prefetchLogs(fetchLog)
            .catch((error: unknown) => deps.log.warn(`[history] prefetching logs failed: ${(error as Error).message}`))
            .then(() => history.prefetchRecordings(fetchRecordings))
            .catch((error: unknown) =>
              deps.log.warn(`[history] prefetching recordings failed: ${(error as Error).message}`),
            );
        return synced;
      } catch (error) {
        if (error instanceof HistoryCacheReadOnlyError || error instanceof HistoryOfflineError)
          throw new PamError('conflict', error.message);
        throw error;
      }
    },
    'history.query': async (query: ActionInput<'history.query'>): Promise<ActionOutput<'history.query'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      const { skip, take, orderBy, descending, ...filter } = query;
      const page = await history.query(filter, { skip, take, orderBy, descending });
      return { rows: page.rows.map(toHistoryRow), total: page.total, counting: page.counting };
    },
    'history.facets': async (): Promise<ActionOutput<'history.facets'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      return history.facets();
    },
    'history.log': async ({ id }: ActionInput<'history.log'>): Promise<ActionOutput<'history.log'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      return history.log(id, history.status().offline ? undefined : deps.fetchLog);
    },
    'history.logInfo': async ({ id }: ActionInput<'history.logInfo'>): Promise<ActionOutput<'history.logInfo'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      return { id, cached: await history.logCached(id) };
    },
    'history.recordings': async ({
      sessionId,
    }: ActionInput<'history.recordings'>): Promise<ActionOutput<'history.recordings'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      return history.recordings(sessionId, history.status().offline ? undefined : fetchRecordings);
    },
    'history.recording': async ({
      sessionId,
      proxySessionId,
    }: ActionInput<'history.recording'>): Promise<ActionOutput<'history.recording'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      return history.recording(sessionId, proxySessionId, history.status().offline ? undefined : fetchRecordings);
    },
    'history.cached': async (): Promise<ActionOutput<'history.cached'>> => {
      const histories: CachedHistory[] = [];
      for (const profile of deps.profiles()) {
        const entries = await deps.keychain.list(profile.id).catch(() => []);
        for (const entry of entries) {
          if (entry.kind !== 'history-key') continue;
          if (!fs.existsSync(historyFolder(deps.root, profile.id, entry.login))) continue;
          histories.push({
            profileId: profile.id,
            profileName: profile.name,
            url: profile.url,
            kind: profile.kind,
            login: entry.login,
          });
        }
      }
      return { histories };
    },
    'history.openOffline': async ({
      profileId,
      login,
    }: ActionInput<'history.openOffline'>): Promise<ActionOutput<'history.openOffline'>> => {
      await opening;
      try {
        const open = history.openOffline(profileId, login);
        opening = open.catch(() => undefined);
        return await open;
      } catch (error) {
        if (error instanceof NoCachedHistoryError)
          throw new PamError('not_found', 'No history of this server and user is kept on this computer.');
        throw error;
      }
    },
    'history.closeOffline': async (): Promise<ActionOutput<'history.closeOffline'>> => {
      await opening;
      if (history.status().offline) await history.close();
      return null;
    },
    'history.forget': async ({
      profileId,
      login,
    }: ActionInput<'history.forget'>): Promise<ActionOutput<'history.forget'>> => {
      await opening;
      await history.forget(profileId, login);
      return null;
    },
  };
  /** A removed profile's caches go with it (every user's folder): its keys are already gone. */
  async function forgetProfile(profileId: string): Promise<void> {
    await opening;
    if (history.status().profileId === profileId) await history.close();
    await fs.promises.rm(path.join(deps.root, profileId), { recursive: true, force: true });
  }

  return { handlers, authChanged, forgetProfile, settled: () => opening };
}
