import { useEffect, useState } from 'react';
import type { KeychainStatus } from '../../contract';
import { usePam } from '../pam';

/** Where remembered secrets go, as main reports it (null until known); follows a keychain that fails later. */
export function useKeychainStatus(): KeychainStatus | null {
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
  return status;
}

/** The hint under the remember-me boxes: says where a remembered sign-in is actually kept. */
export function rememberedSignInHint(status: KeychainStatus | null): string {
  if (!status) return 'Never written to a file. Signing out forgets it.';
  if (status.degraded)
    return 'Kept in memory for this run only: the OS keychain can’t be used. Signing out forgets it.';
  if (status.backend === 'memory') return 'Kept in memory for this run only, never in a file. Signing out forgets it.';
  return 'Kept in your OS keychain, never in a file. Signing out forgets it.';
}
