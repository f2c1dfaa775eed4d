/**
 * Who may see and do what with a session. Users act on their own sessions; approvers see and decide
 * the requests of policies that name them; helpdesk staff see every session and may reveal passwords;
 * administrators see everything, end, extend, lock and unlock any session and approve any request,
 * but do not see passwords (separation of duties). Nobody approves their own request.
 *
 * The owner of a session is the user it is for, never whoever created it: an administrator who requests
 * a session on behalf of a user manages it as an administrator, but may not read its password or launch
 * it, or separation of duties would be one request away.
 */
import type { DirectoryUser } from '../directory/types';
import type { SessionEngine } from './engine';
import type { SessionRecord } from './model';

export const isOwner = (user: DirectoryUser, rec: SessionRecord) => rec.userId === user.id;

/** The user it is for or the one who requested it: both see it (it is in both lists); neither may decide on it. */
const isRequester = (user: DirectoryUser, rec: SessionRecord) => rec.userId === user.id || rec.createdBy === user.id;

export function approvesPolicy(user: DirectoryUser, policyId: string, engine: SessionEngine): boolean {
  return user.role === 'approver' && (engine.policies.get(policyId)?.approverIds.includes(user.id) ?? false);
}

export function canSee(user: DirectoryUser, rec: SessionRecord, engine: SessionEngine): boolean {
  return (
    isRequester(user, rec) ||
    user.role === 'admin' ||
    user.role === 'helpdesk' ||
    approvesPolicy(user, rec.policyId, engine)
  );
}

export function canDecide(user: DirectoryUser, rec: SessionRecord, engine: SessionEngine): boolean {
  if (isRequester(user, rec)) return false;
  return user.role === 'admin' || approvesPolicy(user, rec.policyId, engine);
}

export const canEnd = (user: DirectoryUser, rec: SessionRecord) => isOwner(user, rec) || user.role === 'admin';
export const canExtend = canEnd;
export const canViewPassword = (user: DirectoryUser, rec: SessionRecord) =>
  isOwner(user, rec) || user.role === 'helpdesk';
export const canLaunch = (user: DirectoryUser, rec: SessionRecord) => isOwner(user, rec);

/**
 * Scope of the all-sessions lists: every session (admin, helpdesk), the sessions of policies the
 * caller approves (approver), or none (users get 403).
 */
export function listScope(
  user: DirectoryUser,
  engine: SessionEngine,
): ((rec: SessionRecord) => boolean) | 'all' | null {
  if (user.role === 'admin' || user.role === 'helpdesk') return 'all';
  if (user.role === 'approver') {
    const policies = new Set(engine.directory.policies.filter((p) => p.approverIds.includes(user.id)).map((p) => p.id));
    return (rec) => policies.has(rec.policyId);
  }
  return null;
}
