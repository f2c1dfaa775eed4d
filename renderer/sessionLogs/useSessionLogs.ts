import { useEffect, useState } from 'react';
import type { LogLine } from '../../contract';
import { usePam } from '../pam';

export interface SessionLogsState {
  lines: LogLine[];
  loading: boolean;
  error: unknown;
}

export const LOG_REFRESH_MS = 3000;

/** Loads a session's log and keeps it live while open: re-fetches, appending only lines not seen yet. */
export function useSessionLogs(sessionId: string, refreshMs = LOG_REFRESH_MS): SessionLogsState {
  const pam = usePam();
  const [state, setState] = useState<SessionLogsState>({ lines: [], loading: true, error: null });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastLine = -Infinity;

    const load = async () => {
      try {
        const logs = await pam.sessions.logs({ id: sessionId });
        if (cancelled) return;
        const fresh = logs.lines
          .filter((line) => line.lineNumber > lastLine)
          .sort((a, b) => a.lineNumber - b.lineNumber);
        if (fresh.length) lastLine = fresh[fresh.length - 1]!.lineNumber;
        setState((before) => ({
          lines: fresh.length ? [...before.lines, ...fresh] : before.lines,
          loading: false,
          error: null,
        }));
      } catch (failure) {
        if (!cancelled) setState((before) => ({ ...before, loading: false, error: failure }));
      }
      if (!cancelled) timer = setTimeout(load, refreshMs);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [pam, sessionId, refreshMs]);

  return state;
}
