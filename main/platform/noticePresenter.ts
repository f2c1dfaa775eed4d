/**
 * Where notices are shown. The platform decides: Electron's `Notification` and `Tray`
 * (main/platform/electronNoticePresenter.ts), or the page (browser mode), which uses the browser's
 * Notification API or shows them in the app (pageNoticePresenter).
 */
import type { Notice, NoticeCounts, NoticeOpened } from '../../contract';

export interface NoticePresenter {
  show(notice: Notice): void;
  /** The tray icon's numbers (where the OS has a tray). */
  setCounts(counts: NoticeCounts): void;
  dispose(): void;
}

/**
 * Builds the presenter. `opened` is called when the user clicks a notice the OS showed (the page is then
 * told to focus that session); `page` is the in-page presenter, the fallback where the OS shows none.
 */
export type NoticePresenterFactory = (context: {
  opened(opened: NoticeOpened): void;
  page: NoticePresenter;
}) => NoticePresenter;

/** Browser mode (and the fallback): the page shows the notice and counts; it handles the click itself. */
export function pageNoticePresenter(emit: {
  show(notice: Notice): void;
  counts(counts: NoticeCounts): void;
}): NoticePresenter {
  return {
    show: (notice) => emit.show(notice),
    setCounts: (counts) => emit.counts(counts),
    dispose: () => undefined,
  };
}
