/**
 * The standard log of a bulk-seeded session, rebuilt from its timestamps when someone asks for it.
 * Seeding 100,000 sessions with stored log lines would cost memory and disk for data nobody reads.
 */
import type { Activity, DirectoryUser, LoginAccount, Policy, Resource } from '../directory/types';
import type { LogLine, SessionRecord } from './model';

interface Names {
  users: Map<string, DirectoryUser>;
  activities: Map<string, Activity>;
  resources: Map<string, Resource>;
  accounts: Map<string, LoginAccount>;
  policies: Map<string, Policy>;
}

export function synthesizeLog(rec: SessionRecord, names: Names): LogLine[] {
  const user = names.users.get(rec.userId);
  const activity = names.activities.get(rec.activityId);
  const resource = names.resources.get(rec.resourceId);
  const account = names.accounts.get(rec.accountId);
  const policy = names.policies.get(rec.policyId);
  const lines: LogLine[] = [];
  const info = (t: number, m: string) => lines.push({ t, e: 0, m });
  const error = (t: number, m: string) => lines.push({ t, e: 1, m });
  info(
    rec.createdAt,
    `Session requested by ${user?.displayName}: '${activity?.name}' on ${resource?.name} under policy '${policy?.name}'`,
  );
  const decided = rec.actualStart ?? rec.actualEnd ?? rec.createdAt;
  if (policy?.approvalRequired) {
    info(rec.createdAt, `Policy '${policy.name}' requires approval; waiting for an approver`);
    if (rec.state === 'denied') error(decided, 'Denied by an approver');
    else if (rec.state === 'approvalFailed') error(decided, 'No approver decided in time; the request expired');
    else if (rec.state !== 'approval') info(rec.createdAt, 'Approved by an approver');
  }
  if (rec.state === 'approval' || rec.state === 'denied' || rec.state === 'approvalFailed') return lines;
  if (rec.scheduledStart > rec.createdAt + 60_000)
    info(rec.createdAt, `Session scheduled to start at ${new Date(rec.scheduledStart).toISOString()}`);
  if (rec.state === 'scheduled') return lines;
  if (rec.state === 'cancelled' && rec.actualStart === null) {
    info(rec.actualEnd ?? rec.createdAt, 'Cancelled before it started');
    return lines;
  }
  const provisioningAt = Math.min(rec.scheduledStart, rec.actualStart ?? rec.actualEnd ?? rec.scheduledStart);
  info(
    provisioningAt,
    `Provisioning: preparing login account '${account?.name}' on ${resource?.name} (${resource?.address})`,
  );
  if (rec.state === 'failed') {
    error(
      rec.actualEnd ?? provisioningAt,
      `Provisioning failed: ${resource?.name} (${resource?.address}:${resource?.port}) did not respond`,
    );
    return lines;
  }
  if (rec.actualStart === null) return lines;
  info(
    rec.actualStart,
    `Session available: connect with ${activity?.protocol.toUpperCase()} through the proxy until ${new Date(rec.scheduledEnd ?? rec.actualStart).toISOString()}`,
  );
  if (rec.loginAt !== null) info(rec.loginAt, `Login detected: '${account?.name}' signed in on ${resource?.name}`);
  if (rec.locked) info(rec.modifiedAt, `Locked by an administrator${rec.lockMessage ? `: ${rec.lockMessage}` : ''}`);
  if (rec.actualEnd !== null) {
    info(rec.actualEnd, rec.cancelledBy ? 'End requested by the user' : 'Session reached its end time');
    info(rec.actualEnd, `Password of '${account?.name}' on ${resource?.name} rotated`);
    info(rec.actualEnd, 'Session completed');
  } else if (rec.state === 'cancelling') {
    info(rec.modifiedAt, 'End requested by the user');
  }
  return lines;
}
