import Alert from '@mui/material/Alert';
import Button, { type ButtonProps } from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import DialogActions from '@mui/material/DialogActions';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import type { ReactNode } from 'react';
import type { ActionResults } from '../../contract';
import { serverSentence } from './serverText';

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

/**
 * The items a bulk action failed on, each named (`nameOf`) with the server's reason in words. Nothing when all
 * went through.
 */
export function ActionFailures({
  results,
  noun,
  outcome,
  nameOf,
}: {
  results: ActionResults;
  /** What was acted on, singular: 'session', 'request'. */
  noun: string;
  /** What could not be done to them: 'changed', 'approved'. */
  outcome: string;
  /** The item's name, or null when it is no longer listed. */
  nameOf(id: string): ReactNode | null;
}) {
  const failed = results.results.filter((result) => !result.ok);
  if (!failed.length) return null;
  return (
    <Alert severity="error" sx={{ mt: 1.5 }} role="alert">
      {failed.length === results.results.length
        ? `None of the ${noun}s could be ${outcome}:`
        : `${failed.length} of ${results.results.length} ${noun}s could not be ${outcome}:`}
      <List dense disablePadding aria-label="Failures">
        {failed.map((result) => (
          <ListItem key={result.id} disableGutters>
            <ListItemText
              primary={nameOf(result.id) ?? `A ${noun} no longer listed`}
              secondary={serverSentence(result.message) || 'Failed'}
            />
          </ListItem>
        ))}
      </List>
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
