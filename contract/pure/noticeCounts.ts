import type { NoticeCounts } from '../notifications';

/**
 * "2 requests waiting for approval · 1 session ready to launch", or '' when nothing waits: the tray's tooltip
 * (main) and the notifications menu (renderer) say it alike (pure and zod-free: see contract/pure/).
 */
export function countsText(counts: NoticeCounts): string {
  const parts: string[] = [];
  if (counts.waitingApproval)
    parts.push(
      `${counts.waitingApproval} ${counts.waitingApproval === 1 ? 'request' : 'requests'} waiting for approval`,
    );
  if (counts.readyToLaunch)
    parts.push(`${counts.readyToLaunch} ${counts.readyToLaunch === 1 ? 'session' : 'sessions'} ready to launch`);
  return parts.join(' · ');
}
