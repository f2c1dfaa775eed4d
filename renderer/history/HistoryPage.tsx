/**
 * The History page: ended sessions from the encrypted cache in main (`history.*`), filtered, sorted and
 * paged there, so 100,000 sessions cost one page here. Live, it syncs when opened (progress bar the first
 * time, "synced at" after); offline it is read-only, "offline — as of" the last sync. The table is the
 * dashboard's: its columns, View chooser, widths and CSV export.
 *
 * Over 300 lines: the page ties the query state (filters, sort, page), the sync and offline states and the
 * table together; filters, details and the offline list are their own components.
 */
import DownloadIcon from '@mui/icons-material/Download';
import SyncIcon from '@mui/icons-material/Sync';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import {
  DataGrid,
  type GridColumnResizeParams,
  type GridColumnVisibilityModel,
  type GridPaginationModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HistoryQuery, HistoryRow, HistoryStatus, SessionRow } from '../../contract';
import { csvFileName, toCsv } from '../common/csv';
import { downloadText } from '../common/downloadFile';
import { describeError } from '../common/errorMessages';
import { formatDateTime } from '../common/formatDate';
import { useDebouncedValue } from '../common/useDebouncedValue';
import { CREDENTIALS_FIELD, buildColumns } from '../dashboard/sessionColumns';
import { sessionFields, type ColumnLayout } from '../dashboard/sessionFields';
import { gridSx } from '../dashboard/sessionsGridStyle';
import { useViewPrefs } from '../dashboard/useViewPrefs';
import { ViewChooserDialog } from '../dashboard/ViewChooserDialog';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';
import { HistoryDetailsDrawer } from './HistoryDetailsDrawer';
import { HistoryFilterBar } from './HistoryFilterBar';
import { LogCacheButton } from './LogCacheSettings';
import {
  hasHistoryFilters,
  noHistoryFilters,
  sortableFields,
  toHistoryQuery,
  type HistoryFilters,
} from './historyFilters';
import { useHistoryStatus } from './useHistoryStatus';

const PAGE_SIZES = [25, 50, 100];
const SEARCH_DEBOUNCE_MS = 150;
const CSV_PAGE = 1000;

const hidden = ['requestedAt', 'policy', 'ticket', 'note', 'hostOs', 'startAt', 'endAt', 'npsStatus', 'activity'];
export const historyDefaultLayout: ColumnLayout[] = [
  ...['status', 'user', 'host', 'type', 'loginAccount', 'actualStartAt', 'actualEndAt', 'duration'].map((field) => ({
    field,
    visible: true,
  })),
  ...hidden.map((field) => ({ field, visible: false })),
];

interface Props {
  /** Administrators and helpdesk see everyone's history: the User filter is theirs. */
  seesAll: boolean;
  prefsKey: string;
  /** Read-only review without the server (no sync, no logs from the server). */
  offline: boolean;
}

