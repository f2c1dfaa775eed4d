import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import UpdateIcon from '@mui/icons-material/Update';
import Box from '@mui/material/Box';
import type { GridColDef, GridRenderCellParams } from '@mui/x-data-grid';
import { createContext, useContext } from 'react';
import type { SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { compareIso, formatDateTime } from '../common/formatDate';
import { IsolatedName } from '../common/IsolatedName';
import { CredentialButtons } from '../credentials/CredentialButtons';
import { useCopyText } from '../common/useCopyText';
import { DecideRowButtons, type DecideTarget } from './DecideButtons';
import { RowIconButton } from './RowIconButton';
import { sessionFields, type ColumnLayout } from './sessionFields';
import { formatDuration } from './sessionShare';
import { statusLabel } from './statusInfo';
import { StatusChip } from './StatusChip';
import type { ChangeKind } from './useSessionFeed';

export const DETAILS_FIELD = '__details__';
/** What a cell shows when the server sent nothing (null, missing or an unreadable date). */
const EMPTY = '—';
export const CREDENTIALS_FIELD = '__credentials__';
/** The Details and Credentials columns hold buttons, not data: fixed in place, never sorted, filtered or exported. */
const ACTION_COLUMN = {
  cellClassName: 'details-cell',
  sortable: false,
  resizable: false,
  filterable: false,
  hideable: false,
  disableColumnMenu: true,
  disableExport: true,
} satisfies Partial<GridColDef<SessionRow>>;

/** Changed-row marks reach the status cells through context, so a poll re-renders only those cells.
 * Cells carry class names, not `sx`: styles are serialized on every render, and cells render on every poll. */
export const ChangedRowsContext = createContext<ReadonlyMap<string, ChangeKind>>(new Map());

function StatusCell({ row }: { row: SessionRow }) {
  const change = useContext(ChangedRowsContext).get(row.id);
  const label = change === 'new' ? 'New session' : 'Status changed';
  return (
    <Box className="status-cell">
      <StatusChip status={row.status} npsStatus={row.npsStatus} />
      {change && (
        <UpdateIcon
          titleAccess={`${label} in the last refresh`}
          aria-label={label}
          data-changed={change}
          fontSize="small"
          color="info"
        />
      )}
    </Box>
  );
}

/** The session ID, short, with a button that copies all of it (seed 004: "copy session ID for reference"). */
function SessionIdCell({ id, focused }: { id: string; focused: boolean }) {
  const copyId = useCopyText();
  return (
    <Box className="id-cell-content" title={id}>
      <span className="id-text">{id.slice(0, 8)}…</span>
      <RowIconButton
        title="Copy session ID"
        label={`Copy session ID ${id}`}
        focused={focused}
        onClick={() => copyId(id, 'Session ID')}
      >
        <ContentCopyIcon sx={{ fontSize: 16 }} />
      </RowIconButton>
    </Box>
  );
}

export function buildColumns(
  layout: ColumnLayout[],
  widths: Record<string, number>,
  onShowDetails: (id: string) => void,
  /** Approve or Deny from the row's icons (requests waiting for approval); absent: no such icons. */
  onDecide?: (target: DecideTarget) => void,
): GridColDef<SessionRow>[] {
  const details: GridColDef<SessionRow> = {
    field: DETAILS_FIELD,
    headerName: 'Details',
    renderHeader: () => <span className="visually-hidden">Details</span>,
    width: 48,
    minWidth: 48,
    ...ACTION_COLUMN,
    align: 'center',
    renderCell: ({ row, hasFocus }: GridRenderCellParams<SessionRow>) => (
      <RowIconButton
        label={`Show details of the session on ${revealBidiControls(row.host)} as ${revealBidiControls(row.loginAccount)}`}
        focused={hasFocus}
        onClick={() => onShowDetails(row.id)}
      >
        <ChevronRightIcon fontSize="small" />
      </RowIconButton>
    ),
  };
  const data = layout.flatMap((column): GridColDef<SessionRow>[] => {
    const field = sessionFields[column.field];
    if (!field) return [];
    // A width the user set is kept; otherwise the column shares the grid's width by its default width,
    // down to its minimum, so the default columns fit from 1024 to 1920 px before the grid scrolls sideways.
    const saved = widths[field.field];
    const base: GridColDef<SessionRow> = {
      field: field.field,
      headerName: field.header,
      ...(saved ? { width: saved, minWidth: 60 } : { width: field.width, flex: field.width, minWidth: field.minWidth }),
      ...(field.value ? { valueGetter: (_value: unknown, row: SessionRow) => field.value!(row) } : {}),
    };
    if (field.kind === 'id') {
      return [
        {
          ...base,
          cellClassName: 'id-cell',
          renderCell: ({ row, hasFocus }: GridRenderCellParams<SessionRow>) => (
            <SessionIdCell id={row.id} focused={hasFocus} />
          ),
        },
      ];
    }
    if (field.kind === 'duration') {
      return [
        {
          ...base,
          valueFormatter: (value: number | null) => formatDuration(value) || EMPTY,
        },
      ];
    }
    if (field.kind === 'status') {
      return [
        {
          ...base,
          sortComparator: (a: SessionRow['status'], b: SessionRow['status']) =>
            statusLabel(a).localeCompare(statusLabel(b)),
          renderCell: ({ row }: GridRenderCellParams<SessionRow>) => <StatusCell row={row} />,
        },
      ];
    }
    if (field.kind === 'date') {
      return [
        {
          ...base,
          sortComparator: compareIso,
          cellClassName: 'date-cell',
          valueFormatter: (value: string | null) => formatDateTime(value) || EMPTY,
        },
      ];
    }
    // Names from the server: bidi controls shown, not obeyed (see IsolatedName); nothing sent reads as a dash.
    return [
      {
        ...base,
        renderCell: ({ value }: GridRenderCellParams<SessionRow, string>) => <IsolatedName text={value || EMPTY} />,
      },
    ];
  });
  const credentials: GridColDef<SessionRow> = {
    field: CREDENTIALS_FIELD,
    headerName: 'Credentials',
    width: 132,
    minWidth: 104,
    ...ACTION_COLUMN,
    renderCell: ({ row, hasFocus }: GridRenderCellParams<SessionRow>) =>
      onDecide && row.status === 'waitingApproval' ? (
        <DecideRowButtons row={row} focused={hasFocus} onDecide={onDecide} />
      ) : (
        <CredentialButtons row={row} focused={hasFocus} />
      ),
  };
  return [details, credentials, ...data];
}
