import GppBadIcon from '@mui/icons-material/GppBad';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { SignInFrame } from './SignInFrame';

/** A hard stop with no way around it in the app: a changed pinned certificate can be an interception. */
export function MismatchStep({ url, detail, onBack }: { url: string; detail: string; onBack(): void }) {
  return (
    <SignInFrame title="Connection refused" width={540}>
      <Alert
        severity="error"
        icon={<GppBadIcon />}
        variant="outlined"
        role="alert"
        data-error-code="certificate_mismatch"
        sx={{ mb: 2 }}
      >
        <strong>The certificate of {url} has changed since you trusted it.</strong> Someone may be intercepting the
        connection. PAM Desk will not connect to this server and will not send your password.
      </Alert>
      <Typography variant="body2" sx={{ mb: 1 }}>
        Ask your administrator whether the server’s certificate was replaced, and do not sign in to this server until
        they confirm it and give you the new fingerprint.
      </Typography>
      {detail && (
        <Typography variant="caption" color="text.secondary" component="p" sx={{ wordBreak: 'break-all' }}>
          {detail}
        </Typography>
      )}
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 2 }}>
        <Button variant="outlined" onClick={onBack}>
          Back
        </Button>
      </Box>
    </SignInFrame>
  );
}
