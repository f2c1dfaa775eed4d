/**
 * Copy Username, Copy Password and View Password for an activity session.
 *
 * Every action asks the server at that moment (nothing is cached): the session's summary for its state and
 * account, `CanViewPassword`, then `Password` — which is itself the server-side audit. Main writes the
 * clipboard; only View hands the password to the renderer, for the reveal's lifetime. Every attempt, allowed
 * or not, is appended to the local audit trail without the secret.
 */
import type { AuditList, CopyReceipt, CredentialKind, Reveal, SessionRow } from '../../contract';
import type { AuditAction, AuditTrail } from '../audit/auditTrail';
import type { ClipboardGuard } from '../clipboard/clipboardGuard';
import type { NpsSessionApi } from '../nps/npsClient';
import { NpsHttpError } from '../nps/npsErrors';
import { PamError, isPamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import { toSessionRow } from '../sessions/sessionRow';

export const DEFAULT_REVEAL_SECONDS = 20;
const USABLE = new Set<SessionRow['status']>(['available', 'loggedIn']);

export interface CredentialsDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  identity(): { server: string; login: string } | null;
  /** Same value for as long as one sign-in lasts (AuthService.session). */
  session(): number | null;
  guard: ClipboardGuard;
  audit: AuditTrail;
  clearAfterMs(): number;
  /** Remembers which session and kind a copy was, for the clipboard events the UI gets. */
  onCopied?(copyId: number, sessionId: string, what: CredentialKind): void;
  log: Logger;
  now?: () => number;
}

export interface CredentialsService {
  copy(sessionId: string, what: CredentialKind): Promise<CopyReceipt>;
  view(sessionId: string): Promise<Reveal>;
  audit(sessionId: string): Promise<AuditList>;
}

const STATUS_WORDS: Partial<Record<SessionRow['status'], string>> = {
  scheduled: 'scheduled',
  provisioning: 'still being prepared',
  waitingApproval: 'waiting for approval',
  canceling: 'ending',
  complete: 'over',
  failed: 'failed',
  approvalFailed: 'not approved in time',
  approvalDenied: 'denied',
  cancelled: 'cancelled',
  locked: 'locked by an administrator',
};

/** The server's refusals in the user's words; the server's own detail follows when it has one. */
function inUserWords(error: unknown, what: CredentialKind): unknown {
  if (!isPamError(error)) return error;
  const detail = error instanceof NpsHttpError && error.detail ? ` (${error.detail})` : '';
  switch (error.code) {
    case 'forbidden':
      return new PamError('forbidden', `You may not see the ${what} of this session${detail}.`, { cause: error });
    case 'conflict':
      return new PamError(
        'conflict',
        `The ${what} is not available any more: the session is no longer available or logged in${detail}.`,
        { cause: error },
      );
    case 'not_found':
      return new PamError('not_found', 'This session no longer exists on the server.', { cause: error });
    default:
      return error;
  }
}

