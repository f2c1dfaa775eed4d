/**
 * The log cache's budget, on the History page: how much the cached session logs use, and the user's limit
 * (MB; 0 = keep no logs). Saved as a preference (`historyLogBudgetMb`); main evicts the oldest logs at once
 * when it is lowered, and the next sync fetches more when it is raised.
 */
import ArticleIcon from '@mui/icons-material/Article';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { HistoryStatus } from '../../contract';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';

const MB = 1024 * 1024;
const MAX_MB = 100_000;
/** main's default (`DEFAULT_HISTORY_LOG_BUDGET_MB` in the contract, which the page imports types from only). */
const DEFAULT_MB = 50;

export function formatMb(bytes: number): string {
  const mb = bytes / MB;
  return `${mb < 10 && mb > 0 ? mb.toFixed(1) : Math.round(mb).toLocaleString()} MB`;
}

/** `Logs: 3.2 MB of 50 MB` (or `Logs: off`); opens the budget dialog. */
export function LogCacheButton({ status, onSaved }: { status: HistoryStatus | null; onSaved(): void }) {
  const [open, setOpen] = useState(false);
  const logs = status?.logs;
  if (!status?.open || !logs) return null;
  const label =
    logs.budgetBytes === 0
      ? 'Logs: off'
      : `Logs: ${formatMb(logs.usedBytes)} of ${formatMb(logs.budgetBytes)}${logs.prefetching ? ' · fetching…' : ''}`;
  return (
    <>
      <Button size="small" startIcon={<ArticleIcon />} onClick={() => setOpen(true)} data-testid="history-log-cache">
        {label}
      </Button>
      {open && <LogCacheDialog logs={logs} onClose={() => setOpen(false)} onSaved={onSaved} />}
    </>
  );
}

function LogCacheDialog({
  logs,
  onClose,
  onSaved,
}: {
  logs: NonNullable<HistoryStatus['logs']>;
  onClose(): void;
  onSaved(): void;
}) {
  const pam = usePam();
  const notify = useNotify();
  const [text, setText] = useState(String(Math.round(logs.budgetBytes / MB)));
  const value = Number(text);
  const valid = /^\d{1,6}$/.test(text.trim()) && value <= MAX_MB;
  const save = async () => {
    try {
      await pam.prefs.update({ historyLogBudgetMb: value });
      onSaved();
      onClose();
    } catch (error) {
      notify(`The log cache size could not be saved: ${describeError(error).title.toLowerCase()}.`, 'error');
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="log-cache-title" maxWidth="xs" fullWidth>
      <DialogTitle id="log-cache-title">Session logs kept for offline review</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Typography variant="body2" color="text.secondary">
          The logs and SSH recordings of the sessions you open, and of the most recently ended ones, are kept encrypted
          on this computer so they can be read offline. When they outgrow this size, the oldest go first.
        </Typography>
        <Typography variant="body2" data-testid="log-cache-usage">
          {logs.count.toLocaleString()} {logs.count === 1 ? 'log' : 'logs'}
          {logs.recordings
            ? ` and ${logs.recordings.toLocaleString()} SSH ${logs.recordings === 1 ? 'recording' : 'recordings'}`
            : ''}{' '}
          kept, {formatMb(logs.usedBytes)} used.
        </Typography>
        <TextField
          label="Size limit (MB)"
          value={text}
          onChange={(event) => setText(event.target.value)}
          error={!valid}
          helperText={
            valid
              ? `0 keeps no logs. Default ${DEFAULT_MB} MB.`
              : `A whole number of MB, 0 to ${MAX_MB.toLocaleString()}.`
          }
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={!valid} onClick={() => void save()}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
