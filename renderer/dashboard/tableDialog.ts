import type { Decision, SessionRow } from '../../contract';

/**
 * What is open over the sessions table: nothing, the details panel, or one dialog. A dialog opened from the
 * details panel (its logs, Extend) names the session in `over`, so closing it goes back to those details
 * instead of to the table. One value instead of a state per dialog: no two dialogs can be open at once, and
 * a new dialog is one more case here and in `SessionsTableDialogs`.
 */
export type TableDialog =
  | { kind: 'details'; sessionId: string }
  | { kind: 'logs'; session: SessionRow; over?: string }
  | { kind: 'extending'; session: SessionRow; over?: string }
  | { kind: 'ending'; sessions: SessionRow[] }
  | { kind: 'locking'; sessions: SessionRow[]; lock: boolean }
  | { kind: 'deciding'; decision: Decision; sessions: SessionRow[]; over?: string }
  | { kind: 'choosingView' };

/** The session whose details panel shows: the one open, or the one the open dialog was opened from. */
export function detailsIdOf(dialog: TableDialog | null): string | null {
  if (!dialog) return null;
  if (dialog.kind === 'details') return dialog.sessionId;
  return ('over' in dialog && dialog.over) || null;
}

/** What shows once `dialog` closes: the details it was opened over, else the table alone. */
export function afterClosing(dialog: TableDialog | null): TableDialog | null {
  const over = dialog && dialog.kind !== 'details' ? detailsIdOf(dialog) : null;
  return over ? { kind: 'details', sessionId: over } : null;
}
