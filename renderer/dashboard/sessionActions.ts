import type { Role, SessionRow, SessionUiStatus } from '../../contract';
import { isRdpSession } from '../rdp/rdpSessions';
import { isSshSession } from '../terminal/sshSessions';

/**
 * What this user may do to this session in its current state, and in plain words why not: the one rule
 * behind the rows' icons, the toolbar, the details panel and the quick finder (issue 11, item 5). It reads
 * what the server returned (status, lock, `canViewPassword`) and the user's role; the server still has the
 * last word, and its refusals are shown as they come.
 */
export type SessionAction = 'end' | 'lock' | 'unlock' | 'extend' | 'copy' | 'view' | 'launch' | 'approve' | 'deny';

export interface Verdict {
  allowed: boolean;
  /** Empty when allowed; a sentence a user understands when not. */
  reason: string;
}

/** Who is looking. Null: the user's own dashboard, where every row is theirs. */
export interface Viewer {
  login: string;
  displayName: string;
  roles: readonly Role[];
  isAdmin: boolean;
}

const USABLE: ReadonlySet<SessionUiStatus> = new Set(['available', 'loggedIn']);
const ENDED: ReadonlySet<SessionUiStatus> = new Set([
  'complete',
  'failed',
  'cancelled',
  'approvalDenied',
  'approvalFailed',
]);

const yes: Verdict = { allowed: true, reason: '' };
const no = (reason: string): Verdict => ({ allowed: false, reason });

type DecisionRefusal = 'role' | 'state' | 'own';
const APPROVE_REFUSED: Record<DecisionRefusal, Verdict> = {
  role: no('Only approvers and administrators approve requests.'),
  state: no('Only a request waiting for approval can be approved.'),
  own: no('Nobody approves their own request.'),
};
const DENY_REFUSED: Record<DecisionRefusal, Verdict> = {
  role: no('Only approvers and administrators deny requests.'),
  state: no('Only a request waiting for approval can be denied.'),
  own: no('Nobody denies their own request.'),
};

export function isOwnSession(row: SessionRow, viewer: Viewer | null): boolean {
  return viewer === null || row.user === viewer.displayName || row.user === viewer.login;
}

function isAdmin(viewer: Viewer | null): boolean {
  return viewer !== null && (viewer.isAdmin || viewer.roles.includes('admin'));
}

/** Approvers and administrators decide on other people's requests (the server checks the policy). */
export function decidesRequests(viewer: Viewer | null): boolean {
  return viewer !== null && (isAdmin(viewer) || viewer.roles.includes('approver'));
}

/** Why a session that is not usable cannot be used yet (or any more). */
function notUsable(row: SessionRow): string {
  switch (row.status) {
    case 'scheduled':
      return 'The session has not started yet: it starts at its scheduled time.';
    case 'provisioning':
      return 'The session is still being prepared.';
    case 'waitingApproval':
      return 'The request is waiting for approval.';
    case 'canceling':
      return 'The session is ending.';
    case 'approvalDenied':
      return 'The request was denied.';
    case 'approvalFailed':
      return 'Nobody approved the request in time.';
    case 'locked':
      return 'An administrator locked the session.';
    case 'unknown':
      return 'PAM Desk does not know the state the server reports for this session.';
    default:
      return 'The session has ended.';
  }
}

function locked(row: SessionRow): boolean {
  return row.locked || row.status === 'locked';
}

export function sessionActions(row: SessionRow, viewer: Viewer | null): Record<SessionAction, Verdict> {
  const own = isOwnSession(row, viewer);
  const admin = isAdmin(viewer);
  const usable = USABLE.has(row.status) && !locked(row);
  const usableReason = locked(row) && USABLE.has(row.status) ? notUsable({ ...row, status: 'locked' }) : notUsable(row);

  const end =
    !own && !admin
      ? no('Only administrators end other people’s sessions.')
      : row.status === 'canceling'
        ? no('The session is already ending.')
        : ENDED.has(row.status)
          ? no(notUsable(row))
          : row.status === 'unknown'
            ? no(notUsable(row))
            : yes;

  const lock = !admin
    ? no('Only administrators lock sessions.')
    : locked(row)
      ? no('The session is already locked.')
      : USABLE.has(row.status)
        ? yes
        : no(`Only an available or logged-in session can be locked. ${notUsable(row)}`);
  const unlock = !admin
    ? no('Only administrators unlock sessions.')
    : locked(row)
      ? ENDED.has(row.status) || row.status === 'canceling'
        ? no(notUsable(row))
        : yes
      : no('The session is not locked.');

  const extend =
    !own && !admin
      ? no('Only administrators extend other people’s sessions.')
      : usable
        ? yes
        : no(`Only an available or logged-in session can be extended. ${usableReason}`);

  const copy = usable ? yes : no(usableReason);
  const view = !usable
    ? no(usableReason)
    : row.canViewPassword
      ? yes
      : no('The policy does not let you see this password.');

  const launch = !usable
    ? no(usableReason)
    : !own
      ? no('Only the person who requested a session can launch it.')
      : isSshSession(row) || isRdpSession(row)
        ? yes
        : no(
            'PAM Desk launches SSH and RDP sessions; connect to this one with your own client and its connection string.',
          );

  // Approve and deny are one rule: a request waiting for approval, someone else's, decided by an approver
  // or an administrator. Only the words differ (prepared once: this runs for every row on screen).
  const refused: DecisionRefusal | null = !decidesRequests(viewer)
    ? 'role'
    : row.status !== 'waitingApproval'
      ? 'state'
      : own
        ? 'own'
        : null;
  const approve = refused ? APPROVE_REFUSED[refused] : yes;
  const deny = refused ? DENY_REFUSED[refused] : yes;

  return { end, lock, unlock, extend, copy, view, launch, approve, deny };
}

/**
 * The toolbar's verdict on a selection: allowed when at least one selected session allows it (the action
 * then goes to those only); the reason names what the others are refused for.
 */
export function selectionVerdict(
  rows: readonly SessionRow[],
  viewer: Viewer | null,
  action: SessionAction,
): { allowed: SessionRow[]; reason: string } {
  const allowed: SessionRow[] = [];
  const reasons = new Map<string, number>();
  for (const row of rows) {
    const verdict = sessionActions(row, viewer)[action];
    if (verdict.allowed) allowed.push(row);
    else reasons.set(verdict.reason, (reasons.get(verdict.reason) ?? 0) + 1);
  }
  if (!rows.length) return { allowed, reason: 'Select a session first.' };
  const [reason] = [...reasons.keys()];
  if (reason === undefined) return { allowed, reason: '' };
  return {
    allowed,
    reason: rows.length === 1 ? reason : `${rows.length - allowed.length} of ${rows.length} selected: ${reason}`,
  };
}
