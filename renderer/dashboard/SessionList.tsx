import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import type { SessionRow } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { StatusChip } from './StatusChip';

/** The sessions a confirmation is about, so nobody ends or locks the wrong one. */
export function SessionList({ sessions, label }: { sessions: SessionRow[]; label: string }) {
  return (
    <List
      dense
      aria-label={label}
      sx={{ maxHeight: 260, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      {sessions.map((session) => (
        <ListItem
          key={session.id}
          secondaryAction={<StatusChip status={session.status} npsStatus={session.npsStatus} />}
        >
          <ListItemText
            primary={
              <>
                <IsolatedName text={session.host} /> — <IsolatedName text={session.loginAccount} />
              </>
            }
            secondary={
              <>
                <IsolatedName text={session.activity} />
                {session.user && (
                  <>
                    {' · '}
                    <IsolatedName text={session.user} />
                  </>
                )}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
