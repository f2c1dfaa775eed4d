/**
 * NPS `SessionSummary` → the contract's `SessionRow`: the status a user sees, and the names to show.
 * Runs for every row of every poll, so it stays a flat function with no allocation beyond the row.
 * Enums may come as ints or names in any case (`npsEnums.ts`); dates arrive as ISO UTC, made so by the
 * schema (`npsSchemas.ts`), which also reads dates without an offset as UTC.
 */
import type { SessionRow, SessionUiStatus } from '../../contract';
import { parseNpsDate } from '../nps/npsDates';
import {
  ACCOUNT_TYPE,
  ACTIVITY_TYPE,
  MANAGED_RESOURCE_TYPE,
  SESSION_STATUS,
  SESSION_SUMMARY_STATUS,
  enumLabel,
  enumName,
} from '../nps/npsEnums';
import type { NpsSessionSummary } from '../nps/npsSchemas';

type SummaryStatus = (typeof SESSION_SUMMARY_STATUS)[number];
type SessionStatus = (typeof SESSION_STATUS)[number];

const BY_SUMMARY_STATUS: Record<SummaryStatus, SessionUiStatus> = {
  Unknown: 'unknown',
  Pending: 'provisioning',
  ApprovalRequired: 'waitingApproval',
  ActiveNoLogon: 'available',
  Active: 'loggedIn',
  Cancelling: 'canceling',
  Completed: 'complete',
  CompletedWithErrors: 'failed',
  ApprovalFailed: 'approvalFailed',
  ApprovalDenied: 'approvalDenied',
  Cancelled: 'cancelled',
  Locked: 'locked',
};

/** Only when `status` is missing or "Unknown": `sessionStatus` says less (no login seen), but not nothing. */
const BY_SESSION_STATUS: Record<SessionStatus, SessionUiStatus> = {
  Pending: 'provisioning',
  Active: 'available',
  Cancelling: 'canceling',
  Complete: 'complete',
  Failed: 'failed',
  Cancelled: 'cancelled',
  ApprovalDenied: 'approvalDenied',
  ApprovalFailed: 'approvalFailed',
  ApprovalRequired: 'waitingApproval',
};

export function uiStatusOf(summary: NpsSessionSummary, now: number): SessionUiStatus {
  const status = enumName(summary.status, SESSION_SUMMARY_STATUS);
  const sessionStatus = enumName(summary.sessionStatus, SESSION_STATUS);
  if (summary.locked === true || status === 'Locked') return 'locked';
  if (sessionStatus === 'Failed') return 'failed';
  // A value we do not know stays unknown (the UI shows it); only a missing or "Unknown" status defers.
  const unsaid = status === 'Unknown' || summary.status === null || summary.status === undefined;
  const mapped =
    status !== null && !unsaid
      ? BY_SUMMARY_STATUS[status]
      : unsaid && sessionStatus !== null
        ? BY_SESSION_STATUS[sessionStatus]
        : 'unknown';
  if (mapped === 'provisioning') {
    // NPS writes UTC; a start without an offset is UTC too, not the viewer's local time.
    const start = parseNpsDate(summary.startDateTimeUtc);
    if (start !== null && start > now) return 'scheduled';
  }
  return mapped;
}

/** The server's status as a user reads it: its name, "Unknown (<value>)", or "Unknown" when absent. */
function npsStatusText(summary: NpsSessionSummary): string {
  const fromStatus = enumLabel(summary.status, SESSION_SUMMARY_STATUS);
  if (fromStatus && fromStatus !== 'Unknown') return fromStatus;
  return enumLabel(summary.sessionStatus, SESSION_STATUS) || fromStatus || 'Unknown';
}

/** A protocol name as a user reads it: letters, digits and `-` only, at most 16, upper-case ("SSH", "RDP"). */
function protocolName(value: string | null | undefined): string {
  const text = (value ?? '').trim();
  return /^[A-Za-z][A-Za-z0-9-]{0,15}$/.test(text) ? text.toUpperCase() : '';
}

type ProxySessions = NpsSessionSummary['proxySessions'];

/** The type of the latest proxy connection that names one, else the scheme of the connection URI. */
function protocolOf(connections: ProxySessions, connectionUri: string | null | undefined): string {
  let latest: { type: string; at: string } | null = null;
  for (const connection of connections ?? []) {
    const type = protocolName(connection?.type);
    const at = connection?.startDateTimeUtc ?? '';
    if (type && (latest === null || at >= latest.at)) latest = { type, at };
  }
  if (latest) return latest.type;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(connectionUri ?? '');
  return scheme ? protocolName(scheme[1]) : '';
}

export function toSessionRow(summary: NpsSessionSummary, now: number = Date.now()): SessionRow {
  const status = uiStatusOf(summary, now);
  return {
    id: summary.id,
    status,
    npsStatus: npsStatusText(summary),
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
    activityType: enumLabel(summary.activityType, ACTIVITY_TYPE),
    resourceType: enumLabel(summary.managedResourceType, MANAGED_RESOURCE_TYPE),
    userType: enumLabel(summary.userType, ACCOUNT_TYPE),
    user: summary.userDisplayName || summary.createdByDisplayName || '',
    policy: summary.accessPolicyName ?? '',
    locked: status === 'locked',
    canViewPassword: summary.canViewPassword === true,
    viewPasswordInSeconds: summary.viewPasswordInSeconds ?? 0,
    note: summary.note ?? '',
    ticket: summary.ticket ?? '',
    protocol: protocolOf(summary.proxySessions, summary.connectionUri),
    connectionUri: (summary.connectionUri ?? '').slice(0, 500),
    loginDisplayName: (summary.loginDisplayName ?? '').slice(0, 300),
    domain: (summary.domainName ?? '').slice(0, 300),
    connections: summary.proxySessions?.filter(Boolean).length ?? 0,
    connectedNow: summary.proxySessions?.some((connection) => connection?.active === true) ?? false,
  };
}
