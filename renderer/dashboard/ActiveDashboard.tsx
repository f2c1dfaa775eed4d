import type { SignedInUser } from '../../contract';
import { dashboardDefaultLayout } from './sessionFields';
import { SessionsTable } from './SessionsTable';
import { viewKey } from './useViewPrefs';

/** The signed-in user's own active sessions (NPS "Active Dashboard"). */
export function ActiveDashboard({
  serverUrl,
  user,
  onCreateSession,
}: {
  serverUrl: string;
  user: SignedInUser;
  onCreateSession(): void;
}) {
  return (
    <SessionsTable
      serverUrl={serverUrl}
      scope="mine"
      title="Active Sessions"
      prefsKey={viewKey(serverUrl, user.login, 'dashboard')}
      defaultLayout={dashboardDefaultLayout}
      admin={false}
      emptyTitle="No active sessions"
      emptyHint="Request one with Create Session (Alt+N). Your sessions appear here while they are provisioned, waiting for approval or available."
      onCreateSession={onCreateSession}
    />
  );
}
