import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import { useState } from 'react';

interface Props {
  /** Sessions kept on this computer for this server and user (0: nothing to offer). */
  cachedCount: number;
  onCancel(): void;
  onSignOut(deleteHistory: boolean): void;
}

/** Signing out keeps the history for offline review unless the user asks to delete it. */
export function SignOutDialog({ cachedCount, onCancel, onSignOut }: Props) {
  const [deleteHistory, setDeleteHistory] = useState(false);
  return (
    <Dialog open onClose={onCancel} aria-labelledby="sign-out-title">
      <DialogTitle id="sign-out-title">Sign out?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {cachedCount > 0
            ? `The history of ${cachedCount.toLocaleString()} ended sessions stays on this computer, encrypted, for review offline.`
            : 'Your sign-in is discarded.'}
        </DialogContentText>
        {cachedCount > 0 && (
          <FormControlLabel
            control={<Checkbox checked={deleteHistory} onChange={(event) => setDeleteHistory(event.target.checked)} />}
            label="Also delete the session history kept on this computer"
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" onClick={() => onSignOut(deleteHistory)}>
          Sign out
        </Button>
      </DialogActions>
    </Dialog>
  );
}
