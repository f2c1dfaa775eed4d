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
};

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
