/**
 * Session records rendered in the published NPS shapes: SessionSummary, ActivitySession and
 * ActionLogCollection, with the same field names, order and JSON types as the reference examples.
 */
import { PLATFORM_IDS } from '../directory/types';
import type { SessionEngine } from './engine';
import {
  type LogLine,
  type ProxySessionRecord,
  type SessionRecord,
  isEnded,
  sessionStatusOf,
  statusDescriptionOf,
  summaryStatusOf,
} from './model';

/** The sandbox runs one node; its id appears where NPS reports the node that ran an action. */
export const NODE_ID = '6e0de000-0000-4000-8000-000000000001';
/** How long before expiry clients should warn, in minutes. */
const EXPIRATION_WARNING_MINUTES = 5;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A connection through the SSH proxy as NPS's ProxySession, its recording described by ReplayMetadata. */
export function proxySessionDto(rec: SessionRecord, meta: ProxySessionRecord) {
  const end = iso(meta.end);
  return {
    id: meta.id,
    activitySessionId: rec.id,
    record: true,
    type: meta.type,
    active: meta.end === null,
    startDateTimeUtc: iso(meta.start),
    endDateTimeUtc: end,
    key: null,
    locked: rec.locked,
    lockedMessage: rec.lockMessage,
    nodeId: NODE_ID,
    createdDateTimeUtc: iso(meta.start),
    modifiedDateTimeUtc: iso(meta.end ?? rec.modifiedAt),
    sessionMetadata: {
      id: meta.id,
      nid: NODE_ID,
      size: Math.min(meta.size, 2_147_483_647),
      startTimestamp: iso(meta.start),
      endTimestamp: end,
      recordingStartTimestamp: iso(meta.start),
      recordingEndTimestamp: end,
      // One record per command line, `timestamp` in milliseconds from the start of the recording.
      records: meta.commands.map((c) => ({ type: 'StdIn', timestamp: Math.max(0, c.t - meta.start), entries: [c.m] })),
    },
  };
}

function proxySessions(rec: SessionRecord, engine: SessionEngine) {
  if (rec.proxySessions && rec.proxySessions.length > 0)
    return rec.proxySessions.map((meta) => proxySessionDto(rec, meta));
  // Sessions logged in without the proxy (seeded, RDP, the login control endpoint): one unrecorded entry.
  if (rec.loginAt === null) return [];
  const activity = engine.activities.get(rec.activityId);
  const end = rec.actualEnd ?? rec.scheduledEnd ?? rec.loginAt;
  return [
    {
      // Derived from the session id so it is stable without being stored.
      id: `${rec.id.slice(0, 24)}${'0'.repeat(12)}`,
      activitySessionId: rec.id,
      record: false,
      type: activity?.protocol ?? null,
      active: rec.state === 'active',
      startDateTimeUtc: iso(rec.loginAt),
      endDateTimeUtc: iso(end),
      key: null,
      locked: rec.locked,
      lockedMessage: rec.lockMessage,
      nodeId: NODE_ID,
      createdDateTimeUtc: iso(rec.loginAt),
      modifiedDateTimeUtc: iso(rec.modifiedAt),
      sessionMetadata: null,
    },
  ];
}

