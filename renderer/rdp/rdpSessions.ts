import type { SessionRow } from '../../contract';
import { canLaunchSsh } from '../terminal/sshSessions';

/**
 * Whether a session is launched over RDP. The session summary names no protocol, so this reads what it
 * does name: an activity (or activity type) naming RDP or Remote Desktop, else a Windows host with no SSH
 * in its activity.
 */
export function isRdpSession(row: SessionRow): boolean {
  const named = `${row.activity} ${row.activityType}`;
  if (/\brdp\b|remote desktop/i.test(named)) return true;
  if (/\bssh\b/i.test(named)) return false;
  return /windows/i.test(row.hostOs);
}

/** Launch works while the session is Available or Logged In, as the gateway allows. */
export function canLaunchRdp(row: SessionRow): boolean {
  return (row.status === 'available' || row.status === 'loggedIn') && !row.locked && isRdpSession(row);
}

/** A Launch button is shown for SSH and RDP sessions alike. */
export function canLaunchSession(row: SessionRow): boolean {
  return canLaunchRdp(row) || canLaunchSsh(row);
}
