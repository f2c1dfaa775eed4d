import { useEffect, useState } from 'react';
import type { SessionRow, SessionScope } from '../../contract';
import { useFocusTarget } from '../notifications/sessionFocus';
import type { TableDialogState } from './useTableDialog';

/**
 * A clicked notification about one of the user's sessions: its details (and Extend), once its row is here.
 * Adjusted while rendering (React's pattern for state that follows a changing input), then marked done.
 */
export function useNoticeFocus(
  scope: SessionScope,
  find: (id: string) => SessionRow | undefined,
  dialogs: TableDialogState,
) {
  const [focusTarget, sessionFocus] = useFocusTarget();
  const [focusedSeq, setFocusedSeq] = useState(0);
  if (focusTarget && scope === 'mine' && focusTarget.seq !== focusedSeq) {
    const row = find(focusTarget.sessionId);
    if (row) {
      setFocusedSeq(focusTarget.seq);
      dialogs.open(
        focusTarget.action === 'extend'
          ? { kind: 'extending', session: row, over: row.id }
          : { kind: 'details', sessionId: row.id },
      );
    }
  }
  useEffect(() => {
    if (focusTarget?.seq === focusedSeq) sessionFocus.done(focusedSeq);
  }, [focusTarget, focusedSeq, sessionFocus]);
}
