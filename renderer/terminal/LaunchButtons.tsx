import LaunchIcon from '@mui/icons-material/Launch';
import Button from '@mui/material/Button';
import type { SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { canLaunchSession } from '../rdp/rdpSessions';
import { useLaunch } from './TerminalsContext';

/** The row's Launch Session icon (styled like the other row icons); only on Available/Logged In SSH and RDP sessions. */
export function LaunchRowButton({ row, focused }: { row: SessionRow; focused: boolean }) {
  const launch = useLaunch();
  if (!launch || !canLaunchSession(row)) return null;
  return (
    <button
      type="button"
      className="details-button"
      title="Launch Session"
      aria-label={`Launch Session (${revealBidiControls(row.loginAccount)} on ${revealBidiControls(row.host)})`}
      data-action="launch"
      tabIndex={focused ? 0 : -1}
      onClick={(event) => {
        event.stopPropagation();
        void launch(row);
      }}
    >
      <LaunchIcon fontSize="small" />
    </button>
  );
}

/** The details panel's Launch button. */
export function LaunchPanelButton({ session, onLaunched }: { session: SessionRow; onLaunched?: () => void }) {
  const launch = useLaunch();
  if (!launch || !canLaunchSession(session)) return null;
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
