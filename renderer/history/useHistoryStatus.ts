import { useEffect, useState } from 'react';
import type { HistoryStatus } from '../../contract';
import { usePam } from '../pam';

/** The open history's status (progress, "synced at", set-aside partitions, offline), kept current by events. */
export function useHistoryStatus(): HistoryStatus | null {
  const pam = usePam();
  const [status, setStatus] = useState<HistoryStatus | null>(null);
  useEffect(() => {
    let cancelled = false;
    const off = pam.onHistoryChanged((next) => !cancelled && setStatus(next));
    pam.historyStatus().then(
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
