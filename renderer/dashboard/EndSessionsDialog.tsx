import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import type { SessionRow } from '../../contract';
import { describeError } from '../common/errorMessages';
import { ActionDialogActions, ActionProblem } from '../common/ActionDialogFooter';
import { usePam } from '../pam';
import { SessionFailures } from './ActionResultList';
import { SessionList } from './SessionList';
import { useSessionsAction } from './useSessionsAction';

interface Props {
  sessions: SessionRow[];
  onClose(): void;
  /** Called once the server accepted at least one; the dialog stays open to show failures. */
  onEnded(count: number): void;
}

const plural = (n: number) => (n === 1 ? 'session' : 'sessions');

export function EndSessionsDialog({ sessions, onClose, onEnded }: Props) {
  const pam = usePam();
  const { busy, results, error, run } = useSessionsAction({ onDone: onEnded, onClose });

  const end = () => run(() => pam.sessions.end({ ids: sessions.map((session) => session.id) }));

  const problem = error ? describeError(error) : null;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="end-sessions-title">
      <DialogTitle id="end-sessions-title">
        End {sessions.length} {plural(sessions.length)}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1.5 }}>
          Ending a session removes the access it granted and logs the user off the resource. This cannot be undone.
        </DialogContentText>
        <SessionList sessions={sessions} label="Sessions to end" />
        {results && <SessionFailures results={results} sessions={sessions} />}
        {problem && <ActionProblem title={problem.title} text={problem.hint} />}
      </DialogContent>
      <ActionDialogActions busy={busy} done={Boolean(results)} onClose={onClose} onConfirm={end} color="error">
        End {sessions.length} {plural(sessions.length)}
      </ActionDialogActions>
    </Dialog>
  );
}
