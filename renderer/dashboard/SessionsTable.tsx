import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import { DataGrid, type GridColumnResizeParams, type GridColumnVisibilityModel } from '@mui/x-data-grid';
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { Decision, SessionRow, SessionScope } from '../../contract';
import { csvFileName, toCsv } from '../common/csv';
import { downloadText } from '../common/downloadFile';
import { describeError } from '../common/errorMessages';
import { formatTime } from '../common/formatDate';
import { usePublishSessionRows } from '../credentials/sessionRows';
import { canExtend } from '../requests/ExtendSessionDialog';
import { useFeedStatus } from '../shell/useFeedStatus';
import { EmptyStateContext, NoRowsOverlay, type EmptyState } from './NoRowsOverlay';
import { decidesRequests, selectionVerdict, type Viewer } from './sessionActions';
import { ChangedRowsContext, buildColumns } from './sessionColumns';
import { sessionFields, type ColumnLayout } from './sessionFields';
import { hasFilters, noFilters } from './sessionFilter';
import { countText } from './sessionPaging';
import { noSelection } from './sessionSelection';
import { gridSx } from './sessionsGridStyle';
import { SessionsTableDialogs } from './SessionsTableDialogs';
import { SessionsToolbar } from './SessionsToolbar';
import { SessionViewerContext } from './sessionViewer';
import { SideScrollHint } from './SideScrollHint';
import { useAnnounceStatusChanges } from './useAnnounceStatusChanges';
import { useSessionFeed } from './useSessionFeed';
import { useSessionsPipeline } from './useSessionsPipeline';
import { useNoticeFocus } from './useNoticeFocus';
import { useRefreshSessions } from './useRefreshSessions';
import { useTableDialog } from './useTableDialog';
import { useTableShortcuts } from './useTableShortcuts';
import { useViewPrefs } from './useViewPrefs';

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
const gridSlots = { noRowsOverlay: NoRowsOverlay };

