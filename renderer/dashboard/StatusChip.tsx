import AutorenewIcon from '@mui/icons-material/Autorenew';
import BlockIcon from '@mui/icons-material/Block';
import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined';
import HourglassBottomIcon from '@mui/icons-material/HourglassBottom';
import LockIcon from '@mui/icons-material/Lock';
import LoginIcon from '@mui/icons-material/Login';
import PendingActionsIcon from '@mui/icons-material/PendingActions';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import ScheduleIcon from '@mui/icons-material/Schedule';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import Chip from '@mui/material/Chip';
import type { SessionUiStatus } from '../../contract';
import { statusInfo, statusLabel, type StatusTone } from './statusInfo';

const icons: Record<SessionUiStatus, typeof ScheduleIcon> = {
  scheduled: ScheduleIcon,
  provisioning: AutorenewIcon,
  waitingApproval: PendingActionsIcon,
  available: CheckCircleIcon,
  loggedIn: LoginIcon,
  canceling: HourglassBottomIcon,
  complete: TaskAltIcon,
  failed: ErrorIcon,
  approvalFailed: ReportProblemIcon,
  approvalDenied: BlockIcon,
  cancelled: CancelIcon,
  locked: LockIcon,
  unknown: HelpOutlineIcon,
};

const toneColor: Record<StatusTone, 'default' | 'info' | 'success' | 'primary' | 'warning' | 'error' | 'secondary'> = {
  neutral: 'default',
  progress: 'info',
  success: 'success',
  active: 'primary',
  warning: 'warning',
  error: 'error',
  locked: 'secondary',
};

/** Icon, colour and the label text: the colour is never the only carrier of meaning. No `sx` here: it
 * renders in every visible row on every poll, so its look comes from the theme (MuiChip small). */
export function StatusChip({ status, npsStatus }: { status: SessionUiStatus; npsStatus?: string }) {
  const info = statusInfo[status] ?? statusInfo.unknown;
  const Icon = icons[status] ?? HelpOutlineIcon;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={toneColor[info.tone]}
      icon={<Icon fontSize="small" />}
      label={statusLabel(status, npsStatus)}
      title={info.description}
      data-status={status}
    />
  );
}
