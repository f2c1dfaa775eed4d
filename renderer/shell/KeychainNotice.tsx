import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import { useEffect, useState } from 'react';
import type { KeychainNoticeMode } from '../../contract';
import { usePam } from '../pam';
import { useKeychainStatus } from './useKeychainStatus';

type Mode = 'loading' | 'full' | KeychainNoticeMode;

/**
 * Says plainly when the OS keychain cannot be used and remembered sign-ins live in memory only: in full the
 * first time, then as one line with its details behind a toggle; dismissed for good when the user says so
 * (both remembered in the preferences).
 */
export function KeychainNotice({ sx }: { sx?: object }) {
  const pam = usePam();
  const status = useKeychainStatus();
  const [mode, setMode] = useState<Mode>('loading');
  const [details, setDetails] = useState(false);

  useEffect(() => {
    let cancelled = false;
    pam.prefs.get().then(
      (prefs) => !cancelled && setMode(prefs.keychainNotice ?? 'full'),
      () => !cancelled && setMode('full'),
    );
    return () => {
      cancelled = true;
    };
  }, [pam]);

  const degraded = Boolean(status?.degraded);
  // Seen once in full: from the next screen or start on, it takes one line. This one stays as it is.
  useEffect(() => {
    if (degraded && mode === 'full') pam.prefs.update({ keychainNotice: 'compact' }).catch(() => undefined);
  }, [degraded, mode, pam]);

  if (!status?.degraded || mode === 'loading' || mode === 'dismissed') return null;

  const dismiss = () => {
    setMode('dismissed');
    pam.prefs.update({ keychainNotice: 'dismissed' }).catch(() => undefined);
  };
  const dismissButton = (
    <IconButton size="small" color="inherit" aria-label="Dismiss the keychain notice" onClick={dismiss}>
      <CloseIcon fontSize="small" />
    </IconButton>
  );

  if (mode === 'full') {
    return (
      <Alert severity="warning" role="alert" data-testid="keychain-notice" action={dismissButton} sx={sx}>
        <strong>The OS keychain can’t be used.</strong> {status.message} Nothing is written to disk instead.
      </Alert>
    );
  }
  return (
    <Alert
      severity="warning"
      role="status"
      data-testid="keychain-notice"
      data-compact
      action={
        <Box sx={{ display: 'flex', alignItems: 'center' }}>
          <Button size="small" color="inherit" aria-expanded={details} onClick={() => setDetails((open) => !open)}>
            Details
          </Button>
          {dismissButton}
        </Box>
      }
      sx={{
        py: 0,
        alignItems: 'center',
        '& .MuiAlert-icon, & .MuiAlert-message, & .MuiAlert-action': { py: 0.25 },
        ...sx,
      }}
    >
      The OS keychain can’t be used: remembered sign-ins are kept in memory for this run only.
      {details && (
        <Box component="span" sx={{ display: 'block', mt: 0.5 }}>
          {status.message} Nothing is written to disk instead.
        </Box>
      )}
    </Alert>
  );
}
