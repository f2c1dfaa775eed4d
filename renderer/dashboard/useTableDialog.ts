import { useCallback, useMemo, useState } from 'react';
import { afterClosing, detailsIdOf, type TableDialog } from './tableDialog';

export interface TableDialogState {
  dialog: TableDialog | null;
  /** The session whose details panel shows (also beneath a dialog opened from it). */
  detailsId: string | null;
  /** Opens `next` in place of whatever is open. */
  open(next: TableDialog): void;
  /** Opens the details of this session. */
  showDetails(sessionId: string): void;
  /** Closes the open dialog, back to the details it was opened from if any; on the details, closes them. */
  close(): void;
}

/** The table's one dialog state (see `TableDialog`), with stable functions to change it. */
export function useTableDialog(): TableDialogState {
  const [dialog, setDialog] = useState<TableDialog | null>(null);
  const open = useCallback((next: TableDialog) => setDialog(next), []);
  const showDetails = useCallback((sessionId: string) => setDialog({ kind: 'details', sessionId }), []);
  const close = useCallback(() => setDialog(afterClosing), []);
  return useMemo(
    () => ({ dialog, detailsId: detailsIdOf(dialog), open, showDetails, close }),
    [dialog, open, showDetails, close],
  );
}
