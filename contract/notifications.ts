/**
 * Desktop notifications (issue 11, item 4): what main tells the user about sessions and requests, the
 * setting that turns each kind off, and the counts a tray icon shows. Main derives them from the session
 * feed and the approvals it polls; the platform shows them (Electron's `Notification`, or the page).
 */
import { z } from 'zod';

/** What happened. `approved` and `denied` share one setting (`decided`). */
export const NoticeKind = z.enum(['approved', 'denied', 'available', 'ending', 'approvalWaiting', 'locked']);
export type NoticeKind = z.infer<typeof NoticeKind>;

/** The kinds a user can turn off, one switch each. */
export const NoticeSetting = z.enum(['decided', 'available', 'ending', 'approvalWaiting', 'locked']);
export type NoticeSetting = z.infer<typeof NoticeSetting>;

export function settingOf(kind: NoticeKind): NoticeSetting {
  return kind === 'approved' || kind === 'denied' ? 'decided' : kind;
}

/** Absent kinds are on: a fresh install notifies about everything. */
export const NoticePreferences = z.object({
  decided: z.boolean().optional(),
  available: z.boolean().optional(),
  ending: z.boolean().optional(),
  approvalWaiting: z.boolean().optional(),
  locked: z.boolean().optional(),
});
export type NoticePreferences = z.infer<typeof NoticePreferences>;

export function noticeEnabled(prefs: NoticePreferences | undefined, kind: NoticeKind): boolean {
  return prefs?.[settingOf(kind)] !== false;
}

/** `open`: focus the app on the session; `extend`: also open its Extend dialog. */
export const NoticeAction = z.enum(['open', 'extend']);
export type NoticeAction = z.infer<typeof NoticeAction>;

export const Notice = z.object({
  /** Unique per notice; also the tag that replaces an older notice of the same kind for the same session. */
  id: z.string().max(200),
  kind: NoticeKind,
  sessionId: z.string().max(100),
  title: z.string().max(200),
  body: z.string().max(1000),
  /** Buttons besides clicking the notice itself (the 5-minute warning offers Extend). */
  actions: z.array(z.object({ action: NoticeAction, label: z.string().max(50) })).max(2),
});
export type Notice = z.infer<typeof Notice>;

/** A notice was clicked in the OS (Electron): the page focuses that session. */
export const NoticeOpened = z.object({ sessionId: z.string().max(100), kind: NoticeKind, action: NoticeAction });
export type NoticeOpened = z.infer<typeof NoticeOpened>;

/** What the tray icon counts. */
export const NoticeCounts = z.object({
  waitingApproval: z.number().int().min(0),
  readyToLaunch: z.number().int().min(0),
});
export type NoticeCounts = z.infer<typeof NoticeCounts>;
