import { useCallback, useState } from 'react';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';

/** Refresh (F5): asks main to poll now; a failure is said in a notice. `refresh` is stable. */
export function useRefreshSessions(): { refreshing: boolean; refresh(): void } {
  const pam = usePam();
  const notify = useNotify();
  const [refreshing, setRefreshing] = useState(false);
  const refresh = useCallback(() => {
    setRefreshing(true);
    pam.sessions
      .refresh()
      .catch((failure: unknown) => {
        const problem = describeError(failure);
        notify(`${problem.title}. ${problem.hint}`, 'error');
      })
      .finally(() => setRefreshing(false));
  }, [pam, notify]);
  return { refreshing, refresh };
}
