import type { SignedInUser } from '../../contract';
import { allSessionsDefaultLayout } from '../dashboard/sessionFields';
import { SessionsTable } from '../dashboard/SessionsTable';
import { viewKey } from '../dashboard/useViewPrefs';

/** The administrator's Sessions tab: every user's sessions, with Lock and Unlock. */
export function SessionsTab({ serverUrl, user }: { serverUrl: string; user: SignedInUser }) {
  return (
    <SessionsTable
      scope="all"
      title="All Sessions"
      prefsKey={viewKey(serverUrl, user.login, 'sessions')}
      defaultLayout={allSessionsDefaultLayout}
      admin
      emptyTitle="No sessions"
      emptyHint="No user has an active session on this server right now. Press Refresh (F5) to check again."
    />
  );
}
