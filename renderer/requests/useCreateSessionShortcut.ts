import { useEffect } from 'react';

/**
 * Alt+N opens Create Session from anywhere (Ctrl+N belongs to the browser in browser mode and cannot be
 * taken from it). `code` rather than `key`: on macOS Option+N types a dead key.
 */
export function useCreateSessionShortcut(open: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === 'KeyN') {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}
