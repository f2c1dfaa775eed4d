import { useEffect, useState } from 'react';
import { usePam, type PamClient } from '../pam';

/**
 * A status main pushes (keychain, history, …): null until known, then the first answer of `read` unless an
 * event came first, then every event. `subscribe` and `read` are module-level functions (stable), so the
 * subscription lives as long as the page's PAM client.
 */
export function useStatusFromMain<T>(
  subscribe: (pam: PamClient, listener: (status: T) => void) => () => void,
  read: (pam: PamClient) => Promise<T>,
): T | null {
  const pam = usePam();
  const [status, setStatus] = useState<T | null>(null);
  useEffect(() => {
    let cancelled = false;
    const off = subscribe(pam, (next) => !cancelled && setStatus(next));
    read(pam).then(
      (next) => !cancelled && setStatus((before) => before ?? next),
      () => undefined,
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [pam, subscribe, read]);
  return status;
}
