import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { ActionDialogActions } from '../common/ActionDialogFooter';
import type { SessionRow } from '../../contract';
import { sessionActions, type Viewer } from '../dashboard/sessionActions';
import { IsolatedName } from '../common/IsolatedName';
import { describeError } from '../common/errorMessages';
import { formatDateTime } from '../common/formatDate';
import { usePam } from '../pam';

const MAX_EXTENSION = 1440;

/** The statuses in which a session can be extended (the server refuses the others with 409). */
export function canExtend(session: SessionRow, viewer: Viewer | null = null): boolean {
  return sessionActions(session, viewer).extend.allowed;
}

interface Props {
  session: SessionRow;
  onClose(): void;
  onExtended(endAt: string | null): void;
}

/** Extend one session by some minutes; shows the end it would have, then the end the server set. */
export function ExtendSessionDialog({ session, onClose, onExtended }: Props) {
  const pam = usePam();
  const [minutes, setMinutes] = useState('30');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const value = Number(minutes.trim());
  const valid = /^\d+$/.test(minutes.trim()) && value >= 1 && value <= MAX_EXTENSION;
  const end = session.endAt ? Date.parse(session.endAt) : NaN;
  const newEnd = valid && Number.isFinite(end) ? new Date(end + value * 60_000).toISOString() : null;

  const extend = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const result = await pam.requests.extend({ id: session.id, minutes: value });
      onExtended(result.endAt);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const problem = error ? describeError(error) : null;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="xs" fullWidth aria-labelledby="extend-title">
      <DialogTitle id="extend-title">Extend session</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          <IsolatedName text={session.host} /> — <IsolatedName text={session.activity} />
          <br />
          Ends now at <strong data-testid="current-end">{formatDateTime(session.endAt) || '—'}</strong>
        </DialogContentText>
        <TextField
          label="Extend by (minutes)"
          value={minutes}
          onChange={(event) => {
            setMinutes(event.target.value);
            setError(null);
          }}
          error={!valid}
          helperText={
            valid
              ? newEnd
                ? `New end: ${formatDateTime(newEnd)}`
                : ' '
              : `Enter whole minutes from 1 to ${MAX_EXTENSION}.`
          }
          disabled={busy}
          fullWidth
          autoFocus
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
        {problem && (
          <Alert severity="error" sx={{ mt: 1.5 }} role="alert">
            <strong>The session was not extended: {problem.title.toLowerCase()}.</strong>{' '}
            {problem.detail || problem.hint}
          </Alert>
        )}
      </DialogContent>
      <ActionDialogActions busy={busy} onClose={onClose} onConfirm={() => void extend()} disabled={!valid}>
        Extend
      </ActionDialogActions>
    </Dialog>
  );
}
