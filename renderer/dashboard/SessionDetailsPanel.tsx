/**
 * The details panel of one session: its status explained, every field, what the viewer may do now and why
 * not, credentials and their use here, Approve/Deny for those who decide, sharing, logs and Watch live. Over
 * 300 lines: one panel whose parts all read the same session and verdicts; the rules are in sessionActions.ts.
 */
import ArticleIcon from '@mui/icons-material/Article';
import MoreTimeIcon from '@mui/icons-material/MoreTime';
import CloseIcon from '@mui/icons-material/Close';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import LinkIcon from '@mui/icons-material/Link';
import ShareIcon from '@mui/icons-material/Share';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import { useNow } from '../common/useNow';
import { DecisionButtons } from '../approvals/DecisionButtons';
import type { Decision, SessionRow } from '../../contract';
import { FieldList, orDash, timeOrDash, type Field } from '../common/FieldList';
import { enumWords, serverSentence } from '../common/serverText';
import { useCopyText } from '../common/useCopyText';
import { AuditTrailList } from '../credentials/AuditTrailList';
import { decidesRequests, sessionActions, type SessionAction } from './sessionActions';
import { useSessionViewer } from './sessionViewer';
import { LaunchPanelButton, WatchLivePanelButton } from '../terminal/LaunchButtons';
import { ExternalLaunchPanel } from '../external/ExternalLaunchPanel';
import { statusInfo } from './statusInfo';
import {
  connectionTarget,
  durationMs,
  formatDuration,
  sessionLink,
  sessionSummary,
  sessionTypeOf,
} from './sessionShare';
import { StatusChip } from './StatusChip';

interface Props {
  session: SessionRow | null;
  /** The signed-in server, for the shared link and summary. */
  serverUrl: string;
  onClose(): void;
  onViewLogs(session: SessionRow): void;
  onExtend?: (session: SessionRow) => void;
  /** Approve or deny a request waiting for approval (approvers and administrators). */
  onDecide?: (session: SessionRow, decision: Decision) => void;
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

function fieldsOf(session: SessionRow, now: number): Field[] {
  return [
    ['Type', orDash(sessionTypeOf(session))],
    ['Host', orDash(session.host)],
    ['Host OS', orDash(session.hostOs)],
    ['Login Account', orDash(session.loginAccount)],
    ['Activity', orDash(session.activity)],
    ['Activity Type', orDash(enumWords(session.activityType))],
    ['Resource Type', orDash(enumWords(session.resourceType))],
    ['Account Type', orDash(enumWords(session.userType))],
    ['User', orDash(session.user)],
    ['Policy', orDash(session.policy)],
    ['Requested', timeOrDash(session.requestedAt)],
    ['Scheduled Start', timeOrDash(session.startAt)],
    ['Scheduled End', timeOrDash(session.endAt)],
    ['Actual Start', timeOrDash(session.actualStartAt)],
    ['Actual End', timeOrDash(session.actualEndAt)],
    ['Duration', orDash(formatDuration(durationMs(session, now)))],
    ['Ticket', orDash(session.ticket)],
    ['Note', orDash(session.note)],
    ['Locked', session.locked ? 'Yes' : 'No'],
    ['Password view', session.canViewPassword ? `Allowed (${session.viewPasswordInSeconds} s)` : 'Not allowed'],
    ['Server Status', orDash(enumWords(session.npsStatus))],
    ['Last server message', orDash(serverSentence(session.statusMessage))],
  ];
}

/** Connection attributes the API gives (seed 003: device, port, service URL, account). */
function connectionOf(session: SessionRow): Field[] {
  const target = connectionTarget(session.connectionUri);
  const connections = session.connections ?? 0;
  return [
    ['Address', orDash(target?.address)],
    ['Port', orDash(target?.port)],
    ['Service URL', orDash(session.connectionUri)],
    ['Account', orDash(session.loginDisplayName || session.loginAccount)],
    ['Domain', orDash(session.domain)],
    [
      'Connections',
      connections === 0
        ? 'None yet'
        : `${connections} through the proxy${session.connectedNow ? ', one open now' : ', none open now'}`,
    ],
  ];
}

/** Every field of one session, beside the table (the free grid has no detail rows). */
export function SessionDetailsPanel({ session, serverUrl, onClose, onViewLogs, onExtend, onDecide, canWatch }: Props) {
  const viewer = useSessionViewer();
  const verdicts = session ? sessionActions(session, viewer) : null;
  const refusals = verdicts ? refusalsOf(verdicts) : [];
  // Approve and Deny concern those who decide, and only requests waiting for approval (one rule for both).
  if (verdicts && !verdicts.approve.allowed && session?.status === 'waitingApproval' && decidesRequests(viewer)) {
    refusals.push(`Approve, Deny: ${verdicts.approve.reason}`);
  }
  const copy = useCopyText();
  const now = useNow(30_000);
  const info = session ? (statusInfo[session.status] ?? statusInfo.unknown) : null;
  return (
    <Drawer anchor="right" open={session !== null} onClose={onClose} slotProps={{ paper: { sx: { width: 420 } } }}>
      {session && info && (
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
          <Box sx={{ px: 2, py: 1.5 }} data-testid="status-explanation">
            <StatusChip status={session.status} npsStatus={session.npsStatus} />
            <Typography variant="body2" sx={{ mt: 1 }}>
              {info.description}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
              <strong>What you can do:</strong>{' '}
              {onDecide && verdicts?.approve.allowed
                ? 'Approve or deny the request with the buttons at the bottom of this panel.'
                : info.next}
            </Typography>
          </Box>
          <Divider />
          <Box sx={{ flex: 1, overflow: 'auto' }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 2, pt: 1 }}>
              <Typography variant="body2" color="text.secondary" sx={{ width: 130, flexShrink: 0 }}>
                Session ID
              </Typography>
              <Typography
                variant="body2"
                data-field="Session ID"
                sx={{ fontFamily: 'ui-monospace, monospace', fontSize: 12, flex: 1, wordBreak: 'break-all' }}
              >
                {session.id}
              </Typography>
              <IconButton
                aria-label="Copy session ID"
                title="Copy session ID"
                onClick={() => copy(session.id, 'Session ID')}
              >
                <ContentCopyIcon fontSize="small" />
              </IconButton>
            </Box>
            <FieldList label="Session fields" fields={fieldsOf(session, now)} />
            <Typography variant="subtitle2" component="h3" sx={{ px: 2, pt: 1 }}>
              Connection
            </Typography>
            <FieldList label="Connection" fields={connectionOf(session)} />
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
          {onDecide && verdicts?.approve.allowed && verdicts.deny.allowed && (
            <Box
              role="group"
              aria-label="Decide on this request"
              sx={{ px: 1.5, pt: 1.5, display: 'flex', alignItems: 'center', gap: 1 }}
            >
              <Typography variant="body2" sx={{ flex: 1 }}>
                Waiting for your decision.
              </Typography>
              <DecisionButtons approveVariant="contained" onDecide={(decision) => onDecide(session, decision)} />
            </Box>
          )}
          <Box sx={{ p: 1.5, display: 'flex', flexWrap: 'wrap', justifyContent: 'flex-end', gap: 1 }}>
            <Button
              startIcon={<ShareIcon />}
              onClick={() => copy(sessionSummary(session, serverUrl, Date.now()), 'Session summary')}
              title="Copy a summary of this session with a pam-desk: link, to share with reviewers"
            >
              Share session details
            </Button>
            <Button
              startIcon={<LinkIcon />}
              onClick={() => copy(sessionLink(serverUrl, session.id), 'Link to the session')}
            >
              Copy link
            </Button>
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
