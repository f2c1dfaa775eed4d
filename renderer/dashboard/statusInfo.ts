import type { SessionUiStatus } from '../../contract';

export type StatusTone = 'neutral' | 'progress' | 'success' | 'active' | 'warning' | 'error' | 'locked';

export interface StatusInfo {
  label: string;
  tone: StatusTone;
  /** What the status means, in the product documentation's words (seeds 000 and 001): tooltips, details. */
  description: string;
  /** What the user can do next, for the details panel. */
  next: string;
}

/** Every status the contract knows, so a new one fails type-checking here instead of showing blank. */
export const statusInfo: Record<SessionUiStatus, StatusInfo> = {
  scheduled: {
    label: 'Scheduled',
    tone: 'neutral',
    description: 'The session starts at its scheduled time.',
    next: 'Wait for the start time, or end the session if you no longer need it.',
  },
  provisioning: {
    label: 'Provisioning',
    tone: 'progress',
    description: 'The pre-session stage of the activity is processing and assigning permissions to the login account.',
    next: 'Wait: the session becomes Available when the login account is ready. View Logs shows the progress.',
  },
  waitingApproval: {
    label: 'Waiting for Approval',
    tone: 'warning',
    description: 'The session requires approval to begin.',
    next: 'An approver decides on the Approvals Dashboard. End the session to withdraw the request.',
  },
  available: {
    label: 'Available',
    tone: 'success',
    description: 'The activity session is ready.',
    next: 'Launch the session, or log in through a client with the login account (copy its password where allowed).',
  },
  loggedIn: {
    label: 'Logged In',
    tone: 'active',
    description:
      'The user is logged in to the resource, directly or through the proxy. A direct login is detected by polling the resource, so it may show with a delay.',
    next: 'Work on the resource, and End Session when you are done (Extend it first if you need more time and the policy allows).',
  },
  canceling: {
    label: 'Canceling',
    tone: 'progress',
    description: 'The session expired or was ended by the user or a Privilege Secure administrator.',
    next: 'Nothing to do: access is being removed, and the session leaves this list when it is done.',
  },
  complete: {
    label: 'Complete',
    tone: 'neutral',
    description: 'The session reached its end time or was ended early.',
    next: 'Nothing to do. Create a new session if you need access again; View Logs shows what happened.',
  },
  failed: {
    label: 'Failed',
    tone: 'error',
    description: 'The pre-session stage of the activity encountered an error.',
    next: 'View Logs to see what failed, then create the session again or tell your administrator.',
  },
  approvalFailed: {
    label: 'Approval Failed',
    tone: 'error',
    description: 'The approval request encountered an error.',
    next: 'View Logs for the reason, then request the session again or ask your administrator.',
  },
  approvalDenied: {
    label: 'Approval Denied',
    tone: 'error',
    description: 'An approver denied the request.',
    next: 'View Logs for the approver’s note; ask them before you request the session again.',
  },
  cancelled: {
    label: 'Cancelled',
    tone: 'neutral',
    description: 'The request was cancelled before it started.',
    next: 'Nothing to do. Create a new session if you still need access.',
  },
  locked: {
    label: 'Locked',
    tone: 'locked',
    description: 'The session has been locked by a Privilege Secure administrator.',
    next: 'You cannot connect while it is locked. Ask a Privilege Secure administrator to unlock it.',
  },
  unknown: {
    label: 'Unknown',
    tone: 'neutral',
    description: 'The server reported a status PAM Desk does not know.',
    next: 'Refresh, or View Logs to see what the server did; tell your administrator if it stays.',
  },
};

/**
 * The label a user reads. An unknown status names what the server sent ("Unknown (42)"), taken from the
 * row's `npsStatus` (main writes "Unknown (<value>)" there for a value it does not know).
 */
export function statusLabel(status: SessionUiStatus, npsStatus?: string): string {
  const label = (statusInfo[status] ?? statusInfo.unknown).label;
  if (label !== statusInfo.unknown.label || !npsStatus || npsStatus === 'Unknown') return label;
  return npsStatus.startsWith('Unknown (') ? npsStatus : `Unknown (${npsStatus})`;
}
