import DnsIcon from '@mui/icons-material/Dns';
import ScienceIcon from '@mui/icons-material/Science';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { SignInFrame } from './SignInFrame';

interface Props {
  startingSandbox: boolean;
  onConnect(): void;
  onTrySandbox(): void;
  children?: React.ReactNode;
}

/** First run: connect to a real server, or look around in the bundled sandbox. */
export function WelcomeStep({ startingSandbox, onConnect, onTrySandbox, children }: Props) {
  return (
    <SignInFrame
      title="Welcome"
      subtitle="PAM Desk connects to a Netwrix Privilege Secure 4.2 server (or one that speaks its API)."
    >
      {children}
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
        <Button variant="contained" size="large" startIcon={<DnsIcon />} onClick={onConnect} disabled={startingSandbox}>
          Connect to your server
        </Button>
        <Button
          variant="outlined"
          size="large"
          startIcon={startingSandbox ? <CircularProgress size={16} /> : <ScienceIcon />}
          onClick={onTrySandbox}
          disabled={startingSandbox}
        >
          {startingSandbox ? 'Starting the sandbox…' : 'Try the sandbox'}
        </Button>
        <Typography variant="body2" color="text.secondary">
          The sandbox is a demo server built into PAM Desk, with sample users, resources and sessions. It runs on this
          computer only.
        </Typography>
      </Box>
    </SignInFrame>
  );
}
