import type { ActionResults, SessionRow } from '../../contract';
import { ActionFailures } from '../common/ActionDialogFooter';
import { IsolatedName } from '../common/IsolatedName';

/** The per-session failures of a bulk action, named by host and account so the user knows which. */
export function SessionFailures({ results, sessions }: { results: ActionResults; sessions: SessionRow[] }) {
  const byId = new Map(sessions.map((session) => [session.id, session]));
  return (
    <ActionFailures
      results={results}
      noun="session"
      outcome="changed"
      nameOf={(id) => {
        const session = byId.get(id);
        return session ? (
          <>
            <IsolatedName text={session.host} /> — <IsolatedName text={session.loginAccount} />
          </>
        ) : null;
      }}
    />
  );
}
