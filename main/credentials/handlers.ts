/**
 * The `credentials.*` handlers, and what the clipboard events tell the page: which session's which secret
 * was copied, when it will be cleared, and that it was cleared (or left alone because the user copied
 * something else meanwhile). Only the latest copy is tracked: a new copy replaces the one before.
 */
import type { ClipboardStatus, CredentialKind } from '../../contract';
import type { ClipboardEvent, ClipboardGuard } from '../clipboard/clipboardGuard';
import type { Handlers } from '../router/router';
import type { CredentialsService } from './credentialsService';

export interface ClipboardStatusEvents {
  /** The guard's event: `cleared` or `left` of a copy we made becomes a status; `copied` is told by `copied`. */
  guardEvent(event: ClipboardEvent): void;
  /** A copy is on the clipboard and will be cleared at `clearsAt` (epoch ms). */
  copied(copyId: number, sessionId: string, what: CredentialKind, clearsAt: number): void;
}

export function createClipboardStatusEvents(emit: (status: ClipboardStatus) => void): ClipboardStatusEvents {
  const copies = new Map<number, { sessionId: string; what: CredentialKind; clearsAt: string }>();
  return {
    guardEvent(event) {
      if (event.kind === 'copied') return;
      const copy = copies.get(event.ticket.copyId);
      copies.delete(event.ticket.copyId);
      if (!copy) return;
      emit({ state: event.kind, ...copy, reason: event.reason ?? null });
    },
    copied(copyId, sessionId, what, clearsAt) {
      const at = new Date(clearsAt).toISOString();
      copies.clear();
      copies.set(copyId, { sessionId, what, clearsAt: at });
      emit({ state: 'copied', sessionId, what, clearsAt: at, reason: null });
    },
  };
}

export function createCredentialHandlers(deps: {
  credentials: CredentialsService;
  guard: Pick<ClipboardGuard, 'clearNow'>;
}): Pick<Handlers, 'credentials.copy' | 'credentials.view' | 'credentials.clearClipboard' | 'credentials.audit'> {
  const { credentials, guard } = deps;
  return {
    'credentials.copy': ({ sessionId, what }) => credentials.copy(sessionId, what),
    'credentials.view': ({ sessionId }) => credentials.view(sessionId),
    'credentials.clearClipboard': async () => {
      await guard.clearNow('user');
      return null;
    },
    'credentials.audit': ({ sessionId }) => credentials.audit(sessionId),
  };
}
