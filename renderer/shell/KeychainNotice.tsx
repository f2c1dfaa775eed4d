import Alert from '@mui/material/Alert';
import { useEffect, useState } from 'react';
import type { KeychainStatus } from '../../contract';
import { usePam } from '../pam';

/** Says plainly when the OS keychain cannot be used and remembered sign-ins live in memory only. */
export function KeychainNotice({ sx }: { sx?: object }) {
  const pam = usePam();
  const [status, setStatus] = useState<KeychainStatus | null>(null);
  useEffect(() => {
    let cancelled = false;
    const off = pam.onKeychainChanged((next) => !cancelled && setStatus(next));
    pam.keychainStatus().then(
      (next) => !cancelled && setStatus((before) => before ?? next),
      () => undefined,
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [pam]);
  if (!status?.degraded) return null;
  return (
    <Alert severity="warning" role="alert" data-testid="keychain-notice" sx={sx}>
      <strong>The OS keychain can’t be used.</strong> {status.message} Nothing is written to disk instead.
    </Alert>
  );
}
