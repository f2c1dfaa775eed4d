/**
 * The History page's filters as the user sets them, and the `history.query` they make. The period is
 * on the session's start: today (since local midnight), the last 7 or 30 days, or a custom range of days.
 */
import type { HistoryQuery } from '../../contract';

export type Period = 'all' | 'today' | '7d' | '30d' | 'custom';

export interface HistoryFilters {
  users: string[];
  resources: string[];
  types: string[];
  statuses: string[];
  period: Period;
  /** `YYYY-MM-DD` (local days), for `custom`. */
  fromDay: string;
  toDay: string;
  text: string;
}

export const noHistoryFilters: HistoryFilters = {
  users: [],
  resources: [],
  types: [],
  statuses: [],
  period: 'all',
  fromDay: '',
  toDay: '',
  text: '',
};

/** The statuses an ended session can have, by their server names, with the labels the dashboard uses. */
export const historyStatuses: Array<{ name: string; label: string }> = [
  { name: 'Completed', label: 'Complete' },
  { name: 'CompletedWithErrors', label: 'Failed' },
  { name: 'Cancelled', label: 'Cancelled' },
  { name: 'ApprovalDenied', label: 'Approval Denied' },
  { name: 'ApprovalFailed', label: 'Approval Failed' },
];

const DAY = 86_400_000;

function localDay(day: string, endOfDay: boolean): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(at.getTime())) return undefined;
  return new Date(at.getTime() + (endOfDay ? DAY - 1 : 0)).toISOString();
}

export function periodRange(filters: HistoryFilters, now = new Date()): { from?: string; to?: string } {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  switch (filters.period) {
    case 'today':
      return { from: new Date(midnight).toISOString() };
    case '7d':
      return { from: new Date(now.getTime() - 7 * DAY).toISOString() };
    case '30d':
      return { from: new Date(now.getTime() - 30 * DAY).toISOString() };
    case 'custom': {
      const from = localDay(filters.fromDay, false);
      const to = localDay(filters.toDay, true);
      return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }
    default:
      return {};
  }
}

export function toHistoryQuery(filters: HistoryFilters, now = new Date()): Partial<HistoryQuery> {
  const text = filters.text.trim();
  return {
    ...(filters.users.length ? { users: filters.users } : {}),
    ...(filters.resources.length ? { resources: filters.resources } : {}),
    ...(filters.types.length ? { types: filters.types } : {}),
    ...(filters.statuses.length ? { statuses: filters.statuses } : {}),
    ...periodRange(filters, now),
    ...(text ? { text: text.slice(0, 256) } : {}),
  };
}

export function hasHistoryFilters(filters: HistoryFilters): boolean {
  return Object.keys(toHistoryQuery(filters)).length > 0;
}

/** The grid's sortable columns and the cache's orders. */
export const sortableFields: Record<string, HistoryQuery['orderBy']> = {
  startAt: 'start',
  actualStartAt: 'start',
  actualEndAt: 'end',
  endAt: 'end',
  duration: 'duration',
  user: 'user',
  host: 'resource',
};
