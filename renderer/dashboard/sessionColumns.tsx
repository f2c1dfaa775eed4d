import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import UpdateIcon from '@mui/icons-material/Update';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import type { GridColDef, GridRenderCellParams } from '@mui/x-data-grid';
import { createContext, useContext } from 'react';
import type { SessionRow } from '../../contract';
import { compareIso, formatDateTime } from '../common/formatDate';
import { sessionFields, type ColumnLayout } from './sessionFields';
import { statusLabel } from './statusInfo';
import { StatusChip } from './StatusChip';
import type { ChangeKind } from './useSessionFeed';

export const DETAILS_FIELD = '__details__';

/** Changed-row marks reach the status cells through context, so a poll re-renders only those cells. */
export const ChangedRowsContext = createContext<ReadonlyMap<string, ChangeKind>>(new Map());

function StatusCell({ row }: { row: SessionRow }) {
  const change = useContext(ChangedRowsContext).get(row.id);
  const label = change === 'new' ? 'New session' : 'Status changed';
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, height: '100%' }}>
      <StatusChip status={row.status} />
      {change && (
        <Tooltip title={`${label} in the last refresh`} describeChild>
          <UpdateIcon titleAccess={label} data-changed={change} fontSize="small" color="info" />
        </Tooltip>
      )}
    </Box>
  );
}

export function buildColumns(
  layout: ColumnLayout[],
  widths: Record<string, number>,
  onShowDetails: (id: string) => void,
): GridColDef<SessionRow>[] {
  const details: GridColDef<SessionRow> = {
    field: DETAILS_FIELD,
    headerName: 'Details',
    renderHeader: () => <span className="visually-hidden">Details</span>,
    width: 48,
    minWidth: 48,
    cellClassName: 'details-cell',
    sortable: false,
    resizable: false,
    filterable: false,
    hideable: false,
    disableColumnMenu: true,
    disableExport: true,
    align: 'center',
    renderCell: ({ row, hasFocus }: GridRenderCellParams<SessionRow>) => (
      <IconButton
        aria-label={`Show details of the session on ${row.host} as ${row.loginAccount}`}
        tabIndex={hasFocus ? 0 : -1}
        onClick={(event) => {
          event.stopPropagation();
          onShowDetails(row.id);
        }}
      >
        <ChevronRightIcon fontSize="small" />
      </IconButton>
    ),
  };
  const data = layout.flatMap((column): GridColDef<SessionRow>[] => {
    const field = sessionFields[column.field];
    if (!field) return [];
    const base: GridColDef<SessionRow> = {
      field: field.field,
      headerName: field.header,
      width: widths[field.field] ?? field.width,
      minWidth: 60,
    };
    if (field.kind === 'status') {
      return [
        {
          ...base,
          sortComparator: (a: SessionRow['status'], b: SessionRow['status']) => statusLabel(a).localeCompare(statusLabel(b)),
          renderCell: ({ row }: GridRenderCellParams<SessionRow>) => <StatusCell row={row} />,
        },
      ];
    }
    if (field.kind === 'date') {
      return [
        {
          ...base,
          sortComparator: compareIso,
          valueFormatter: (value: string | null) => formatDateTime(value),
        },
      ];
    }
    return [base];
  });
  return [details, ...data];
}
