/**
 * The `history.*` channel's handlers, and what sign-in and sign-out do to the open history: signing in opens
 * that profile/user's cache (readable offline later), signing out closes it (the cache stays on disk).
 * Syncing goes through `auth.call`, so an expired token asks to sign in again like every other call.
 */
import type { ActionInput, ActionOutput, AuthState } from '../../contract';
import type { NpsSessionApi, SummaryScope } from '../nps/npsClient';
import { PamError } from '../router/pamError';
import { toSessionRow } from '../sessions/sessionRow';
import { HistoryCacheReadOnlyError } from './historyCache';
import type { HistoryService } from './historyService';

export interface HistoryHandlerDeps {
  history: HistoryService;
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  currentProfileId(): string | null;
  log: { warn(message: string): void };
}

/** Administrators and helpdesk see everyone's sessions (SummaryByStatus); others their own. */
export function historyScope(state: AuthState): SummaryScope {
  if (state.status !== 'signedIn' && state.status !== 'reauthRequired') return 'mine';
  return state.user.isAdmin || state.user.roles.some((r) => r === 'admin' || r === 'helpdesk') ? 'all' : 'mine';
}

export function createHistoryHandlers(deps: HistoryHandlerDeps) {
  const { history } = deps;
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
      try {
        return await deps.call((api) => history.sync(api, scope));
      } catch (error) {
        if (error instanceof HistoryCacheReadOnlyError) throw new PamError('conflict', error.message);
        throw error;
      }
    },
    'history.query': async (query: ActionInput<'history.query'>): Promise<ActionOutput<'history.query'>> => {
      await opening;
      if (!history.status().open) throw notOpen();
      const { skip, take, orderBy, descending, ...filter } = query;
      const page = history.query(filter, { skip, take, orderBy, descending });
      return { rows: page.rows.map((row) => toSessionRow(row)), total: page.total };
    },
  };
  return { handlers, authChanged, settled: () => opening };
}
