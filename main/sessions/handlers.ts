/**
 * The `sessions.*` handlers and `app.setVisible`, and how the feed is paced by the window: visible, it polls
 * at the user's interval; hidden, it rests, and is polled for notifications at a gentler pace (at least
 * every 30 s, never more often than the interval). And by sign-in: signing out (or starting a new sign-in)
 * stops it; signing in again in place only pauses it (it stopped at the 401), so the view survives, and
 * the feed refreshes as soon as the user is back.
 */
import type { AuthState } from '../../contract';
import type { NoticeService } from '../notifications/noticeService';
import type { Handlers } from '../router/router';
import type { SessionFeed } from './sessionFeed';
import type { SessionService } from './sessionService';

/** How often a hidden window's feed is still polled, for notifications. */
export const HIDDEN_POLL_MS = 30_000;

export interface FeedPacing {
  setVisible(visible: boolean): void;
  /** Refreshes the feed if the window is hidden and the hidden pace is due; otherwise does nothing. */
  backgroundRefresh(): Promise<void>;
  authChanged(state: AuthState): void;
}

export function createFeedPacing(deps: {
  feed: Pick<SessionFeed, 'setVisible' | 'refresh' | 'unwatch'>;
  intervalMs(): number;
  now?: () => number;
}): FeedPacing {
  const now = deps.now ?? Date.now;
  let windowVisible = true;
  let hiddenPollAt = 0;
  let previousStatus: AuthState['status'] = 'signedOut';
  return {
    setVisible(visible) {
      windowVisible = visible;
      hiddenPollAt = now();
      deps.feed.setVisible(visible);
    },
    async backgroundRefresh() {
      const at = now();
      if (windowVisible || at - hiddenPollAt < Math.max(HIDDEN_POLL_MS, deps.intervalMs())) return;
      hiddenPollAt = at;
      await deps.feed.refresh();
    },
    authChanged(state) {
      if (state.status === 'signedOut' || state.status === 'mfaRequired') deps.feed.unwatch();
      else if (state.status === 'signedIn' && previousStatus === 'reauthRequired') void deps.feed.refresh();
      previousStatus = state.status;
    },
  };
}

type SessionChannels =
  | 'app.setVisible'
  | 'sessions.watch'
  | 'sessions.unwatch'
  | 'sessions.refresh'
  | 'sessions.end'
  | 'sessions.lock'
  | 'sessions.logs';

export function createSessionHandlers(deps: {
  feed: Pick<SessionFeed, 'watch' | 'unwatch' | 'refresh'>;
  sessions: SessionService;
  pacing: FeedPacing;
  notices: Pick<NoticeService, 'snapshot' | 'acted'>;
}): Pick<Handlers, SessionChannels> {
  const { feed, sessions, notices } = deps;
  return {
    'app.setVisible': async ({ visible }) => {
      deps.pacing.setVisible(visible);
      return null;
    },
    'sessions.watch': async ({ scope }) => {
      const snapshot = await feed.watch(scope);
      notices.snapshot(scope, snapshot.rows);
      return snapshot;
    },
    'sessions.unwatch': async () => {
      feed.unwatch();
      return null;
    },
    'sessions.refresh': async () => {
      await feed.refresh();
      return null;
    },
    'sessions.end': ({ ids }) => sessions.end(ids),
    'sessions.lock': ({ ids, locked, message }) => {
      notices.acted('lock', ids); // a lock of one's own doing is not news
      return sessions.lock(ids, locked, message);
    },
    'sessions.logs': ({ id }) => sessions.logs(id),
  };
}
