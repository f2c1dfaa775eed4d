import type { NoticeCounts, NoticePreferences, NoticeSetting } from '../../contract';

/** The switches of the notifications menu, in the order the issue lists them. */
export const noticeSettingLabels: Record<NoticeSetting, string> = {
  decided: 'My request was approved or denied',
  available: 'My session is available',
  ending: 'My session ends in 5 minutes',
  approvalWaiting: 'A request is waiting for my approval',
  locked: 'An administrator locked my session',
};

export const noticeSettings = Object.keys(noticeSettingLabels) as NoticeSetting[];

/** Absent is on, as main reads it (contract/notifications.ts `noticeEnabled`). */
export function settingEnabled(prefs: NoticePreferences | undefined, setting: NoticeSetting): boolean {
  return prefs?.[setting] !== false;
}

/** The page's title carries the count where there is no tray (browser mode): "(3) PAM Desk". */
export function titleWithCounts(counts: NoticeCounts, base = 'PAM Desk'): string {
  const total = counts.waitingApproval + counts.readyToLaunch;
  return total ? `(${total}) ${base}` : base;
}
