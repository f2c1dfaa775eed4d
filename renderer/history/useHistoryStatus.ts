import type { HistoryStatus } from '../../contract';
import type { PamClient } from '../pam';
import { useStatusFromMain } from '../shell/useStatusFromMain';

const subscribe = (pam: PamClient, listener: (status: HistoryStatus) => void) => pam.history.onChanged(listener);
const read = (pam: PamClient) => pam.history.status();

/** The open history's status (progress, "synced at", set-aside partitions, offline), kept current by events. */
export function useHistoryStatus(): HistoryStatus | null {
  return useStatusFromMain(subscribe, read);
}
