import type { SessionRow } from '../../contract';

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
