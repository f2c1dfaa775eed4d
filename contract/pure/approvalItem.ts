import type { ApprovalItem } from '../requestSchemas';
import type { SessionRow } from '../schemas';

/**
 * What the Approvals dashboard and the decision dialog list about a request, from its session row: main builds
 * the Approvals list with it, the sessions dashboards their decision dialog (pure and zod-free, so the renderer
 * may import it: see contract/pure/). The duration is the scheduled window; none when a time is missing,
 * unreadable or the end is not after the start.
 */
export function approvalItemOf(row: SessionRow): ApprovalItem {
  const start = row.startAt ? Date.parse(row.startAt) : NaN;
  const end = row.endAt ? Date.parse(row.endAt) : NaN;
  return {
    id: row.id,
    status: row.status,
    requester: row.user,
    activity: row.activity,
    resource: row.host,
    policy: row.policy,
    requestedAt: row.requestedAt,
    startAt: row.startAt,
    endAt: row.endAt,
    durationMinutes:
      Number.isFinite(start) && Number.isFinite(end) && end > start ? Math.round((end - start) / 60_000) : null,
    ticket: row.ticket,
    note: row.note,
  };
}
