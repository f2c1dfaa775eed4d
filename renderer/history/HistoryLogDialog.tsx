/**
 * A history session's log: live, from the server (and kept in the log cache for offline review); offline,
 * from the cache, marked "Cached — as of" the time it was fetched; a log that was not cached says so.
 * Ended sessions' logs do not change, so it is asked once, not polled. Recordings come from the server only.
 */
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import { useEffect, useState } from 'react';
import type { HistoryLog, HistoryRow } from '../../contract';
import { formatDateTime } from '../common/formatDate';
import { usePam } from '../pam';
import { SessionLogsFrame } from '../sessionLogs/SessionLogsDialog';

interface Props {
  session: HistoryRow;
  offline: boolean;
  onClose(): void;
}

export function HistoryLogDialog({ session, offline, onClose }: Props) {
  const pam = usePam();
  const [log, setLog] = useState<HistoryLog | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    pam.history.log({ id: session.id }).then(
      (answer) => !cancelled && setLog(answer),
      (failure: unknown) => !cancelled && setError(failure),
    );
    return () => {
      cancelled = true;
    };
  }, [pam, session.id]);

  const cached = log?.source === 'cache';
  const note =
    log === null ? (
      'loading'
    ) : cached ? (
      <Chip
        size="small"
        color="warning"
        label={`Cached — as of ${formatDateTime(log.fetchedAt)}`}
        data-testid="history-log-cached"
        component="span"
      />
    ) : log.source === 'server' ? (
      'from the server'
    ) : (
      'not cached'
    );
  return (
    <SessionLogsFrame
      session={session}
      onClose={onClose}
      serverLines={log?.lines ?? []}
      loading={log === null && error === null}
      error={error}
      note={note}
      banner={
        log?.note && log.source === 'cache' ? (
          <Alert severity="info" sx={{ m: 1.5 }}>
            {log.note}
          </Alert>
        ) : null
      }
      emptyText={
        log?.source === 'none' ? (log.note ?? 'This session’s log is not cached.') : 'This session has no log lines.'
      }
      recordings={!offline}
      cachedAt={cached ? log.fetchedAt : null}
    />
  );
}
