import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { alpha, type SxProps, type Theme } from '@mui/material/styles';
import {
  DataGrid,
  type GridCellParams,
  type GridColumnResizeParams,
  type GridColumnVisibilityModel,
  type MuiEvent,
  type GridPaginationModel,
  type GridRowSelectionModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import {
  type KeyboardEvent as ReactKeyboardEvent,
  createContext,
  useCallback,
  useContext,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Decision, SessionRow, SessionScope } from '../../contract';
import { csvFileName, toCsv } from '../common/csv';
import { downloadText } from '../common/downloadFile';
import { describeError } from '../common/errorMessages';
import { formatTime } from '../common/formatDate';
import { perfMark } from '../common/perfMark';
import { LockSessionsDialog } from '../admin/LockSessionsDialog';
import { usePam } from '../pam';
import { SessionLogsDialog } from '../sessionLogs/SessionLogsDialog';
import { useNotify } from '../shell/Notifier';
import { useAnnounceStatusChanges } from './useAnnounceStatusChanges';
import { useFeedStatus } from '../shell/useFeedStatus';
import { EndSessionsDialog } from './EndSessionsDialog';
import { ChangedRowsContext, DETAILS_FIELD, buildColumns } from './sessionColumns';
import { sessionFields, type ColumnLayout } from './sessionFields';
import { filterSessions, hasFilters, noFilters, typesOf, warmSearch, type SessionFilters } from './sessionFilter';
import { SessionDetailsPanel } from './SessionDetailsPanel';
import { noSelection, selectedIds, visibleSelection } from './sessionSelection';
import { ExtendSessionDialog, canExtend } from '../requests/ExtendSessionDialog';
import { useFocusTarget } from '../notifications/sessionFocus';
import { decidesRequests, selectionVerdict, type Viewer } from './sessionActions';
import { SessionDecisionDialog, type DecideTarget } from './DecideButtons';
import { SessionViewerContext } from './sessionViewer';
import { formatDateTime } from '../common/formatDate';
import { usePublishSessionRows } from '../credentials/sessionRows';
import { sortSessions } from './sessionSort';
import { SessionsToolbar } from './SessionsToolbar';
import { SideScrollHint } from './SideScrollHint';
import { useSessionFeed } from './useSessionFeed';
import { useViewPrefs } from './useViewPrefs';
import { ViewChooserDialog } from './ViewChooserDialog';

export interface SessionsTableProps {
  scope: SessionScope;
  title: string;
  /** The signed-in server (shared session links name it). */
  serverUrl: string;
  /** Preferences key for this table's columns (`<server>|<login>|<view>`). */
  prefsKey: string;
  defaultLayout: ColumnLayout[];
  /** Administrator tools: user and activity filters, Lock and Unlock. */
  admin: boolean;
  emptyTitle: string;
  emptyHint: string;
  /** Offers Create Session in the toolbar. */
  onCreateSession?: () => void;
  /** The signed-in user, where the rows are everybody's (scope `all`): actions depend on whose they are. */
  viewer?: Viewer;
}

const PAGE_SIZES = [25, 50, 100];
const defaultSort: GridSortModel = [{ field: 'requestedAt', sort: 'desc' }];

/** Module-level so the grid's styles are not rebuilt on every poll. */
export const gridSx: SxProps<Theme> = (theme) => ({
  border: 0,
  borderTop: 1,
  borderColor: 'divider',
  borderRadius: 0,
  '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 },
  '& .details-cell': { px: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', textOverflow: 'clip' },
  '& .status-cell': { display: 'flex', alignItems: 'center', gap: '4px', height: '100%' },
  '& .credentials-cell': { display: 'flex', alignItems: 'center', gap: '2px', height: '100%' },
  // Narrow date columns (the defaults at 1024 px) wrap date and time onto two lines instead of cutting them.
  '& .date-cell': { whiteSpace: 'normal', lineHeight: 1.15, display: 'flex', alignItems: 'center' },
  '& .id-cell-content': { display: 'flex', alignItems: 'center', gap: '4px', height: '100%' },
  '& .id-text': { fontFamily: 'ui-monospace, monospace', fontSize: 12 },
  // Sideways scrolling is obvious: a scrollbar that is always there and easy to grab.
  '& .MuiDataGrid-scrollbar--horizontal': {
    scrollbarWidth: 'auto',
    scrollbarColor: `${theme.palette.action.active} transparent`,
  },
  '& .details-button:disabled': { cursor: 'default', opacity: 0.6 },
  '& .details-button': {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: 28,
    height: 28,
    padding: 0,
    border: 0,
    borderRadius: '50%',
    background: 'transparent',
    color: theme.palette.action.active,
    cursor: 'pointer',
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 1 },
  },
  // A row whose status just changed is tinted while its "changed" icon shows.
  '& .MuiDataGrid-row:has([data-changed])': { backgroundColor: alpha(theme.palette.info.main, 0.1) },
  '& .MuiDataGrid-row:has([data-changed]):hover': { backgroundColor: alpha(theme.palette.info.main, 0.16) },
  '& .visually-hidden': { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' },
});

const gridSlots = { noRowsOverlay: NoRowsOverlay };

interface EmptyState {
  filtered: boolean;
  title: string;
  hint: string;
  clear(): void;
}
const EmptyStateContext = createContext<EmptyState>({ filtered: false, title: '', hint: '', clear: () => undefined });

function NoRowsOverlay() {
  const empty = useContext(EmptyStateContext);
  return (
    // No role here: the grid may hold only rows; the count beside the title (a live region) says it.
    <Box
      sx={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 1,
        p: 3,
        textAlign: 'center',
      }}
    >
      <Typography variant="h6" component="p">
        {empty.filtered ? 'No sessions match your search' : empty.title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 460 }}>
        {empty.filtered ? 'Change or clear the search to see more sessions.' : empty.hint}
      </Typography>
      {empty.filtered && (
        <Button variant="outlined" onClick={empty.clear} sx={{ pointerEvents: 'auto' }}>
          Clear search
        </Button>
      )}
    </Box>
  );
}

