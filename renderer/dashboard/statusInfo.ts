import type { SessionUiStatus } from '../../contract';

export type StatusTone = 'neutral' | 'progress' | 'success' | 'active' | 'warning' | 'error' | 'locked';

export interface StatusInfo {
  label: string;
  tone: StatusTone;
  /** One sentence for tooltips and the details panel (from the product documentation). */
  description: string;
}

/** Every status the contract knows, so a new one fails type-checking here instead of showing blank. */
export const statusInfo: Record<SessionUiStatus, StatusInfo> = {
  scheduled: { label: 'Scheduled', tone: 'neutral', description: 'The session starts at its scheduled time.' },
  provisioning: {
    label: 'Provisioning',
    tone: 'progress',
    description: 'The pre-session stage is assigning permissions to the login account.',
  },
  waitingApproval: {
    label: 'Waiting for Approval',
    tone: 'warning',
    description: 'The session needs an approver before it can begin.',
  },
  available: { label: 'Available', tone: 'success', description: 'The session is ready: log in through a client.' },
  loggedIn: { label: 'Logged In', tone: 'active', description: 'The user is logged in to the resource.' },
  canceling: {
    label: 'Canceling',
    tone: 'progress',
    description: 'The session expired or was ended; access is being removed.',
  },
  complete: { label: 'Complete', tone: 'neutral', description: 'The session reached its end time or was ended early.' },
  failed: { label: 'Failed', tone: 'error', description: 'The pre-session stage encountered an error.' },
  approvalFailed: {
    label: 'Approval Failed',
    tone: 'error',
    description: 'The approval request encountered an error.',
  },
  approvalDenied: { label: 'Approval Denied', tone: 'error', description: 'An approver denied the request.' },
  cancelled: { label: 'Cancelled', tone: 'neutral', description: 'The request was cancelled before it started.' },
  locked: { label: 'Locked', tone: 'locked', description: 'An administrator locked the session.' },
  unknown: { label: 'Unknown', tone: 'neutral', description: 'The server reported a status PAM Desk does not know.' },
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
