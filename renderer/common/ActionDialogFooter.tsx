import Alert from '@mui/material/Alert';
import Button, { type ButtonProps } from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import DialogActions from '@mui/material/DialogActions';
import type { ReactNode } from 'react';

/**
 * The end of a dialog that acts on several sessions or requests (End, Lock, Approve/Deny): why the whole action
 * failed, if it did, and the buttons — Cancel and the action while nothing was sent, Close once results are in.
 * Request Session and Extend use the buttons too (they close on success, so they are never `done`).
 */
export function ActionProblem({ title, text }: { title: string; text: string }) {
  return (
    <Alert severity="error" sx={{ mt: 1.5 }} role="alert">
      <strong>{title}.</strong> {text}
    </Alert>
  );
}

export function ActionDialogActions(props: {
  busy: boolean;
  /** Results are shown: only Close is left. */
  done?: boolean;
  onClose(): void;
  onConfirm(): void;
  /** The action cannot be sent yet (nothing to send, or a field is wrong). */
  disabled?: boolean;
  color?: ButtonProps['color'];
  children: ReactNode;
}) {
  const { busy, done = false, onClose, onConfirm, disabled = false, color, children } = props;
  return (
    <DialogActions>
      <Button onClick={onClose} disabled={busy}>
        {done ? 'Close' : 'Cancel'}
      </Button>
      {!done && (
        <Button
          variant="contained"
          color={color}
          onClick={onConfirm}
          disabled={busy || disabled}
          startIcon={busy ? <CircularProgress size={14} color="inherit" /> : undefined}
        >
          {children}
        </Button>
      )}
    </DialogActions>
  );
}
