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
  // A live region that is always in the page: one that appears with its text (the snackbar) is not read
  // out reliably. Every notice is announced here too; errors assertively.
  const [announcement, setAnnouncement] = useState({ polite: '', assertive: '' });
  const announce = useCallback((message: string, urgent = false) => {
    setAnnouncement(urgent ? { polite: '', assertive: message } : { polite: message, assertive: '' });
  }, []);
  const notify = useCallback<Notify>(
    (message, severity = 'success') => {
      setNote({ key: Date.now(), message, severity });
      announce(message, severity === 'error');
    },
    [announce],
  );
  return (
    <NotifyContext.Provider value={notify}>
      <AnnounceContext.Provider value={announce}>{children}</AnnounceContext.Provider>
      <div style={visuallyHidden} aria-live="polite" data-testid="announcer">
        {announcement.polite}
      </div>
      <div style={visuallyHidden} aria-live="assertive" data-testid="announcer-urgent">
        {announcement.assertive}
      </div>
      <Snackbar
        key={note?.key}
        open={note !== null}
        autoHideDuration={5000}
        onClose={(_, reason) => reason !== 'clickaway' && setNote(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {note ? (
          // Still a status for tools, but silent: the live regions above speak it (once).
          <Alert severity={note.severity} variant="filled" onClose={() => setNote(null)} role="status" aria-live="off">
            {note.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </NotifyContext.Provider>
  );
}
