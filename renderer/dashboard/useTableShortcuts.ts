import type { GridCellParams, MuiEvent } from '@mui/x-data-grid';
import { useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { DETAILS_FIELD } from './sessionColumns';
import { cellKeyAction, tableShortcut } from './tableShortcuts';

interface Options {
  /** Off while a dialog is open: its keys are its own (F5 still never reloads the page). */
  enabled: boolean;
  refresh(): void;
  searchRef: RefObject<HTMLInputElement | null>;
  showDetails(id: string): void;
  toggle(id: string): void;
}

/**
 * The table's keyboard: F5 and Ctrl+F on the whole window, Enter and Space on grid cells. Returns the grid's
 * `onCellKeyDown` handler, stable across renders.
 */
export function useTableShortcuts(options: Options) {
  const { enabled, refresh, searchRef } = options;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const shortcut = tableShortcut(event);
      // The page must not reload, dialog or not: that would drop the sign-in.
      if (shortcut === 'refresh') event.preventDefault();
      if (!shortcut || !enabled) return;
      if (shortcut === 'refresh') refresh();
      else {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, refresh, searchRef]);

  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });
  return useCallback((params: GridCellParams, event: MuiEvent<KeyboardEvent<HTMLElement>>) => {
    const action = cellKeyAction(event, params.field, DETAILS_FIELD);
    if (!action) return;
    event.defaultMuiPrevented = true;
    if (action === 'details') latest.current.showDetails(String(params.id));
    else {
      event.preventDefault();
      latest.current.toggle(String(params.id));
    }
  }, []);
}
