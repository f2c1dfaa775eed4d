import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { ActionResults, ApprovalItem, Decision } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { describeError } from '../common/errorMessages';
import { ActionDialogActions, ActionFailures, ActionProblem } from '../common/ActionDialogFooter';
import { usePam } from '../pam';
import { durationText } from './approvalText';

interface Props {
  decision: Decision;
  requests: ApprovalItem[];
  onClose(): void;
  /** At least one was decided; the dialog stays open when some were not, to say which and why. */
  onDecided(count: number): void;
}

const plural = (n: number) => (n === 1 ? 'request' : 'requests');

/** Approve or deny the chosen requests, with one optional comment for all of them. */
export function DecisionDialog({ decision, requests, onClose, onDecided }: Props) {
  const pam = usePam();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ActionResults | null>(null);
  const [error, setError] = useState<unknown>(null);
  const verb = decision === 'approve' ? 'Approve' : 'Deny';

  const decide = async () => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await pam.approvals.decide({ ids: requests.map((r) => r.id), decision, comment });
      const done = outcome.results.filter((r) => r.ok).length;
      if (done) onDecided(done);
      if (done === outcome.results.length) onClose();
      else setResults(outcome);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const byId = new Map(requests.map((r) => [r.id, r]));
  const problem = error ? describeError(error) : null;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="decision-title">
      <DialogTitle id="decision-title">
        {verb} {requests.length} {plural(requests.length)}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1.5 }}>
          {decision === 'approve'
            ? 'Each session starts at its requested time and is available to its requester for the requested duration.'
            : 'The requesters see that their request was denied, with your comment.'}
        </DialogContentText>
        <List
          dense
          aria-label={`Requests to ${decision}`}
          sx={{ maxHeight: 220, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1, mb: 2 }}
        >
          {requests.map((r) => (
            <ListItem key={r.id}>
              <ListItemText
                primary={
                  <>
                    <IsolatedName text={r.requester} /> — <IsolatedName text={r.activity} />
                  </>
                }
                secondary={
                  <>
                    <IsolatedName text={r.resource} />
                    {r.durationMinutes ? ` · ${durationText(r.durationMinutes)}` : ''}
                    {r.ticket ? ` · ticket ${r.ticket}` : ''}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
        <TextField
          label={decision === 'approve' ? 'Comment (optional)' : 'Reason for the requester (optional)'}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          fullWidth
          multiline
          minRows={2}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
          disabled={busy || results !== null}
          autoFocus
        />
        {results && (
          <ActionFailures
            results={results}
            noun="request"
            outcome={decision === 'approve' ? 'approved' : 'denied'}
            nameOf={(id) => {
              const r = byId.get(id);
              return r ? (
                <>
                  <IsolatedName text={r.requester} /> — <IsolatedName text={r.resource} />
                </>
              ) : null;
            }}
          />
        )}
        {problem && <ActionProblem title={problem.title} text={problem.detail || problem.hint} />}
      </DialogContent>
      <ActionDialogActions
        busy={busy}
        done={Boolean(results)}
        onClose={onClose}
        onConfirm={() => void decide()}
        color={decision === 'approve' ? 'success' : 'error'}
      >
        {verb} {requests.length} {plural(requests.length)}
      </ActionDialogActions>
    </Dialog>
  );
}
