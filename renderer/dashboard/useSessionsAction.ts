import { useState } from 'react';
import type { ActionResults } from '../../contract';

/**
 * The state of a dialog that acts on several sessions at once (End, Lock, Unlock): busy while the request
 * runs; closes when every session succeeded; otherwise stays open showing the per-session failures (and
 * reports how many did succeed); a failure of the whole request is kept to show as an error.
 */
export function useSessionsAction(options: { onDone(count: number): void; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ActionResults | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (request: () => Promise<ActionResults>) => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await request();
      const okCount = outcome.results.filter((result) => result.ok).length;
      if (okCount) options.onDone(okCount);
      if (okCount === outcome.results.length) options.onClose();
      else setResults(outcome);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return { busy, results, error, run };
}
