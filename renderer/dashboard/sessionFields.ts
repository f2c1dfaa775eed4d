import type { SessionRow } from '../../contract';
import { formatDateTime } from '../common/formatDate';
import { enumWords } from '../common/serverText';
import { durationMs, formatDuration, sessionTypeOf } from './sessionShare';
import { statusLabel } from './statusInfo';

/** A data column of the sessions table: what the View chooser lists and what CSV exports. */
export interface SessionField {
  field: string;
  header: string;
  /** The default width, and the share of spare width the column takes (defaults fit 1024 to 1920 px). */
  width: number;
  /** The narrowest the default lets it get before the grid scrolls sideways (dates wrap to two lines). */
  minWidth: number;
  kind: 'status' | 'date' | 'text' | 'duration' | 'id';
  /** The text a user reads in the cell; also the CSV value. */
  text(row: SessionRow): string;
  /** For columns computed from the row (not one of its fields): the value the grid shows and sorts. */
  value?: (row: SessionRow) => string | number | null;
}

const text = (pick: (row: SessionRow) => string) => pick;
const typeOf = (row: SessionRow): string =>
  'type' in row && typeof row.type === 'string' && row.type ? row.type : sessionTypeOf(row);
const date = (pick: (row: SessionRow) => string | null) => (row: SessionRow) => formatDateTime(pick(row));

export const sessionFields: Record<string, SessionField> = {
  status: {
    field: 'status',
    header: 'Status',
    width: 175,
    minWidth: 104,
    kind: 'status',
    text: (row) => statusLabel(row.status, row.npsStatus),
  },
  requestedAt: {
    field: 'requestedAt',
    header: 'Requested',
    width: 155,
    minWidth: 80,
    kind: 'date',
    text: date((r) => r.requestedAt),
  },
  user: { field: 'user', header: 'User', width: 110, minWidth: 70, kind: 'text', text: text((r) => r.user) },
  host: { field: 'host', header: 'Host', width: 190, minWidth: 86, kind: 'text', text: text((r) => r.host) },
  loginAccount: {
    field: 'loginAccount',
    header: 'Login Account',
    width: 170,
    minWidth: 86,
    kind: 'text',
    text: text((r) => r.loginAccount),
  },
  activity: {
    field: 'activity',
    header: 'Activity',
    width: 210,
    minWidth: 86,
    kind: 'text',
    text: text((r) => r.activity),
  },
  startAt: { field: 'startAt', header: 'Start', width: 155, minWidth: 80, kind: 'date', text: date((r) => r.startAt) },
  endAt: { field: 'endAt', header: 'End', width: 155, minWidth: 80, kind: 'date', text: date((r) => r.endAt) },
  policy: { field: 'policy', header: 'Policy', width: 170, minWidth: 100, kind: 'text', text: text((r) => r.policy) },
  ticket: { field: 'ticket', header: 'Ticket', width: 120, minWidth: 80, kind: 'text', text: text((r) => r.ticket) },
  note: { field: 'note', header: 'Note', width: 200, minWidth: 100, kind: 'text', text: text((r) => r.note) },
  hostOs: { field: 'hostOs', header: 'Host OS', width: 120, minWidth: 80, kind: 'text', text: text((r) => r.hostOs) },
  actualStartAt: {
    field: 'actualStartAt',
    header: 'Actual Start',
    width: 155,
    minWidth: 84,
    kind: 'date',
    text: date((r) => r.actualStartAt),
  },
  actualEndAt: {
    field: 'actualEndAt',
    header: 'Actual End',
    width: 155,
    minWidth: 84,
    kind: 'date',
    text: date((r) => r.actualEndAt),
  },
  // The History page's rows carry the type main worked out (`HistoryRow`), which its Type filter uses.
  type: {
    field: 'type',
    header: 'Type',
    width: 70,
    minWidth: 52,
    kind: 'text',
    text: typeOf,
    value: typeOf,
  },
  duration: {
    field: 'duration',
    header: 'Duration',
    width: 100,
    minWidth: 80,
    kind: 'duration',
    text: (row) => formatDuration(durationMs(row, Date.now())),
    value: (row) => durationMs(row, Date.now()),
  },
  id: { field: 'id', header: 'Session ID', width: 150, minWidth: 120, kind: 'id', text: (row) => row.id },
  npsStatus: {
    field: 'npsStatus',
    header: 'Server Status',
    width: 140,
    minWidth: 90,
    kind: 'text',
    text: (r) => enumWords(r.npsStatus),
    value: (r) => enumWords(r.npsStatus),
  },
};

export interface ColumnLayout {
  field: string;
  visible: boolean;
}

const hiddenExtras = [
  'duration',
  'id',
  'policy',
  'ticket',
  'note',
  'hostOs',
  'actualStartAt',
  'actualEndAt',
  'npsStatus',
];

/** The end user's Active Dashboard, in the order of the product documentation, with the session's Type (seed 003). */
export const dashboardDefaultLayout: ColumnLayout[] = [
  ...['status', 'requestedAt', 'type', 'host', 'loginAccount', 'activity', 'startAt', 'endAt'].map((field) => ({
    field,
    visible: true,
  })),
  ...hiddenExtras.map((field) => ({ field, visible: false })),
];

/** The administrator's Sessions tab adds whose session it is. */
export const allSessionsDefaultLayout: ColumnLayout[] = [
  ...['status', 'requestedAt', 'user', 'type', 'host', 'loginAccount', 'activity', 'startAt', 'endAt'].map((field) => ({
    field,
    visible: true,
  })),
  ...hiddenExtras.map((field) => ({ field, visible: false })),
];
