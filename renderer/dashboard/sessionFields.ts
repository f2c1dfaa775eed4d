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

/** The row's fields whose value is of type `V` (the ones a column can show as they are). */
type FieldOf<V> = NonNullable<{ [K in keyof SessionRow]: SessionRow[K] extends V ? K : never }[keyof SessionRow]>;
type Widths = Pick<SessionField, 'width' | 'minWidth'>;

/** A column showing one of the row's texts as it is. */
const textField = (field: FieldOf<string>, header: string, widths: Widths): SessionField => ({
  field,
  header,
  ...widths,
  kind: 'text',
  text: (row) => row[field],
});
/** A column showing one of the row's times, in the user's locale and time zone. */
const dateField = (
  field: Exclude<FieldOf<string | null>, FieldOf<string>>,
  header: string,
  widths: Widths,
): SessionField => ({
  field,
  header,
  ...widths,
  kind: 'date',
  text: (row) => formatDateTime(row[field]),
});
const typeOf = (row: SessionRow): string =>
  'type' in row && typeof row.type === 'string' && row.type ? row.type : sessionTypeOf(row);

export const sessionFields: Record<string, SessionField> = {
  status: {
    field: 'status',
    header: 'Status',
    width: 175,
    minWidth: 104,
    kind: 'status',
    text: (row) => statusLabel(row.status, row.npsStatus),
  },
  requestedAt: dateField('requestedAt', 'Requested', { width: 155, minWidth: 80 }),
  user: textField('user', 'User', { width: 110, minWidth: 70 }),
  host: textField('host', 'Host', { width: 190, minWidth: 86 }),
  loginAccount: textField('loginAccount', 'Login Account', { width: 170, minWidth: 86 }),
  activity: textField('activity', 'Activity', { width: 210, minWidth: 86 }),
  startAt: dateField('startAt', 'Start', { width: 155, minWidth: 80 }),
  endAt: dateField('endAt', 'End', { width: 155, minWidth: 80 }),
  policy: textField('policy', 'Policy', { width: 170, minWidth: 100 }),
  ticket: textField('ticket', 'Ticket', { width: 120, minWidth: 80 }),
  note: textField('note', 'Note', { width: 200, minWidth: 100 }),
  hostOs: textField('hostOs', 'Host OS', { width: 120, minWidth: 80 }),
  actualStartAt: dateField('actualStartAt', 'Actual Start', { width: 155, minWidth: 84 }),
  actualEndAt: dateField('actualEndAt', 'Actual End', { width: 155, minWidth: 84 }),
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
