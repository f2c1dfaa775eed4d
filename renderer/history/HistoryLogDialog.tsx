/**
 * A history session's log: live, from the server (and kept in the log cache for offline review); offline,
 * from the cache, marked "Cached — as of" the time it was fetched; a log that was not cached says so.
 * Ended sessions' logs do not change, so it is asked once, not polled. Its SSH recordings likewise: live from
 * the server (one replayed is kept), offline from the cache — replayed there marked cached, and a recording
 * not cached is said to be so.
 */
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import { useEffect, useMemo, useState } from 'react';
import type { HistoryLog, HistoryRow } from '../../contract';
import { formatDateTime } from '../common/formatDate';
import { usePam } from '../pam';
import type { RecordingSource } from '../sessionLogs/RecordingPlayer';
import { SessionLogsFrame } from '../sessionLogs/SessionLogsDialog';

interface Props {
  session: HistoryRow;
  onClose(): void;
}

export function HistoryLogDialog({ session, onClose }: Props) {
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

  // The history's recordings: main answers from the server or the cache (offline, or the server gone).
  const recordingSource = useMemo<RecordingSource>(
    () => ({
      list: (sessionId) => pam.history.recordings({ sessionId }),
      get: async (sessionId, proxySessionId) => {
        const answer = await pam.history.recording({ sessionId, proxySessionId });
        return {
          recording: answer.recording,
          note: answer.note,
          cachedAt: answer.source === 'cache' ? answer.fetchedAt : null,
        };
      },
    }),
    [pam],
  );

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
      recordings
      recordingSource={recordingSource}
      cachedAt={cached ? log.fetchedAt : null}
    />
  );
}
