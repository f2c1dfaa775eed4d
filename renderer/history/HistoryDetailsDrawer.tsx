import ArticleIcon from '@mui/icons-material/Article';
import CloseIcon from '@mui/icons-material/Close';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DownloadIcon from '@mui/icons-material/Download';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { HistoryRow } from '../../contract';
import { downloadText } from '../common/downloadFile';
import { describeError } from '../common/errorMessages';
import { FieldList, orDash, timeOrDash, type Field } from '../common/FieldList';
import { useCopyText } from '../common/useCopyText';
import { durationMs, formatDuration } from '../dashboard/sessionShare';
import { StatusChip } from '../dashboard/StatusChip';
import { usePam } from '../pam';
import { logFileName, logText } from '../sessionLogs/logText';
import { useNotify } from '../shell/Notifier';
import { HistoryLogDialog } from './HistoryLogDialog';

interface Props {
  session: HistoryRow | null;
  offline: boolean;
  onClose(): void;
}

function fieldsOf(s: HistoryRow): Field[] {
  return [
    ['User', orDash(s.user)],
    ['Resource', orDash(s.host)],
    ['Type', orDash(s.type)],
    ['Login Account', orDash(s.loginAccount)],
    ['Activity', orDash(s.activity)],
    ['Policy', orDash(s.policy)],
    ['Actual Start', timeOrDash(s.actualStartAt)],
    ['Actual End', timeOrDash(s.actualEndAt)],
    ['Duration', orDash(formatDuration(durationMs(s, Date.now())))],
    ['Scheduled Start', timeOrDash(s.startAt)],
    ['Scheduled End', timeOrDash(s.endAt)],
    ['Ticket', orDash(s.ticket)],
    ['Note', orDash(s.note)],
    ['Server Status', orDash(s.npsStatus)],
    ['Session ID', s.id],
  ];
}

/**
 * One ended session: every field, Copy session ID, its log and Download log (from the server live, and
 * kept; offline from the log cache, and the drawer says whether this session's log was cached).
 */
export function HistoryDetailsDrawer({ session, offline, onClose }: Props) {
  const pam = usePam();
  const notify = useNotify();
  const [logsFor, setLogsFor] = useState<HistoryRow | null>(null);
  const [cached, setCached] = useState<{ id: string; cached: boolean } | null>(null);
  const id = session?.id ?? null;
  useEffect(() => {
    if (!offline || id === null) return;
    let cancelled = false;
    pam.history.logInfo({ id }).then(
      (info) => !cancelled && setCached(info),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [pam, offline, id]);
  const notCached = offline && cached?.id === id && !cached.cached;
  const downloadLog = async (row: HistoryRow) => {
    try {
      const log = await pam.history.log({ id: row.id });
      if (log.source === 'none') {
        notify(log.note ?? 'This session’s log is not cached.', 'error');
        return;
      }
      const cachedAt = log.source === 'cache' ? log.fetchedAt : null;
      downloadText(logFileName(row.id), logText({ ...row, cachedAt }, log.lines), 'text/plain;charset=utf-8');
    } catch (error) {
      notify(`The log could not be downloaded: ${describeError(error).title.toLowerCase()}.`, 'error');
    }
  };
  const copy = useCopyText();
  return (
    <>
      <Drawer anchor="right" open={session !== null} onClose={onClose} slotProps={{ paper: { sx: { width: 400 } } }}>
        {session && (
          <Box
            role="region"
            aria-label="Session details"
            sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 1 }}
          >
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
                Session details
              </Typography>
              <IconButton aria-label="Close details" onClick={onClose}>
                <CloseIcon />
              </IconButton>
            </Box>
            <StatusChip status={session.status} npsStatus={session.npsStatus} />
            <FieldList fields={fieldsOf(session)} label="Session fields" inset={false} />
            <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
              <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => copy(session.id, 'Session ID')}>
                Copy session ID
              </Button>
              <Button variant="outlined" startIcon={<ArticleIcon />} onClick={() => setLogsFor(session)}>
                Session log
              </Button>
              <Button
                variant="outlined"
                startIcon={<DownloadIcon />}
                disabled={notCached}
                onClick={() => void downloadLog(session)}
              >
                Download log
              </Button>
            </Box>
            {offline && cached?.id === session.id && (
              <Typography variant="body2" color="text.secondary" data-testid="history-log-availability">
                {cached.cached
                  ? 'This session’s log is cached on this computer: it opens offline.'
                  : 'This session’s log was not cached before going offline: it cannot be read until the server is back.'}
              </Typography>
            )}
          </Box>
        )}
      </Drawer>
      {logsFor && <HistoryLogDialog session={logsFor} onClose={() => setLogsFor(null)} />}
    </>
  );
}
