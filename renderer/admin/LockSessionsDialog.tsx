import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { SessionRow } from '../../contract';
import { describeError } from '../common/errorMessages';
import { SessionFailures } from '../dashboard/ActionResultList';
import { SessionList } from '../dashboard/SessionList';
import { useSessionsAction } from '../dashboard/useSessionsAction';
import { ActionDialogActions, ActionProblem } from '../common/ActionDialogFooter';
import { usePam } from '../pam';

interface Props {
  sessions: SessionRow[];
  /** true to lock, false to unlock. */
  lock: boolean;
  onClose(): void;
  onDone(count: number): void;
}

const MAX_MESSAGE = 500;

/** Lock (or unlock) sessions with a message the affected users see. */
export function LockSessionsDialog({ sessions, lock, onClose, onDone }: Props) {
  const pam = usePam();
  const [message, setMessage] = useState('');
  const { busy, results, error, run } = useSessionsAction({ onDone, onClose });
  const verb = lock ? 'Lock' : 'Unlock';
  const noun = sessions.length === 1 ? 'session' : 'sessions';

  const submit = () =>
    run(() => pam.sessions.lock({ ids: sessions.map((session) => session.id), locked: lock, message: message.trim() }));

  const problem = error ? describeError(error) : null;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="lock-sessions-title">
      <DialogTitle id="lock-sessions-title">
        {verb} {sessions.length} {noun}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1.5 }}>
          {lock
            ? 'A locked session keeps its access records but the user cannot use it until it is unlocked.'
            : 'The users can use their sessions again once they are unlocked.'}
        </DialogContentText>
        <SessionList sessions={sessions} label={`Sessions to ${verb.toLowerCase()}`} />
        <TextField
          label="Message to the user"
          placeholder={lock ? 'Why the session is locked' : 'Optional'}
          value={message}
          onChange={(event) => setMessage(event.target.value.slice(0, MAX_MESSAGE))}
          multiline
          minRows={2}
          fullWidth
          sx={{ mt: 2 }}
          helperText={`${message.length}/${MAX_MESSAGE}`}
          disabled={busy || results !== null}
        />
        {results && <SessionFailures results={results} sessions={sessions} />}
        {problem && <ActionProblem title={problem.title} text={problem.hint} />}
      </DialogContent>
      <ActionDialogActions
        busy={busy}
        done={Boolean(results)}
        onClose={onClose}
        onConfirm={submit}
        color={lock ? 'secondary' : 'primary'}
      >
        {verb} {sessions.length} {noun}
      </ActionDialogActions>
    </Dialog>
  );
}
