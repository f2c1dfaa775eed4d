import type { ApprovalItem } from '../../contract';
import { formatDateTime } from '../common/formatDate';

/** "Now" when the request starts as soon as it is approved, else the scheduled start. */
export function requestedStartText(item: Pick<ApprovalItem, 'startAt' | 'requestedAt'>, now = Date.now()): string {
  if (!item.startAt) return '';
  const start = Date.parse(item.startAt);
  const requested = item.requestedAt ? Date.parse(item.requestedAt) : NaN;
  // Started with the request (or already due): the approval starts it.
  if (start <= now || (Number.isFinite(requested) && Math.abs(start - requested) < 60_000)) return 'Now';
  return formatDateTime(item.startAt);
}

export function durationText(minutes: number | null): string {
  if (minutes === null || minutes <= 0) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
