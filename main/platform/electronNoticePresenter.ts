/**
 * Desktop notifications through Electron's `Notification`, and the counts on a `Tray` icon where the OS
 * has a tray. A click focuses the window and tells the page which session (and, for the five-minute
 * warning's button, to open Extend). Where the OS shows no notifications, the page shows them instead.
 */
import { Menu, nativeImage, Notification, Tray } from 'electron';
import type { Notice, NoticeCounts } from '../../contract';
import type { Logger } from '../log/logger';
import type { NoticePresenter, NoticePresenterFactory } from './noticePresenter';
import { trayIconBitmap, trayTooltip } from './trayIcon';

const TRAY_ICON_SIZE = 22;

export function electronNoticePresenter(options: { focusWindow(): void; log: Logger }): NoticePresenterFactory {
  return ({ opened, page }): NoticePresenter => {
    const supported = Notification.isSupported();
    if (!supported) options.log.info('[notifications] the OS shows no notifications: showing them in the window');
    // Held until closed: a notification object that is garbage-collected loses its click handler.
    const live = new Map<string, Notification>();
    let tray: Tray | null = null;

    const open = (notice: Notice, action: 'open' | 'extend') => {
      options.focusWindow();
      opened({ sessionId: notice.sessionId, kind: notice.kind, action });
    };

    function updateTray(counts: NoticeCounts): void {
      const attention = counts.waitingApproval + counts.readyToLaunch > 0;
      const icon = nativeImage.createFromBitmap(trayIconBitmap(TRAY_ICON_SIZE, attention), {
        width: TRAY_ICON_SIZE,
        height: TRAY_ICON_SIZE,
      });
      if (!tray) {
        tray = new Tray(icon);
        tray.on('click', () => options.focusWindow());
        tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Open PAM Desk', click: () => options.focusWindow() }]));
      } else tray.setImage(icon);
      tray.setToolTip(trayTooltip(counts));
      // macOS shows text next to the menu-bar icon; elsewhere the tooltip carries the numbers.
      if (process.platform === 'darwin')
        tray.setTitle(attention ? String(counts.waitingApproval + counts.readyToLaunch) : '');
    }

    return {
      show(notice) {
        if (!supported) {
          page.show(notice);
          return;
        }
        live.get(notice.id)?.close();
        const notification = new Notification({
          title: notice.title,
          body: notice.body,
          // Buttons are macOS-only in Electron; elsewhere the click does what the first button would.
          actions: notice.actions.map((action) => ({ type: 'button' as const, text: action.label })),
        });
        // Clicking the five-minute warning goes straight to Extend, as its button would.
        notification.on('click', () => open(notice, notice.actions[0]?.action ?? 'open'));
        notification.on('action', (_event, index) => open(notice, notice.actions[index]?.action ?? 'open'));
        notification.on('close', () => live.delete(notice.id));
        live.set(notice.id, notification);
        notification.show();
      },
      setCounts(counts) {
        try {
          updateTray(counts);
        } catch (error) {
          // Some Linux desktops have no tray (no StatusNotifier host): the counts are then only in the window.
          options.log.info(`[notifications] no tray: ${(error as Error).message}`);
        }
        page.setCounts(counts);
      },
      dispose() {
        for (const notification of live.values()) notification.close();
        live.clear();
        tray?.destroy();
        tray = null;
      },
    };
  };
}
