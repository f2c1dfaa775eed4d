import { useCallback } from 'react';
import { useNotify } from '../shell/Notifier';
import { copyPlainText } from './copyText';

/**
 * Copy a non-secret text from a click and say so: "Session ID copied." (the notice is also announced to
 * screen readers), or that it could not be copied.
 */
export function useCopyText(): (text: string, what: string) => void {
  const notify = useNotify();
  return useCallback(
    (text: string, what: string) => {
      void copyPlainText(text).then((copied) =>
        copied
          ? notify(`${what} copied.`)
          : notify(
              `${what} could not be copied: the clipboard refused it. Select the text and copy it instead.`,
              'error',
            ),
      );
    },
    [notify],
  );
}
