import ArticleIcon from '@mui/icons-material/Article';
import CloseIcon from '@mui/icons-material/Close';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { HistoryRow } from '../../contract';
import { FieldList, orDash, timeOrDash, type Field } from '../common/FieldList';
import { useCopyText } from '../common/useCopyText';
import { durationMs, formatDuration } from '../dashboard/sessionShare';
import { StatusChip } from '../dashboard/StatusChip';
import { SessionLogsDialog } from '../sessionLogs/SessionLogsDialog';

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

/** One ended session: every field, Copy session ID, and its log (from the server: not offline). */
export function HistoryDetailsDrawer({ session, offline, onClose }: Props) {
  const copy = useCopyText();
  const [logsFor, setLogsFor] = useState<HistoryRow | null>(null);
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
              <Tooltip title={offline ? 'The session log comes from the server: not available offline.' : ''}>
                <span>
                  <Button
                    variant="outlined"
                    startIcon={<ArticleIcon />}
                    disabled={offline}
                    onClick={() => setLogsFor(session)}
                  >
                    Session log
                  </Button>
                </span>
              </Tooltip>
            </Box>
          </Box>
        )}
      </Drawer>
      {logsFor && <SessionLogsDialog session={logsFor} onClose={() => setLogsFor(null)} />}
    </>
  );
}
