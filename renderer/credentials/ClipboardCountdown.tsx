import ContentPasteOffIcon from '@mui/icons-material/ContentPasteOff';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useEffect, useState } from 'react';
import type { ClipboardStatus } from '../../contract';
import { useCountdown } from './useCountdown';
import { useAnnounce } from '../shell/Notifier';

const WHAT = { username: 'Username', password: 'Password' } as const;
const AFTERWORD_MS = 4000;

/** "Password copied — clears in 17 s", then "Clipboard cleared": never the value itself. */
export function ClipboardCountdown({ status, onClearNow }: { status: ClipboardStatus | null; onClearNow(): void }) {
  const copied = status?.state === 'copied';
  const left = useCountdown(copied ? Date.parse(status.clearsAt) : null);
  // "Cleared" shows for a few seconds, then this status counts as seen.
  const [seen, setSeen] = useState<ClipboardStatus | null>(null);
  useEffect(() => {
    if (!status || status.state === 'copied') return;
    const timer = setTimeout(() => setSeen(status), AFTERWORD_MS);
    return () => clearTimeout(timer);
  }, [status]);

  // Said once per change to screen-reader users; the ticking countdown itself stays silent.
  const announce = useAnnounce();
  useEffect(() => {
    if (!status) return;
    if (status.state === 'copied') {
      const seconds = Math.max(0, Math.round((Date.parse(status.clearsAt) - Date.now()) / 1000));
      announce(`${WHAT[status.what]} copied. The clipboard clears in ${seconds} seconds.`);
    } else if (status.state === 'cleared') announce('Clipboard cleared.');
    else announce('You copied something else since: PAM Desk left your clipboard alone.');
  }, [status, announce]);

  if (!status || (!copied && seen === status)) return null;
  const text = copied
    ? `${WHAT[status.what]} copied — the clipboard clears in ${left} s`
    : status.state === 'cleared'
      ? 'Clipboard cleared'
      : 'You copied something else since: PAM Desk left your clipboard alone';
  return (
    <Snackbar open anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
      <Alert
        severity={copied ? 'success' : 'info'}
        variant="filled"
        role="status"
        aria-live="off"
        data-testid="clipboard-status"
        data-state={status.state}
        action={
          copied ? (
            <Button color="inherit" size="small" startIcon={<ContentPasteOffIcon />} onClick={onClearNow}>
              Clear now
            </Button>
          ) : undefined
        }
      >
        {text}
      </Alert>
    </Snackbar>
  );
}
