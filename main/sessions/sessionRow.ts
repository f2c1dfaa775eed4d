/**
 * NPS `SessionSummary` → the contract's `SessionRow`: the status a user sees, and the names to show.
 * Runs for every row of every poll, so it stays a flat function with no allocation beyond the row.
 */
import type { SessionRow, SessionUiStatus } from '../../contract';
import type { NpsSessionSummary } from '../nps/npsSchemas';

/** `SessionSummaryStatus` in its int32 order, for servers that send numbers. */
const SUMMARY_STATUS_NAMES = [
  'Unknown',
  'Active',
  'ActiveNoLogon',
  'Cancelling',
  'Completed',
  'CompletedWithErrors',
  'Pending',
  'Cancelled',
  'ApprovalRequired',
  'ApprovalDenied',
  'ApprovalFailed',
  'Locked',
] as const;
/** `ActionConstants+SessionStatus` in its int32 order. */
const SESSION_STATUS_NAMES = [
  'Pending',
  'Active',
  'Cancelling',
  'Complete',
  'Failed',
  'Cancelled',
  'ApprovalDenied',
  'ApprovalFailed',
  'ApprovalRequired',
] as const;
const ACTIVITY_TYPE_NAMES = ['Interactive', 'Automated'] as const;

const BY_SUMMARY_STATUS: Record<string, SessionUiStatus> = {
  pending: 'provisioning',
  approvalrequired: 'waitingApproval',
  activenologon: 'available',
  active: 'loggedIn',
  cancelling: 'canceling',
  completed: 'complete',
  completedwitherrors: 'failed',
  approvalfailed: 'approvalFailed',
  approvaldenied: 'approvalDenied',
  cancelled: 'cancelled',
  locked: 'locked',
};

export function enumName(value: string | number | null | undefined, names: readonly string[]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return names[value] ?? String(value);
  return value;
}

export function uiStatusOf(summary: NpsSessionSummary, now: number): SessionUiStatus {
  const status = enumName(summary.status, SUMMARY_STATUS_NAMES);
  const sessionStatus = enumName(summary.sessionStatus, SESSION_STATUS_NAMES);
  if (summary.locked === true || status === 'Locked') return 'locked';
  if (sessionStatus === 'Failed') return 'failed';
  const mapped = BY_SUMMARY_STATUS[status.toLowerCase()] ?? 'unknown';
  if (mapped === 'provisioning' && summary.startDateTimeUtc) {
    const start = Date.parse(summary.startDateTimeUtc);
    if (start > now) return 'scheduled';
  }
  return mapped;
}

export function toSessionRow(summary: NpsSessionSummary, now: number = Date.now()): SessionRow {
  const npsStatus = enumName(summary.status, SUMMARY_STATUS_NAMES);
  return {
    id: summary.id,
    status: uiStatusOf(summary, now),
    npsStatus: npsStatus || enumName(summary.sessionStatus, SESSION_STATUS_NAMES) || 'Unknown',
    statusMessage: summary.statusMessage ?? '',
    requestedAt: summary.createdDateTimeUtc ?? null,
    startAt: summary.startDateTimeUtc ?? null,
    endAt: summary.endDateTimeUtc ?? null,
    actualStartAt: summary.actualStartDateTimeUtc ?? null,
    actualEndAt: summary.actualEndDateTimeUtc ?? null,
    host: summary.managedResourceDisplayName || summary.hostDisplayName || summary.managedResourceName || '',
    hostOs: summary.managedResourceOs || summary.platformName || '',
    loginAccount: summary.loginAccountName || summary.targetUserDisplayName || '',
    activity: summary.activityName ?? '',
    activityType: enumName(summary.activityType, ACTIVITY_TYPE_NAMES),
    user: summary.userDisplayName || summary.createdByDisplayName || '',
    policy: summary.accessPolicyName ?? '',
    locked: summary.locked === true || npsStatus === 'Locked',
    canViewPassword: summary.canViewPassword === true,
    viewPasswordInSeconds: summary.viewPasswordInSeconds ?? 0,
    note: summary.note ?? '',
    ticket: summary.ticket ?? '',
  };
}
