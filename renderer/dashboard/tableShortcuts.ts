/** The sessions table's keys, as pure decisions (the hook in useTableShortcuts.ts wires them to the page). */

export type TableShortcut = 'refresh' | 'find';

interface Key {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** F5 refreshes; Ctrl+F (⌘F) goes to the search. */
export function tableShortcut(event: Key): TableShortcut | null {
  if (event.key === 'F5') return 'refresh';
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') return 'find';
  return null;
}

export type CellKeyAction = 'details' | 'toggle';

/** The grid's own columns: the checkbox column handles Space itself. */
export const CHECKBOX_FIELD = '__check__';

/**
 * A key on a grid cell: Enter on the details button opens the details; Space on any other cell toggles the
 * row, as in a file list, so the grid works without a mouse (Shift+Space stays the grid's range selection).
 */
export function cellKeyAction(
  event: { key: string; shiftKey: boolean },
  field: string,
  detailsField: string,
): CellKeyAction | null {
  if (event.key === 'Enter' && field === detailsField) return 'details';
  if (event.key === ' ' && field !== CHECKBOX_FIELD && !event.shiftKey) return 'toggle';
  return null;
}
