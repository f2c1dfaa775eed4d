import type { SessionRow } from '../../contract';
import { sessionActions } from '../dashboard/sessionActions';

/**
 * Whether a session is launched over SSH. The session summary names no protocol, so this reads what it
 * does name: an activity (or activity type) naming SSH and not RDP, else a Linux/Unix host.
 */
export function isSshSession(row: SessionRow): boolean {
  const named = `${row.activity} ${row.activityType}`;
  if (/\brdp\b|remote desktop/i.test(named)) return false;
  if (/\bssh\b/i.test(named)) return true;
  return /linux|unix/i.test(row.hostOs);
}

/** Launch works while the session is Available or Logged In, as the proxy allows (`sessionActions`). */
export function canLaunchSsh(row: SessionRow): boolean {
  return sessionActions(row, null).launch.allowed;
}
