import { useCallback, useEffect, useState } from 'react';
import type { ExternalClientId, ExternalClients, ExternalProtocol } from '../../contract';
import { usePam } from '../pam';

/** What is installed and the profile's choice, read once per mount; `choose` saves a new choice. */
export function useExternalClients() {
  const pam = usePam();
  const [clients, setClients] = useState<ExternalClients | null>(null);
  useEffect(() => {
    let cancelled = false;
    pam.external.clients().then(
      (found) => !cancelled && setClients(found),
      () => !cancelled && setClients(null),
    );
    return () => {
      cancelled = true;
    };
  }, [pam]);
  const choose = useCallback(
    async (protocol: ExternalProtocol, choice: 'app' | ExternalClientId) =>
      setClients(await pam.external.choose({ protocol, choice })),
    [pam],
  );
  return { clients, choose };
}
