import type { SignedInUser } from '../../contract';
import { dashboardDefaultLayout } from './sessionFields';
import { SessionsTable } from './SessionsTable';
import { viewKey } from './useViewPrefs';

/** The signed-in user's own active sessions (NPS "Active Dashboard"). */
export function ActiveDashboard({ serverUrl, user }: { serverUrl: string; user: SignedInUser }) {
  return (
    <SessionsTable
      scope="mine"
      title="Active Sessions"
      prefsKey={viewKey(serverUrl, user.login, 'dashboard')}
      defaultLayout={dashboardDefaultLayout}
      admin={false}
      emptyTitle="No active sessions"
      emptyHint="Sessions you request in Privilege Secure appear here while they are provisioned, waiting for approval or available. Press Refresh (F5) to check now."
    />
  );
}
