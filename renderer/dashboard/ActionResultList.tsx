import Alert from '@mui/material/Alert';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import type { ActionResults, SessionRow } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { serverSentence } from '../common/serverText';

/** The per-session failures of a bulk action, named by host and account so the user knows which. */
export function ActionFailures({ results, sessions }: { results: ActionResults; sessions: SessionRow[] }) {
  const failed = results.results.filter((result) => !result.ok);
  if (!failed.length) return null;
  const byId = new Map(sessions.map((session) => [session.id, session]));
  return (
    <Alert severity="error" sx={{ mt: 1.5 }} role="alert">
      {failed.length === results.results.length
        ? 'None of the sessions could be changed:'
        : `${failed.length} of ${results.results.length} sessions could not be changed:`}
      <List dense disablePadding aria-label="Failures">
        {failed.map((result) => {
          const session = byId.get(result.id);
          return (
            <ListItem key={result.id} disableGutters>
              <ListItemText
                primary={
                  session ? (
                    <>
                      <IsolatedName text={session.host} /> — <IsolatedName text={session.loginAccount} />
                    </>
                  ) : (
                    'A session no longer listed'
                  )
                }
                secondary={serverSentence(result.message) || 'Failed'}
              />
            </ListItem>
          );
        })}
      </List>
    </Alert>
  );
}
