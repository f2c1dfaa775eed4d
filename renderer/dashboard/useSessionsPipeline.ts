import type { GridPaginationModel, GridRowSelectionModel, GridSortModel } from '@mui/x-data-grid';
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { SessionRow } from '../../contract';
import { perfMark } from '../common/perfMark';
import { filterSessions, noFilters, typesOf, warmSearch, type SessionFilters } from './sessionFilter';
import { clampPage, firstPage, rowsOfPage } from './sessionPaging';
import { noSelection, toggleSelected, visibleSelection } from './sessionSelection';
import { sortSessions } from './sessionSort';

export const defaultSort: GridSortModel = [{ field: 'requestedAt', sort: 'desc' }];

export interface SessionsPipeline {
  /** The search fields as typed. */
  filters: SessionFilters;
  setFilters(filters: SessionFilters): void;
  /** The search the shown rows answer: typing runs ahead of it. */
  applied: SessionFilters;
  sortModel: GridSortModel;
  /** A new order starts on the first page. */
  setSortModel(model: GridSortModel): void;
  /** The page shown (never past the last page that has rows). */
  page: GridPaginationModel;
  setPagination(model: GridPaginationModel): void;
  /** Every row the search lets through, in the table's order (what Download writes). */
  shown: SessionRow[];
  /** The rows of the page shown: all the grid holds. */
  pageRows: SessionRow[];
  /** The selection as the grid shows it: only sessions still there and shown. */
  selection: GridRowSelectionModel;
  /** Those sessions: what End, Lock and View Logs act on. */
  selected: SessionRow[];
  setSelection(model: GridRowSelectionModel): void;
  /** Checks or unchecks one row (Space). Stable. */
  toggle(id: string): void;
  /** The Type filter's choices. */
  typeOptions: string[];
  /** The search field got focus: finish indexing the rows' search text now. Stable. */
  onSearchFocus(): void;
}

/**
 * Filter → sort → page → selection for the sessions table. The free grid re-ingests and re-sorts every row it
 * is given on each change, and its updateRows() takes one row at a time. So filtering, sorting and paging
 * happen here, and the grid holds one page: a poll that changes 1,000 of 10,000 rows costs a sort here and a
 * 100-row render there. Rows are sorted once per delta or sort change, then filtered (filtering keeps the
 * order): a search costs one pass over the indexed search text, not a sort of what it found.
 */
export function useSessionsPipeline(
  rows: SessionRow[],
  find: (id: string) => SessionRow | undefined,
  initialPageSize = 50,
): SessionsPipeline {
  const [filters, setFilters] = useState<SessionFilters>(noFilters);
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: initialPageSize });
  const [selection, setSelection] = useState<GridRowSelectionModel>(noSelection);
  const [sortModel, setSort] = useState<GridSortModel>(defaultSort);

  // The search follows typing with no fixed pause: each key renders the field at once, and the results in a
  // deferred render that React drops when another key arrives, so typing stays responsive and the results
  // follow the last key by one filter of the indexed, pre-sorted rows.
  const applied = useDeferredValue(filters);
  const [appliedBefore, setAppliedBefore] = useState(applied);
  if (appliedBefore !== applied) {
    perfMark('pam:search-settled');
    // A new search starts on the first page. Selected sessions it hides leave the selection for good, so
    // clearing the search does not bring back a selection the user no longer sees. (State adjusted while
    // rendering, so the new page and selection paint with the results, not one render later.)
    setAppliedBefore(applied);
    setPagination(firstPage);
    setSelection((before) => visibleSelection(before, rows, find, applied).model);
  }

  const allSorted = useMemo(() => sortSessions(rows, sortModel), [rows, sortModel]);
  const searchIndex = useRef<ReturnType<typeof warmSearch> | null>(null);
  useEffect(() => {
    const warming = warmSearch(rows);
    searchIndex.current = warming;
    return () => warming.stop();
  }, [rows]);
  const onSearchFocus = useCallback(() => searchIndex.current?.now(), []);
  const typeOptions = useMemo(() => typesOf(rows), [rows]);
  const shown = useMemo(() => filterSessions(allSorted, applied), [allSorted, applied]);
  const page = useMemo(() => clampPage(pagination, shown.length), [pagination, shown.length]);
  const pageRows = useMemo(() => rowsOfPage(shown, page), [shown, page]);
  useLayoutEffect(() => perfMark('pam:rows-shown'), [pageRows]);

  // Sessions that left the feed, or that the search hides (also after a poll changed them), are not
  // selected, so no action targets a row the user cannot see.
  const { model: liveSelection, sessions: selected } = useMemo(
    () => visibleSelection(selection, rows, find, applied),
    [selection, rows, find, applied],
  );

  const latest = useRef({ selection: liveSelection, rows });
  useLayoutEffect(() => {
    latest.current = { selection: liveSelection, rows };
  });
  const toggle = useCallback(
    (id: string) => setSelection(toggleSelected(latest.current.selection, latest.current.rows, id)),
    [],
  );
  const setSortModel = useCallback((model: GridSortModel) => {
    setSort(model);
    setPagination(firstPage);
  }, []);

  return {
    filters,
    setFilters,
    applied,
    sortModel,
    setSortModel,
    page,
    setPagination,
    shown,
    pageRows,
    selection: liveSelection,
    selected,
    setSelection,
    toggle,
    typeOptions,
    onSearchFocus,
  };
}
