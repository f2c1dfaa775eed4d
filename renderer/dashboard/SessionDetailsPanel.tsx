import ArticleIcon from '@mui/icons-material/Article';
import MoreTimeIcon from '@mui/icons-material/MoreTime';
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import type { SessionRow } from '../../contract';
import { formatDateTimeSeconds } from '../common/formatDate';
import { IsolatedName } from '../common/IsolatedName';
import { AuditTrailList } from '../credentials/AuditTrailList';
import { sessionActions, type SessionAction } from './sessionActions';
import { useSessionViewer } from './sessionViewer';
import { LaunchPanelButton, WatchLivePanelButton } from '../terminal/LaunchButtons';
import { ExternalLaunchPanel } from '../external/ExternalLaunchPanel';
import { statusInfo } from './statusInfo';
import { StatusChip } from './StatusChip';

interface Props {
  session: SessionRow | null;
  onClose(): void;
  onViewLogs(session: SessionRow): void;
  onExtend?: (session: SessionRow) => void;
  /** Administrators and helpdesk staff may watch an open SSH connection live (read-only). */
  canWatch?: boolean;
}

const refusalLabels: Array<[SessionAction, string]> = [
  ['launch', 'Launch'],
  ['copy', 'Copy'],
  ['extend', 'Extend'],
  ['end', 'End'],
];

/** What cannot be done to this session now, and why, in the user's words (one line per reason). */
function refusalsOf(verdicts: ReturnType<typeof sessionActions>): string[] {
  const byReason = new Map<string, string[]>();
  for (const [action, label] of refusalLabels) {
    const verdict = verdicts[action];
    if (verdict.allowed) continue;
    byReason.set(verdict.reason, [...(byReason.get(verdict.reason) ?? []), label]);
  }
  return [...byReason].map(([reason, labels]) => `${labels.join(', ')}: ${reason}`);
}

function fieldsOf(session: SessionRow): Array<[string, string]> {
  const dash = (value: string | null | undefined) => (value && value.trim() ? value : '—');
  const when = (value: string | null) => dash(formatDateTimeSeconds(value));
  return [
    ['Host', dash(session.host)],
    ['Host OS', dash(session.hostOs)],
    ['Login Account', dash(session.loginAccount)],
    ['Activity', dash(session.activity)],
    ['Activity Type', dash(session.activityType)],
    ['Resource Type', dash(session.resourceType)],
    ['Account Type', dash(session.userType)],
    ['User', dash(session.user)],
    ['Policy', dash(session.policy)],
    ['Requested', when(session.requestedAt)],
    ['Scheduled Start', when(session.startAt)],
    ['Scheduled End', when(session.endAt)],
    ['Actual Start', when(session.actualStartAt)],
    ['Actual End', when(session.actualEndAt)],
    ['Ticket', dash(session.ticket)],
    ['Note', dash(session.note)],
    ['Locked', session.locked ? 'Yes' : 'No'],
    ['Password view', session.canViewPassword ? `Allowed (${session.viewPasswordInSeconds} s)` : 'Not allowed'],
    ['Server Status', dash(session.npsStatus)],
    ['Session ID', session.id],
  ];
}

/** Every field of one session, beside the table (the free grid has no detail rows). */
export function SessionDetailsPanel({ session, onClose, onViewLogs, onExtend, canWatch }: Props) {
  const viewer = useSessionViewer();
  const verdicts = session ? sessionActions(session, viewer) : null;
  const refusals = verdicts ? refusalsOf(verdicts) : [];
  return (
    <Drawer anchor="right" open={session !== null} onClose={onClose} slotProps={{ paper: { sx: { width: 400 } } }}>
      {session && (
        <Box
          role="region"
          aria-label="Session details"
          sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}
        >
          <Box sx={{ display: 'flex', alignItems: 'center', px: 2, py: 1.25, gap: 1 }}>
            <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
              Session details
            </Typography>
            <IconButton aria-label="Close details" onClick={onClose}>
              <CloseIcon fontSize="small" />
            </IconButton>
          </Box>
          <Divider />
          <Box sx={{ px: 2, py: 1.5 }}>
            <StatusChip status={session.status} npsStatus={session.npsStatus} />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {session.statusMessage || statusInfo[session.status]?.description}
            </Typography>
          </Box>
          <Divider />
          <Box
            component="dl"
            sx={{
              flex: 1,
              overflow: 'auto',
              m: 0,
              px: 2,
              py: 1,
              display: 'grid',
              gridTemplateColumns: '130px 1fr',
              columnGap: 1.5,
              rowGap: 0.75,
              alignContent: 'start',
              '& dt': { color: 'text.secondary' },
              '& dd': { m: 0, wordBreak: 'break-word' },
            }}
          >
            {fieldsOf(session).map(([label, value]) => (
              <Box key={label} sx={{ display: 'contents' }}>
                <Typography component="dt" variant="body2">
                  {label}
                </Typography>
                <Typography component="dd" variant="body2" data-field={label}>
                  <IsolatedName text={value} />
                </Typography>
              </Box>
            ))}
          </Box>
          {refusals.length > 0 && (
            <Box sx={{ px: 2, py: 1 }} role="note" aria-label="Not available now">
              <Typography variant="subtitle2" component="h3">
                Not available now
              </Typography>
              {refusals.map((line) => (
                <Typography key={line} variant="body2" color="text.secondary">
                  {line}
                </Typography>
              ))}
            </Box>
          )}
          <Divider />
          <AuditTrailList sessionId={session.id} />
          <Box sx={{ px: 1.5 }}>
            <ExternalLaunchPanel session={session} />
          </Box>
          <Divider />
          <Box sx={{ p: 1.5, display: 'flex', justifyContent: 'flex-end', gap: 1 }}>
            {onExtend && verdicts?.extend.allowed && (
              <Button variant="outlined" startIcon={<MoreTimeIcon />} onClick={() => onExtend(session)}>
                Extend
              </Button>
            )}
            <WatchLivePanelButton session={session} allowed={canWatch ?? false} onWatched={onClose} />
            <LaunchPanelButton session={session} onLaunched={onClose} />
            <Button variant="outlined" startIcon={<ArticleIcon />} onClick={() => onViewLogs(session)}>
              View Logs
            </Button>
          </Box>
        </Box>
      )}
    </Drawer>
  );
}
