import type { SessionRow } from '../../contract';
import { formatDateTime } from '../common/formatDate';
import { statusLabel } from './statusInfo';

/** A data column of the sessions table: what the View chooser lists and what CSV exports. */
export interface SessionField {
  field: string;
  header: string;
  width: number;
  kind: 'status' | 'date' | 'text';
  /** The text a user reads in the cell; also the CSV value. */
  text(row: SessionRow): string;
  /** Not a property of the row: the cell shows `text(row)`. */
  computed?: boolean;
}

const text = (pick: (row: SessionRow) => string) => pick;
const date = (pick: (row: SessionRow) => string | null) => (row: SessionRow) => formatDateTime(pick(row));

export const sessionFields: Record<string, SessionField> = {
  status: {
    field: 'status',
    header: 'Status',
    width: 175,
    kind: 'status',
    text: (row) => statusLabel(row.status, row.npsStatus),
  },
  requestedAt: {
    field: 'requestedAt',
    header: 'Requested',
    width: 155,
    kind: 'date',
    text: date((r) => r.requestedAt),
  },
  user: { field: 'user', header: 'User', width: 110, kind: 'text', text: text((r) => r.user) },
  host: { field: 'host', header: 'Host', width: 190, kind: 'text', text: text((r) => r.host) },
  loginAccount: {
    field: 'loginAccount',
    header: 'Login Account',
    width: 170,
    kind: 'text',
    text: text((r) => r.loginAccount),
  },
  activity: { field: 'activity', header: 'Activity', width: 210, kind: 'text', text: text((r) => r.activity) },
  startAt: { field: 'startAt', header: 'Start', width: 155, kind: 'date', text: date((r) => r.startAt) },
  endAt: { field: 'endAt', header: 'End', width: 155, kind: 'date', text: date((r) => r.endAt) },
  policy: { field: 'policy', header: 'Policy', width: 170, kind: 'text', text: text((r) => r.policy) },
  ticket: { field: 'ticket', header: 'Ticket', width: 120, kind: 'text', text: text((r) => r.ticket) },
  note: { field: 'note', header: 'Note', width: 200, kind: 'text', text: text((r) => r.note) },
  hostOs: { field: 'hostOs', header: 'Host OS', width: 120, kind: 'text', text: text((r) => r.hostOs) },
  actualStartAt: {
    field: 'actualStartAt',
    header: 'Actual Start',
    width: 155,
    kind: 'date',
    text: date((r) => r.actualStartAt),
  },
  actualEndAt: {
    field: 'actualEndAt',
    header: 'Actual End',
    width: 155,
    kind: 'date',
    text: date((r) => r.actualEndAt),
  },
  npsStatus: { field: 'npsStatus', header: 'Server Status', width: 140, kind: 'text', text: text((r) => r.npsStatus) },
  // The History page's rows carry these two (`HistoryRow`); on other rows Type is blank.
  type: { field: 'type', header: 'Type', width: 90, kind: 'text', text: (r) => ('type' in r ? String(r.type) : '') },
  duration: {
    field: 'duration',
    header: 'Duration',
    width: 100,
    kind: 'text',
    computed: true,
    text: (r) => formatDuration(r),
  },
};

/** `1 h 05 min`, `4 min 10 s`: from the actual start to the actual end; blank while either is missing. */
export function formatDuration(row: Pick<SessionRow, 'actualStartAt' | 'actualEndAt'>): string {
  const start = row.actualStartAt ? Date.parse(row.actualStartAt) : NaN;
  const end = row.actualEndAt ? Date.parse(row.actualEndAt) : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return '';
  const seconds = Math.floor((end - start) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}

export interface ColumnLayout {
  field: string;
  visible: boolean;
}

const hiddenExtras = ['policy', 'ticket', 'note', 'hostOs', 'actualStartAt', 'actualEndAt', 'npsStatus'];

/** The end user's Active Dashboard, in the order of the product documentation. */
export const dashboardDefaultLayout: ColumnLayout[] = [
  ...['status', 'requestedAt', 'host', 'loginAccount', 'activity', 'startAt', 'endAt'].map((field) => ({
    field,
    visible: true,
  })),
  ...hiddenExtras.map((field) => ({ field, visible: false })),
];

/** The administrator's Sessions tab adds whose session it is. */
export const allSessionsDefaultLayout: ColumnLayout[] = [
  ...['status', 'requestedAt', 'user', 'host', 'loginAccount', 'activity', 'startAt', 'endAt'].map((field) => ({
    field,
    visible: true,
  })),
  ...hiddenExtras.map((field) => ({ field, visible: false })),
];