export function HistoryPage({ seesAll, prefsKey, offline }: Props) {
  const pam = usePam();
  const notify = useNotify();
  const status = useHistoryStatus();
  const view = useViewPrefs(prefsKey, historyDefaultLayout);
  const [filters, setFilters] = useState<HistoryFilters>(noHistoryFilters);
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  // A new search or order starts on the first page.
  const toFirstPage = useCallback(() => setPagination((before) => (before.page ? { ...before, page: 0 } : before)), []);
  const settled = useDebouncedValue(filters, SEARCH_DEBOUNCE_MS, toFirstPage);
  const [sortModel, setSortModel] = useState<GridSortModel>([{ field: 'actualStartAt', sort: 'desc' }]);
  const [rows, setRows] = useState<HistoryRow[]>([]);
  const [total, setTotal] = useState(0);
  // The cache's older months are still loading in main: the rows are exact, the total a lower bound.
  const [counting, setCounting] = useState(false);
  // The request the rows on screen answer: loading while it differs from the one asked for.
  const [answered, setAnswered] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [details, setDetails] = useState<HistoryRow | null>(null);
  const [choosingView, setChoosingView] = useState(false);

  const query = useMemo<Partial<HistoryQuery>>(() => {
    const sort = sortModel[0];
    return {
      ...toHistoryQuery(settled),
      orderBy: (sort && sortableFields[sort.field]) ?? 'start',
      descending: sort ? sort.sort !== 'asc' : true,
    };
  }, [settled, sortModel]);

  const open = status?.open ?? false;
  const version = `${status?.count ?? 0}|${status?.loading ? 'loading' : ''}|${status?.syncedAt ?? ''}|${status?.profileId ?? ''}|${status?.login ?? ''}`;
  const request = useMemo(
    () => ({ ...query, skip: pagination.page * pagination.pageSize, take: pagination.pageSize }),
    [query, pagination],
  );
  const requestKey = `${JSON.stringify(request)}|${version}`;
  const loading = open && answered !== requestKey;
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    pam.history.query(request).then(
      (page) => {
        if (cancelled) return;
        setRows(page.rows);
        setTotal(page.total);
        setCounting(page.counting ?? false);
        setProblem(null);
        setAnswered(requestKey);
      },
      (error: unknown) => {
        if (cancelled) return;
        setProblem(describeError(error).title);
        setAnswered(requestKey);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [pam, open, request, requestKey]);

  const sync = useCallback(() => {
    pam.history.sync().catch((error: unknown) => {
      const described = describeError(error);
      notify(`History could not be synced: ${described.title.toLowerCase()}. ${described.hint}`, 'error');
    });
  }, [pam, notify]);
  // Live: bring the cache up to date when the page opens, and when the server is back after being away
  // (a sync under way is joined, not repeated).
  useEffect(() => {
    if (!offline && open) sync();
  }, [offline, open, sync]);

  const columns = useMemo(
    () =>
      buildColumns(view.layout, view.widths, (id) => setDetails(rows.find((row) => row.id === id) ?? null))
        .filter((column) => column.field !== CREDENTIALS_FIELD)
        .map((column) => ({ ...column, sortable: column.field in sortableFields })),
    [view.layout, view.widths, rows],
  );
  const visibility = useMemo<GridColumnVisibilityModel>(
    () => Object.fromEntries(view.layout.map((column) => [column.field, column.visible])),
    [view.layout],
  );

  /** Every matching session (all pages), in the visible columns and the current order. */
  const downloadCsv = async () => {
    const fields = view.layout.filter((c) => c.visible).flatMap((c) => sessionFields[c.field] ?? []);
    const all: HistoryRow[] = [];
    try {
      for (let skip = 0; skip < total; skip += CSV_PAGE) {
        all.push(...(await pam.history.query({ ...query, skip, take: CSV_PAGE })).rows);
      }
    } catch (error) {
      notify(`The CSV could not be made: ${describeError(error).title.toLowerCase()}.`, 'error');
      return;
    }
    const text = toCsv(
      fields.map((f) => f.header),
      all.map((row) => fields.map((f) => f.text(row))),
    );
    downloadText(csvFileName('pam-session-history'), text);
  };

  return (
    <Paper variant="outlined" sx={{ height: '100%', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1.5, pt: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h1" sx={{ fontSize: 18 }}>
          Session History
        </Typography>
        <SyncLine status={status} offline={offline} />
        <Typography variant="body2" color="text.secondary" data-testid="history-count" sx={{ ml: 1 }}>
          {!open
            ? ''
            : counting
              ? `${total.toLocaleString()}+ sessions — counting…`
              : `${total.toLocaleString()} ${total === 1 ? 'session' : 'sessions'}`}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <LogCacheButton status={status} onSaved={() => !offline && sync()} />
        {!offline && (
          <Button size="small" startIcon={<SyncIcon />} onClick={sync} disabled={!open || status?.syncing}>
            Sync now
          </Button>
        )}
        <Button size="small" startIcon={<ViewColumnIcon />} onClick={() => setChoosingView(true)}>
          View
        </Button>
        <Button
          size="small"
          startIcon={<DownloadIcon />}
          onClick={() => void downloadCsv()}
          disabled={total === 0 || counting}
        >
          Download CSV
        </Button>
      </Box>
      <SyncProgress status={status} />
      <HistoryFilterBar filters={filters} onFilters={setFilters} seesAll={seesAll} version={version} open={open} />
      <Banners status={status} problem={problem} />
      <Box sx={{ flex: 1, minHeight: 0 }}>
        <DataGrid<SessionRow>
          aria-label="Session History"
          rows={rows}
          rowCount={total}
          columns={columns}
          loading={loading || !view.ready}
          density="compact"
          paginationMode="server"
          sortingMode="server"
          sortModel={sortModel}
          onSortModelChange={(model) => {
            setSortModel(model);
            toFirstPage();
          }}
          pagination
          paginationModel={pagination}
          onPaginationModelChange={setPagination}
          pageSizeOptions={PAGE_SIZES}
          columnVisibilityModel={visibility}
          onColumnVisibilityModelChange={(model) =>
            view.setLayout(view.layout.map((c) => ({ ...c, visible: model[c.field] !== false })))
          }
          onColumnWidthChange={(params: GridColumnResizeParams) => view.setWidth(params.colDef.field, params.width)}
          disableColumnFilter
          disableColumnSelector
          disableRowSelectionOnClick
          localeText={{
            noRowsLabel: hasHistoryFilters(settled)
              ? 'No sessions match the filters'
              : offline
                ? 'No sessions were kept for this user'
                : 'No ended sessions yet',
          }}
          sx={gridSx}
        />
      </Box>
      <HistoryDetailsDrawer session={details} offline={offline} onClose={() => setDetails(null)} />
      {choosingView && (
        <ViewChooserDialog
          layout={view.layout}
          onChange={view.setLayout}
          onReset={view.reset}
          onClose={() => setChoosingView(false)}
        />
      )}
    </Paper>
  );
}

function SyncLine({ status, offline }: { status: HistoryStatus | null; offline: boolean }) {
  if (!status?.open) return null;
  const asOf = status.syncedAt ? formatDateTime(status.syncedAt) : 'no completed sync';
  if (offline || status.offline)
    return <Chip size="small" color="warning" label={`Offline — as of ${asOf}`} data-testid="history-sync-state" />;
  if (status.syncing) return <Chip size="small" color="info" label="Syncing…" data-testid="history-sync-state" />;
  return (
    <Typography variant="body2" color="text.secondary" data-testid="history-sync-state">
      {status.syncedAt ? `Synced at ${asOf}` : 'Not synced yet'}
    </Typography>
  );
}

/** Determinate on a first sync (the server says how many), indeterminate otherwise. */
function SyncProgress({ status }: { status: HistoryStatus | null }) {
  if (!status?.syncing) return <Box sx={{ height: 4 }} />;
  const progress = status.progress;
  const value = progress?.total ? Math.min(100, (progress.fetched / progress.total) * 100) : null;
  const label = progress?.total
    ? `Syncing history: ${progress.fetched.toLocaleString()} of ${progress.total.toLocaleString()}`
    : 'Syncing history';
  return value !== null && progress?.phase === 'full' ? (
    <LinearProgress variant="determinate" value={value} aria-label={label} />
  ) : (
    <LinearProgress aria-label={label} />
  );
}

function Banners({ status, problem }: { status: HistoryStatus | null; problem: string | null }) {
  return (
    <>
      {status?.quarantined.length ? (
        <Alert severity="warning" role="alert" sx={{ mx: 1.5, mb: 1 }}>
          <strong>Part of the history was set aside:</strong> {status.quarantined.join(', ')} could not be read or
          failed its integrity check. The rest is shown; the next sync rebuilds what the server still has.
        </Alert>
      ) : null}
      {status?.note ? (
        <Alert severity="info" sx={{ mx: 1.5, mb: 1 }}>
          {status.note}
        </Alert>
      ) : null}
      {status?.readOnlyReason ? (
        <Alert severity="info" sx={{ mx: 1.5, mb: 1 }}>
          History is read-only: {status.readOnlyReason}.
        </Alert>
      ) : null}
      {status?.error ? (
        <Alert severity="warning" sx={{ mx: 1.5, mb: 1 }}>
          The last sync did not finish ({status.error}). What was synced is kept; the next sync resumes.
        </Alert>
      ) : null}
      {problem ? (
        <Alert severity="error" role="alert" sx={{ mx: 1.5, mb: 1 }}>
          The history could not be read: {problem.toLowerCase()}.
        </Alert>
      ) : null}
    </>
  );
}
