import type { Notice, NoticeCounts } from '../../contract';
import type { NoticePresenter, NoticePresenterFactory } from '../../main/platform/noticePresenter';

/**
 * The platform's notification adapter for tests: records what main asked to show and the tray's counts,
 * and passes both on to the page (so browser mode still shows them).
 */
export interface RecordingNoticePresenter extends NoticePresenter {
  shown: Notice[];
  counts: NoticeCounts[];
  factory: NoticePresenterFactory;
}

export function createRecordingNoticePresenter(): RecordingNoticePresenter {
  let page: NoticePresenter | null = null;
  const recorder: RecordingNoticePresenter = {
    shown: [],
    counts: [],
    show(notice) {
      recorder.shown.push(notice);
      page?.show(notice);
    },
    setCounts(counts) {
      recorder.counts.push(counts);
      page?.setCounts(counts);
    },
    dispose: () => undefined,
    factory: (context) => {
      page = context.page;
      return recorder;
    },
  };
  return recorder;
}
