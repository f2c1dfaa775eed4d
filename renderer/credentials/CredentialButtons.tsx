import KeyIcon from '@mui/icons-material/Key';
import PersonIcon from '@mui/icons-material/Person';
import VisibilityIcon from '@mui/icons-material/Visibility';
import CircularProgress from '@mui/material/CircularProgress';
import type { ReactNode } from 'react';
import type { SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { RowIconButton } from '../dashboard/RowIconButton';
import { sessionActions } from '../dashboard/sessionActions';
import { LaunchRowButton } from '../terminal/LaunchButtons';
import { useCredentialActions } from './CredentialsContext';

/** Credentials can be used while the session is Available or Logged In and not locked (`sessionActions`). */
export function credentialsUsable(row: SessionRow): boolean {
  return sessionActions(row, null).copy.allowed;
}

/**
 * The row's Copy Username / Copy Password / View Password icons. Plain buttons styled by the grid's
 * `details-button` class, like the details button: these cells render on every poll.
 */
export function CredentialButtons({ row, focused }: { row: SessionRow; focused: boolean }) {
  const { copy, view, busy } = useCredentialActions();
  if (!credentialsUsable(row)) return null;
  const on = `${revealBidiControls(row.loginAccount)} on ${revealBidiControls(row.host)}`;
  const button = (action: string, title: string, icon: ReactNode, run: () => void) => (
    <RowIconButton
      title={title}
      label={`${title} (${on})`}
      action={action}
      focused={focused}
      disabled={busy !== null && busy.startsWith(row.id)}
      onClick={run}
    >
      {busy === `${row.id}:${action}` ? <CircularProgress size={14} /> : icon}
    </RowIconButton>
  );
  return (
    <span className="credentials-cell">
      <LaunchRowButton row={row} focused={focused} />
      {button('username', 'Copy Username', <PersonIcon fontSize="small" />, () => void copy(row, 'username'))}
      {sessionActions(row, null).view.allowed &&
        button('password', 'Copy Password', <KeyIcon fontSize="small" />, () => void copy(row, 'password'))}
      {sessionActions(row, null).view.allowed &&
        button('view', 'View Password', <VisibilityIcon fontSize="small" />, () => void view(row))}
    </span>
  );
}
