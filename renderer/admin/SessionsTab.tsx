import type { SignedInUser } from '../../contract';
import { allSessionsDefaultLayout } from '../dashboard/sessionFields';
import { SessionsTable } from '../dashboard/SessionsTable';
import { viewKey } from '../dashboard/useViewPrefs';

/** Every user's sessions: administrators get Lock and Unlock; helpdesk staff find and copy credentials. */
export function SessionsTab({ serverUrl, user }: { serverUrl: string; user: SignedInUser }) {
  return (
    <SessionsTable
      serverUrl={serverUrl}
      scope="all"
      title="All Sessions"
      prefsKey={viewKey(serverUrl, user.login, 'sessions')}
      defaultLayout={allSessionsDefaultLayout}
      admin={user.isAdmin}
      viewer={user}
      emptyTitle="No sessions"
      emptyHint="No user has an active session on this server right now. Press Refresh (F5) to check again."
    />
  );
}
