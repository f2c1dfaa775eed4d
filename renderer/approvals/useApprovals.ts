import { useEffect, useRef, useState } from 'react';
import type { ApprovalList } from '../../contract';
import { usePam } from '../pam';

export interface ApprovalsState {
  list: ApprovalList | null;
  error: unknown;
  loading: boolean;
  /** Asks now (after a decision, or the Refresh button); the next poll counts from here. */
  refresh(): Promise<void>;
}

const FALLBACK_POLL_MS = 5000;

/**
 * The approvals list, asked again every `pollMs` (main says how often) while the dashboard is shown. A failed
 * poll keeps the last list and reports the error; the next poll tries again.
 */
export function useApprovals(): ApprovalsState {
  const pam = usePam();
  const [list, setList] = useState<ApprovalList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const poll = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = async (): Promise<void> => {
      if (timer) clearTimeout(timer);
      let next = FALLBACK_POLL_MS;
      try {
        const fresh = await pam.approvals.list();
        if (!alive) return;
        setList(fresh);
        setError(null);
        next = fresh.pollMs;
      } catch (failure) {
        if (alive) setError(failure);
      }
      if (!alive) return;
      setLoading(false);
      // Whichever load finishes last owns the one timer: a refresh during a poll does not start a second chain.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void load(), next);
    };
    poll.current = load;
    void load();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [pam]);

  return { list, error, loading, refresh: () => poll.current() };
}