export function sessionSummary(rec: SessionRecord, engine: SessionEngine) {
  const now = engine.now();
  const user = engine.users.get(rec.userId);
  const creator = engine.users.get(rec.createdBy);
  const resource = engine.resources.get(rec.resourceId);
  const activity = engine.activities.get(rec.activityId);
  const policy = engine.policies.get(rec.policyId);
  const account = engine.accounts.get(rec.accountId);
  const platform = resource?.platform ?? 'Windows';
  const durationMs = rec.actualStart === null ? 0 : Math.max(0, (rec.actualEnd ?? now) - rec.actualStart);
  const status = summaryStatusOf(rec);
  return {
    id: rec.id,
    hostId: rec.resourceId,
    hostDisplayName: resource?.displayName ?? null,
    domainId: null,
    domainName: null,
    userId: rec.userId,
    userDisplayName: user?.displayName ?? null,
    targetUserId: rec.accountId,
    targetUserDisplayName: account?.name ?? null,
    canViewPassword: policy?.allowPasswordAccess ?? false,
    canAutofillPassword: policy?.allowPasswordAccess ?? false,
    viewPasswordInSeconds: policy?.viewPasswordSeconds ?? 0,
    recordAudio: false,
    createdBy: rec.createdBy,
    managedAccountId: rec.userId,
    managedResourceId: rec.resourceId,
    managedResourceName: resource?.name ?? null,
    managedResourceOs: resource?.os ?? null,
    managedResourceDisplayName: resource?.displayName ?? null,
    createdByDisplayName: creator?.displayName ?? null,
    startDateTimeUtc: iso(rec.scheduledStart),
    actualStartDateTimeUtc: iso(rec.actualStart),
    endDateTimeUtc: iso(rec.scheduledEnd),
    actualEndDateTimeUtc: iso(rec.actualEnd),
    durationInSeconds: Math.floor(durationMs / 1000),
    createdDateTimeUtc: iso(rec.createdAt),
    expirationDateTimeUtc: isEnded(rec.state)
      ? iso(rec.actualEnd)
      : iso(rec.state === 'approval' ? rec.dueAt : rec.scheduledEnd),
    sessionStatus: sessionStatusOf(rec),
    sessionStatusDescription: statusDescriptionOf(rec, now),
    status,
    statusMessage: rec.statusMessage,
    loginDateTimeUtc: iso(rec.loginAt),
    loginSessionState: rec.loginAt !== null && rec.state === 'active' ? 'Active' : 'Inactive',
    activityName: activity?.name ?? null,
    activityId: rec.activityId,
    activityType: 'Interactive',
    connectionUri: null,
    platformId: PLATFORM_IDS[platform],
    platformName: platform,
    userType: 'User',
    proxySessions: proxySessions(rec, engine),
    accessPolicyId: rec.policyId,
    accessPolicyName: policy?.name ?? null,
    note: rec.note,
    ticket: rec.ticket,
    managedResourceType: 'Host',
    targetId: rec.resourceId,
    targetName: resource?.name ?? null,
    loginAccountName: account?.name ?? null,
    loginDisplayName: account ? `${account.name}@${resource?.name ?? ''}` : null,
    websiteId: null,
    azureAdTenantId: null,
    vaultId: null,
    managedDatabaseId: null,
    locked: rec.locked,
    allowSessionExtension: policy?.allowSessionExtension ?? false,
    sessionExtensionCount: rec.extensionCount,
    sessionExtensionMinutes: rec.extensionMinutes,
    expirationTimeoutThreshold: EXPIRATION_WARNING_MINUTES,
  };
}

/**
 * The ActivitySession entity. Navigation properties (activity, policy, action queues, ...) are null, as
 * an entity loaded without its related objects serialises; their ids are filled in.
 */
export function activitySession(rec: SessionRecord, engine: SessionEngine) {
  const creator = engine.users.get(rec.createdBy);
  const account = engine.accounts.get(rec.accountId);
  return {
    id: rec.id,
    createdBy: rec.createdBy,
    createdByUserName: creator?.login ?? null,
    createdFromAddress: '127.0.0.1',
    createdDateTimeUtc: iso(rec.createdAt),
    credentialId: rec.accountId,
    userCredentialId: null,
    connectCredentialId: null,
    locked: rec.locked,
    loginAccountName: account?.name ?? null,
    vaultId: null,
    vaultInfo: null,
    activityId: rec.activityId,
    activity: null,
    activityConfigurationId: null,
    activityConfiguration: null,
    activitySessionGroupId: rec.groupId,
    activitySessionGroup: null,
    accessControlPolicyId: rec.policyId,
    accessControlPolicy: null,
    managedAccountId: rec.userId,
    managedAccount: null,
    managedResourceId: rec.resourceId,
    managedResource: null,
    sessionInitActionQueueId: null,
    sessionInitActionQueue: null,
    createUserActionQueueId: null,
    createUserActionQueue: null,
    disableUserActionQueueId: null,
    disableUserActionQueue: null,
    startActionQueueId: null,
    startActionQueue: null,
    duringActionQueueId: null,
    duringActionQueue: null,
    monitorActionQueueId: null,
    monitorActionQueue: null,
    endActionQueueId: null,
    endActionQueue: null,
    messageActionQueueId: null,
    messageActionQueue: null,
    status: sessionStatusOf(rec),
    statusDescription: statusDescriptionOf(rec, engine.now()),
    scheduledStartDateTimeUtc: iso(rec.scheduledStart),
    actualStartDateTimeUtc: iso(rec.actualStart),
    scheduledEndDateTimeUtc: iso(rec.scheduledEnd),
    actualEndDateTimeUtc: iso(rec.actualEnd),
    cancelledBy: rec.cancelledBy,
    targetUserId: rec.accountId,
    targetId: rec.resourceId,
    proxySessions: proxySessions(rec, engine),
    approvalWorkflowId: null,
    approvalWorkflow: null,
    approvalWorkflowApprovals: null,
    note: rec.note,
    ticket: rec.ticket,
    nodeId: NODE_ID,
    modifiedDateTimeUtc: iso(rec.modifiedAt),
    allowSessionExtension: engine.policies.get(rec.policyId)?.allowSessionExtension ?? false,
    sessionExtensionCount: rec.extensionCount,
    sessionExtensionMinutes: rec.extensionMinutes,
    customFields: null,
  };
}

export function logLineDto(line: LogLine, lineNumber: number) {
  const status = line.e === 1 ? 'Error' : 'Info';
  return {
    statusString: status,
    status,
    logMessage: line.m,
    lineNumber,
    timestamp: new Date(line.t).toISOString(),
    version: String(lineNumber),
  };
}
