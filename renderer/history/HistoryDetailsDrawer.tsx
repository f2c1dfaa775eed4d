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
import { formatDateTimeSeconds } from '../common/formatDate';
import { IsolatedName } from '../common/IsolatedName';
import { durationMs, formatDuration } from '../dashboard/sessionShare';
import { StatusChip } from '../dashboard/StatusChip';
import { SessionLogsDialog } from '../sessionLogs/SessionLogsDialog';
import { useNotify } from '../shell/Notifier';

interface Props {
  session: HistoryRow | null;
  offline: boolean;
  onClose(): void;
}

function fieldsOf(s: HistoryRow): Array<[string, string]> {
  const dash = (value: string | null | undefined) => (value && value.trim() ? value : '—');
  const when = (value: string | null) => dash(formatDateTimeSeconds(value));
  return [
    ['User', dash(s.user)],
    ['Resource', dash(s.host)],
    ['Type', dash(s.type)],
    ['Login Account', dash(s.loginAccount)],
    ['Activity', dash(s.activity)],
    ['Policy', dash(s.policy)],
    ['Actual Start', when(s.actualStartAt)],
    ['Actual End', when(s.actualEndAt)],
    ['Duration', dash(formatDuration(durationMs(s, Date.now())))],
    ['Scheduled Start', when(s.startAt)],
    ['Scheduled End', when(s.endAt)],
    ['Ticket', dash(s.ticket)],
    ['Note', dash(s.note)],
    ['Server Status', dash(s.npsStatus)],
    ['Session ID', s.id],
  ];
}

/** One ended session: every field, Copy session ID, and its log (from the server: not offline). */
export function HistoryDetailsDrawer({ session, offline, onClose }: Props) {
  const notify = useNotify();
  const [logsFor, setLogsFor] = useState<HistoryRow | null>(null);
  const copyId = async (id: string) => {
    try {
      await navigator.clipboard.writeText(id);
      notify('Session ID copied.');
    } catch {
      notify('The session ID could not be copied: select it in the details and copy it.', 'error');
    }
  };
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
            <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: '130px 1fr', rowGap: 0.5 }}>
              {fieldsOf(session).map(([label, value]) => (
                <Box key={label} sx={{ display: 'contents' }}>
                  <Typography component="dt" variant="body2" color="text.secondary">
                    {label}
                  </Typography>
                  <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-word' }}>
                    <IsolatedName text={value} />
                  </Typography>
                </Box>
              ))}
            </Box>
            <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
              <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => void copyId(session.id)}>
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
