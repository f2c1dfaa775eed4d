import type { SessionRow } from '../../contract';

/**
 * Whether a session is launched over SSH. The session summary names no protocol, so this reads what it
 * does name: an activity called "… (SSH)" / "SSH …", or a Linux/Unix host without RDP in the activity.
 */
export function isSshSession(row: SessionRow): boolean {
  if (/\bssh\b/i.test(row.activity) || /\bssh\b/i.test(row.activityType)) return true;
  return /linux|unix/i.test(row.hostOs) && !/\brdp\b|remote desktop/i.test(row.activity);
}

/** Launch works while the session is Available or Logged In, as the proxy allows. */
export function canLaunchSsh(row: SessionRow): boolean {
  return (row.status === 'available' || row.status === 'loggedIn') && !row.locked && isSshSession(row);
}
