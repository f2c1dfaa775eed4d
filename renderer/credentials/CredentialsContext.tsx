/**
 * Copy Username, Copy Password and View Password for the signed-in frame.
 *
 * Copies are done by main: the renderer never holds a copied value, only what was copied and until when
 * (for the countdown). The one secret that reaches the renderer is a revealed password, and only in the
 * reveal's state: it is dropped when the countdown ends, when the window is hidden or loses focus, and
 * when the frame unmounts (sign-out).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ClipboardStatus, CredentialKind, SessionRow } from '../../contract';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';
import { ClipboardCountdown } from './ClipboardCountdown';
import { PasswordReveal, type RevealState } from './PasswordReveal';

export interface CredentialActions {
  /** Resolves whether the value is on the clipboard; failures are told to the user here. */
  copy(row: SessionRow, what: CredentialKind): Promise<boolean>;
  view(row: SessionRow): Promise<void>;
  /** `<session id>:<action>` while that action runs. */
  busy: string | null;
}

const ActionsContext = createContext<CredentialActions | null>(null);
/** Bumped after every copy or view, so open audit lists reload (apart, so the row icons do not re-render). */
const AuditVersionContext = createContext(0);

export function useCredentialActions(): CredentialActions {
  const api = useContext(ActionsContext);
  if (!api) throw new Error('useCredentialActions() used outside <CredentialsProvider>');
  return api;
}

export function useAuditVersion(): number {
  return useContext(AuditVersionContext);
}

const LABEL: Record<CredentialKind, string> = { username: 'Username', password: 'Password' };

export function CredentialsProvider({ children }: { children: ReactNode }) {
  const pam = usePam();
  const notify = useNotify();
  const [busy, setBusy] = useState<string | null>(null);
  const [auditVersion, setAuditVersion] = useState(0);
  const [reveal, setReveal] = useState<RevealState | null>(null);
  const [clipboard, setClipboard] = useState<ClipboardStatus | null>(null);

  useEffect(() => pam.credentials.onClipboard(setClipboard), [pam]);
  // Signing out or having to sign in again hides a reveal at once.
  useEffect(() => pam.auth.onChanged((state) => state.status !== 'signedIn' && setReveal(null)), [pam]);

  // A reveal never outlives the user's attention: hidden window, focus elsewhere, or its time.
  useEffect(() => {
    if (!reveal) return;
    const hide = () => setReveal(null);
    const onVisibility = () => document.visibilityState === 'hidden' && hide();
    const timer = setTimeout(hide, Math.max(0, reveal.endsAt - Date.now()));
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('blur', hide);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('blur', hide);
    };
  }, [reveal]);

  const copy = useCallback(
    async (row: SessionRow, what: CredentialKind) => {
      setBusy(`${row.id}:${what}`);
      try {
        const receipt = await pam.credentials.copy({ sessionId: row.id, what });
        setClipboard({ state: 'copied', sessionId: row.id, what, clearsAt: receipt.clearsAt, reason: null });
        return true;
      } catch (error) {
        const problem = describeError(error);
        notify(`${LABEL[what]} not copied: ${problem.detail || problem.title}`, 'error');
        return false;
      } finally {
        setBusy(null);
        setAuditVersion((n) => n + 1);
      }
    },
    [pam, notify],
  );

  const view = useCallback(
    async (row: SessionRow) => {
      setBusy(`${row.id}:view`);
      try {
        const shown = await pam.credentials.view({ sessionId: row.id });
        setReveal({ row, password: shown.password, seconds: shown.seconds, endsAt: Date.now() + shown.seconds * 1000 });
      } catch (error) {
        const problem = describeError(error);
        notify(`Password not shown: ${problem.detail || problem.title}`, 'error');
      } finally {
        setBusy(null);
        setAuditVersion((n) => n + 1);
      }
    },
    [pam, notify],
  );

  const actions = useMemo<CredentialActions>(() => ({ copy, view, busy }), [copy, view, busy]);
  return (
    <ActionsContext.Provider value={actions}>
      <AuditVersionContext.Provider value={auditVersion}>
        {children}
        {reveal && <PasswordReveal reveal={reveal} onHide={() => setReveal(null)} />}
        <ClipboardCountdown
          status={clipboard}
          onClearNow={() => void pam.credentials.clearClipboard().catch(() => undefined)}
        />
      </AuditVersionContext.Provider>
    </ActionsContext.Provider>
  );
}
