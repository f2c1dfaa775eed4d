import type { GridRowSelectionModel } from '@mui/x-data-grid';
import type { SessionRow } from '../../contract';
import { filterSessions, type SessionFilters } from './sessionFilter';

export const noSelection: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** The ids a selection model stands for among `rows` (an exclude model means every row but those). */
export function selectedIds(model: GridRowSelectionModel, rows: readonly SessionRow[]): Set<string> {
  if (model.type === 'include') return new Set([...model.ids].map(String));
  return new Set(rows.filter((row) => !model.ids.has(row.id)).map((row) => row.id));
}

export interface VisibleSelection {
  /** The selection as the grid should show it: only sessions that are still there and match the search. */
  model: GridRowSelectionModel;
  /** Those sessions: what the count says and what End, Lock and View Logs act on. */
  sessions: SessionRow[];
}

/**
 * A session the search hides, or that left the feed, is not selected: a user acts only on what they can see
 * checked. The model is returned unchanged (same object) when nothing was dropped, so the grid does not
 * re-render for nothing.
 */
export function visibleSelection(
  model: GridRowSelectionModel,
  rows: readonly SessionRow[],
  find: (id: string) => SessionRow | undefined,
  filters: SessionFilters,
): VisibleSelection {
  const ids = selectedIds(model, rows);
  const sessions = filterSessions(
    [...ids].flatMap((id) => find(id) ?? []),
    filters,
  );
  const unchanged = model.type === 'include' && sessions.length === model.ids.size;
  return {
    model: unchanged ? model : { type: 'include', ids: new Set(sessions.map((session) => session.id)) },
    sessions,
  };
}

/** `model` with `id` checked if it was not and unchecked if it was (Space on a row), as an include model. */
export function toggleSelected(
  model: GridRowSelectionModel,
  rows: readonly SessionRow[],
  id: string,
): GridRowSelectionModel {
  const ids = selectedIds(model, rows);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { type: 'include', ids };
}
