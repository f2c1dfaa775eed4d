import Alert, { type AlertColor } from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

type Notify = (message: string, severity?: AlertColor) => void;

const NotifyContext = createContext<Notify>(() => undefined);
const AnnounceContext = createContext<(message: string) => void>(() => undefined);

export function useNotify(): Notify {
  return useContext(NotifyContext);
}

/** Says something to screen-reader users only (status changes the eye sees as a changed chip). */
export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** Short confirmations ("Ending 2 sessions") in one corner, one at a time. */
export function NotifierProvider({ children }: { children: ReactNode }) {
  const [note, setNote] = useState<{ key: number; message: string; severity: AlertColor } | null>(null);
  // Notices appear inside a live region that is always in the page (one that appears with its text, as a
  // snackbar does, is not read out reliably). `announce` speaks what is not shown as a notice.
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const notify = useCallback<Notify>((message, severity = 'success') => {
    setNote({ key: Date.now(), message, severity });
  }, []);
  return (
    <NotifyContext.Provider value={notify}>
      <AnnounceContext.Provider value={announce}>{children}</AnnounceContext.Provider>
      <div style={visuallyHidden} aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      <div aria-live="polite" data-testid="notices">
        <Snackbar
          key={note?.key}
          open={note !== null}
          autoHideDuration={5000}
          onClose={(_, reason) => reason !== 'clickaway' && setNote(null)}
          anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        >
          {note ? (
            <Alert severity={note.severity} variant="filled" onClose={() => setNote(null)} role="status">
              {note.message}
            </Alert>
          ) : undefined}
        </Snackbar>
      </div>
    </NotifyContext.Provider>
  );
}
