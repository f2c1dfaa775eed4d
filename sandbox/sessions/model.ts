/**
 * A session's stored record and how its internal state maps onto the two status enums the NPS API
 * publishes: `sessionStatus` (ActionConstants+SessionStatus) and `status` (SessionSummaryStatus).
 */

export const SUMMARY_STATUSES = [
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
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];

export const SESSION_STATUSES = [
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
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Where a session is in its life. `scheduled` and `provisioning` both publish as Pending. */
export type SessionState =
  | 'approval'
  | 'scheduled'
  | 'provisioning'
  | 'active'
  | 'cancelling'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'denied'
  | 'approvalFailed';

export const ENDED_STATES: ReadonlySet<SessionState> = new Set([
  'completed',
  'failed',
  'cancelled',
  'denied',
  'approvalFailed',
]);

export interface LogLine {
  /** Milliseconds since the epoch. */
  t: number;
  /** 1 = error, 0 = info (ActionLogType). */
  e: 0 | 1;
  m: string;
}

/** A connection through the sandbox's SSH proxy (NPS: ProxySession), with what its recording shows. */
export interface ProxySessionRecord {
  id: string;
  type: 'ssh';
  /** Milliseconds since the epoch. */
  start: number;
  end: number | null;
  /** Bytes recorded so far (both streams). */
  size: number;
  /** Address the client connected from. */
  from: string;
  /** Command lines typed or executed (echo-off input is never listed), with their times. */
  commands: Array<{ t: number; m: string }>;
}

export interface SessionRecord {
  id: string;
  seq: number;
  userId: string;
  createdBy: string;
  activityId: string;
  policyId: string;
  resourceId: string;
  accountId: string;
  groupId: string | null;
  state: SessionState;
  createdAt: number;
  modifiedAt: number;
  scheduledStart: number;
  /** Set when the session becomes available (start plus the policy's maximum), or from the request. */
  scheduledEnd: number | null;
  requestedEnd: number | null;
  actualStart: number | null;
  actualEnd: number | null;
  loginAt: number | null;
  /** The next moment the state machine acts on this session (approval timeout, start, expiry, ...). */
  dueAt: number | null;
  autoLoginAt: number | null;
  locked: boolean;
  lockMessage: string | null;
  extensionCount: number;
  extensionMinutes: number;
  note: string | null;
  ticket: string | null;
  cancelledBy: string | null;
  statusMessage: string;
  /** Null for bulk-seeded sessions: their standard log is synthesised on demand to keep seeds cheap. */
  log: LogLine[] | null;
  /** Connections made through the SSH proxy; absent on sessions that never had one. */
  proxySessions?: ProxySessionRecord[];
}

export function isEnded(state: SessionState): boolean {
  return ENDED_STATES.has(state);
}

export function sessionStatusOf(record: SessionRecord): SessionStatus {
  switch (record.state) {
    case 'approval':
      return 'ApprovalRequired';
    case 'scheduled':
    case 'provisioning':
      return 'Pending';
    case 'active':
      return 'Active';
    case 'cancelling':
      return 'Cancelling';
    case 'completed':
      return 'Complete';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'denied':
      return 'ApprovalDenied';
    case 'approvalFailed':
      return 'ApprovalFailed';
  }
}

export function summaryStatusOf(record: SessionRecord): SummaryStatus {
  switch (record.state) {
    case 'active':
      if (record.locked) return 'Locked';
      return record.loginAt === null ? 'ActiveNoLogon' : 'Active';
    case 'completed':
      return 'Completed';
    case 'failed':
      return 'CompletedWithErrors';
    default: {
      const status = sessionStatusOf(record);
      return status as SummaryStatus;
    }
  }
}

const DESCRIPTIONS: Record<SummaryStatus, string> = {
  Unknown: 'Unknown',
  Active: 'Logged in',
  ActiveNoLogon: 'Available',
  Cancelling: 'Ending',
  Completed: 'Completed',
  CompletedWithErrors: 'Failed',
  Pending: 'Pending',
  Cancelled: 'Cancelled',
  ApprovalRequired: 'Waiting for approval',
  ApprovalDenied: 'Approval denied',
  ApprovalFailed: 'Approval timed out',
  Locked: 'Locked',
};

export function statusDescriptionOf(record: SessionRecord, now: number): string {
  if (record.state === 'scheduled' || (record.state === 'approval' && record.scheduledStart > now)) {
    return record.state === 'scheduled' ? 'Scheduled' : DESCRIPTIONS.ApprovalRequired;
  }
  if (record.state === 'provisioning') return 'Provisioning';
  return DESCRIPTIONS[summaryStatusOf(record)];
}
