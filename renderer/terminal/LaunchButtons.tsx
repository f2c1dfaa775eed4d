import LaunchIcon from '@mui/icons-material/Launch';
import VisibilityIcon from '@mui/icons-material/Visibility';
import Button from '@mui/material/Button';
import type { SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { sessionActions } from '../dashboard/sessionActions';
import { useSessionViewer } from '../dashboard/sessionViewer';
import { RowIconButton } from '../dashboard/RowIconButton';
import { isSshSession } from './sshSessions';
import { useLaunch, useWatch } from './TerminalsContext';

/** The row's Launch Session icon (styled like the other row icons); only on Available/Logged In SSH and RDP sessions. */
export function LaunchRowButton({ row, focused }: { row: SessionRow; focused: boolean }) {
  const launch = useLaunch();
  const viewer = useSessionViewer();
  if (!launch || !sessionActions(row, viewer).launch.allowed) return null;
  return (
    <RowIconButton
      title="Launch Session"
      label={`Launch Session (${revealBidiControls(row.loginAccount)} on ${revealBidiControls(row.host)})`}
      action="launch"
      focused={focused}
      onClick={() => void launch(row)}
    >
      <LaunchIcon fontSize="small" />
    </RowIconButton>
  );
}

/** The details panel's Launch button. */
export function LaunchPanelButton({ session, onLaunched }: { session: SessionRow; onLaunched?: () => void }) {
  const launch = useLaunch();
  const viewer = useSessionViewer();
  if (!launch || !sessionActions(session, viewer).launch.allowed) return null;
  return (
    <Button
      variant="contained"
      startIcon={<LaunchIcon />}
      onClick={() => {
        onLaunched?.();
        void launch(session);
      }}
    >
      Launch
    </Button>
  );
}

/**
 * The details panel's Watch live button, for administrators and helpdesk staff (`allowed`): a read-only
 * terminal on the session's open SSH connection, while it is Logged In.
 */
export function WatchLivePanelButton({
  session,
  allowed,
  onWatched,
}: {
  session: SessionRow;
  allowed: boolean;
  onWatched?: () => void;
}) {
  const watch = useWatch();
  if (!watch || !allowed || session.status !== 'loggedIn' || !isSshSession(session)) return null;
  return (
    <Button
      variant="outlined"
      startIcon={<VisibilityIcon />}
      onClick={() => {
        onWatched?.();
        void watch(session);
      }}
    >
      Watch live
    </Button>
  );
}
