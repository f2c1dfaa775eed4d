import CloudDoneIcon from '@mui/icons-material/CloudDone';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import ErrorIcon from '@mui/icons-material/Error';
import HourglassBottomIcon from '@mui/icons-material/HourglassBottom';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { FeedStatus } from '../../contract';
import { formatTime } from '../common/formatDate';

function describe(status: FeedStatus): { icon: typeof CloudDoneIcon; color: string; text: string } {
  const since = status.lastSuccessAt ? ` Last update ${formatTime(status.lastSuccessAt)}.` : '';
  switch (status.state) {
    case 'live':
      return {
        icon: CloudDoneIcon,
        color: 'success.main',
        text: `Live — updated ${formatTime(status.lastSuccessAt) || 'just now'}`,
      };
    case 'offline':
      return { icon: CloudOffIcon, color: 'warning.main', text: `Offline — can’t reach the server, retrying.${since}` };
    case 'error':
      return {
        icon: ErrorIcon,
        color: 'error.main',
        text: `Error — ${(status.message || 'the session list could not be updated').replace(/\.$/, '')}.${since}`,
      };
    default:
      return { icon: HourglassBottomIcon, color: 'text.secondary', text: 'Connecting…' };
  }
}

/** One line at the bottom that always says whether what you see is current. */
export function StatusBar({ status, server }: { status: FeedStatus; server: string }) {
  const { icon: Icon, color, text } = describe(status);
  return (
    <Box
      component="footer"
      role="status"
      aria-label="Connection status"
      data-feed-state={status.state}
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1,
        px: 2,
        height: 28,
        borderTop: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        flexShrink: 0,
      }}
    >
      <Icon sx={{ fontSize: 16, color }} />
      <Typography
        variant="caption"
        sx={{
          color: status.state === 'live' ? 'text.secondary' : color,
          fontWeight: status.state === 'live' ? 400 : 600,
        }}
      >
        {text}
      </Typography>
      <Box sx={{ flex: 1 }} />
      <Typography variant="caption" color="text.secondary">
        {server}
      </Typography>
    </Box>
  );
}