export function SessionsTable(props: SessionsTableProps) {
  const feedStatus = useFeedStatus();
  const feed = useSessionFeed(props.scope);
  usePublishSessionRows(feed.rows, props.scope);
  const view = useViewPrefs(props.prefsKey, props.defaultLayout);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridBox = useRef<HTMLDivElement>(null);
  const { find } = feed;
  const rows = useSessionsPipeline(feed.rows, find);
  const { selected, applied } = rows;
  const dialogs = useTableDialog();
  const { refreshing, refresh } = useRefreshSessions();
  useNoticeFocus(props.scope, find, dialogs);
  useAnnounceStatusChanges(feed.changed, find);

  const { showDetails, open } = dialogs;
  const columns = useMemo(
    () => buildColumns(view.layout, view.widths, showDetails, (target) => open({ kind: 'deciding', ...target })),
    [view.layout, view.widths, showDetails, open],
  );
  const visibility = useMemo<GridColumnVisibilityModel>(
    () => Object.fromEntries(view.layout.map((column) => [column.field, column.visible])),
    [view.layout],
  );

  // Stable handlers: a poll re-renders this component, and the grid re-renders less when its props stay the same.
  const latest = useRef(view);
  useLayoutEffect(() => {
    latest.current = view;
  });
  const onVisibilityChange = useCallback((model: GridColumnVisibilityModel) => {
    const current = latest.current;
    current.setLayout(current.layout.map((column) => ({ ...column, visible: model[column.field] !== false })));
  }, []);
  const onWidthChange = useCallback((params: GridColumnResizeParams) => {
    latest.current.setWidth(params.colDef.field, params.width);
  }, []);

  const onCellKeyDown = useTableShortcuts({
    enabled: dialogs.dialog === null,
    refresh,
    searchRef,
    showDetails,
    toggle: rows.toggle,
  });

  /** What is shown: the visible columns in their order, every page, the current search and sort. */
  const downloadCsv = () => {
    const fields = view.layout
      .filter((column) => column.visible)
      .flatMap((column) => sessionFields[column.field] ?? []);
    const text = toCsv(
      fields.map((field) => field.header),
      rows.shown.map((row) => fields.map((field) => field.text(row))),
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
  const actions = useRef({ downloadCsv, selected, verdicts });
  useLayoutEffect(() => {
    actions.current = { downloadCsv, selected, verdicts };
  });
  // Created once: the toolbar is memoised and need not re-render on every poll.
  const toolbarActions = useMemo(() => {
    const first = () => actions.current.selected[0];
    return {
      refresh,
      end: () => open({ kind: 'ending', sessions: actions.current.verdicts.end.allowed }),
      viewLogs: () => {
        const session = first();
        if (session) open({ kind: 'logs', session });
      },
      extend: () => {
        const session = first();
        if (session) open({ kind: 'extending', session });
      },
      lock: (lock: boolean) =>
        open({ kind: 'locking', sessions: actions.current.verdicts[lock ? 'lock' : 'unlock'].allowed, lock }),
      view: () => open({ kind: 'choosingView' }),
      download: () => actions.current.downloadCsv(),
      decide: (decision: Decision) =>
        open({ kind: 'deciding', decision, sessions: actions.current.verdicts[decision].allowed }),
    };
  }, [open, refresh]);

  const { setFilters } = rows;
  const empty = useMemo<EmptyState>(
    () => ({
      filtered: feed.rows.length > 0 && hasFilters(applied),
      title: props.emptyTitle,
      hint: props.emptyHint,
      clear: () => setFilters(noFilters),
    }),
    [feed.rows.length, applied, props.emptyTitle, props.emptyHint, setFilters],
  );

  // The grid shows its loading overlay until the rows and the saved view are both in; the count says so too
  // (a row clicked while the view's columns arrive could lose the click).
  const loading = feed.loading || !view.ready;
  const loadProblem = feed.error ? describeError(feed.error) : null;
  const { page, pageRows } = rows;

  return (
    <SessionViewerContext.Provider value={viewer}>
      <Paper
        variant="outlined"
        sx={{ height: '100%', display: 'flex', flexDirection: 'column', minHeight: 0 }}
        // The search the shown rows answer (the benchmark waits for it; typing runs ahead of it).
        data-search-applied={applied.text}
      >
        <SessionsToolbar
          title={props.title}
          countText={countText(loading, rows.shown.length, feed.rows.length)}
          selectedCount={selected.length}
          admin={props.admin}
          filters={rows.filters}
          onFilters={setFilters}
          searchRef={searchRef}
          onSearchFocus={rows.onSearchFocus}
          typeOptions={rows.typeOptions}
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
          canDownload={rows.shown.length > 0}
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
                  rowCount={rows.shown.length}
                  paginationMode="server"
                  sortingMode="server"
                  sortModel={rows.sortModel}
                  onSortModelChange={rows.setSortModel}
                  columns={columns}
                  loading={loading}
                  density="compact"
                  checkboxSelection
                  hideFooterSelectedRowCount
                  keepNonExistentRowsSelected
                  // "Select all" must mean the rows on this page, spelled out: an exclude model would read
                  // as every loaded session, across pages and the search, for End and Lock.
                  disableRowSelectionExcludeModel
                  rowSelectionModel={rows.selection}
                  onRowSelectionModelChange={rows.setSelection}
                  columnVisibilityModel={visibility}
                  onColumnVisibilityModelChange={onVisibilityChange}
                  onColumnWidthChange={onWidthChange}
                  pagination
                  paginationModel={page}
                  onPaginationModelChange={rows.setPagination}
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

        <SessionsTableDialogs
          dialogs={dialogs}
          find={find}
          serverUrl={props.serverUrl}
          canWatch={props.scope === 'all'}
          onEnded={() => rows.setSelection(noSelection)}
          view={view}
        />
      </Paper>
    </SessionViewerContext.Provider>
  );
}