export function createCredentialsService(deps: CredentialsDeps): CredentialsService {
  const now = deps.now ?? Date.now;

  async function record(
    row: Pick<SessionRow, 'id' | 'host' | 'loginAccount'>,
    action: AuditAction,
    outcome: 'ok' | 'refused' | 'failed',
    detail: string,
  ) {
    const who = deps.identity();
    try {
      await deps.audit.record({
        server: who?.server ?? '',
        user: who?.login ?? '',
        sessionId: row.id,
        host: row.host,
        loginAccount: row.loginAccount,
        action,
        outcome,
        detail: detail.slice(0, 500),
      });
    } catch (error) {
      deps.log.error(`[credentials] could not write the audit trail: ${(error as Error).message}`);
    }
  }

  /** The session as the server sees it now, and the password when `withPassword`; refusals are audited. */
  async function fetch(
    sessionId: string,
    action: AuditAction,
    withPassword: boolean,
  ): Promise<{ row: SessionRow; password: string | null }> {
    const what: CredentialKind = action === 'copyUsername' ? 'username' : 'password';
    const unknownRow = { id: sessionId, host: '', loginAccount: '' };
    let row: SessionRow;
    let allowed = true;
    try {
      const [summary, can] = await Promise.all([
        deps.call((api) => api.summaryById(sessionId)),
        withPassword ? deps.call((api) => api.canViewPassword(sessionId)) : Promise.resolve(true),
      ]);
      row = toSessionRow(summary, now());
      allowed = can;
    } catch (error) {
      const typed = inUserWords(error, what);
      await record(
        unknownRow,
        action,
        isPamError(typed) && typed.code !== 'unauthorized' ? 'refused' : 'failed',
        isPamError(typed) ? typed.code : 'error',
      );
      throw typed;
    }
    if (!USABLE.has(row.status)) {
      const message = `The session on ${row.host || 'this host'} is ${STATUS_WORDS[row.status] ?? row.status}: credentials can be used only while it is Available or Logged In.`;
      await record(row, action, 'refused', `session ${row.npsStatus}`);
      throw new PamError('conflict', message);
    }
    if (!withPassword) return { row, password: null };
    if (!row.canViewPassword || !allowed) {
      await record(
        row,
        action,
        'refused',
        row.canViewPassword ? 'server refused (CanViewPassword)' : 'policy forbids password access',
      );
      throw new PamError(
        'forbidden',
        row.canViewPassword
          ? 'The server does not allow you to see this password now.'
          : "This session's access policy does not allow password access.",
      );
    }
    try {
      return { row, password: await deps.call((api) => api.password(sessionId)) };
    } catch (error) {
      const typed = inUserWords(error, what);
      await record(
        row,
        action,
        isPamError(typed) && ['forbidden', 'conflict', 'not_found'].includes(typed.code) ? 'refused' : 'failed',
        isPamError(typed) ? typed.code : 'error',
      );
      throw typed;
    }
  }

  /** A copy or view that finishes after the user signed out (or in again) leaves nothing behind. */
  async function refuseIfSignedOutMeanwhile(
    signedIn: number | null,
    row: SessionRow,
    action: AuditAction,
  ): Promise<void> {
    if (signedIn !== null && deps.session() === signedIn) return;
    await record(row, action, 'refused', 'signed out meanwhile');
    throw new PamError('unauthorized', 'You signed out meanwhile: nothing was copied or shown.');
  }

  return {
    async copy(sessionId, what) {
      const action: AuditAction = what === 'username' ? 'copyUsername' : 'copyPassword';
      const signedIn = deps.session();
      const { row, password } = await fetch(sessionId, action, what === 'password');
      await refuseIfSignedOutMeanwhile(signedIn, row, action);
      const text = what === 'username' ? row.loginAccount : (password as string);
      if (!text) {
        await record(row, action, 'failed', 'empty value');
        throw new PamError('bad_response', `The server sent no ${what} for this session.`);
      }
      const clearAfterMs = deps.clearAfterMs();
      let ticket;
      try {
        ticket = await deps.guard.copySecret(text, what, clearAfterMs);
      } catch (error) {
        await record(row, action, 'failed', 'clipboard write failed');
        deps.log.error(`[credentials] writing the clipboard failed: ${(error as Error).message}`);
        throw new PamError('internal', 'The clipboard could not be written. Try again.');
      }
      deps.onCopied?.(ticket.copyId, sessionId, what);
      await record(row, action, 'ok', `clipboard cleared after ${Math.round(clearAfterMs / 1000)} s`);
      deps.log.info(`[credentials] copied the ${what} of session ${sessionId}`);
      return {
        sessionId,
        what,
        copiedAt: new Date(ticket.copiedAt).toISOString(),
        clearsAt: new Date(ticket.clearsAt).toISOString(),
        clearAfterSeconds: Math.round(clearAfterMs / 1000),
      };
    },

    async view(sessionId) {
      const signedIn = deps.session();
      const { row, password } = await fetch(sessionId, 'viewPassword', true);
      await refuseIfSignedOutMeanwhile(signedIn, row, 'viewPassword');
      const seconds = row.viewPasswordInSeconds > 0 ? Math.round(row.viewPasswordInSeconds) : DEFAULT_REVEAL_SECONDS;
      await record(row, 'viewPassword', 'ok', `shown for ${seconds} s`);
      deps.log.info(`[credentials] revealed the password of session ${sessionId} for ${seconds} s`);
      return { sessionId, loginAccount: row.loginAccount, password: password as string, seconds };
    },

    async audit(sessionId) {
      const { entries } = await deps.audit.forSession(sessionId);
      return {
        sessionId,
        entries: entries.map(({ at, user, action, outcome, detail }) => ({ at, user, action, outcome, detail })),
      };
    },
  };
}
