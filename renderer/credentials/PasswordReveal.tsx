import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { SessionRow } from '../../contract';
import { useCountdown } from './useCountdown';
import { IsolatedName } from '../common/IsolatedName';

export interface RevealState {
  row: SessionRow;
  password: string;
  seconds: number;
  endsAt: number;
}

/** The revealed password with its countdown; unmounted (and so gone from the DOM) when it ends. */
export function PasswordReveal({ reveal, onHide }: { reveal: RevealState; onHide(): void }) {
  const left = useCountdown(reveal.endsAt);
  return (
    <Dialog open onClose={onHide} aria-labelledby="reveal-title" maxWidth="xs" fullWidth disableRestoreFocus={false}>
      <DialogTitle id="reveal-title">
        Password of <IsolatedName text={reveal.row.loginAccount} />
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          <IsolatedName text={reveal.row.host} /> · <IsolatedName text={reveal.row.activity} />
        </Typography>
        <Box
          data-testid="revealed-password"
          sx={{
            fontFamily: 'monospace',
            fontSize: 20,
            letterSpacing: 1,
            p: 1.5,
            borderRadius: 1,
            bgcolor: 'action.hover',
            wordBreak: 'break-all',
            userSelect: 'all',
          }}
        >
          {reveal.password}
        </Box>
        <Typography variant="body2" sx={{ mt: 1.5 }} role="timer" aria-live="off" data-testid="reveal-countdown">
          Hidden in {left} s
        </Typography>
        <LinearProgress
          variant="determinate"
          value={(left / reveal.seconds) * 100}
          aria-label="Time until the password is hidden"
          sx={{ mt: 0.5 }}
        />
      </DialogContent>
      <DialogActions>
        <Button startIcon={<VisibilityOffIcon />} onClick={onHide} autoFocus>
          Hide now
        </Button>
      </DialogActions>
    </Dialog>
  );
}