export function SessionsTable(props: SessionsTableProps) {
  const pam = usePam();
  const notify = useNotify();
  const feedStatus = useFeedStatus();
  const feed = useSessionFeed(props.scope);
  usePublishSessionRows(feed.rows);
  const view = useViewPrefs(props.prefsKey, props.defaultLayout);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridBox = useRef<HTMLDivElement>(null);

  const [filters, setFilters] = useState<SessionFilters>(noFilters);
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const [selection, setSelection] = useState<GridRowSelectionModel>(noSelection);
  const { find } = feed;
  // The search follows typing with no fixed pause: each key renders the field at once, and the results in a
  // deferred render that React drops when another key arrives, so typing stays responsive and the results
  // follow the last key by one filter of the indexed, pre-sorted rows (see sortedRows below).
  const settledFilters = useDeferredValue(filters);
  const [appliedFilters, setAppliedFilters] = useState(settledFilters);
  if (appliedFilters !== settledFilters) {
    perfMark('pam:search-settled');
    // A new search starts on the first page. Selected sessions it hides leave the selection for good, so
    // clearing the search does not bring back a selection the user no longer sees. (State adjusted while
    // rendering, so the new page and selection paint with the results, not one render later.)
    setAppliedFilters(settledFilters);
    setPagination((before) => (before.page ? { ...before, page: 0 } : before));
    setSelection((before) => visibleSelection(before, feed.rows, find, settledFilters).model);
  }
  const [sortModel, setSortModel] = useState<GridSortModel>(defaultSort);
  const [detailsId, setDetailsId] = useState<string | null>(null);
  const [logsFor, setLogsFor] = useState<SessionRow | null>(null);
  const [ending, setEnding] = useState<SessionRow[] | null>(null);
  const [locking, setLocking] = useState<{ sessions: SessionRow[]; lock: boolean } | null>(null);
  const [extending, setExtending] = useState<SessionRow | null>(null);
  const [deciding, setDeciding] = useState<DecideTarget | null>(null);
  const [choosingView, setChoosingView] = useState(false);
  const [refreshing, setRefreshing] = useState(false);

  // A clicked notification about one of the user's sessions: its details (and Extend), once its row is here.
  // Adjusted while rendering (React's pattern for state that follows a changing input), then marked done.
  const [focusTarget, sessionFocus] = useFocusTarget();
  const [focusedSeq, setFocusedSeq] = useState(0);
  if (focusTarget && props.scope === 'mine' && focusTarget.seq !== focusedSeq) {
    const row = find(focusTarget.sessionId);
    if (row) {
      setFocusedSeq(focusTarget.seq);
      setDetailsId(row.id);
      if (focusTarget.action === 'extend') setExtending(row);
    }
  }
  useEffect(() => {
    if (focusTarget?.seq === focusedSeq) sessionFocus.done(focusedSeq);
  }, [focusTarget, focusedSeq, sessionFocus]);

  // The free grid re-ingests and re-sorts every row it is given on each change, and its updateRows()
  // takes one row at a time. So filter, sort and paging happen here, and the grid holds one page:
  // a poll that changes 1,000 of 10,000 rows costs a sort here and a 100-row render there.
  // Sorted once per delta or sort change, then filtered (filtering keeps the order): a search costs one
  // pass over the indexed search text, not a sort of what it found.
  const allSorted = useMemo(() => sortSessions(feed.rows, sortModel), [feed.rows, sortModel]);
  const searchIndex = useRef<ReturnType<typeof warmSearch> | null>(null);
  useEffect(() => {
    const warming = warmSearch(feed.rows);
    searchIndex.current = warming;
    return () => warming.stop();
  }, [feed.rows]);
  const onSearchFocus = useCallback(() => searchIndex.current?.now(), []);
  const typeOptions = useMemo(() => typesOf(feed.rows), [feed.rows]);
  useAnnounceStatusChanges(feed.changed, find);
  const sortedRows = useMemo(() => filterSessions(allSorted, settledFilters), [allSorted, settledFilters]);
  const shownRows = sortedRows;
  // Past the end after a search or rows leaving: show the last page that has rows.
  const lastPage = Math.max(0, Math.ceil(sortedRows.length / pagination.pageSize) - 1);
  const page = useMemo<GridPaginationModel>(
    () => (pagination.page > lastPage ? { ...pagination, page: lastPage } : pagination),
    [pagination, lastPage],
  );
  const pageRows = useMemo(
    () => sortedRows.slice(page.page * page.pageSize, (page.page + 1) * page.pageSize),
    [sortedRows, page],
  );
  useLayoutEffect(() => perfMark('pam:rows-shown'), [pageRows]);

  // Sessions that left the feed, or that the search hides (also after a poll changed them), are not
  // selected, so no action targets a row the user cannot see.
  const { model: liveSelection, sessions: selected } = useMemo(
    () => visibleSelection(selection, feed.rows, find, settledFilters),
    [selection, feed.rows, find, settledFilters],
  );

  const columns = useMemo(
    () => buildColumns(view.layout, view.widths, setDetailsId, setDeciding),
    [view.layout, view.widths],
  );
  const visibility = useMemo<GridColumnVisibilityModel>(
    () => Object.fromEntries(view.layout.map((column) => [column.field, column.visible])),
    [view.layout],
  );

  // Stable handlers: a poll re-renders this component, and the grid re-renders less when its props stay the same.
  const latest = useRef({ selection: liveSelection, rows: feed.rows, view });
  useLayoutEffect(() => {
    latest.current = { selection: liveSelection, rows: feed.rows, view };
  });
  const onVisibilityChange = useCallback((model: GridColumnVisibilityModel) => {
    const { view: current } = latest.current;
    current.setLayout(current.layout.map((column) => ({ ...column, visible: model[column.field] !== false })));
  }, []);
  const onWidthChange = useCallback((params: GridColumnResizeParams) => {
    const { view: current } = latest.current;
    current.setWidth(params.colDef.field, params.width);
  }, []);
  const onSortChange = useCallback((model: GridSortModel) => {
    setSortModel(model);
    setPagination((before) => ({ ...before, page: 0 }));
  }, []);
  const onCellKeyDown = useCallback((params: GridCellParams, event: MuiEvent<ReactKeyboardEvent<HTMLElement>>) => {
    if (event.key === 'Enter' && params.field === DETAILS_FIELD) {
      event.defaultMuiPrevented = true;
      setDetailsId(String(params.id));
    } else if (event.key === ' ' && params.field !== '__check__' && !event.shiftKey) {
      // Space toggles the focused row, as in a file list, so the grid works without a mouse.
      event.defaultMuiPrevented = true;
      event.preventDefault();
      const ids = selectedIds(latest.current.selection, latest.current.rows);
      const id = String(params.id);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      setSelection({ type: 'include', ids });
    }
  }, []);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    try {
      await pam.refreshSessions();
    } catch (failure) {
      const problem = describeError(failure);
      notify(`${problem.title}. ${problem.hint}`, 'error');
    } finally {
      setRefreshing(false);
    }
  }, [pam, notify]);

  const dialogOpen = Boolean(ending || locking || logsFor || choosingView || detailsId || extending || deciding);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F5') {
        event.preventDefault(); // the page must not reload: that would drop the sign-in
        if (!dialogOpen) void refresh();
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f' && !dialogOpen) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [refresh, dialogOpen]);

  /** What is shown: the visible columns in their order, every page, the current search and sort. */
  const downloadCsv = () => {
    const fields = view.layout
      .filter((column) => column.visible)
      .flatMap((column) => sessionFields[column.field] ?? []);
    const text = toCsv(
      fields.map((field) => field.header),
      sortedRows.map((row) => fields.map((field) => field.text(row))),
    );
    downloadText(csvFileName(props.scope === 'all' ? 'pam-all-sessions' : 'pam-active-sessions'), text);
  };

  // What the selection allows (sessionActions): the toolbar offers only that, and says why not.
  const viewer = props.scope === 'mine' ? null : (props.viewer ?? null);
  const verdicts = useMemo(
    () => ({
      end: selectionVerdict(selected, viewer, 'end'),
      extend: selectionVerdict(selected, viewer, 'extend'),
      lock: selectionVerdict(selected, viewer, 'lock'),
      unlock: selectionVerdict(selected, viewer, 'unlock'),
      approve: selectionVerdict(selected, viewer, 'approve'),
      deny: selectionVerdict(selected, viewer, 'deny'),
    }),
    [selected, viewer],
  );
  const actions = useRef({ refresh, downloadCsv, selected, verdicts });
  useLayoutEffect(() => {
    actions.current = { refresh, downloadCsv, selected, verdicts };
  });
  // Created once: the toolbar is memoised and need not re-render on every poll.
  const toolbarActions = useMemo(
    () => ({
      refresh: () => void actions.current.refresh(),
      end: () => setEnding(actions.current.verdicts.end.allowed),
      viewLogs: () => actions.current.selected[0] && setLogsFor(actions.current.selected[0]),
      extend: () => actions.current.selected[0] && setExtending(actions.current.selected[0]),
      lock: (lock: boolean) =>
        setLocking({ sessions: actions.current.verdicts[lock ? 'lock' : 'unlock'].allowed, lock }),
      view: () => setChoosingView(true),
      download: () => actions.current.downloadCsv(),
      decide: (decision: Decision) => setDeciding({ decision, sessions: actions.current.verdicts[decision].allowed }),
    }),
    [],
  );

  const empty = useMemo<EmptyState>(
    () => ({
      filtered: feed.rows.length > 0 && hasFilters(settledFilters),
      title: props.emptyTitle,
      hint: props.emptyHint,
      clear: () => setFilters(noFilters),
    }),
    [feed.rows.length, settledFilters, props.emptyTitle, props.emptyHint],
  );

  // The grid shows its loading overlay until the rows and the saved view are both in; the count says so too
  // (a row clicked while the view's columns arrive could lose the click).
  const loading = feed.loading || !view.ready;
  const countText = loading
    ? 'Loading…'
    : shownRows.length === feed.rows.length
      ? `${feed.rows.length.toLocaleString()} ${feed.rows.length === 1 ? 'session' : 'sessions'}`
      : `${shownRows.length.toLocaleString()} of ${feed.rows.length.toLocaleString()} sessions`;

  const loadProblem = feed.error ? describeError(feed.error) : null;
  const details = detailsId ? (find(detailsId) ?? null) : null;

  return (
    <SessionViewerContext.Provider value={viewer}>
      <Paper
        variant="outlined"
        sx={{ height: '100%', display: 'flex', flexDirection: 'column', minHeight: 0 }}
        // The search the shown rows answer (the benchmark waits for it; typing runs ahead of it).
        data-search-applied={settledFilters.text}
      >
        <SessionsToolbar
          title={props.title}
          countText={countText}
          selectedCount={selected.length}
          admin={props.admin}
          filters={filters}
          onFilters={setFilters}
          searchRef={searchRef}
          onSearchFocus={onSearchFocus}
          typeOptions={typeOptions}
          refreshing={refreshing}
          onRefresh={toolbarActions.refresh}
          onEnd={toolbarActions.end}
          onViewLogs={toolbarActions.viewLogs}
          onCreate={props.onCreateSession}
          onExtend={toolbarActions.extend}
          canExtend={selected.length === 1 && canExtend(selected[0]!, viewer)}
          refusals={{
            end: verdicts.end.allowed.length ? '' : verdicts.end.reason,
            extend: selected.length > 1 ? 'Extend one session at a time.' : verdicts.extend.reason,
            lock: verdicts.lock.allowed.length ? '' : verdicts.lock.reason,
            unlock: verdicts.unlock.allowed.length ? '' : verdicts.unlock.reason,
          }}
          onLock={toolbarActions.lock}
          onView={toolbarActions.view}
          onDownload={toolbarActions.download}
          canDownload={sortedRows.length > 0}
          decisions={
            decidesRequests(viewer)
              ? {
                  approve: verdicts.approve.allowed.length ? '' : verdicts.approve.reason,
                  deny: verdicts.deny.allowed.length ? '' : verdicts.deny.reason,
                }
              : undefined
          }
          onDecide={toolbarActions.decide}
        />
        {feedStatus.state === 'offline' && (
          <Alert severity="warning" sx={{ mx: 1.5, mb: 1 }} role="alert">
            <strong>Can’t reach the server — retrying.</strong> The table shows the sessions as of{' '}
            {formatTime(feedStatus.lastSuccessAt ?? feed.fetchedAt) || 'the last successful refresh'}. Ending or locking
            sessions needs the server, so wait until this message goes away.
          </Alert>
        )}
        {feedStatus.state === 'error' && (
          <Alert severity="error" sx={{ mx: 1.5, mb: 1 }} role="alert">
            <strong>The session list could not be updated.</strong> {feedStatus.message}
          </Alert>
        )}
        {loadProblem && !feed.rows.length ? (
          <Alert
            severity="error"
            sx={{ m: 1.5 }}
            role="alert"
            action={
              <Button color="inherit" onClick={feed.retry}>
                Retry
              </Button>
            }
          >
            <strong>The sessions could not be loaded: {loadProblem.title.toLowerCase()}.</strong> {loadProblem.hint}
          </Alert>
        ) : (
          <Box ref={gridBox} sx={{ flex: 1, minHeight: 0, px: 0, position: 'relative' }}>
            {pageRows.length > 0 && <SideScrollHint container={gridBox} />}
            <ChangedRowsContext.Provider value={feed.changed}>
              <EmptyStateContext.Provider value={empty}>
                <DataGrid<SessionRow>
                  aria-label={props.title}
                  rows={pageRows}
                  rowCount={sortedRows.length}
                  paginationMode="server"
                  sortingMode="server"
                  sortModel={sortModel}
                  onSortModelChange={onSortChange}
                  columns={columns}
                  loading={loading}
                  density="compact"
                  checkboxSelection
                  hideFooterSelectedRowCount
                  keepNonExistentRowsSelected
                  // "Select all" must mean the rows on this page, spelled out: an exclude model would read
                  // as every loaded session, across pages and the search, for End and Lock.
                  disableRowSelectionExcludeModel
                  rowSelectionModel={liveSelection}
                  onRowSelectionModelChange={setSelection}
                  columnVisibilityModel={visibility}
                  onColumnVisibilityModelChange={onVisibilityChange}
                  onColumnWidthChange={onWidthChange}
                  pagination
                  paginationModel={page}
                  onPaginationModelChange={setPagination}
                  pageSizeOptions={PAGE_SIZES}
                  disableColumnFilter
                  disableColumnSelector
                  onCellKeyDown={onCellKeyDown}
                  slots={gridSlots}
                  sx={gridSx}
                />
              </EmptyStateContext.Provider>
            </ChangedRowsContext.Provider>
          </Box>
        )}

        <SessionDetailsPanel
          session={details}
          serverUrl={props.serverUrl}
          onClose={() => setDetailsId(null)}
          onViewLogs={(session) => setLogsFor(session)}
          onExtend={(session) => setExtending(session)}
          onDecide={(session, decision) => setDeciding({ decision, sessions: [session] })}
          canWatch={props.scope === 'all'}
        />
        {extending && (
          <ExtendSessionDialog
            session={extending}
            onClose={() => setExtending(null)}
            onExtended={(endAt) => {
              setExtending(null);
              notify(`Extended. The session now ends at ${formatDateTime(endAt) || 'its new time'}.`);
            }}
          />
        )}
        {deciding && (
          <SessionDecisionDialog
            target={deciding}
            onClose={() => setDeciding(null)}
            onDecided={() => setSelection(noSelection)}
          />
        )}
        {logsFor && <SessionLogsDialog session={logsFor} onClose={() => setLogsFor(null)} />}
        {ending && (
          <EndSessionsDialog
            sessions={ending}
            onClose={() => setEnding(null)}
            onEnded={(count) => {
              setSelection(noSelection);
              notify(
                `Ending ${count} ${count === 1 ? 'session' : 'sessions'}. The status updates as the server works.`,
              );
            }}
          />
        )}
        {locking && (
          <LockSessionsDialog
            sessions={locking.sessions}
            lock={locking.lock}
            onClose={() => setLocking(null)}
            onDone={(count) =>
              notify(`${locking.lock ? 'Locked' : 'Unlocked'} ${count} ${count === 1 ? 'session' : 'sessions'}.`)
            }
          />
        )}
        {choosingView && (
          <ViewChooserDialog
            layout={view.layout}
            onChange={view.setLayout}
            onReset={view.reset}
            onClose={() => setChoosingView(false)}
          />
        )}
      </Paper>
    </SessionViewerContext.Provider>
  );
}
