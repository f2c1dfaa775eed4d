import BlockIcon from '@mui/icons-material/Block';
import CheckIcon from '@mui/icons-material/Check';
import type { ReactNode } from 'react';
import type { Decision, SessionRow } from '../../contract';
import { DecisionDialog } from '../approvals/DecisionDialog';
import { revealBidiControls } from '../common/bidiControls';
import { useNotify } from '../shell/Notifier';
import { approvalItemOf } from '../../contract/pure/approvalItem';
import { RowIconButton } from './RowIconButton';
import { sessionActions } from './sessionActions';
import { useSessionViewer } from './sessionViewer';

/**
 * Approve and Deny on the sessions dashboards (issue 11, item 5): the toolbar, the details panel and the
 * row's icons open the Approvals dashboard's DecisionDialog for the requests chosen here. The rule is
 * `sessionActions`' approve/deny verdict; the server decides, and a refusal shows in the dialog per request.
 */
export interface DecideTarget {
  decision: Decision;
  sessions: SessionRow[];
}

const plural = (n: number) => (n === 1 ? 'request' : 'requests');

/** The decision dialog for requests chosen on a sessions dashboard; the feed then moves them on by itself. */
export function SessionDecisionDialog({
  target,
  onClose,
  onDecided,
}: {
  target: DecideTarget;
  onClose(): void;
  onDecided?: () => void;
}) {
  const notify = useNotify();
  return (
    <DecisionDialog
      decision={target.decision}
      requests={target.sessions.map(approvalItemOf)}
      onClose={onClose}
      onDecided={(count) => {
        onDecided?.();
        notify(
          `${target.decision === 'approve' ? 'Approved' : 'Denied'} ${count} ${plural(count)}. The status updates as the server works.`,
        );
      }}
    />
  );
}

/**
 * The row's Approve and Deny icons, only where this viewer may decide on this request (styled like the
 * other row icons: plain buttons, as these cells render on every poll).
 */
export function DecideRowButtons({
  row,
  focused,
  onDecide,
}: {
  row: SessionRow;
  focused: boolean;
  onDecide: (target: DecideTarget) => void;
}) {
  const viewer = useSessionViewer();
  if (row.status !== 'waitingApproval' || !sessionActions(row, viewer).approve.allowed) return null;
  const whose = `${revealBidiControls(row.user)} for ${revealBidiControls(row.host)}`;
  const button = (decision: Decision, title: string, icon: ReactNode) => (
    <RowIconButton
      title={title}
      label={`${title} (${whose})`}
      action={decision}
      focused={focused}
      onClick={() => onDecide({ decision, sessions: [row] })}
    >
      {icon}
    </RowIconButton>
  );
  return (
    <span className="credentials-cell">
      {button('approve', 'Approve request', <CheckIcon fontSize="small" color="success" />)}
      {button('deny', 'Deny request', <BlockIcon fontSize="small" color="error" />)}
    </span>
  );
}
