import { useEffect, useState } from 'react';
import type { Notice, NoticeCounts } from '../../contract';
import { usePam } from '../pam';
import type { SessionFocus } from './sessionFocus';
import { titleWithCounts } from './noticeText';

/** The browser's Notification API, where the page may use it (browser mode with the permission granted). */
function browserNotifications(): typeof Notification | null {
  return typeof Notification === 'function' && Notification.permission === 'granted' ? Notification : null;
}

/**
 * Shows what main notifies: in browser mode through the browser's Notification API when allowed, else in
 * the app (`inApp`, for NoticeToasts); Electron shows them itself and reports clicks. A click focuses the
 * window on the session. The counts go to the page title.
 */
export function useDesktopNotices(focus: SessionFocus): {
  inApp: Notice[];
  dismiss(id: string): void;
  counts: NoticeCounts;
} {
  const pam = usePam();
  const [inApp, setInApp] = useState<Notice[]>([]);
  const [counts, setCounts] = useState<NoticeCounts>({ waitingApproval: 0, readyToLaunch: 0 });

  useEffect(() => {
    const open = (notice: Notice, action: 'open' | 'extend' = 'open') => {
      window.focus();
      focus.request({ sessionId: notice.sessionId, kind: notice.kind, action });
    };
    const offShow = pam.notifications.onShow((notice) => {
      const Api = browserNotifications();
      if (Api) {
        const shown = new Api(notice.title, { body: notice.body, tag: notice.id });
        shown.onclick = () => {
          open(notice, notice.actions[0]?.action ?? 'open');
          shown.close();
        };
        return;
      }
      setInApp((before) => [...before.filter((n) => n.id !== notice.id), notice].slice(-3));
    });
    const offOpened = pam.notifications.onOpened((opened) => focus.request(opened));
    const offCounts = pam.notifications.onCounts(setCounts);
    return () => {
      offShow();
      offOpened();
      offCounts();
    };
  }, [pam, focus]);

  useEffect(() => {
    document.title = titleWithCounts(counts);
    return () => {
      document.title = 'PAM Desk';
    };
  }, [counts]);

  return { inApp, dismiss: (id) => setInApp((before) => before.filter((n) => n.id !== id)), counts };
}
