import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ExternalClientId, ExternalProtocol } from '../../contract';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';

export interface ExternalLaunchTarget {
  sessionId: string;
  protocol: ExternalProtocol;
  client: { id: ExternalClientId; label: string };
  /** What the user sees: the account and host. */
  title: string;
}

/**
 * Asks what the user's own client needs before it starts: the MFA code for the SSH proxy (SSH), and the PAM
 * password when it is not remembered. Main hands them to the client by stdin or its one-time askpass socket.
 */
export function ExternalLaunchDialog({ target, onClose }: { target: ExternalLaunchTarget; onClose: () => void }) {
  const pam = usePam();
  const notify = useNotify();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ssh = target.protocol === 'ssh';
  const codeValid = !ssh || /^[0-9A-Za-z]{4,12}$/.test(code.trim());

  async function launch() {
    setBusy(true);
    setProblem(null);
    try {
      const { client } = await pam.external.launch({
        sessionId: target.sessionId,
        protocol: target.protocol,
        client: target.client.id,
        password: password === '' ? null : password,
        code: ssh ? code.trim() : null,
      });
      notify(`Opened in ${client}`, 'success');
      onClose();
    } catch (error) {
      const { title, detail } = describeError(error);
      setProblem(detail ?? title);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby="external-launch-title" maxWidth="xs" fullWidth>
      <DialogTitle id="external-launch-title">Open in {target.client.label}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">{target.title}</Typography>
          {ssh && (
            <TextField
              label="Verification code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoFocus
              slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'one-time-code' } }}
              helperText="The SSH proxy asks for it once; PAM Desk answers ssh for you."
            />
          )}
          <TextField
            label="PAM password"
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoFocus={!ssh}
            helperText="Leave empty to use the remembered password. Never put on the command line or on disk."
          />
          {problem && <Alert severity="error">{problem}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="contained" onClick={() => void launch()} disabled={busy || !codeValid}>
          Open
        </Button>
      </DialogActions>
    </Dialog>
  );
}
