/**
 * A session's stored record and how its internal state maps onto the two status enums the NPS API
 * publishes: `sessionStatus` (ActionConstants+SessionStatus) and `status` (SessionSummaryStatus).
 */
import { z } from 'zod';
import { RecordId } from '../directory/types';

// main/nps/npsEnums.ts declares these tables again on purpose: the sandbox stands in for an independent server.
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
const SessionStateSchema = z.enum([
  'approval',
  'scheduled',
  'provisioning',
  'active',
  'cancelling',
  'completed',
  'failed',
  'cancelled',
  'denied',
  'approvalFailed',
]);
export type SessionState = z.infer<typeof SessionStateSchema>;

export const ENDED_STATES: ReadonlySet<SessionState> = new Set([
  'completed',
  'failed',
  'cancelled',
  'denied',
  'approvalFailed',
]);

/** Milliseconds since the epoch. */
const Ms = z.number().finite();

const LogLineSchema = z.object({
  /** Milliseconds since the epoch. */
  t: Ms,
  /** 1 = error, 0 = info (ActionLogType). */
  e: z.union([z.literal(0), z.literal(1)]),
  m: z.string(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

/** A connection through the sandbox's SSH proxy (NPS: ProxySession), with what its recording shows. */
const ProxySessionRecordSchema = z.object({
  id: RecordId,
  type: z.literal('ssh'),
  /** Milliseconds since the epoch. */
  start: Ms,
  end: Ms.nullable(),
  /** Bytes recorded so far (both streams). */
  size: z.number().int().min(0),
  /** Address the client connected from. */
  from: z.string().max(256),
  /** Command lines typed or executed (echo-off input is never listed), with their times. */
  commands: z.array(z.object({ t: Ms, m: z.string() })),
});
export type ProxySessionRecord = z.infer<typeof ProxySessionRecordSchema>;

/** A session as the store and the data file hold it (validated when read). */
export const SessionRecordSchema = z.object({
  id: RecordId,
  seq: z.number().int(),
  userId: RecordId,
  createdBy: RecordId,
  activityId: RecordId,
  policyId: RecordId,
  resourceId: RecordId,
  accountId: RecordId,
  groupId: RecordId.nullable(),
  state: SessionStateSchema,
  createdAt: Ms,
  modifiedAt: Ms,
  scheduledStart: Ms,
  /** Set when the session becomes available (start plus the policy's maximum), or from the request. */
  scheduledEnd: Ms.nullable(),
  requestedEnd: Ms.nullable(),
  actualStart: Ms.nullable(),
  actualEnd: Ms.nullable(),
  loginAt: Ms.nullable(),
  /** The next moment the state machine acts on this session (approval timeout, start, expiry, ...). */
  dueAt: Ms.nullable(),
  autoLoginAt: Ms.nullable(),
  locked: z.boolean(),
  lockMessage: z.string().nullable(),
  extensionCount: z.number().int(),
  extensionMinutes: z.number().int(),
  note: z.string().nullable(),
  ticket: z.string().nullable(),
  cancelledBy: RecordId.nullable(),
  statusMessage: z.string(),
  /** Null for bulk-seeded sessions: their standard log is synthesised on demand to keep seeds cheap. */
  log: z.array(LogLineSchema).nullable(),
  /** Connections made through the SSH proxy; absent on sessions that never had one. */
  proxySessions: z.array(ProxySessionRecordSchema).optional(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

/** What a session holds before anything happened to it: not started, not logged in to, not locked or extended. */
export const UNTOUCHED_SESSION = {
  actualStart: null,
  actualEnd: null,
  loginAt: null,
  dueAt: null,
  autoLoginAt: null,
  locked: false,
  lockMessage: null,
  extensionCount: 0,
  extensionMinutes: 0,
  cancelledBy: null,
  statusMessage: '',
} as const satisfies Partial<SessionRecord>;

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
